/* http_sse.h — an incremental server-sent-events (text/event-stream) parser, pure C,
 * no I/O: fed a response body in whatever pieces the transport delivers (an event
 * split across pieces, several events in one piece), it hands each complete event
 * to a callback with the time of the piece that completed it. The WHATWG rules:
 * lines end in "\r\n", "\n" or "\r" (a "\r" at the end of one piece and a "\n" at
 * the start of the next are one line end); a blank line dispatches the event; ":"
 * starts a comment; "field: value" (one space after the colon dropped); several
 * "data:" lines join with "\n"; "event:" names the event, "id:" sets the last event
 * id (one with a NUL is ignored), "retry:" and unknown fields are ignored; an event
 * with no "data:" line is not dispatched; a leading UTF-8 BOM is skipped; a
 * half-received event at the end of the stream is dropped (ltb_sse_finish says so).
 * Limits: a line longer than max_line bytes or an event's data longer than
 * max_event bytes is an error (the parser stops), never unbounded memory. */
#ifndef LTB_HTTP_SSE_H
#define LTB_HTTP_SSE_H

#include <stddef.h>
#include <stdint.h>

#define LTB_SSE_DEFAULT_MAX_LINE (1u << 20)     /* 1 MiB */
#define LTB_SSE_DEFAULT_MAX_EVENT (4u << 20)    /* 4 MiB */

/* One dispatched event: data NUL-terminated (len bytes, may hold NULs), event the
 * name ("message" when none was given), id the last event id so far ("" none),
 * t_ns the time passed with the piece that completed it. Valid during the call. */
typedef struct ltb_sse_event {
    const char *data;
    size_t len;
    const char *event;
    const char *id;
    uint64_t t_ns;
} ltb_sse_event;

/* Returns 0 to go on, non-zero to stop the parser (ltb_sse_feed then returns -1
 * with the callback's reason, set through ltb_sse_fail, or "stopped by the reader"). */
typedef int (*ltb_sse_event_fn)(void *user, const ltb_sse_event *ev);

typedef struct ltb_sse_parser {
    ltb_sse_event_fn on_event;
    void *user;
    size_t max_line, max_event;
    char *line;                   /* the line being read (not yet ended) */
    size_t line_len, line_cap;
    char *data;                   /* the event's data so far: each data line + "\n" */
    size_t data_len, data_cap;
    int has_data;                 /* a data: line came for this event */
    char event[64];               /* the event name ("" = message) */
    char id[256];                 /* the last event id */
    int after_cr;                 /* the last byte seen was a "\r" ending a line */
    int bom_checked;              /* the first bytes were looked at for a BOM */
    unsigned char bom_seen;       /* BOM bytes matched so far */
    uint64_t events;              /* events dispatched */
    uint64_t bytes;               /* body bytes fed */
    int failed;                   /* sticky: an error stopped the parser */
    char error[192];              /* the same size as ltb_result.error */
} ltb_sse_parser;

/* A parser calling on_event(user, ...); 0 for a limit = its default above. */
void ltb_sse_init(ltb_sse_parser *p, ltb_sse_event_fn on_event, void *user, size_t max_line,
                  size_t max_event);
/* Forgets the stream read so far (keeps the memory, callback and limits). */
void ltb_sse_reset(ltb_sse_parser *p);
/* Reads n more body bytes that arrived at t_ns, dispatching every event they
 * complete. 0, or -1 with p->error (a limit, out of memory, the callback stopped
 * it); after -1 every call returns -1. */
int ltb_sse_feed(ltb_sse_parser *p, const char *bytes, size_t n, uint64_t t_ns);
/* The stream ended: 0, or 1 when an event or a line was left unfinished (dropped,
 * as the standard says; p->error says how many bytes), or -1 after an error. */
int ltb_sse_finish(ltb_sse_parser *p);
/* From a callback: stop the parser with a reason (printf-style); returns 1, the
 * callback's stop value. */
int ltb_sse_fail(ltb_sse_parser *p, const char *fmt, ...);
void ltb_sse_free(ltb_sse_parser *p);
#endif
