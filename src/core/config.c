/* config.c — the defaults every run starts from (the seed's, where it had one). */
#include "ltbench.h"

#include <string.h>

static const char *const kTaskNames[] = {"image", "tts", "generate", "run", "llm"};
#define N_TASKS (sizeof kTaskNames / sizeof kTaskNames[0])

void ltb_config_defaults(ltb_config *c)
{
    memset(c, 0, sizeof *c);
    c->task = LTB_TASK_IMAGE;
    c->name = "benchmark";
    c->output_dir = "ltbench_results";
    c->concurrency[0] = 1;
    c->concurrency[1] = 2;
    c->concurrency[2] = 4;
    c->n_concurrency = 3;
    c->batch[0] = 1;
    c->n_batch = 1;
    c->iterations = 50;
    c->warmup = -1;
    c->repetitions = 1;
    c->timeout_s = 30.0;
    c->drain_timeout_s = 5.0;
    c->seed = 42;
    c->top_k = 5;
    c->outputs = LTB_OUT_TABLE | LTB_OUT_CSV | LTB_OUT_JSON;
    c->device = "cpu";
    c->precision = "fp32";
}

const char *ltb_task_name(ltb_task task)
{
    return (size_t)task < N_TASKS ? kTaskNames[task] : "image";
}

int ltb_task_from_name(const char *name, ltb_task *task)
{
    for (size_t i = 0; name != NULL && i < N_TASKS; i++)
        if (strcmp(name, kTaskNames[i]) == 0) {
            *task = (ltb_task)i;
            return 0;
        }
    return -1;
}
