/* http_v2_json.c — the one-pass scanner of a V2 JSON body: finds and checks the
 * numeric "data" lists of key's tensors, hands the rest of the body to cJSON with
 * those lists blanked to [], and converts a list's numbers into a typed buffer (see
 * http_v2_json.h). The scanner tokenizes as cJSON does (strings end at the first
 * unescaped quote, whitespace is any byte <= 32, scalars end at a delimiter) and
 * leaves the checking of everything but the number lists to cJSON. */
#include "http_v2_json.h"
#include "json_number.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(LTB_V2_JSON_MAX_DEPTH >= 4 + LTB_V2_MAX_DIMS,
               "a data list (depth 4) and its nested lists fit the depth bound");

#define TEXT_OF(x) #x
#define TEXT_OF_VALUE(x) TEXT_OF(x)
#define DEPTH_TEXT TEXT_OF_VALUE(LTB_V2_JSON_MAX_DEPTH)

typedef enum { ROLE_OTHER, ROLE_ROOT, ROLE_LIST, ROLE_ENTRY, ROLE_DATA } scan_role;

typedef struct scan {
    const unsigned char *base, *p, *end;
    int depth;
    int unsure;                  /* an escaped key where a wanted one may be: all to cJSON */
    int list_seen;               /* the root's first key-named member was seen */
    const char *key;
    size_t key_len;
    ltb_v2_json_body *out;
    char *err;
    size_t errlen;
} scan;

static int failf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int fail_at(scan *s, const char *what)
{
    return failf(s->err, s->errlen, "request body: %s at byte %zu", what,
                 (size_t)(s->p - s->base));
}

static void skip_ws(scan *s)
{
    while (s->p < s->end && *s->p <= 32)
        s->p++;
}

/* Bytes that end a scalar: whitespace (cJSON's: any byte <= 32) and punctuation. */
static const unsigned char kPunctuation[256] = {
    [','] = 1, [':'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1, ['"'] = 1};

static int is_delimiter(unsigned char c)
{
    return c <= 32 || kPunctuation[c];
}

/* The bytes of a number (0-9 + - . e E) or of true and false. */
static const unsigned char kWord[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['e'] = 1, ['E'] = 1, ['t'] = 1,
    ['r'] = 1, ['u'] = 1, ['f'] = 1, ['a'] = 1, ['l'] = 1, ['s'] = 1};

static int is_word(unsigned char c)
{
    return kWord[c];
}

/* A string at s->p ('"'): its raw bytes [*start, *stop); escapes are cJSON's to check. */
static int string(scan *s, const unsigned char **start, const unsigned char **stop)
{
    const unsigned char *q = s->p + 1;
    for (;;) {
        if (q >= s->end)
            return fail_at(s, "unterminated string");
        if (*q == '"')
            break;
        if (*q == '\\' && q + 1 >= s->end)
            return fail_at(s, "unterminated string");
        q += *q == '\\' ? 2 : 1;
    }
    if (start) {
        *start = s->p + 1;
        *stop = q;
    }
    s->p = q + 1;
    return 0;
}

/* A list of numbers (or true/false), nested at most LTB_V2_MAX_DIMS deep, at s->p:
 * 1 (recorded, s->p past it), 0 (recorded as what it is, s->p unchanged), or -1 with
 * err set for a word no JSON parser takes. */
static int numbers(scan *s, ltb_v2_json_data *d)
{
    const unsigned char *p = s->p + 1, *end = s->end;
    int level = 0, need_value = 1, allow_close = 1;
    size_t n = 0;
    d->kind = LTB_V2_JSON_DATA_NOT_NUMBER;
    for (;;) {
        while (p < end && *p <= 32)
            p++;
        if (p >= end)
            break;
        unsigned char c = *p;
        if (!need_value) {
            if (c == ',') {
                p++;
                need_value = 1;
                allow_close = 0;
                continue;
            }
            if (c != ']')
                break;
        }
        if (c == ']' && (allow_close || !need_value)) {
            p++;
            need_value = 0;
            if (level-- == 0) {
                d->kind = LTB_V2_JSON_DATA_NUMBERS;
                d->start = (size_t)(s->p - s->base);
                d->end = (size_t)(p - s->base);
                d->count = n;
                s->p = p;
                return 1;
            }
            continue;
        }
        if (c == '[') {
            if (level == LTB_V2_MAX_DIMS) {
                d->kind = LTB_V2_JSON_DATA_TOO_DEEP;
                break;
            }
            level++;
            p++;
            allow_close = 1;
            continue;
        }
        /* a word of number characters (or of true/false's letters): its syntax is
         * checked when it is converted, or by ltb_v2_json_check */
        const unsigned char *q = p;
        while (q < end && is_word(*q))
            q++;
        if (q == p || (q < end && !is_delimiter(*q))) {
            while (q < end && !is_delimiter(*q))
                q++;
            if (q == p || (q - p == 4 && !memcmp(p, "null", 4)))
                break;   /* a string, an object or null: JSON, but not a number */
            /* a word that is no JSON value at all (NaN, Infinity, 0x10, 2x) */
            s->p = p;
            return failf(s->err, s->errlen, "request body: %s[%d].data[%zu]: '%.*s' is not a "
                         "number at byte %zu", s->key, (int)(d - s->out->data), n,
                         q - p > 40 ? 40 : (int)(q - p), (const char *)p, (size_t)(p - s->base));
        }
        p = q;
        n++;
        need_value = 0;
    }
    d->count = n;
    return 0;
}

static int value(scan *s, scan_role role, int entry);

static int object(scan *s, scan_role role, int entry)
{
    if (++s->depth > LTB_V2_JSON_MAX_DEPTH)
        return fail_at(s, "lists and objects nested over " DEPTH_TEXT " deep");
    s->p++;
    skip_ws(s);
    int seen_data = 0;
    if (s->p < s->end && *s->p == '}') {
        s->p++;
        s->depth--;
        return 0;
    }
    for (;;) {
        const unsigned char *ks, *ke;
        if (s->p >= s->end || *s->p != '"')
            return fail_at(s, "expected a key string");
        if (string(s, &ks, &ke) != 0)
            return -1;
        skip_ws(s);
        if (s->p >= s->end || *s->p != ':')
            return fail_at(s, "expected ':'");
        s->p++;
        skip_ws(s);
        scan_role child = ROLE_OTHER;
        if (role == ROLE_ROOT || role == ROLE_ENTRY) {
            size_t kl = (size_t)(ke - ks);
            if (memchr(ks, '\\', kl) || memchr(ks, '\0', kl))
                s->unsure = 1;   /* cJSON compares the unescaped key, up to a NUL */
            else if (role == ROLE_ROOT && !s->list_seen && kl == s->key_len &&
                     !memcmp(ks, s->key, kl))
                s->list_seen = 1, child = ROLE_LIST;
            else if (role == ROLE_ENTRY && !seen_data && kl == 4 && !memcmp(ks, "data", 4))
                seen_data = 1, child = ROLE_DATA;
        }
        if (value(s, child, entry) != 0)
            return -1;
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            skip_ws(s);
            continue;
        }
        if (s->p < s->end && *s->p == '}') {
            s->p++;
            break;
        }
        return fail_at(s, "expected ',' or '}'");
    }
    s->depth--;
    return 0;
}

