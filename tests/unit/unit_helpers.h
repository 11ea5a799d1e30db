/* unit_helpers.h — helpers the metrics, validation and report unit tests share,
 * header-only (each unit test is one .c file): a TTS request record, a report
 * captured into a string, the lines and fields of CSV text, JSON text parsed,
 * and a test directory removed. A test that uses
 * uh_capture defines _POSIX_C_SOURCE 200809L (open_memstream) before any include. */
#ifndef LTB_UNIT_HELPERS_H
#define LTB_UNIT_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "ltbench.h"

#define UH_MS 1000000ULL /* ns per ms */

/* A successful TTS request of sample from start_ms to end_ms (ms after base_ns)
 * with audio_s seconds of 22.05 kHz audio; first_ms > 0 stamps its first audio
 * chunk at that time (also ms after base_ns), else it is "at the end". */
static inline ltb_record uh_tts_record(uint64_t base_ns, int sample, double start_ms,
                                       double end_ms, double audio_s, double first_ms)
{
    ltb_record r;
    memset(&r, 0, sizeof r);
    r.sample = sample;
    r.batch = 1;
    r.t_start_ns = base_ns + (uint64_t)(start_ms * UH_MS);
    r.t_end_ns = base_ns + (uint64_t)(end_ms * UH_MS);
    r.res.ok = 1;
    r.res.audio_seconds = audio_s;
    r.res.sample_rate = 22050;
    r.res.gpu_ms = -1.0;
    r.res.gpu_compute_ms = -1.0;
    r.res.server_processing_s = -1.0;
    if (first_ms > 0)
        r.res.first_result_ns = base_ns + (uint64_t)(first_ms * UH_MS);
    return r;
}

/* What report(f, run) writes, as a malloc'd string. */
static inline char *uh_capture(void (*report)(FILE *f, const ltb_run *run), const ltb_run *run)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    report(f, run);
    fclose(f);
    return text;
}

/* The i-th line (0-based, without its newline) of text into buf; NULL past the
 * last line. */
static inline const char *uh_line_at(const char *text, int i, char *buf, size_t cap)
{
    const char *p = text;
    for (; i > 0 && p != NULL; i--) {
        p = strchr(p, '\n');
        p = p != NULL && p[1] != '\0' ? p + 1 : NULL;
    }
    if (p == NULL)
        return NULL;
    size_t n = strcspn(p, "\n");
    n = n < cap - 1 ? n : cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* Fields of one CSV line (a comma inside quotes does not count). */
static inline int uh_count_fields(const char *line)
{
    int n = 1, quoted = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == ',' && !quoted)
            n++;
    }
    return n;
}

/* text parsed as JSON (it must parse, with no NaN or Infinity in it). */
static inline cJSON *uh_parse_json(const char *text)
{
    assert_non_null(text);
    assert_null(strstr(text, "nan"));
    assert_null(strstr(text, "inf"));
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    return root;
}

/* rm -rf dir; 0, or -1 when that failed. */
static inline int uh_remove_dir(const char *dir)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}
#endif
