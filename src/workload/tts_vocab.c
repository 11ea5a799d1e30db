/* tts_vocab.c — character vocabulary loading and text -> ids (see tts_vocab.h). */
#define _POSIX_C_SOURCE 200809L
#include "tts_vocab.h"
#include "file_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one code point at s (len bytes available); returns bytes used (>= 1);
 * *cp = 0xFFFFFFFF for an invalid sequence. */
static size_t decode_utf8(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (need == 0 || need > len) {
        *cp = 0xFFFFFFFFu;
        return 1;
    }
    uint32_t v = s[0] & (0x7Fu >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFFFFFFu;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    *cp = v;
    return need;
}

static int add_token(ltb_vocab *v, const char *tok, size_t len, int64_t id)
{
    if (len == 5 && !memcmp(tok, "<pad>", 5)) {
        v->pad_id = id;
        return 0;
    }
    if (len == 5 && !memcmp(tok, "<unk>", 5)) {
        v->unk_id = id;
        return 0;
    }
    if (len == 7 && !memcmp(tok, "<space>", 7)) {
        v->ascii[' '] = id;
        return 0;
    }
    uint32_t cp;
    if (len == 0 || decode_utf8((const unsigned char *)tok, len, &cp) != len || cp == 0xFFFFFFFFu)
        return -1;
    if (cp < 128) {
        v->ascii[cp] = id;
        return 0;
    }
    uint32_t *cps = realloc(v->codepoints, (size_t)(v->n_codepoints + 1) * sizeof *cps);
    if (cps)
        v->codepoints = cps;
    int64_t *ids = realloc(v->codepoint_ids, (size_t)(v->n_codepoints + 1) * sizeof *ids);
    if (ids)
        v->codepoint_ids = ids;
    if (!cps || !ids)
        return -1;
    v->codepoints[v->n_codepoints] = cp;
    v->codepoint_ids[v->n_codepoints++] = id;
    return 0;
}

int ltb_vocab_load(const char *path, int lowercase, ltb_vocab *v, char *err, size_t errlen)
{
    memset(v, 0, sizeof *v);
    for (int i = 0; i < 128; i++)
        v->ascii[i] = -1;
    v->unk_id = -1;
    v->lowercase = lowercase;
    unsigned char *data;
    size_t len;
    if (ltb_read_file(path, 1u << 20, &data, &len, err, errlen) != 0)
        return -1;
    size_t pos = 0;
    int64_t id = 0;
    while (pos < len) {
        const char *line = (const char *)data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (add_token(v, line, n, id) != 0) {
            snprintf(err, errlen, "vocabulary '%s' line %lld: not one character or <pad>/<unk>/<space>",
                     path, (long long)id + 1);
            free(data);
            ltb_vocab_free(v);
            return -1;
        }
        id++;
    }
    free(data);
    v->size = (int)id;
    if (v->unk_id < 0) {
        snprintf(err, errlen, "vocabulary '%s' has no <unk> token", path);
        ltb_vocab_free(v);
        return -1;
    }
    return 0;
}

static int64_t lookup(const ltb_vocab *v, uint32_t cp)
{
    if (v->lowercase && cp >= 'A' && cp <= 'Z')
        cp = cp - 'A' + 'a';
    if (cp < 128)
        return v->ascii[cp] >= 0 ? v->ascii[cp] : v->unk_id;
    for (int i = 0; i < v->n_codepoints; i++)
        if (v->codepoints[i] == cp)
            return v->codepoint_ids[i];
    return v->unk_id;
}

size_t ltb_vocab_encode(const ltb_vocab *v, const char *text, size_t len, int64_t *ids,
                        size_t max)
{
    size_t n = 0, pos = 0;
    while (pos < len && n < max) {
        uint32_t cp;
        pos += decode_utf8((const unsigned char *)text + pos, len - pos, &cp);
        ids[n++] = cp == 0xFFFFFFFFu ? v->unk_id : lookup(v, cp);
    }
    return n;
}

void ltb_vocab_free(ltb_vocab *v)
{
    free(v->codepoints);
    free(v->codepoint_ids);
    v->codepoints = NULL;
    v->codepoint_ids = NULL;
    v->n_codepoints = 0;
}
