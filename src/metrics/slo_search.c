/* slo_search.c — the --slo rate search (see slo_search.h): each step is one
 * open-loop level driven by ltb_drive, its metrics computed at once to decide the
 * next rate. */
#include "slo_search.h"
#include "driver.h"
#include "interrupt.h"
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double ltb_slo_percentile_ms(const ltb_record *r, size_t n, double q)
{
    if (n == 0)
        return -1.0;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return -1.0;
    for (size_t i = 0; i < n; i++)
        v[i] = r[i].res.ok ? ltb_record_latency_ms(&r[i]) : INFINITY;
    qsort(v, n, sizeof *v, compare_doubles);
    double p = ltb_percentile_sorted(v, n, q);
    free(v);
    return p;
}

/* The service-time (start to end) percentile q of the successful records; 0 when none. */
static double service_percentile_ms(const ltb_record *r, size_t n, double q)
{
    double *v = n ? malloc(n * sizeof *v) : NULL;
    size_t k = 0;
    for (size_t i = 0; v && i < n; i++)
        if (r[i].res.ok)
            v[k++] = ltb_record_service_ms(&r[i]);
    if (k == 0) {
        free(v);
        return 0.0;
    }
    qsort(v, k, sizeof *v, compare_doubles);
    double p = ltb_percentile_sorted(v, k, q);
    free(v);
    return p;
}

double ltb_slo_next_rate(double rate, double met, double missed)
{
    if (missed <= 0)
        return rate * 2.0;
    if (met <= 0)
        return rate / 2.0 >= LTB_SLO_MIN_RPS ? rate / 2.0 : 0.0;
    if ((missed - met) / met <= LTB_SLO_PRECISION)
        return 0.0;
    return (met + missed) / 2.0;
}

/* The step's config: one open-loop level at `rate`, no search of its own. */
static ltb_config step_config(const ltb_config *cfg, double rate)
{
    ltb_config one = *cfg;
    one.rate[0] = rate;
    one.n_rate = 1;
    one.n_concurrency = 1;
    one.n_batch = 1;
    one.repetitions = 1;
    one.slo_ms = 0;
    return one;
}

int ltb_slo_search(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_run *run,
                   char *err, size_t errlen)
{
    ltb_run *step = calloc(1, sizeof *step);
    if (!step) {
        snprintf(err, errlen, "out of memory for the --slo search");
        return -1;
    }
    memset(run, 0, sizeof *run);
    run->config = *cfg;
    double rate = cfg->rate[0] > 0 ? cfg->rate[0] : 10.0, met = 0, missed = 0;
    for (int k = 0; k < LTB_SLO_MAX_STEPS && run->n_levels < LTB_MAX_RUN_LEVELS && rate > 0 &&
                    !ltb_interrupted(); k++) {
        ltb_config one = step_config(cfg, rate);
        if (ltb_drive(&one, w, t, step, err, errlen) != 0) {
            free(step);
            return -1;
        }
        ltb_run_metrics(step);
        if (k == 0) {              /* the run's clocks and workload are the first step's */
            run->config = step->config;
            run->config.rate[0] = cfg->rate[0];   /* the search's start */
            run->config.slo_ms = cfg->slo_ms;
            run->samples = step->samples;
            run->n_samples = step->n_samples;
            run->started_unix = step->started_unix;
            run->started_mono_ns = step->started_mono_ns;
        }
        run->workers_left_running += step->workers_left_running;
        for (int i = 0; i < step->n_levels && run->n_levels < LTB_MAX_RUN_LEVELS; i++) {
            ltb_level *lvl = &run->levels[run->n_levels++];
            *lvl = step->levels[i];
            step->levels[i].records = NULL;     /* the run owns them now */
            lvl->slo_latency_ms = ltb_slo_percentile_ms(lvl->records, lvl->n_records,
                                                        cfg->slo_quantile);
            int ok = !lvl->skipped && lvl->n_records > 0 && lvl->slo_latency_ms >= 0 &&
                     lvl->slo_latency_ms <= cfg->slo_ms;
            lvl->slo_pass = ok ? 1 : 2;
            if (ok && rate > met)
                met = rate;
            if (!ok && (missed == 0 || rate < missed))
                missed = rate;
            if (!cfg->quiet)
                fprintf(stderr, "ltbench: --slo step %d: %g/s offered, %.1f/s achieved, p%g "
                        "%.3f ms from schedule: %s the %g ms bound\n", run->n_levels, rate,
                        lvl->metrics.rate.achieved_rps, cfg->slo_quantile * 100,
                        lvl->slo_latency_ms, ok ? "meets" : "misses", cfg->slo_ms);
        }
        step->n_levels = 0;
        if (step->workers_left_running)
            break;
        /* the service time alone misses the bound: no lower rate can meet it */
        const ltb_level *last = &run->levels[run->n_levels - 1];
        double service_q = service_percentile_ms(last->records, last->n_records, cfg->slo_quantile);
        if (met == 0 && service_q > cfg->slo_ms) {
            if (!cfg->quiet)
                fprintf(stderr, "ltbench: --slo: the service time's p%g alone is %.3f ms, over "
                        "the %g ms bound: no rate can meet it\n", cfg->slo_quantile * 100,
                        service_q, cfg->slo_ms);
            break;
        }
        rate = ltb_slo_next_rate(rate, met, missed);
    }
    run->slo_answer_rps = met;
    run->slo_failed_rps = missed;
    run->interrupted = ltb_interrupted();
    free(step);
    return 0;
}
