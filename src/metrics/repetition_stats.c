/* repetition_stats.c — throughput statistics across repetitions of a level
 * (llama-bench's "avg ± stddev"; see metrics.h). */
#include "metrics.h"

#include <math.h>

static void mean_stddev(const double *v, int n, double *mean, double *stddev)
{
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    *mean = n ? sum / n : 0;
    for (int i = 0; i < n; i++)
        sq += (v[i] - *mean) * (v[i] - *mean);
    *stddev = n > 1 ? sqrt(sq / (n - 1)) : 0;
}

double ltb_level_throughput(ltb_task task, const ltb_metrics *m)
{
    return task == LTB_TASK_TTS ? m->asps : task == LTB_TASK_LLM ? m->llm.output_tps : m->ips;
}

void ltb_repetition_stats(ltb_level *levels, int n, ltb_task task)
{
    double throughput[LTB_MAX_RUN_LEVELS] = {0}, rps[LTB_MAX_RUN_LEVELS] = {0};
    int used = 0;
    for (int i = 0; i < n && used < LTB_MAX_RUN_LEVELS; i++) {
        const ltb_metrics *m = &levels[i].metrics;
        if (levels[i].skipped || m->ok_requests == 0)
            continue;
        throughput[used] = ltb_level_throughput(task, m);
        rps[used++] = m->rps;
    }
    double tp_mean, tp_sd, rps_mean, rps_sd;
    mean_stddev(throughput, used, &tp_mean, &tp_sd);
    mean_stddev(rps, used, &rps_mean, &rps_sd);
    for (int i = 0; i < n; i++) {
        levels[i].repetitions = n;
        levels[i].rep_throughput_mean = tp_mean;
        levels[i].rep_throughput_stddev = tp_sd;
        levels[i].rep_rps_mean = rps_mean;
        levels[i].rep_rps_stddev = rps_sd;
    }
}