static int array(scan *s, scan_role role)
{
    if (++s->depth > LTB_V2_JSON_MAX_DEPTH)
        return fail_at(s, "lists and objects nested over " DEPTH_TEXT " deep");
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == ']') {
        s->p++;
        s->depth--;
        return 0;
    }
    for (int i = 0;; i++) {
        scan_role child = role == ROLE_LIST && i < LTB_V2_MAX_TENSORS ? ROLE_ENTRY : ROLE_OTHER;
        if (value(s, child, i) != 0)
            return -1;
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            skip_ws(s);
            continue;
        }
        if (s->p < s->end && *s->p == ']') {
            s->p++;
            break;
        }
        return fail_at(s, "expected ',' or ']'");
    }
    s->depth--;
    return 0;
}

static int value(scan *s, scan_role role, int entry)
{
    if (s->p >= s->end)
        return fail_at(s, "expected a value");
    switch (*s->p) {
    case '{':
        return object(s, role, entry);
    case '[': {
        int read = role == ROLE_DATA ? numbers(s, &s->out->data[entry]) : 0;
        return read < 0 ? -1 : read ? 0 : array(s, role);
    }
    case '"':
        return string(s, NULL, NULL);
    default: {
        const unsigned char *q = s->p;
        while (q < s->end && !is_delimiter(*q))
            q++;
        if (q == s->p)
            return fail_at(s, "expected a value");
        s->p = q;   /* a number or a literal: cJSON checks it */
        return 0;
    }
    }
}

