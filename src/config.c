/* config.c — the defaults every run starts from (the seed's, where it had one). */
#include "ltbench.h"

#include <string.h>

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
