/* serve_llm_request.c — an OpenAI completions request's fields (see
 * serve_llm_request.h). */
#define _POSIX_C_SOURCE 200809L
#include "serve_llm_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The chat messages' contents joined by "\n"; NULL with err. */
static char *chat_prompt(const cJSON *messages, char *err, size_t errlen)
{
    if (!cJSON_IsArray(messages) || cJSON_GetArraySize(messages) < 1) {
        snprintf(err, errlen, "messages must be a non-empty array");
        return NULL;
    }
    size_t len = 0;
    const cJSON *msg;
    cJSON_ArrayForEach(msg, messages) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(msg, "content");
        if (!cJSON_IsString(c)) {
            snprintf(err, errlen, "every message needs a string content");
            return NULL;
        }
        len += strlen(c->valuestring) + 1;
        if (len > SERVE_LLM_MAX_PROMPT_BYTES) {
            snprintf(err, errlen, "the messages hold over %u bytes", SERVE_LLM_MAX_PROMPT_BYTES);
            return NULL;
        }
    }
    char *out = malloc(len + 1);
    if (!out) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    size_t at = 0;
    cJSON_ArrayForEach(msg, messages) {
        const char *c = cJSON_GetObjectItemCaseSensitive(msg, "content")->valuestring;
        if (at)
            out[at++] = '\n';
        memcpy(out + at, c, strlen(c));
        at += strlen(c);
    }
    out[at] = '\0';
    return out;
}

int serve_llm_request_parse(const cJSON *body, int chat, serve_llm_fields *f, char *err,
                            size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->chat = chat;
    if (!cJSON_IsObject(body)) {
        snprintf(err, errlen, "request body is not a JSON object");
        return -1;
    }
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(body, "max_tokens");
    if (!max || cJSON_IsNull(max))
        max = cJSON_GetObjectItemCaseSensitive(body, "max_completion_tokens");
    const cJSON *so = cJSON_GetObjectItemCaseSensitive(body, "stream_options");
    f->stream = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "stream"));
    f->include_usage = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(so, "include_usage"));
    f->max_tokens = SERVE_LLM_DEFAULT_MAX_TOKENS;
    if (max && !cJSON_IsNull(max)) {
        if (!cJSON_IsNumber(max) || !(max->valuedouble >= 1 && max->valuedouble <= 1e6) ||
            max->valuedouble != (double)(int)max->valuedouble) {
            snprintf(err, errlen, "max_tokens must be an integer from 1 to 1000000");
            return -1;
        }
        f->max_tokens = (int)max->valuedouble;
    }
    if (chat) {
        f->prompt = chat_prompt(cJSON_GetObjectItemCaseSensitive(body, "messages"), err, errlen);
        return f->prompt ? 0 : -1;
    }
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(body, "prompt");
    if (cJSON_IsArray(p) && cJSON_GetArraySize(p) == 1)
        p = cJSON_GetArrayItem(p, 0);
    if (!cJSON_IsString(p) || strlen(p->valuestring) > SERVE_LLM_MAX_PROMPT_BYTES) {
        snprintf(err, errlen, "prompt must be a string (one prompt) of at most %u bytes",
                 SERVE_LLM_MAX_PROMPT_BYTES);
        return -1;
    }
    f->prompt = strdup(p->valuestring);
    if (!f->prompt) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

void serve_llm_fields_free(serve_llm_fields *f)
{
    free(f->prompt);
    f->prompt = NULL;
}
