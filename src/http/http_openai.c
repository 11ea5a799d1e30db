/* http_openai.c — OpenAI completions request bodies and the reader of their
 * streamed answers (see http_openai.h). */
#include "http_openai.h"
#include "http_response.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ltb_openai_path(ltb_openai_endpoint ep)
{
    return ep == LTB_OPENAI_CHAT ? "/v1/chat/completions" : "/v1/completions";
}

int ltb_openai_endpoint_parse(const char *word, ltb_openai_endpoint *ep)
{
    if (!word)
        return -1;
    if (!strcmp(word, "completions"))
        *ep = LTB_OPENAI_COMPLETIONS;
    else if (!strcmp(word, "chat"))
        *ep = LTB_OPENAI_CHAT;
    else
        return -1;
    return 0;
}

char *ltb_openai_body(ltb_openai_endpoint ep, const char *model, const char *prompt,
                      int max_tokens, unsigned flags)
{
    cJSON *root = cJSON_CreateObject();
    int ok = root && cJSON_AddStringToObject(root, "model", model ? model : "");
    if (ok && ep == LTB_OPENAI_CHAT) {
        cJSON *messages = cJSON_AddArrayToObject(root, "messages");
        cJSON *m = cJSON_CreateObject();
        ok = messages && m && cJSON_AddItemToArray(messages, m);
        if (!ok)
            cJSON_Delete(m);
        ok = ok && cJSON_AddStringToObject(m, "role", "user");
        ok = ok && cJSON_AddStringToObject(m, "content", prompt ? prompt : "");
    } else
        ok = ok && cJSON_AddStringToObject(root, "prompt", prompt ? prompt : "");
    ok = ok && cJSON_AddNumberToObject(root, "max_tokens", max_tokens);
    ok = ok && cJSON_AddNumberToObject(root, "temperature", 0);
    ok = ok && cJSON_AddTrueToObject(root, "stream");
    if (ok && (flags & LTB_OPENAI_INCLUDE_USAGE)) {
        cJSON *so = cJSON_AddObjectToObject(root, "stream_options");
        ok = so && cJSON_AddTrueToObject(so, "include_usage");
    }
    if (ok && (flags & LTB_OPENAI_FIXED_LENGTH)) {
        ok = cJSON_AddTrueToObject(root, "ignore_eos") != NULL;
        ok = ok && cJSON_AddNumberToObject(root, "min_tokens", max_tokens);
    }
    char *out = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return out;
}

/* ---- the reader ------------------------------------------------------------ */

static int stop(ltb_openai_stream *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    for (char *c = s->error; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
    s->failed = 1;
    return ltb_sse_fail(&s->sse, "%s", s->error);
}

/* A JSON value's words: a string itself, or an object's "message" string. */
static const char *words_of(const cJSON *v)
{
    if (cJSON_IsString(v))
        return v->valuestring;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(v, "message");
    return cJSON_IsString(m) ? m->valuestring : NULL;
}

static int add_content(ltb_openai_stream *s, const char *text, uint64_t t_ns)
{
    if (s->content_events >= s->token_cap) {
        if (s->token_cap >= LTB_OPENAI_MAX_TOKEN_TIMES)
            return stop(s, "over %d content events in one answer", LTB_OPENAI_MAX_TOKEN_TIMES);
        int cap = s->token_cap ? s->token_cap * 2 : 256;
        uint64_t *grown = realloc(s->token_ns, (size_t)cap * sizeof *grown);
        if (!grown)
            return stop(s, "out of memory for the token times");
        s->token_ns = grown;
        s->token_cap = cap;
    }
    s->token_ns[s->content_events++] = t_ns;
    if (!s->first_token_ns)
        s->first_token_ns = t_ns;
    s->last_token_ns = t_ns;
    if (s->keep_text) {
        size_t n = strlen(text);
        if (s->text_len + n + 1 > s->text_cap) {
            size_t cap = (s->text_len + n + 1) * 2;
            char *grown = realloc(s->text, cap);
            if (!grown)
                return stop(s, "out of memory for the answer's text");
            s->text = grown;
            s->text_cap = cap;
        }
        memcpy(s->text + s->text_len, text, n + 1);
        s->text_len += n;
    }
    return 0;
}

static void read_usage(ltb_openai_stream *s, const cJSON *usage)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(usage, "prompt_tokens");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(usage, "completion_tokens");
    if (cJSON_IsNumber(p) && p->valuedouble >= 0 && p->valuedouble < 1e15)
        s->prompt_tokens = (long)p->valuedouble;
    if (cJSON_IsNumber(c) && c->valuedouble >= 0 && c->valuedouble < 1e15)
        s->completion_tokens = (long)c->valuedouble;
}

