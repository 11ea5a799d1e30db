/* http_sse.c — the incremental server-sent-events parser (see http_sse.h). */
#include "http_sse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};

void ltb_sse_init(ltb_sse_parser *p, ltb_sse_event_fn on_event, void *user, size_t max_line,
                  size_t max_event)
{
    memset(p, 0, sizeof *p);
    p->on_event = on_event;
    p->user = user;
    p->max_line = max_line ? max_line : LTB_SSE_DEFAULT_MAX_LINE;
    p->max_event = max_event ? max_event : LTB_SSE_DEFAULT_MAX_EVENT;
}

void ltb_sse_reset(ltb_sse_parser *p)
{
    p->line_len = p->data_len = 0;
    p->has_data = p->after_cr = p->bom_checked = p->failed = 0;
    p->bom_seen = 0;
    p->event[0] = p->id[0] = p->error[0] = '\0';
    p->events = p->bytes = 0;
}

void ltb_sse_free(ltb_sse_parser *p)
{
    free(p->line);
    free(p->data);
    p->line = p->data = NULL;
    p->line_cap = p->data_cap = 0;
}

int ltb_sse_fail(ltb_sse_parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
    p->failed = 1;
    return 1;
}

/* Makes room for need bytes in *buf; 0, or -1 when out of memory. */
static int reserve(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t grown = *cap ? *cap : 256;
    while (grown < need)
        grown *= 2;
    char *mem = realloc(*buf, grown);
    if (!mem)
        return -1;
    *buf = mem;
    *cap = grown;
    return 0;
}

static void copy_field(char *dst, size_t cap, const char *v, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static int dispatch(ltb_sse_parser *p, uint64_t t_ns)
{
    if (!p->has_data) {                /* no data: line, nothing to hand over */
        p->event[0] = '\0';
        return 0;
    }
    if (reserve(&p->data, &p->data_cap, p->data_len + 1))
        return ltb_sse_fail(p, "out of memory for an event-stream event"), -1;
    if (p->data_len > 0)
        p->data_len--;                 /* the last data line's "\n" */
    p->data[p->data_len] = '\0';
    ltb_sse_event ev = {p->data, p->data_len, p->event[0] ? p->event : "message", p->id, t_ns};
    p->events++;
    int stop = p->on_event ? p->on_event(p->user, &ev) : 0;
    p->data_len = 0;
    p->has_data = 0;
    p->event[0] = '\0';
    if (stop) {
        if (!p->error[0])
            ltb_sse_fail(p, "stopped by the reader");
        p->failed = 1;
        return -1;
    }
    return 0;
}

/* One whole line (its end not included). */
static int process_line(ltb_sse_parser *p, const char *line, size_t len, uint64_t t_ns)
{
    if (len == 0)
        return dispatch(p, t_ns);
    if (line[0] == ':')
        return 0;                      /* a comment (keep-alive) */
    const char *colon = memchr(line, ':', len);
    size_t name_len = colon ? (size_t)(colon - line) : len;
    const char *value = colon ? colon + 1 : line + len;
    size_t value_len = (size_t)(line + len - value);
    if (value_len > 0 && value[0] == ' ') {
        value++;
        value_len--;
    }
    if (name_len == 4 && !memcmp(line, "data", 4)) {
        if (value_len + 1 > p->max_event - p->data_len || p->data_len >= p->max_event)
            return ltb_sse_fail(p, "an event-stream event's data is over the %zu-byte limit",
                                p->max_event), -1;
        if (reserve(&p->data, &p->data_cap, p->data_len + value_len + 2))
            return ltb_sse_fail(p, "out of memory for an event-stream event"), -1;
        memcpy(p->data + p->data_len, value, value_len);
        p->data_len += value_len;
        p->data[p->data_len++] = '\n';
        p->has_data = 1;
    } else if (name_len == 5 && !memcmp(line, "event", 5)) {
        copy_field(p->event, sizeof p->event, value, value_len);
    } else if (name_len == 2 && !memcmp(line, "id", 2)) {
        if (!memchr(value, '\0', value_len))
            copy_field(p->id, sizeof p->id, value, value_len);
    }                                  /* retry: and unknown fields are ignored */
    return 0;
}

static int append_line(ltb_sse_parser *p, const char *bytes, size_t n)
{
    if (n > p->max_line - p->line_len)
        return ltb_sse_fail(p, "an event-stream line is over the %zu-byte limit", p->max_line), -1;
    if (reserve(&p->line, &p->line_cap, p->line_len + n + 1))
        return ltb_sse_fail(p, "out of memory for an event-stream line"), -1;
    memcpy(p->line + p->line_len, bytes, n);
    p->line_len += n;
    return 0;
}

/* Skips a UTF-8 byte order mark at the stream's start; returns bytes consumed. */
static size_t skip_bom(ltb_sse_parser *p, const char *bytes, size_t n, int *err)
{
    size_t used = 0;
    while (!p->bom_checked && used < n) {
        if ((unsigned char)bytes[used] == kBom[p->bom_seen]) {
            used++;
            if (++p->bom_seen == 3)
                p->bom_checked = 1;
        } else {
            p->bom_checked = 1;        /* not a BOM: the bytes matched so far are text */
            if (p->bom_seen && append_line(p, (const char *)kBom, p->bom_seen))
                *err = 1;
        }
    }
    return used;
}

int ltb_sse_feed(ltb_sse_parser *p, const char *bytes, size_t n, uint64_t t_ns)
{
    if (p->failed)
        return -1;
    p->bytes += n;
    int err = 0;
    size_t at = skip_bom(p, bytes, n, &err);
    if (err)
        return -1;
    while (at < n) {
        if (p->after_cr) {             /* "\r\n" split across pieces, or not */
            p->after_cr = 0;
            if (bytes[at] == '\n') {
                at++;
                continue;
            }
        }
        size_t end = at;
        while (end < n && bytes[end] != '\n' && bytes[end] != '\r')
            end++;
        if (end == n)                  /* the line goes on in the next piece */
            return append_line(p, bytes + at, n - at);
        int rc;
        if (p->line_len == 0) {
            if (end - at > p->max_line)
                return ltb_sse_fail(p, "an event-stream line is over the %zu-byte limit",
                                    p->max_line), -1;
            rc = process_line(p, bytes + at, end - at, t_ns);
        } else {
            if (append_line(p, bytes + at, end - at))
                return -1;
            rc = process_line(p, p->line, p->line_len, t_ns);
            p->line_len = 0;
        }
        if (rc)
            return -1;
        if (bytes[end] == '\r')
            p->after_cr = 1;
        at = end + 1;
    }
    return 0;
}

int ltb_sse_finish(ltb_sse_parser *p)
{
    if (p->failed)
        return -1;
    if (p->line_len == 0 && !p->has_data)
        return 0;
    snprintf(p->error, sizeof p->error, "the event stream ended inside an event (%zu bytes of "
             "it unfinished, dropped)", p->line_len + p->data_len);
    return 1;
}
