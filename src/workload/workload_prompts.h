/* workload_prompts.h — the image-generation workload: prompts (ltb_workload_texts
 * underneath) taken `batch` at a time, one image each: request id's first prompt is
 * sample (id * batch) mod n, its image j uses prompt (first + j) mod n. */
#ifndef LTB_WORKLOAD_PROMPTS_H
#define LTB_WORKLOAD_PROMPTS_H

#include "ltbench.h"

/* Copies the n prompts; any batch size runs. 0, or -1 with err. */
int ltb_workload_prompts(ltb_workload *w, const char *const *prompts, int n, char *err,
                         size_t errlen);

/* The workload sample of image j of a request whose first prompt is sample first. */
static inline int ltb_prompt_sample(int first, int j, int n_samples)
{
    return n_samples > 0 ? (int)(((long long)first + j) % n_samples) : 0;
}
#endif
