/* serve_llm.h — the language models `ltbench serve` holds (sidecar task "llm",
 * models/export_llm_models.py): opened through the shim's llm API, and greedy
 * generation one token at a time, every prefill and decode step on a compute thread
 * (serve_compute.h). Text in and out with the sidecar's byte tokenizer: the prompt's
 * UTF-8 bytes are its ids (an empty prompt is the BOS id); a generated id that is a
 * printable ASCII byte is that character, any other id is written "<id>" (the tiny
 * models' vocabularies are wider than bytes, and a lone non-ASCII byte is no text). */
#ifndef LTB_SERVE_LLM_H
#define LTB_SERVE_LLM_H

#include "serve_models.h"

/* Opens path as m's llm (m->task is SERVE_TASK_LLM) and generates one probe token. 0,
 * or -1 with a one-line err naming the file. */
int serve_llm_open(serve_model *m, const char *path, const char *device, char *err,
                   size_t errlen);

/* One generation in progress. */
typedef struct serve_llm_gen {
    serve_models *models;
    const serve_model *m;
    int64_t *ids;                 /* the prompt's ids */
    int n_prompt;
    int max_tokens, produced;
    int64_t next;                 /* the token sampled last */
    float *logits;
    lt_llm_cache *cache;
} serve_llm_gen;

/* Tokenises text and checks it with max_tokens against max_seq_len (SERVE_BAD_INPUT
 * with err), then prefills: the first token is ready. */
serve_status serve_llm_begin(serve_models *ms, const serve_model *m, const char *text,
                             int max_tokens, serve_llm_gen *g, char *err, size_t errlen);
/* The next generated token's text into buf (cap >= 24): 1, 0 after max_tokens, -1
 * with err. */
int serve_llm_next(serve_llm_gen *g, char *buf, size_t cap, char *err, size_t errlen);
void serve_llm_end(serve_llm_gen *g);
/* An id's text (see above) into buf. */
void serve_llm_token_text(int64_t id, char *buf, size_t cap);
#endif
