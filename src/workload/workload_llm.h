/* workload_llm.h — the `ltbench llm` workload: prompts as token ids, prepared before
 * timing, and the -p x -g shape axis.
 *
 * Prompts are rows of max(-p) token ids: seeded random ids in [0, vocab_size) by default
 * (as llama-bench does), or texts (--prompts FILE) tokenised by the model's byte-level
 * tokenizer (token id = UTF-8 byte value; the row repeats the text's bytes until full).
 * A request of P prompt tokens takes the first P ids of its rows; P = 0 is a one-token
 * prompt, the BOS id (a pure tg test). Request id's sequence j uses prompt row
 * (id * batch + j) mod n. Shape s is test s: (prompt_tokens[s], gen_tokens[s]). */
#ifndef LTB_WORKLOAD_LLM_H
#define LTB_WORKLOAD_LLM_H

#include <stdint.h>

#include "ltbench.h"

#define LTB_LLM_MAX_PROMPTS 100000

typedef struct ltb_llm_prompts_spec {
    const int *prompt_tokens;     /* test i: prompt_tokens[i] and gen_tokens[i] */
    const int *gen_tokens;
    int n_tests;
    int64_t vocab_size;
    int64_t bos_id;               /* the one-token prompt of -p 0 */
    int variations;               /* random prompts: how many rows */
    uint64_t seed;
    const char *const *texts;     /* NULL: random ids; else n_texts texts to tokenise */
    int n_texts;
} ltb_llm_prompts_spec;

/* Builds the prompts. 0, or -1 with a one-line err. */
int ltb_workload_llm(ltb_workload *w, const ltb_llm_prompts_spec *spec, char *err, size_t errlen);

/* The current shape's prompt and generated tokens per sequence (after prepare_shape). */
void ltb_workload_llm_shape(const ltb_workload *w, int *prompt_tokens, int *gen_tokens);
/* The ids a sequence of a request prefills: *n = max(P, 1) ids of sample's row. */
const int64_t *ltb_workload_llm_prompt(const ltb_workload *w, int sample, int *n);
/* The test's name as llama-bench writes it: "pp512", "tg128", "pp512+tg128". */
void ltb_llm_test_name(int prompt_tokens, int gen_tokens, char *buf, size_t len);
#endif
