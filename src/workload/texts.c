/* texts.c — the TTS text workload (see texts.h). */
#define _POSIX_C_SOURCE 200809L
#include "texts.h"
#include "file_read.h"
#include "rng.h"
#include "text_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXTS_FILE_BYTES (64u * 1024 * 1024)

void ltb_texts_free(ltb_texts *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->items[i]);
    free(t->items);
    t->items = NULL;
    t->n = 0;
}

int ltb_texts_push(ltb_texts *t, const char *s, size_t len)
{
    char **grown = realloc(t->items, (size_t)(t->n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    t->items = grown;
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    t->items[t->n++] = copy;
    return 0;
}

/* Length in bytes of the valid UTF-8 sequence at s (at most avail), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t avail)
{
    size_t need;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        need = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        need = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        need = 4;
    else
        return 0;
    if (need > avail)
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (need == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
        return 0;   /* overlong, or a UTF-16 surrogate */
    if (need == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
        return 0;   /* overlong, or beyond U+10FFFF */
    return need;
}

/* Cleans one line in place (control characters to spaces, trims); returns its
 * new length, or (size_t)-1 for invalid UTF-8. */
static size_t clean_line(char *line, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t seq = utf8_sequence((const unsigned char *)line + i, len - i);
        if (seq == 0)
            return (size_t)-1;
        if (seq == 1 && ((unsigned char)line[i] < 0x20 || line[i] == 0x7F))
            line[i] = ' ';
        i += seq;
    }
    size_t start = 0;
    while (start < len && line[start] == ' ')
        start++;
    while (len > start && line[len - 1] == ' ')
        len--;
    memmove(line, line + start, len - start);
    return len - start;
}

int ltb_texts_parse(const char *data, size_t len, const char *name, ltb_texts *out, char *err,
                    size_t errlen)
{
    memset(out, 0, sizeof *out);
    char *line = malloc(len + 1);
    if (!line) {
        snprintf(err, errlen, "texts file '%s': out of memory", name);
        return -1;
    }
    size_t pos = 0;
    int line_no = 0, rc = 0;
    while (pos < len && rc == 0) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t raw = nl ? (size_t)(nl - (data + pos)) : len - pos;
        line_no++;
        memcpy(line, data + pos, raw);
        pos += raw + (nl ? 1 : 0);
        size_t clean = clean_line(line, raw);
        if (clean == (size_t)-1) {
            snprintf(err, errlen, "texts file '%s' line %d: invalid UTF-8", name, line_no);
            rc = -1;
        } else if (clean > 0 && ltb_utf8_chars(line, clean) > LTB_MAX_TEXT_CHARS) {
            snprintf(err, errlen, "texts file '%s' line %d: %zu characters, over the %d limit",
                     name, line_no, ltb_utf8_chars(line, clean), LTB_MAX_TEXT_CHARS);
            rc = -1;
        } else if (clean > 0 && out->n == LTB_MAX_TEXTS) {
            snprintf(err, errlen, "texts file '%s': more than %d texts", name, LTB_MAX_TEXTS);
            rc = -1;
        } else if (clean > 0 && ltb_texts_push(out, line, clean) != 0) {
            snprintf(err, errlen, "texts file '%s': out of memory", name);
            rc = -1;
        }
    }
    free(line);
    if (rc == 0 && out->n == 0) {
        snprintf(err, errlen, "texts file '%s' has no text (empty, or only blank lines)", name);
        rc = -1;
    }
    if (rc != 0)
        ltb_texts_free(out);
    return rc;
}

int ltb_texts_read(const char *path, ltb_texts *out, char *err, size_t errlen)
{
    unsigned char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (ltb_read_file(path, MAX_TEXTS_FILE_BYTES, &data, &len, err, errlen) != 0)
        return -1;
    int rc = ltb_texts_parse((const char *)data, len, path, out, err, errlen);
    free(data);
    return rc;
}

/* Cuts text (bytes len, chars counted) to at most max_len characters at a word
 * boundary, keeping at least min_len when a boundary allows; returns the byte length. */
static size_t cut_at_word(const char *text, size_t len, int min_len, int max_len)
{
    size_t best = 0, chars = 0, last_space_over_min = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            chars++;
        if (chars > (size_t)max_len)
            break;
        if (text[i] == ' ' && chars - 1 >= (size_t)min_len)
            last_space_over_min = i;
        best = i + 1;
    }
    if (best == len)
        return len;
    return last_space_over_min ? last_space_over_min : best;
}

int ltb_texts_generate(const char *corpus_path, int min_len, int max_len, int variations,
                       uint64_t seed, ltb_texts *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (min_len < 1 || max_len < min_len || max_len > LTB_MAX_TEXT_CHARS || variations < 1 ||
        variations > LTB_MAX_TEXTS) {
        snprintf(err, errlen, "text lengths need 1 <= min <= max <= %d and 1..%d variations",
                 LTB_MAX_TEXT_CHARS, LTB_MAX_TEXTS);
        return -1;
    }
    ltb_texts corpus;
    if (ltb_texts_read(corpus_path, &corpus, err, errlen) != 0)
        return -1;
    uint64_t state = ltb_rng_state(seed, 0x5851F42D4C957F2Dull);
    size_t cap = (size_t)max_len * 4 + 1024;
    char *buf = malloc(cap);
    int rc = buf ? 0 : -1;
    for (int v = 0; rc == 0 && v < variations; v++) {
        int target = min_len + (int)(ltb_rng_next(&state) % (uint64_t)(max_len - min_len + 1));
        int s = (int)(ltb_rng_next(&state) % (uint64_t)corpus.n);
        size_t len = 0;
        while (ltb_utf8_chars(buf, len) < (size_t)target + 1) {
            size_t add = strlen(corpus.items[s]);
            if (len + add + 2 > cap)
                break;
            if (len)
                buf[len++] = ' ';
            memcpy(buf + len, corpus.items[s], add);
            len += add;
            s = (s + 1) % corpus.n;
        }
        len = cut_at_word(buf, len, min_len, target);
        while (len > 0 && buf[len - 1] == ' ')
            len--;
        rc = ltb_texts_push(out, buf, len);
    }
    free(buf);
    ltb_texts_free(&corpus);
    if (rc != 0) {
        snprintf(err, errlen, "out of memory generating texts");
        ltb_texts_free(out);
    }
    return rc;
}