static int read_chunk(ltb_openai_stream *s, const cJSON *root, uint64_t t_ns)
{
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(root, "error");
    if (error && !cJSON_IsNull(error)) {
        const char *w = words_of(error);
        return stop(s, "the server's stream reported an error: %s", w && *w ? w : "(no message)");
    }
    const cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usage");
    if (cJSON_IsObject(usage))
        read_usage(s, usage);
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
    const cJSON *choice = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
    if (!choice)
        return 0;                      /* the usage-only chunk: choices [] */
    const cJSON *finish = cJSON_GetObjectItemCaseSensitive(choice, "finish_reason");
    if (cJSON_IsString(finish))
        snprintf(s->finish_reason, sizeof s->finish_reason, "%s", finish->valuestring);
    const cJSON *content = s->ep == LTB_OPENAI_CHAT
        ? cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(choice, "delta"), "content")
        : cJSON_GetObjectItemCaseSensitive(choice, "text");
    if (cJSON_IsString(content) && content->valuestring[0])
        return add_content(s, content->valuestring, t_ns);
    return 0;
}

static int on_event(void *user, const ltb_sse_event *ev)
{
    ltb_openai_stream *s = user;
    if (s->done)
        return 0;                      /* nothing counts after [DONE] */
    if (ev->len == 6 && !memcmp(ev->data, "[DONE]", 6)) {
        s->done = 1;
        return 0;
    }
    s->events++;
    cJSON *root = cJSON_ParseWithLength(ev->data, ev->len);
    int rc;
    if (!cJSON_IsObject(root)) {
        char start[41];
        snprintf(start, sizeof start, "%.*s", (int)(ev->len < 40 ? ev->len : 40), ev->data);
        rc = stop(s, "event %d of the stream is not a JSON object: '%s'", s->events, start);
    } else
        rc = read_chunk(s, root, ev->t_ns);
    cJSON_Delete(root);
    return rc;
}

int ltb_openai_stream_init(ltb_openai_stream *s, ltb_openai_endpoint ep, int keep_text)
{
    memset(s, 0, sizeof *s);
    s->ep = ep;
    s->keep_text = keep_text;
    ltb_sse_init(&s->sse, on_event, s, 0, 0);
    s->raw = malloc(LTB_OPENAI_ERROR_BODY);
    if (!s->raw)
        return -1;
    ltb_openai_stream_reset(s);
    return 0;
}

void ltb_openai_stream_reset(ltb_openai_stream *s)
{
    ltb_sse_reset(&s->sse);
    s->events = s->content_events = 0;
    s->first_token_ns = s->last_token_ns = 0;
    s->prompt_tokens = s->completion_tokens = -1;
    s->done = 0;
    s->finish_reason[0] = '\0';
    s->text_len = 0;
    if (s->text)
        s->text[0] = '\0';
    s->raw_len = 0;
    s->failed = 0;
    s->error[0] = '\0';
}

int ltb_openai_stream_feed(ltb_openai_stream *s, const char *bytes, size_t n, uint64_t t_ns)
{
    if (s->raw_len < LTB_OPENAI_ERROR_BODY) {
        size_t k = LTB_OPENAI_ERROR_BODY - s->raw_len < n ? LTB_OPENAI_ERROR_BODY - s->raw_len : n;
        memcpy(s->raw + s->raw_len, bytes, k);
        s->raw_len += k;
    }
    if (s->failed)
        return -1;
    if (ltb_sse_feed(&s->sse, bytes, n, t_ns) == 0)
        return 0;
    if (!s->failed) {                  /* the SSE parser's own reason (a limit) */
        snprintf(s->error, sizeof s->error, "%s", s->sse.error);
        s->failed = 1;
    }
    return -1;
}

int ltb_openai_stream_finish(ltb_openai_stream *s, long status)
{
    if (status < 200 || status >= 300) {
        char msg[LTB_ERROR_LEN] = "";
        cJSON *root = cJSON_ParseWithLength(s->raw, s->raw_len);
        const char *w = words_of(cJSON_GetObjectItemCaseSensitive(root, "error"));
        if (w && *w)
            snprintf(msg, sizeof msg, "%s", w);
        else
            ltb_http_error_text(s->raw, s->raw_len, msg, sizeof msg);
        cJSON_Delete(root);
        s->failed = 0;
        if (msg[0])
            stop(s, "HTTP %ld: %s", status, msg);
        else
            stop(s, "HTTP %ld", status);
        return -1;
    }
    if (s->failed)
        return -1;
    if (s->events == 0) {
        stop(s, "the answer held no stream events (%llu bytes%s)", (unsigned long long)s->sse.bytes,
             s->sse.bytes ? "; not text/event-stream?" : "");
        return -1;
    }
    if (ltb_sse_finish(&s->sse) != 0) {
        stop(s, "%s", s->sse.error);
        return -1;
    }
    if (!s->done && !s->finish_reason[0]) {
        stop(s, "the stream ended after %d events without a finish_reason or [DONE]", s->events);
        return -1;
    }
    return 0;
}

long ltb_openai_stream_tokens(const ltb_openai_stream *s)
{
    return s->completion_tokens >= 0 ? s->completion_tokens : s->content_events;
}

void ltb_openai_stream_free(ltb_openai_stream *s)
{
    ltb_sse_free(&s->sse);
    free(s->token_ns);
    free(s->text);
    free(s->raw);
    s->token_ns = NULL;
    s->text = s->raw = NULL;
}
