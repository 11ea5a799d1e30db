/* fleet_verdict.c — the fleet's verdict (see fleet_result.h): levels matched
 * across ranks, aggregate throughput = the sum over the ranks that ran a level,
 * the median, and the ranks more than the tolerance below it. Pure functions. */
#include "fleet_result.h"
#include "metrics.h"
#include "run_exit_code.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ltb_rank_status_name(ltb_rank_status s)
{
    return s == LTB_RANK_OK ? "ok" : s == LTB_RANK_FAILED ? "failed" : "missing";
}

static int level_counts(const ltb_level *lvl)
{
    return !lvl->skipped && lvl->metrics.total_requests > 0;
}

static const ltb_level *find_level(const ltb_run *run, int concurrency, int batch, int repetition)
{
    for (int i = 0; run != NULL && i < run->n_levels; i++) {
        const ltb_level *lvl = &run->levels[i];
        if (lvl->concurrency == concurrency && lvl->batch == batch && lvl->repetition == repetition)
            return lvl;
    }
    return NULL;
}

const ltb_level *ltb_fleet_rank_level(const ltb_fleet_result *fr, int r, int l)
{
    const ltb_fleet_level *fl = &fr->levels[l];
    const ltb_rank_report *rr = &fr->ranks[r];
    if (rr->status != LTB_RANK_OK)
        return NULL;
    return find_level(rr->run, fl->concurrency, fl->batch, fl->repetition);
}

/* Every (concurrency, batch, repetition) any rank ran, in the order first seen. */
static void collect_levels(ltb_fleet_result *fr)
{
    fr->n_levels = 0;
    for (int r = 0; r < fr->size; r++) {
        const ltb_run *run = fr->ranks[r].status == LTB_RANK_OK ? fr->ranks[r].run : NULL;
        for (int i = 0; run != NULL && i < run->n_levels; i++) {
            const ltb_level *lvl = &run->levels[i];
            int known = 0;
            for (int l = 0; l < fr->n_levels && !known; l++)
                known = fr->levels[l].concurrency == lvl->concurrency &&
                        fr->levels[l].batch == lvl->batch &&
                        fr->levels[l].repetition == lvl->repetition;
            if (!known && fr->n_levels < LTB_MAX_RUN_LEVELS)
                fr->levels[fr->n_levels++] = (ltb_fleet_level){
                    .concurrency = lvl->concurrency, .batch = lvl->batch,
                    .repetition = lvl->repetition};
        }
    }
}

static void judge_level(ltb_fleet_result *fr, int l, double *scratch)
{
    ltb_fleet_level *fl = &fr->levels[l];
    ltb_task task = fr->config->task;
    int n = 0;
    fl->aggregate = 0;
    for (int r = 0; r < fr->size; r++) {
        const ltb_level *lvl = ltb_fleet_rank_level(fr, r, l);
        size_t at = (size_t)r * (size_t)fr->n_levels + (size_t)l;
        fr->throughput[at] = NAN;
        fr->deviation_pct[at] = NAN;
        if (lvl == NULL || !level_counts(lvl))
            continue;
        double tp = ltb_level_throughput(task, &lvl->metrics);
        fr->throughput[at] = tp;
        fl->aggregate += tp;
        scratch[n++] = tp;
    }
    fl->reporting = n;
    if (n == 0)
        return;
    fl->median = ltb_median_sorting(scratch, (size_t)n);
    fl->min = scratch[0];
    fl->max = scratch[n - 1];
    double floor = fl->median * (1.0 - fr->tolerance_pct / 100.0);
    for (int r = 0; r < fr->size; r++) {
        size_t at = (size_t)r * (size_t)fr->n_levels + (size_t)l;
        if (isnan(fr->throughput[at]))
            continue;
        if (fl->median > 0)
            fr->deviation_pct[at] = (fr->throughput[at] / fl->median - 1.0) * 100.0;
        if (fl->median > 0 && fr->throughput[at] < floor) {
            fr->outlier[at] = 1;
            fl->outliers++;
        }
    }
}

int ltb_fleet_judge(ltb_fleet_result *fr)
{
    if (fr->size < 1)
        return -1;
    collect_levels(fr);
    size_t cells = (size_t)fr->size * (size_t)(fr->n_levels > 0 ? fr->n_levels : 1);
    fr->throughput = malloc(cells * sizeof *fr->throughput);
    fr->deviation_pct = malloc(cells * sizeof *fr->deviation_pct);
    fr->outlier = calloc(cells, 1);
    double *scratch = malloc((size_t)(unsigned)fr->size * sizeof *scratch);
    if (!fr->throughput || !fr->deviation_pct || !fr->outlier || !scratch) {
        free(scratch);
        return -1;
    }
    for (int l = 0; l < fr->n_levels; l++)
        judge_level(fr, l, scratch);
    free(scratch);

    fr->failed_ranks = fr->missing_ranks = fr->outlier_ranks = fr->interrupted_ranks = 0;
    for (int r = 0; r < fr->size; r++) {
        fr->failed_ranks += fr->ranks[r].status == LTB_RANK_FAILED;
        fr->missing_ranks += fr->ranks[r].status == LTB_RANK_MISSING;
        fr->interrupted_ranks += fr->ranks[r].status == LTB_RANK_OK && fr->ranks[r].run != NULL &&
                                 fr->ranks[r].run->interrupted;
        int flagged = 0;
        for (int l = 0; l < fr->n_levels; l++)
            flagged |= fr->outlier[(size_t)r * (size_t)fr->n_levels + (size_t)l];
        fr->outlier_ranks += flagged;
    }
    fr->passed = fr->failed_ranks == 0 && fr->missing_ranks == 0 && fr->outlier_ranks == 0;
    return 0;
}

int ltb_fleet_exit_code(const ltb_fleet_result *fr)
{
    int requests_failed = 0;
    for (int r = 0; r < fr->size; r++) {
        const ltb_rank_report *rr = &fr->ranks[r];
        if (rr->status != LTB_RANK_OK || rr->run == NULL)
            continue;
        int code = ltb_run_exit_code(rr->run);
        if (code == LTB_EXIT_INTERRUPTED)
            return LTB_EXIT_INTERRUPTED;
        requests_failed |= code != LTB_EXIT_OK;
    }
    if (!fr->passed)
        return LTB_EXIT_FLEET_FAILED;
    return requests_failed ? LTB_EXIT_FAILED_REQUESTS : LTB_EXIT_OK;
}

void ltb_fleet_result_free(ltb_fleet_result *fr)
{
    free(fr->throughput);
    free(fr->deviation_pct);
    free(fr->outlier);
    fr->throughput = fr->deviation_pct = NULL;
    fr->outlier = NULL;
    for (int r = 0; fr->ranks != NULL && r < fr->size; r++)
        ltb_rank_report_free(&fr->ranks[r]);
}
