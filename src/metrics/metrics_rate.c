/* metrics_rate.c — what an open-loop level did against its schedule: offered and
 * achieved rate, queue wait, service time, ltbench's own issuing lag, late starts,
 * and the warnings when the numbers describe ltbench rather than the target (see
 * metrics.h). Pure: records in, numbers out. */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double ms_between(uint64_t a, uint64_t b)
{
    return b > a ? (double)(b - a) / 1e6 : 0.0;
}

void ltb_metrics_rate(const ltb_record *rec, size_t n, double offered_rps, ltb_rate_metrics *r)
{
    memset(r, 0, sizeof *r);
    r->offered_rps = offered_rps;
    double *wait = malloc((n ? n : 1) * sizeof *wait);
    double *service = malloc((n ? n : 1) * sizeof *service);
    double *lag = malloc((n ? n : 1) * sizeof *lag);
    uint64_t *due = malloc((n ? n : 1) * sizeof *due);
    if (!wait || !service || !lag || !due) {
        free(wait), free(service), free(lag), free(due);
        return;
    }
    size_t started = 0, ok = 0;
    uint64_t first_due = 0, last_due = 0, last_end = 0;
    for (size_t i = 0; i < n; i++) {
        const ltb_record *x = &rec[i];
        if (x->t_due_ns == 0 || x->t_start_ns == 0)
            continue;
        due[started] = x->t_due_ns;
        wait[started] = ms_between(x->t_due_ns, x->t_start_ns);
        lag[started] = ms_between(x->t_ready_ns, x->t_start_ns);
        started++;
        r->late_starts += x->t_ready_ns > x->t_due_ns;
        if (first_due == 0 || x->t_due_ns < first_due)
            first_due = x->t_due_ns;
        if (x->t_due_ns > last_due)
            last_due = x->t_due_ns;
        if (!x->res.ok)
            continue;
        service[ok++] = ltb_record_service_ms(x);
        if (x->t_end_ns > last_end)
            last_end = x->t_end_ns;
    }
    /* the schedule's own gaps (records are in index order, so due times ascend) */
    for (size_t i = started; i-- > 1;)
        due[i] -= due[i - 1];
    double sum = 0, sum_sq = 0;
    for (size_t i = 1; i < started; i++)
        sum += (double)due[i], sum_sq += (double)due[i] * (double)due[i];
    if (started > 2) {
        double m = sum / (double)(started - 1);
        double var = (sum_sq - (double)(started - 1) * m * m) / (double)(started - 2);
        r->scheduled_cov = m > 0 && var > 0 ? sqrt(var) / m : 0.0;
    }
    ltb_latency_from(wait, started, &r->queue_wait);
    ltb_latency_from(lag, started, &r->issue_lag);
    ltb_latency_from(service, ok, &r->service);
    if (started > 0 && offered_rps > 0)
        r->scheduled_rps = (double)started / ((double)(last_due - first_due) / 1e9 + 1.0 / offered_rps);
    if (ok > 0 && last_end > first_due)
        r->achieved_rps = (double)ok / ((double)(last_end - first_due) / 1e9);
    free(wait), free(service), free(lag), free(due);
}

int ltb_rate_warning(const ltb_rate_metrics *r, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!(r->offered_rps > 0))
        return 0;
    size_t k = 0;
    /* against what the drawn schedule offered: a short Poisson sample is not its mean */
    double offered = r->scheduled_rps > 0 ? r->scheduled_rps : r->offered_rps;
    if (r->achieved_rps < (1.0 - LTB_RATE_SHORTFALL) * offered)
        k += (size_t)snprintf(buf, len, "achieved %.1f/s is %.0f %% under the %.1f/s its "
                              "schedule offered (--rate %g): the target cannot keep up",
                              r->achieved_rps, 100.0 * (1.0 - r->achieved_rps / offered),
                              offered, r->offered_rps);
    if (r->issue_lag.n > 0 && r->issue_lag.p99 > LTB_RATE_LAG_P99_MS && k < len)
        snprintf(buf + k, len - k, "%sltbench's own issuing lag p99 is %.2f ms (over %g ms): "
                 "these numbers describe ltbench, not the target", k ? "; " : "",
                 r->issue_lag.p99, LTB_RATE_LAG_P99_MS);
    return buf[0] != '\0';
}
