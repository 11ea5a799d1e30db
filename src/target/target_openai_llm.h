/* target_openai_llm.h — `ltbench llm --url URL --api openai`: a client of an
 * OpenAI-compatible completions server (POST /v1/completions or /v1/chat/completions,
 * "stream": true, read as server-sent events by http_openai.h), filling the same LLM
 * records as the in-process target (src/core/README.md "LLM records"): a content
 * event is a token arrival, TTFT its first, the inter-token gaps between events; the
 * tokens are usage's when the server gives them (stream_options.include_usage is
 * asked for), else the content events. Prompts are text (the server tokenises): -p N
 * is N words of the workload's text (openai_prompt.h). One curl handle and one stream
 * reader per worker, every body built before the run, the token times copied into
 * chunks the target owns (valid until it closes). */
#ifndef LTB_TARGET_OPENAI_LLM_H
#define LTB_TARGET_OPENAI_LLM_H

#include "http_openai.h"
#include "ltbench.h"

typedef struct ltb_openai_llm_options {
    const char *url;             /* server base, e.g. "http://127.0.0.1:8000" */
    const char *model_name;      /* "model" of every request */
    const char *token;           /* NULL = no Authorization header */
    ltb_openai_endpoint endpoint;
    int fixed_length;            /* send ignore_eos + min_tokens (vLLM, SGLang) */
    int prompt_chars;            /* -p N = N characters (byte tokenizers), else N words */
    int no_keepalive;
    double timeout_s;            /* per request; 0 = none */
} ltb_openai_llm_options;

/* Checks the server (GET /v1/models, then one streamed request on the endpoint: a
 * 404, a refusal or a stream that is not OpenAI's fails here in one line naming the
 * protocol and the endpoint) and builds every -p x prompt body of w (workload_llm.h:
 * its samples' texts are the word sources). 0, or -1 with a one-line err. */
int ltb_target_openai_llm(ltb_target *t, const ltb_openai_llm_options *o, ltb_workload *w,
                          char *err, size_t errlen);
#endif
