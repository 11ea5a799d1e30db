/* target_llm.h — the in-process text-generation target (`ltbench llm`): a decoder-only
 * TorchScript model behind the shim's llm API (lt_shim.h). One request = prefill of P
 * prompt tokens for `batch` sequences, then G - 1 decode steps; the first token comes
 * out of the prefill. Every step's logits reach the host before its tokens are sampled
 * here, in C (greedy, or seeded with a temperature), and the step's time is stamped:
 * res.token_ns (the record contract of src/core/README.md "LLM records"). */
#ifndef LTB_TARGET_LLM_H
#define LTB_TARGET_LLM_H

#include "ltbench.h"

typedef struct ltb_llm_options {
    const char *model_path;
    const char *device;
    const char *precision;
    int threads, interop_threads;
    int optimize;
    double temperature;           /* 0 = greedy */
    uint64_t seed;
    const char *save_tokens_path; /* NULL = keep none */
} ltb_llm_options;

/* What the open model is, for the config and the reports. */
typedef struct ltb_llm_facts {
    int64_t vocab_size, max_seq_len;
    int64_t max_batch;            /* a compiled package's largest batch; 0 = any */
    int64_t bos_id;               /* the sidecar's tokenizer BOS, else 256 or vocab - 1 */
    double params, param_bytes;   /* the sidecar's params when the module has none left */
    int bytes_tokenizer;          /* texts may be tokenised as bytes: the sidecar names the
                                     byte-level tokenizer, or names none */
} ltb_llm_facts;

/* Opens the model and checks its contract (prefill, decode, vocab_size, max_seq_len).
 * 0, or -1 with a one-line err naming the model. */
int ltb_target_torch_llm(ltb_target *t, const ltb_llm_options *o, ltb_llm_facts *facts,
                         char *err, size_t errlen);
/* Binds the workload (workload_llm.h: the prompts and the current -p/-g), checks every
 * -p + -g against max_seq_len and runs one probe request. 0, or -1 with err; the target
 * is closed on failure. */
int ltb_target_llm_attach(ltb_target *t, ltb_workload *w, char *err, size_t errlen);
/* After a run, with save_tokens_path: the first timed request's prompts and generated
 * tokens as JSON {"prompt_tokens": P, "gen_tokens": G, "prompts": [[ids]...],
 * "tokens": [[ids]...]}, one inner list per sequence. 1 written, 0 nothing kept, -1
 * with err. */
int ltb_target_llm_save_tokens(ltb_target *t, char *err, size_t errlen);
#endif
