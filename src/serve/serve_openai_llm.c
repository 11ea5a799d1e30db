/* serve_openai_llm.c — the OpenAI completions routes of `ltbench serve` for language
 * models (serve_llm.h): POST /v1/completions {model, prompt, max_tokens?, stream?,
 * stream_options?} and POST /v1/chat/completions {model, messages, ...} (the messages'
 * contents joined by newlines are the prompt). Greedy whatever temperature says.
 * Non-streaming: one JSON answer with choices[0].text / choices[0].message and usage.
 * "stream": true: text/event-stream, one "data: {chunk}" event per generated token as
 * it is made (chat: a first role-only delta; the request's fields: serve_llm_request.h), the last token's chunk with
 * finish_reason "length", a usage chunk (choices []) when
 * stream_options.include_usage, then "data: [DONE]". Errors are OpenAI's shape,
 * {"error": {"message", "type"}}. */
#define _POSIX_C_SOURCE 200809L
#include "serve_llm.h"
#include "serve_llm_request.h"
#include "serve_request.h"
#include "serve_routes.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct llm_call {
    serve_llm_fields f;           /* chat, stream, include_usage, max_tokens, prompt */
    const serve_model *m;
} llm_call;

static void error_shape(serve_reply *r)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->json, "error");
    if (!r->json || !cJSON_IsString(e))
        return;
    cJSON *o = cJSON_CreateObject();
    cJSON *inner = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(inner, "message", e->valuestring);
    cJSON_AddStringToObject(inner, "type", r->status >= 500 ? "server_error" : "invalid_request_error");
    cJSON_Delete(r->json);
    r->json = o;
}

/* The request's model and fields; 0, or -1 with a 4xx set. */
static int read_call(const serve_request *req, const cJSON *body, int chat, llm_call *c,
                     serve_reply *r)
{
    char err[256];
    c->m = serve_pick_model(req, body, SERVE_TASK_LLM, r);
    if (!c->m)
        return -1;
    if (serve_llm_request_parse(body, chat, &c->f, err, sizeof err) != 0) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "%s", err);
        return -1;
    }
    return 0;
}

/* The fields every answer and chunk has. */
static cJSON *answer_head(const llm_call *c, int chunk)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", c->f.chat ? "chatcmpl-ltbench" : "cmpl-ltbench");
    cJSON_AddStringToObject(o, "object", c->f.chat ? (chunk ? "chat.completion.chunk" : "chat.completion")
                                                 : "text_completion");
    cJSON_AddNumberToObject(o, "created", (double)time(NULL));
    cJSON_AddStringToObject(o, "model", c->m->name);
    return o;
}

static void add_usage(cJSON *o, const serve_llm_gen *g)
{
    cJSON *u = cJSON_AddObjectToObject(o, "usage");
    cJSON_AddNumberToObject(u, "prompt_tokens", g->n_prompt);
    cJSON_AddNumberToObject(u, "completion_tokens", g->produced);
    cJSON_AddNumberToObject(u, "total_tokens", g->n_prompt + g->produced);
}

/* One choice: text (completions), delta or message (chat) with role when asked. */
static void add_choice(cJSON *o, const llm_call *c, const char *text, int role, const char *finish,
                       int chunk)
{
    cJSON *choices = cJSON_AddArrayToObject(o, "choices");
    cJSON *ch = cJSON_CreateObject();
    cJSON_AddItemToArray(choices, ch);
    cJSON_AddNumberToObject(ch, "index", 0);
    if (c->f.chat) {
        cJSON *d = cJSON_AddObjectToObject(ch, chunk ? "delta" : "message");
        if (role)
            cJSON_AddStringToObject(d, "role", "assistant");
        cJSON_AddStringToObject(d, "content", text);
    } else {
        cJSON_AddStringToObject(ch, "text", text);
    }
    if (finish)
        cJSON_AddStringToObject(ch, "finish_reason", finish);
    else
        cJSON_AddNullToObject(ch, "finish_reason");
}

static void reply_whole(const serve_request *req, llm_call *c, serve_reply *r)
{
    serve_llm_gen g;
    char err[512], tok[32];
    serve_status st = serve_llm_begin(req->models, c->m, c->f.prompt, c->f.max_tokens, &g, err,
                                      sizeof err);
    size_t cap = (size_t)c->f.max_tokens * 24 + 1, at = 0;
    char *text = st == SERVE_OK ? malloc(cap) : NULL;
    int rc = st == SERVE_OK ? (text ? 1 : -1) : -1;
    while (rc == 1 && (rc = serve_llm_next(&g, tok, sizeof tok, err, sizeof err)) == 1)
        at += (size_t)snprintf(text + at, cap - at, "%s", tok);
    if (st != SERVE_OK)
        serve_reply_status(r, st, err);
    else if (rc != 0)
        serve_reply_status(r, SERVE_MODEL_FAILED, text ? err : "out of memory");
    else {
        text[at] = '\0';
        r->json = answer_head(c, 0);
        add_choice(r->json, c, text, 1, "length", 0);
        add_usage(r->json, &g);
    }
    free(text);
    serve_llm_end(&g);
}

