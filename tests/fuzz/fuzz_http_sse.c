/* fuzz_http_sse.c — libFuzzer target: server-sent events and the OpenAI
 * completions stream reader on arbitrary bytes, cut into pieces the first byte
 * chooses (as curl's write callback may deliver them): the SSE parser with small
 * limits (a line of 64 bytes, an event of 256) and its defaults, then the reader
 * of chat and completions streams, finished as a 200 and as a 400 answer. */
#include <stdint.h>
#include <string.h>

#include "http_openai.h"

static int count(void *user, const ltb_sse_event *ev)
{
    size_t *n = user;
    *n += ev->len + strlen(ev->event) + strlen(ev->id);
    return ev->len == 4 && !memcmp(ev->data, "stop", 4);   /* a reader that stops it */
}

/* Feeds body in pieces of 1 + (seed's bits) bytes. */
static void feed_sse(ltb_sse_parser *p, const uint8_t *body, size_t n, unsigned seed)
{
    size_t at = 0;
    for (unsigned k = 0; at < n; k++) {
        size_t piece = 1 + ((seed >> (k % 8)) & 0x1f) * (seed & 1 ? 1 : 7);
        if (piece > n - at)
            piece = n - at;
        if (ltb_sse_feed(p, (const char *)body + at, piece, k) != 0)
            break;
        at += piece;
    }
    ltb_sse_finish(p);
}

static void feed_openai(ltb_openai_stream *s, const uint8_t *body, size_t n, unsigned seed)
{
    size_t at = 0;
    for (unsigned k = 0; at < n; k++) {
        size_t piece = 1 + ((seed >> (k % 8)) & 0x3f);
        if (piece > n - at)
            piece = n - at;
        ltb_openai_stream_feed(s, (const char *)body + at, piece, k);   /* goes on after -1 */
        at += piece;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 16))
        return 0;
    unsigned seed = data[0];
    const uint8_t *body = data + 1;
    size_t n = size - 1;
    size_t seen = 0;
    ltb_sse_parser p;
    ltb_sse_init(&p, count, &seen, 64, 256);
    feed_sse(&p, body, n, seed);
    ltb_sse_reset(&p);
    feed_sse(&p, body, n, seed ^ 0x5a);
    ltb_sse_free(&p);
    ltb_sse_init(&p, count, &seen, 0, 0);
    feed_sse(&p, body, n, 0);
    ltb_sse_free(&p);

    for (int ep = 0; ep < 2; ep++) {
        ltb_openai_stream s;
        if (ltb_openai_stream_init(&s, (ltb_openai_endpoint)ep, ep) != 0)
            return 0;
        feed_openai(&s, body, n, seed);
        ltb_openai_stream_finish(&s, 200);
        ltb_openai_stream_tokens(&s);
        if (s.content_events > 0 && s.first_token_ns > s.last_token_ns)
            __builtin_trap();          /* the first token never comes after the last */
        ltb_openai_stream_reset(&s);
        feed_openai(&s, body, n, seed >> 1);
        ltb_openai_stream_finish(&s, 400);
        ltb_openai_stream_free(&s);
    }
    return 0;
}
