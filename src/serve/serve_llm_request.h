/* serve_llm_request.h — the fields of an OpenAI completions request `ltbench serve`
 * reads (serve_openai_llm.c), pure (cJSON only, no server state), so it is unit-tested
 * through the routes and fuzzed (tests/fuzz/fuzz_serve_llm_request.c):
 *  - completions: "prompt", a string or a list of one string, at most
 *    SERVE_LLM_MAX_PROMPT_BYTES bytes; chat: "messages", a non-empty list of objects
 *    with a string "content", joined by "\n" (the roles are not used);
 *  - "max_tokens" (or "max_completion_tokens"): an integer >= 1, at most 1e6 (default
 *    SERVE_LLM_DEFAULT_MAX_TOKENS); "stream": true; "stream_options.include_usage": true.
 * Other fields (model, temperature, ...) are left to the caller or not used. */
#ifndef LTB_SERVE_LLM_REQUEST_H
#define LTB_SERVE_LLM_REQUEST_H

#include <stddef.h>

#include <cjson/cJSON.h>

#define SERVE_LLM_DEFAULT_MAX_TOKENS 16   /* OpenAI's default for max_tokens */
#define SERVE_LLM_MAX_PROMPT_BYTES (1u << 20)

typedef struct serve_llm_fields {
    int chat, stream, include_usage, max_tokens;
    char *prompt;                 /* malloc'd */
} serve_llm_fields;

/* 0, or -1 with a one-line err (the client's fault: a 400). Free with
 * serve_llm_fields_free, either way. */
int serve_llm_request_parse(const cJSON *body, int chat, serve_llm_fields *f, char *err,
                            size_t errlen);
void serve_llm_fields_free(serve_llm_fields *f);
#endif