/* ---- streaming ---------------------------------------------------------------------- */

typedef struct sse_state {
    llm_call c;
    serve_llm_gen g;
    char *buf;                    /* the events ready to send */
    size_t len, off;
    int stage;                    /* 0 role chunk (chat), 1 tokens, 2 usage, 3 [DONE], 4 end */
} sse_state;

static int queue(sse_state *s, const char *data)
{
    size_t n = strlen(data) + 8;
    char *b = malloc(n + 1);
    if (!b)
        return -1;
    snprintf(b, n + 1, "data: %s\n\n", data);
    free(s->buf);
    s->buf = b;
    s->len = strlen(b);
    s->off = 0;
    return 0;
}

static int queue_json(sse_state *s, cJSON *o)
{
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    int rc = text ? queue(s, text) : -1;
    free(text);
    return rc;
}

/* The next event into s->buf: 1, 0 at the end, -1 on failure. */
static int next_event(sse_state *s)
{
    char tok[32], err[512];
    cJSON *o;
    switch (s->stage) {
    case 0:
        s->stage = 1;
        if (s->c.f.chat) {
            o = answer_head(&s->c, 1);
            add_choice(o, &s->c, "", 1, NULL, 1);
            return queue_json(s, o) == 0 ? 1 : -1;
        }
        /* fall through */
    case 1: {
        int rc = serve_llm_next(&s->g, tok, sizeof tok, err, sizeof err);
        if (rc < 0) {
            fprintf(stderr, "ltbench serve: %s\n", err);
            return -1;
        }
        if (rc == 1) {
            o = answer_head(&s->c, 1);
            add_choice(o, &s->c, tok, 0, s->g.produced == s->g.max_tokens ? "length" : NULL, 1);
            return queue_json(s, o) == 0 ? 1 : -1;
        }
        s->stage = 2;
    }
        /* fall through */
    case 2:
        s->stage = 3;
        if (s->c.f.include_usage) {
            o = answer_head(&s->c, 1);
            cJSON_AddArrayToObject(o, "choices");
            add_usage(o, &s->g);
            return queue_json(s, o) == 0 ? 1 : -1;
        }
        /* fall through */
    case 3:
        s->stage = 4;
        return queue(s, "[DONE]") == 0 ? 1 : -1;
    default: return 0;
    }
}

static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    sse_state *s = cls;
    if (s->off == s->len) {
        int rc = next_event(s);
        if (rc <= 0)
            return rc == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->buf + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void free_events(void *cls)
{
    sse_state *s = cls;
    serve_llm_end(&s->g);
    free(s->c.f.prompt);
    free(s->buf);
    free(s);
}

/* Prefills before the reply starts (a bad prompt is still a JSON error), then streams. */
static void reply_stream(const serve_request *req, llm_call *c, serve_reply *r)
{
    sse_state *s = calloc(1, sizeof *s);
    char err[512];
    if (!s) {
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
        return;
    }
    s->c = *c;
    c->f.prompt = NULL;              /* the stream owns it */
    serve_status st = serve_llm_begin(req->models, s->c.m, s->c.f.prompt, s->c.f.max_tokens,
                                      &s->g, err, sizeof err);
    if (st != SERVE_OK) {
        serve_reply_status(r, st, err);
        free_events(s);
        return;
    }
    r->raw = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_events, s, free_events);
    if (!r->raw) {
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot create the stream");
        free_events(s);
        return;
    }
    MHD_add_response_header(r->raw, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(r->raw, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
}

static void route(const serve_request *req, serve_reply *r, int chat)
{
    cJSON *body = serve_parse_body(req, r);
    llm_call c;
    memset(&c, 0, sizeof c);
    if (body && read_call(req, body, chat, &c, r) == 0) {
        if (c.f.stream)
            reply_stream(req, &c, r);
        else
            reply_whole(req, &c, r);
    }
    serve_llm_fields_free(&c.f);
    error_shape(r);
    cJSON_Delete(body);
}

void serve_route_completions(const serve_request *req, serve_reply *r)
{
    route(req, r, 0);
}

void serve_route_chat_completions(const serve_request *req, serve_reply *r)
{
    route(req, r, 1);
}
