/* workload_prompts.c — prompts taken a batch at a time (see workload_prompts.h). */
#include "workload_prompts.h"

#include <stdio.h>

static int prepare_any_batch(ltb_workload *w, int batch, char *err, size_t errlen)
{
    (void)w;
    if (batch < 1) {
        snprintf(err, errlen, "batch %d: a request makes at least one image", batch);
        return -1;
    }
    return 0;
}

static void fill_prompts(ltb_workload *w, int64_t id, int batch, ltb_request *req)
{
    int64_t k = id < 0 ? -id : id;
    int first = (int)((k % w->n_samples) * (batch > 0 ? batch : 1) % w->n_samples);
    req->sample = first;
    req->text = w->samples[first].text;
    req->text_bytes = w->samples[first].bytes;
}

int ltb_workload_prompts(ltb_workload *w, const char *const *prompts, int n, char *err,
                         size_t errlen)
{
    if (ltb_workload_texts(w, prompts, n, err, errlen) != 0)
        return -1;
    w->prepare_batch = prepare_any_batch;
    w->fill = fill_prompts;
    return 0;
}