/* The body from `from` with every NUMBERS list written as []; then " " and a NUL. */
static char *skeleton(const ltb_v2_json_body *b, size_t from, size_t *out_len)
{
    size_t len = b->len - from + 2;
    for (int i = 0; i < LTB_V2_MAX_TENSORS; i++)
        if (b->data[i].kind == LTB_V2_JSON_DATA_NUMBERS)
            len -= b->data[i].end - b->data[i].start - 2;
    char *skel = malloc(len);
    if (!skel)
        return NULL;
    size_t k = 0;
    for (int i = 0; i < LTB_V2_MAX_TENSORS; i++) {   /* the lists lie in entry order */
        const ltb_v2_json_data *d = &b->data[i];
        if (d->kind != LTB_V2_JSON_DATA_NUMBERS)
            continue;
        memcpy(skel + k, b->body + from, d->start - from);
        k += d->start - from;
        memcpy(skel + k, "[]", 2);
        k += 2;
        from = d->end;
    }
    memcpy(skel + k, b->body + from, b->len - from);
    k += b->len - from;
    skel[k++] = ' ';   /* cJSON reads one byte past a value that ends the buffer */
    skel[k] = '\0';
    *out_len = k;
    return skel;
}

int ltb_v2_json_parse(const char *body, size_t len, const char *key, ltb_v2_json_body *out,
                      char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->body = body ? body : "";
    out->len = body ? len : 0;
    snprintf(out->key, sizeof out->key, "%s", key);
    scan s = {.base = (const unsigned char *)out->body, .end = (const unsigned char *)out->body + out->len,
              .key = out->key, .key_len = strlen(out->key), .out = out, .err = err, .errlen = errlen};
    s.p = s.base;
    if (out->len >= 3 && !memcmp(s.p, "\xEF\xBB\xBF", 3))
        s.p += 3;   /* a UTF-8 byte order mark, which cJSON skips too */
    size_t from = (size_t)(s.p - s.base);
    skip_ws(&s);
    if (s.p >= s.end)
        return failf(err, errlen, "request body is empty (%zu bytes)", out->len);
    if (value(&s, ROLE_ROOT, 0) != 0)
        return -1;
    skip_ws(&s);
    if (s.p != s.end)
        return fail_at(&s, "bytes after the JSON value");
    if (s.unsure)   /* read all of it the slow way */
        memset(out->data, 0, sizeof out->data);
    size_t skel_len = 0;
    char *skel = skeleton(out, from, &skel_len);
    if (!skel)
        return failf(err, errlen, "out of memory reading a %zu-byte body", out->len);
    const char *stop = NULL;
    out->root = cJSON_ParseWithLengthOpts(skel, skel_len, &stop, 0);
    while (out->root && stop < skel + skel_len && (unsigned char)*stop <= 32)
        stop++;
    int rc = 0;
    if (!out->root)
        rc = failf(err, errlen, "request body is not valid JSON (%zu bytes)", out->len);
    else if (stop != skel + skel_len)
        rc = failf(err, errlen, "request body: bytes after the JSON value");
    free(skel);
    if (rc != 0)
        ltb_v2_json_free(out);
    return rc;
}

void ltb_v2_json_free(ltb_v2_json_body *b)
{
    cJSON_Delete(b->root);
    b->root = NULL;
}

int ltb_v2_json_writes(ltb_v2_datatype dt)
{
    switch (dt) {
    case LTB_V2_FP32: case LTB_V2_FP64: case LTB_V2_INT8: case LTB_V2_INT16: case LTB_V2_INT32:
    case LTB_V2_INT64: case LTB_V2_UINT8: case LTB_V2_UINT16: case LTB_V2_UINT32:
    case LTB_V2_UINT64:
        return 1;
    default:
        return 0;
    }
}

/* Whether v is a whole number in [lo, hi_exclusive). */
static int whole_in(double v, double lo, double hi_exclusive)
{
    return v >= lo && v < hi_exclusive && v == floor(v);
}

