/* fleet_wire.c — a rank's report as bytes and back (see fleet_wire.h).
 *
 * Layout: "LTBFLT01", the sizes of the four structs sent as they are, the rank
 * report, then a flag and, when the rank ran, its config, run fields, levels (each
 * followed by its records) and samples (strings as a length, -1 for none, and
 * bytes). Reading checks every length against what is left. */
#include "fleet_wire.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kMagic[8] = {'L', 'T', 'B', 'F', 'L', 'T', '0', '1'};

/* ---- writing ------------------------------------------------------------------ */

typedef struct wbuf {
    unsigned char *data;
    size_t len, cap;
    int failed;
} wbuf;

static void put(wbuf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_u64(wbuf *b, uint64_t v) { put(b, &v, sizeof v); }
static void put_i32(wbuf *b, int32_t v) { put(b, &v, sizeof v); }

static void put_string(wbuf *b, const char *s)
{
    int64_t n = s ? (int64_t)strlen(s) : -1;
    put(b, &n, sizeof n);
    if (s)
        put(b, s, (size_t)n);
}

static void put_run(wbuf *b, const ltb_run *run)
{
    put(b, &run->config, sizeof run->config);
    put_i32(b, run->interrupted);
    put(b, &run->started_unix, sizeof run->started_unix);
    put_u64(b, run->started_mono_ns);
    put_i32(b, run->n_levels);
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *lvl = &run->levels[i];
        size_t n = lvl->records ? lvl->n_records : 0;
        put(b, lvl, sizeof *lvl);
        put_u64(b, n);
        if (n)
            put(b, lvl->records, n * sizeof *lvl->records);
    }
    int n_samples = run->samples ? run->n_samples : 0;
    put_i32(b, n_samples);
    for (int i = 0; i < n_samples; i++) {
        const ltb_sample_info *s = &run->samples[i];
        put_string(b, s->name);
        put_string(b, s->text);
        put_u64(b, s->chars);
        put_u64(b, s->bytes);
        put_i32(b, s->tokens);
    }
}

