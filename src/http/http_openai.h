/* http_openai.h — the OpenAI completions protocol, client side, streaming:
 * POST /v1/completions {model, prompt, ...} or /v1/chat/completions {model,
 * messages, ...} with "stream": true answers text/event-stream events
 * "data: {json chunk}" and, usually, "data: [DONE]". This is the request body and
 * the reader of one streamed answer: fed the body's pieces as they arrive (through
 * the SSE parser, http_sse.h), it counts content events and stamps their times.
 *  - a content event: choices[0].text (completions) or choices[0].delta.content
 *    (chat) non-empty; an empty delta (chat's first, role-only chunk; the last,
 *    finish_reason/usage-only chunk) is an event but not a token;
 *  - finish_reason: the last non-null choices[0].finish_reason;
 *  - usage {prompt_tokens, completion_tokens}: from whichever chunk carries it (the
 *    last one with stream_options.include_usage; some servers always send it);
 *  - {"error": {"message"}} or {"error": "..."} events, a body that is not JSON, a
 *    non-2xx status (its JSON error in words) fail the request with the reason.
 * Pure: no I/O, unit-tested and fuzzed. */
#ifndef LTB_HTTP_OPENAI_H
#define LTB_HTTP_OPENAI_H

#include <stddef.h>
#include <stdint.h>

#include "http_sse.h"
#include "ltbench.h"

typedef enum { LTB_OPENAI_COMPLETIONS = 0, LTB_OPENAI_CHAT = 1 } ltb_openai_endpoint;

/* What the body asks for besides model, prompt and max_tokens. */
enum {
    LTB_OPENAI_INCLUDE_USAGE = 1,  /* "stream_options": {"include_usage": true} */
    LTB_OPENAI_FIXED_LENGTH = 2    /* "ignore_eos": true, "min_tokens": max_tokens (vLLM,
                                      SGLang; strict servers such as transformers serve
                                      answer 422 to fields they do not know) */
};

/* "/v1/completions" or "/v1/chat/completions". */
const char *ltb_openai_path(ltb_openai_endpoint ep);
/* "completions" / "chat" -> ep; 0, or -1 for another word. */
int ltb_openai_endpoint_parse(const char *word, ltb_openai_endpoint *ep);

/* {"model", "prompt" (completions) or "messages": [{"role": "user", "content"}]
 * (chat), "max_tokens", "temperature": 0, "stream": true, + flags' fields};
 * malloc'd, NUL-terminated; NULL when out of memory. */
char *ltb_openai_body(ltb_openai_endpoint ep, const char *model, const char *prompt,
                      int max_tokens, unsigned flags);

#define LTB_OPENAI_MAX_TOKEN_TIMES (1 << 20)  /* content events stamped, at most */
#define LTB_OPENAI_ERROR_BODY 4096            /* body bytes kept for a non-2xx answer */

/* One streamed answer being read. */
typedef struct ltb_openai_stream {
    ltb_openai_endpoint ep;
    ltb_sse_parser sse;
    /* what came, per request */
    int events;                   /* data events, [DONE] not counted */
    int content_events;           /* events with non-empty content: tokens as seen */
    uint64_t *token_ns;           /* each content event's time (content_events of them) */
    int token_cap;
    uint64_t first_token_ns, last_token_ns;     /* 0 = none */
    long prompt_tokens, completion_tokens;      /* from usage; -1 = not given */
    int done;                     /* data: [DONE] came */
    char finish_reason[32];       /* "" = none given */
    char *text;                   /* the content so far, when keep_text (else NULL) */
    size_t text_len, text_cap;
    int keep_text;
    char *raw;                    /* the first LTB_OPENAI_ERROR_BODY body bytes */
    size_t raw_len;
    int failed;
    char error[LTB_ERROR_LEN];
} ltb_openai_stream;

/* A reader of ep's events; keep_text also keeps the content (tests). 0, or -1 when
 * out of memory. */
int ltb_openai_stream_init(ltb_openai_stream *s, ltb_openai_endpoint ep, int keep_text);
/* Empties it for the next request (keeps its memory). */
void ltb_openai_stream_reset(ltb_openai_stream *s);
/* n more body bytes that arrived at t_ns; 0, or -1 once the stream has failed
 * (s->error: a limit, an error event, a chunk that is not JSON). */
int ltb_openai_stream_feed(ltb_openai_stream *s, const char *bytes, size_t n, uint64_t t_ns);
/* The answer ended with this HTTP status: a non-2xx status fails with the server's
 * words ("HTTP 422: ..."); a 2xx one fails when an event failed, when no event
 * came, or when the stream ended inside an event. 0, or -1 with s->error. */
int ltb_openai_stream_finish(ltb_openai_stream *s, long status);
/* Tokens generated: usage's completion_tokens when the server gave it, else the
 * content events. */
long ltb_openai_stream_tokens(const ltb_openai_stream *s);
void ltb_openai_stream_free(ltb_openai_stream *s);
#endif