int ltb_v2_json_store(ltb_v2_datatype dt, double v, void *out, size_t i)
{
    switch (dt) {
    case LTB_V2_FP32: {
        float f = (float)v;
        if (!isfinite(f))
            return -1;
        ((float *)out)[i] = f;
        return 0;
    }
    case LTB_V2_FP64:
        if (!isfinite(v))
            return -1;
        ((double *)out)[i] = v;
        return 0;
    case LTB_V2_INT8:
        if (!whole_in(v, -128.0, 128.0)) return -1;
        ((int8_t *)out)[i] = (int8_t)v;
        return 0;
    case LTB_V2_INT16:
        if (!whole_in(v, -32768.0, 32768.0)) return -1;
        ((int16_t *)out)[i] = (int16_t)v;
        return 0;
    case LTB_V2_INT32:
        if (!whole_in(v, -2147483648.0, 2147483648.0)) return -1;
        ((int32_t *)out)[i] = (int32_t)v;
        return 0;
    case LTB_V2_INT64:
        if (!whole_in(v, -9223372036854775808.0, 9223372036854775808.0)) return -1;
        ((int64_t *)out)[i] = (int64_t)v;
        return 0;
    case LTB_V2_UINT8:
        if (!whole_in(v, 0.0, 256.0)) return -1;
        ((uint8_t *)out)[i] = (uint8_t)v;
        return 0;
    case LTB_V2_UINT16:
        if (!whole_in(v, 0.0, 65536.0)) return -1;
        ((uint16_t *)out)[i] = (uint16_t)v;
        return 0;
    case LTB_V2_UINT32:
        if (!whole_in(v, 0.0, 4294967296.0)) return -1;
        ((uint32_t *)out)[i] = (uint32_t)v;
        return 0;
    case LTB_V2_UINT64:
        if (!whole_in(v, 0.0, 18446744073709551616.0)) return -1;
        ((uint64_t *)out)[i] = (uint64_t)v;
        return 0;
    default:
        return -1;
    }
}

/* Walks key[i]'s NUMBERS list: checks every word is a number (cJSON's syntax) or
 * true/false and, when out is not NULL, stores its n values as dt. */
static int walk(ltb_v2_json_body *b, int i, ltb_v2_datatype dt, void *out, size_t n, char *err,
                size_t errlen)
{
    ltb_v2_json_data *d = &b->data[i];
    const char *p = b->body + d->start + 1, *end = b->body + d->end;
    size_t k = 0;
    while (p < end) {   /* the scan checked the punctuation: skip it */
        unsigned char c = (unsigned char)*p;
        if (c <= 32 || c == ',' || c == '[' || c == ']') {
            p++;
            continue;
        }
        double v = 0;
        size_t len = 0;
        if (c == 't' || c == 'f') {
            len = c == 't' ? 4 : 5;
            if ((size_t)(end - p) < len || memcmp(p, c == 't' ? "true" : "false", len))
                len = 0;
            v = c == 't';
        } else {
            len = ltb_json_number_read(p, (size_t)(end - p), out ? &v : NULL);
        }
        if (len == 0 || (p + len < end && !is_delimiter((unsigned char)p[len]))) {
            size_t word = 0;
            while (p + word < end && !is_delimiter((unsigned char)p[word]))
                word++;
            return failf(err, errlen, "%s[%d].data[%zu]: '%.*s' is not a number", b->key, i, k,
                         word > 40 ? 40 : (int)word, p);
        }
        if (!out) {
        } else if (dt == LTB_V2_FP32) {   /* the image inputs' type, without the call */
            float f = (float)v;
            if (!isfinite(f))
                return failf(err, errlen, "%s[%d].data[%zu]: %.*s is out of FP32's range",
                             b->key, i, k, (int)len, p);
            ((float *)out)[k] = f;
        } else if (ltb_v2_json_store(dt, v, out, k) != 0) {
            return failf(err, errlen, "%s[%d].data[%zu]: %.*s is out of %s's range", b->key, i, k,
                         (int)len, p, ltb_v2_datatype_name(dt));
        }
        p += len;
        k++;
    }
    d->checked = 1;
    if (k != n)
        return failf(err, errlen, "%s[%d].data: expected %zu numbers, read %zu", b->key, i, n, k);
    return 0;
}

int ltb_v2_json_numbers(ltb_v2_json_body *b, int i, ltb_v2_datatype dt, void *out, size_t n,
                        char *err, size_t errlen)
{
    if (i < 0 || i >= LTB_V2_MAX_TENSORS || b->data[i].kind != LTB_V2_JSON_DATA_NUMBERS)
        return failf(err, errlen, "%s[%d].data was not read as numbers", b->key, i);
    if (!ltb_v2_json_writes(dt))
        return failf(err, errlen, "%s[%d].data: cannot be read as %s", b->key, i,
                     ltb_v2_datatype_name(dt));
    if (b->data[i].count != n)
        return failf(err, errlen, "%s[%d].data: expected %zu numbers, got %zu", b->key, i, n,
                     b->data[i].count);
    return walk(b, i, dt, out, n, err, errlen);
}

int ltb_v2_json_check(ltb_v2_json_body *b, char *err, size_t errlen)
{
    for (int i = 0; i < LTB_V2_MAX_TENSORS; i++)
        if (b->data[i].kind == LTB_V2_JSON_DATA_NUMBERS && !b->data[i].checked &&
            walk(b, i, LTB_V2_FP64, NULL, b->data[i].count, err, errlen) != 0)
            return -1;
    return 0;
}