int fleet_wire_pack(const ltb_rank_report *r, unsigned char **buf, size_t *len)
{
    wbuf b = {0};
    uint32_t sizes[4] = {sizeof(ltb_rank_report), sizeof(ltb_config), sizeof(ltb_level),
                         sizeof(ltb_record)};
    put(&b, kMagic, sizeof kMagic);
    put(&b, sizes, sizeof sizes);
    put(&b, r, sizeof *r);
    unsigned char has_run = r->run != NULL;
    put(&b, &has_run, 1);
    if (has_run)
        put_run(&b, r->run);
    if (b.failed) {
        free(b.data);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct rbuf {
    const unsigned char *data;
    size_t len, at;
    int failed;
} rbuf;

static int get(rbuf *b, void *p, size_t n)
{
    if (b->failed || n > b->len - b->at) {
        b->failed = 1;
        memset(p, 0, n);
        return -1;
    }
    memcpy(p, b->data + b->at, n);
    b->at += n;
    return 0;
}

static uint64_t get_u64(rbuf *b)
{
    uint64_t v;
    get(b, &v, sizeof v);
    return v;
}

static int32_t get_i32(rbuf *b)
{
    int32_t v;
    get(b, &v, sizeof v);
    return v;
}

/* A string copied into *strings (advanced); NULL for none or on error. */
static const char *get_string(rbuf *b, char **strings)
{
    int64_t n;
    if (get(b, &n, sizeof n) != 0 || n < 0)
        return NULL;
    if ((uint64_t)n > b->len - b->at) {
        b->failed = 1;
        return NULL;
    }
    char *s = *strings;
    memcpy(s, b->data + b->at, (size_t)n);
    s[n] = '\0';
    b->at += (size_t)n;
    *strings += n + 1;
    return s;
}

/* What an unpacked report owns. */
typedef struct wire_owned {
    ltb_run run;
    ltb_sample_info *samples;
    char *strings;
} wire_owned;

void ltb_rank_report_free(ltb_rank_report *r)
{
    wire_owned *o = r->owned;
    if (o == NULL)
        return;
    ltb_run_free(&o->run);
    free(o->samples);
    free(o->strings);
    free(o);
    r->owned = NULL;
    r->run = NULL;
}

/* The run's text settings (every pointer of the config) are rank 0's; its device the
 * rank's own. */
static void adopt_config(ltb_config *c, const ltb_config *rank0, const char *device)
{
    c->name = rank0->name;
    c->output_dir = rank0->output_dir;
    c->model_path = rank0->model_path;
    c->model_name = rank0->model_name;
    c->precision = rank0->precision;
    c->texts_file = rank0->texts_file;
    c->negative_prompt = rank0->negative_prompt;
    c->prompts_file = rank0->prompts_file;
    c->generator = rank0->generator;
    c->device = device;
    c->level_gate = NULL;
    c->level_gate_user = NULL;
}

static int get_levels(rbuf *b, ltb_run *run)
{
    int32_t n = get_i32(b);
    if (b->failed || n < 0 || n > LTB_MAX_RUN_LEVELS)
        return -1;
    for (int i = 0; i < n; i++) {
        ltb_level *lvl = &run->levels[i];
        if (get(b, lvl, sizeof *lvl) != 0)
            return -1;
        lvl->records = NULL;
        lvl->note[sizeof lvl->note - 1] = '\0';
        run->n_levels = i + 1;
        uint64_t records = get_u64(b);
        if (b->failed || records > (b->len - b->at) / sizeof(ltb_record))
            return -1;
        lvl->n_records = (size_t)records;
        if (records == 0)
            continue;
        lvl->records = malloc((size_t)records * sizeof *lvl->records);
        if (!lvl->records || get(b, lvl->records, (size_t)records * sizeof *lvl->records) != 0)
            return -1;
        for (size_t k = 0; k < lvl->n_records; k++) {
            lvl->records[k].res.error[LTB_ERROR_LEN - 1] = '\0';
            lvl->records[k].res.token_ns = NULL;   /* another rank's memory (LLM records) */
            lvl->records[k].res.n_token_ns = 0;
        }
    }
    return 0;
}

static int get_samples(rbuf *b, wire_owned *o)
{
    int32_t n = get_i32(b);
    /* each sample takes at least 36 bytes; the strings fit in what is left */
    if (b->failed || n < 0 || (size_t)n > (b->len - b->at) / 36)
        return -1;
    o->samples = calloc((size_t)n + 1, sizeof *o->samples);
    o->strings = malloc(b->len - b->at + 2 * (size_t)n + 1);
    if (!o->samples || !o->strings)
        return -1;
    char *strings = o->strings;
    for (int i = 0; i < n; i++) {
        ltb_sample_info *s = &o->samples[i];
        s->name = get_string(b, &strings);
        s->text = get_string(b, &strings);
        s->chars = (size_t)get_u64(b);
        s->bytes = (size_t)get_u64(b);
        s->tokens = get_i32(b);
    }
    o->run.samples = o->samples;
    o->run.n_samples = n;
    return b->failed ? -1 : 0;
}

static int get_run(rbuf *b, const ltb_config *cfg, ltb_rank_report *out)
{
    wire_owned *o = calloc(1, sizeof *o);
    if (!o)
        return -1;
    out->owned = o;
    out->run = &o->run;
    ltb_run *run = &o->run;
    get(b, &run->config, sizeof run->config);
    adopt_config(&run->config, cfg, out->device);
    run->interrupted = get_i32(b);
    get(b, &run->started_unix, sizeof run->started_unix);
    run->started_mono_ns = get_u64(b);
    if (b->failed || get_levels(b, run) != 0 || get_samples(b, o) != 0)
        return -1;
    return 0;
}

static void terminate_strings(ltb_rank_report *r)
{
    r->host[sizeof r->host - 1] = '\0';
    r->device[sizeof r->device - 1] = '\0';
    r->device_name[sizeof r->device_name - 1] = '\0';
    r->device_uuid[sizeof r->device_uuid - 1] = '\0';
    r->error[sizeof r->error - 1] = '\0';
}

int fleet_wire_unpack(const unsigned char *buf, size_t len, const ltb_config *cfg,
                      ltb_rank_report *out, char *err, size_t errlen)
{
    rbuf b = {buf, len, 0, 0};
    char magic[sizeof kMagic];
    uint32_t sizes[4];
    uint32_t expected[4] = {sizeof(ltb_rank_report), sizeof(ltb_config), sizeof(ltb_level),
                            sizeof(ltb_record)};
    memset(out, 0, sizeof *out);
    if (get(&b, magic, sizeof magic) != 0 || memcmp(magic, kMagic, sizeof kMagic) != 0) {
        snprintf(err, errlen, "not an ltbench rank report (%zu bytes)", len);
        return -1;
    }
    if (get(&b, sizes, sizeof sizes) != 0 || memcmp(sizes, expected, sizeof sizes) != 0) {
        snprintf(err, errlen, "sent by a different ltbench build (every rank must run the same one)");
        return -1;
    }
    get(&b, out, sizeof *out);
    out->run = NULL;
    out->owned = NULL;
    terminate_strings(out);
    unsigned char has_run = 0;
    get(&b, &has_run, 1);
    if (!b.failed && ((int)out->status < (int)LTB_RANK_OK || (int)out->status > (int)LTB_RANK_MISSING))
        b.failed = 1;
    if (!b.failed && has_run && get_run(&b, cfg, out) != 0)
        b.failed = 1;
    if (b.failed || b.at != b.len) {
        snprintf(err, errlen, "rank report truncated or malformed (%zu bytes)", len);
        ltb_rank_report_free(out);
        return -1;
    }
    return 0;
}
