/* stress_result.c — a stress result's time series and its summaries (stress_result.h). */
#include "stress_result.h"

#include <stdlib.h>
#include <string.h>

int ltb_stress_add_sample(ltb_stress_result *r, const ltb_stress_sample *s)
{
    if (r->n_samples == r->cap_samples) {
        int cap = r->cap_samples ? r->cap_samples * 2 : 64;
        ltb_stress_sample *grown = realloc(r->samples, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        r->samples = grown;
        r->cap_samples = cap;
    }
    r->samples[r->n_samples++] = *s;
    return 0;
}

void ltb_stress_result_free(ltb_stress_result *r)
{
    free(r->samples);
    free(r->latency);
    r->samples = NULL;
    r->latency = NULL;
    r->n_samples = r->cap_samples = 0;
}

double ltb_stress_rps(const ltb_stress_result *r)
{
    return r->elapsed_s > 0 ? (double)r->ok / r->elapsed_s : 0;
}

double ltb_stress_success_pct(const ltb_stress_result *r)
{
    return r->total ? 100.0 * (double)r->ok / (double)r->total : 0;
}

void ltb_stress_system_metrics(const ltb_stress_result *r, ltb_stress_system *s)
{
    memset(s, 0, sizeof *s);
    s->rss_start_mb = s->rss_peak_mb = r->rss_start_mb;
    double rss_sum = 0, cpu_sum = 0;
    int rss_n = 0;
    for (int i = 0; i < r->n_samples; i++) {
        const ltb_stress_sample *row = &r->samples[i];
        if (row->rss_mb >= 0) {
            rss_sum += row->rss_mb;
            rss_n++;
            s->rss_end_mb = row->rss_mb;
            if (row->rss_mb > s->rss_peak_mb)
                s->rss_peak_mb = row->rss_mb;
        }
        cpu_sum += row->cpu_pct;
        if (row->cpu_pct > s->cpu_peak_pct)
            s->cpu_peak_pct = row->cpu_pct;
    }
    s->rss_avg_mb = rss_n ? rss_sum / rss_n : s->rss_start_mb;
    if (!rss_n)
        s->rss_end_mb = s->rss_start_mb;
    s->rss_growth_mb = s->rss_end_mb - s->rss_start_mb;
    s->cpu_avg_pct = r->n_samples ? cpu_sum / r->n_samples : 0;
}
