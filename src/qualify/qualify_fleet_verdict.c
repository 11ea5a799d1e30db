/* qualify_fleet_verdict.c — the verdict over a fleet's qualification profiles (see
 * qualify_fleet.h): per metric the fleet's median, min and max; per rank the
 * throughput metrics more than the tolerance below the median and the metrics it
 * lacks while others have them. */
#include "qualify_fleet.h"

#include "run_exit_code.h"
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The metric list: every name any rank has, in the order met. */
static void list_metrics(qualify_fleet_result *fr)
{
    fr->n_metrics = 0;
    for (int r = 0; r < fr->size; r++) {
        const qualify_profile *p = fr->ranks[r].profile;
        for (int i = 0; p && i < p->n_metrics; i++) {
            int k = 0;
            while (k < fr->n_metrics && strcmp(fr->metrics[k].name, p->metrics[i].name))
                k++;
            if (k < fr->n_metrics || fr->n_metrics == LTB_QUALIFY_MAX_METRICS)
                continue;
            qualify_fleet_metric *m = &fr->metrics[fr->n_metrics++];
            memset(m, 0, sizeof *m);
            snprintf(m->name, sizeof m->name, "%s", p->metrics[i].name);
            snprintf(m->unit, sizeof m->unit, "%s", p->metrics[i].unit);
            m->higher_is_better = p->metrics[i].higher_is_better;
        }
    }
}

double qualify_fleet_value(const qualify_fleet_result *fr, int r, int m)
{
    const qualify_profile *p = fr->ranks[r].profile;
    const qualify_metric *q = p ? qualify_find(p, fr->metrics[m].name) : NULL;
    return q && isfinite(q->value) ? q->value : NAN;
}

int qualify_fleet_is_outlier(const qualify_fleet_result *fr, int r, int m)
{
    return fr->outlier && fr->outlier[(size_t)r * LTB_QUALIFY_MAX_METRICS + (size_t)m];
}

/* Median, min, max and outliers of metric m; 0, or -1 out of memory. */
static int judge_metric(qualify_fleet_result *fr, int m, double *scratch)
{
    qualify_fleet_metric *qm = &fr->metrics[m];
    int n = 0;
    qm->min = qm->max = qm->median = NAN;
    for (int r = 0; r < fr->size; r++) {
        double v = qualify_fleet_value(fr, r, m);
        if (isnan(v))
            continue;
        scratch[n++] = v;
        if (isnan(qm->min) || v < qm->min)
            qm->min = v;
        if (isnan(qm->max) || v > qm->max)
            qm->max = v;
    }
    qm->measured = n;
    if (n == 0)
        return 0;
    qm->median = ltb_median_sorting(scratch, (size_t)n);
    double floor = qm->median * (1.0 - fr->tolerance_pct / 100.0);
    for (int r = 0; r < fr->size; r++) {
        qualify_fleet_rank *rk = &fr->ranks[r];
        if (!rk->profile)
            continue;
        double v = qualify_fleet_value(fr, r, m);
        if (isnan(v)) {
            rk->failed_metrics++;
        } else if (qm->higher_is_better && qm->median > 0 && v < floor) {
            fr->outlier[(size_t)r * LTB_QUALIFY_MAX_METRICS + (size_t)m] = 1;
            rk->outlier_metrics++;
            qm->outliers++;
        }
    }
    return 0;
}

int qualify_fleet_judge(qualify_fleet_result *fr)
{
    list_metrics(fr);
    free(fr->outlier);
    fr->outlier = calloc((size_t)fr->size * LTB_QUALIFY_MAX_METRICS, 1);
    double *scratch = malloc(((size_t)fr->size + 1) * sizeof *scratch);
    if (!fr->outlier || !scratch) {
        free(scratch);
        return -1;
    }
    for (int r = 0; r < fr->size; r++)
        fr->ranks[r].failed_metrics = fr->ranks[r].outlier_metrics = 0;
    for (int m = 0; m < fr->n_metrics; m++)
        judge_metric(fr, m, scratch);
    free(scratch);
    fr->missing_ranks = fr->failed_ranks = fr->outlier_ranks = fr->reference_failed_ranks = 0;
    for (int r = 0; r < fr->size; r++) {
        const qualify_fleet_rank *rk = &fr->ranks[r];
        fr->missing_ranks += rk->profile == NULL;
        fr->failed_ranks += rk->failed_metrics > 0;
        fr->outlier_ranks += rk->outlier_metrics > 0;
        fr->reference_failed_ranks += rk->reference_failures > 0;
    }
    fr->passed = fr->missing_ranks == 0 && fr->failed_ranks == 0 && fr->outlier_ranks == 0;
    return 0;
}

int qualify_fleet_exit_code(const qualify_fleet_result *fr)
{
    if (fr->interrupted)
        return LTB_EXIT_INTERRUPTED;
    if (!fr->passed)
        return LTB_EXIT_FLEET_FAILED;
    return fr->reference_failed_ranks > 0 ? LTB_EXIT_FAILED_REQUESTS : LTB_EXIT_OK;
}

void qualify_fleet_free(qualify_fleet_result *fr)
{
    free(fr->outlier);
    fr->outlier = NULL;
}
