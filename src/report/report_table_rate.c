/* report_table_rate.c — the open-loop block of the console report (see report_rate.h):
 * one row per level, latency counted from each request's scheduled time. */
#include "report_rate.h"

void ltb_report_table_rate(FILE *out, const ltb_run *run)
{
    if (!ltb_run_is_open_loop(run))
        return;
    const ltb_config *c = &run->config;
    fprintf(out, "\nOpen loop (latency from the scheduled time; service = start to end; ms)\n");
    fprintf(out, "%-10s %-5s %-10s %-9s %-9s %-9s %-9s %-9s %-9s %-6s %-8s%s\n", "Offered/s",
            "Cap", "Achieved/s", "Lat p50", "Lat p99", "Svc p50", "Svc p99", "Wait avg",
            "Wait p99", "Late", "Lag p99", c->slo_ms > 0 ? " SLO" : "");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        if (!(l->rate > 0))
            continue;
        const ltb_metrics *m = &l->metrics;
        const ltb_rate_metrics *r = &m->rate;
        fprintf(out, "%-10g %-5d %-10.2f %-9.3f %-9.3f %-9.3f %-9.3f %-9.3f %-9.3f %-6zu %-8.3f",
                l->rate, l->concurrency, r->achieved_rps, m->latency.p50, m->latency.p99,
                r->service.p50, r->service.p99, r->queue_wait.mean, r->queue_wait.p99,
                r->late_starts, r->issue_lag.p99);
        if (l->slo_pass)
            fprintf(out, " p%g %.3f %s", c->slo_quantile * 100, l->slo_latency_ms,
                    l->slo_pass == 1 ? "pass" : "FAIL");
        fputc('\n', out);
    }
    if (c->slo_ms > 0) {
        if (run->slo_answer_rps > 0)
            fprintf(out, "SLO p%g <= %g ms: highest rate that met it %.2f/s (lowest that "
                    "missed it %.2f/s)\n", c->slo_quantile * 100, c->slo_ms,
                    run->slo_answer_rps, run->slo_failed_rps);
        else
            fprintf(out, "SLO p%g <= %g ms: no rate tried met it (down to %.2f/s)\n",
                    c->slo_quantile * 100, c->slo_ms, run->slo_failed_rps);
    }
}
