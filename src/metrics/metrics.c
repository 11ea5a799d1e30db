/* metrics.c — pure functions from arrays of records to the numbers we report:
 * percentiles, latency summaries, the sums every task's level metrics share,
 * the image/classification metrics of a level, and "which level was best" (the
 * TTS metrics build on these in metrics_tts.c). No I/O, no clocks, no allocation
 * beyond scratch arrays for sorting. Failed requests count in totals and the
 * success rate only: they are excluded from T_wall, throughput, latencies and
 * phase means. */
#include "metrics.h"
#include "text_stats.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The seed's percentile rule (its Python suite: v[min(int(q*n), n-1)] on the
 * sorted values), so both tools give the same number on the same records. q*n is
 * computed in double exactly as Python does, with no epsilon, to match it. */
double ltb_percentile_sorted(const double *v, size_t n, double q)
{
    if (n == 0 || v == NULL)
        return 0.0;
    if (!(q > 0.0))
        return v[0];
    double pos = floor(q * (double)n);
    size_t idx = pos >= (double)(n - 1) ? n - 1 : (size_t)pos;
    return v[idx];
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sample standard deviation (divides by n-1: the values are a sample of the
 * latencies this configuration would produce); 0 for n < 2. */
static double sample_stddev(const double *v, size_t n, double mean)
{
    if (n < 2)
        return 0.0;
    double sum_sq = 0.0;
    for (size_t i = 0; i < n; i++)
        sum_sq += (v[i] - mean) * (v[i] - mean);
    return sqrt(sum_sq / (double)(n - 1));
}

double ltb_median_sorting(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

void ltb_latency_from(double *v, size_t n, ltb_latency *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || v == NULL)
        return;
    qsort(v, n, sizeof *v, compare_doubles);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    out->n = n;
    out->min = v[0];
    out->max = v[n - 1];
    out->mean = sum / (double)n;
    out->p50 = ltb_percentile_sorted(v, n, 0.50);
    out->p95 = ltb_percentile_sorted(v, n, 0.95);
    out->p99 = ltb_percentile_sorted(v, n, 0.99);
    out->stddev = sample_stddev(v, n, out->mean);
    out->cov = out->mean > 0.0 ? out->stddev / out->mean : 0.0;
}

/* b - a in ms, 0 when b is before a (a clock that was never set). */
static double span_ms(uint64_t a, uint64_t b)
{
    return b > a ? (double)(b - a) / 1e6 : 0.0;
}

uint64_t ltb_record_origin_ns(const ltb_record *r)
{
    return r->t_due_ns != 0 ? r->t_due_ns : r->t_start_ns;
}

double ltb_record_latency_ms(const ltb_record *r)
{
    return span_ms(ltb_record_origin_ns(r), r->t_end_ns);
}

double ltb_record_service_ms(const ltb_record *r)
{
    return span_ms(r->t_start_ns, r->t_end_ns);
}

double ltb_record_first_ms(const ltb_record *r)
{
    uint64_t first = r->res.first_result_ns != 0 ? r->res.first_result_ns : r->t_end_ns;
    return span_ms(ltb_record_origin_ns(r), first);
}

/* The prompt of an image request is its (first) image's file name. */
static size_t prompt_chars(const ltb_record *r, const ltb_sample_info *samples, int n_samples)
{
    if (samples == NULL || r->sample < 0 || r->sample >= n_samples)
        return 0;
    return ltb_utf8_cstr_chars(samples[r->sample].name);
}

double ltb_safe_div(double num, double den)
{
    return den > 0.0 ? num / den : 0.0;
}

/* ---- what every task's metrics share ------------------------------------------ */

void ltb_level_sums_add(ltb_level_sums *s, const ltb_record *r)
{
    if (s->ok == 0 || r->t_start_ns < s->first_start)
        s->first_start = r->t_start_ns;
    if (s->ok == 0 || r->t_end_ns > s->last_end)
        s->last_end = r->t_end_ns;
    s->ok++;
    s->request_wall_s += ltb_record_latency_ms(r) / 1000.0;
    const ltb_result *res = &r->res;
    s->phase_ns[0] += (double)res->preprocess_ns;
    s->phase_ns[1] += (double)res->h2d_ns;
    s->phase_ns[2] += (double)res->forward_ns;
    s->phase_ns[3] += (double)res->d2h_ns;
    s->phase_ns[4] += (double)res->postprocess_ns;
    if (res->gpu_ms >= 0.0) {
        s->gpu_ms += res->gpu_ms;
        s->gpu_n++;
    }
    if (res->server_processing_s >= 0.0) {
        s->server_ms += res->server_processing_s * 1000.0;
        s->server_n++;
    }
}

void ltb_metrics_begin(ltb_metrics *m, int concurrency, int batch, size_t n)
{
    memset(m, 0, sizeof *m);
    m->concurrency = concurrency;
    m->batch = batch;
    m->gpu_mem_mb = -1.0;
    ltb_gpu_metrics_none(&m->gpu);
    m->total_requests = n;
}

void ltb_metrics_gpu_times(const ltb_record *r, size_t n, ltb_gpu_metrics *g)
{
    size_t timed = 0, enqueued = 0;
    double enqueue_ms = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].res.ok)
            continue;
        timed += r[i].res.gpu_compute_ms >= 0.0;
        if (r[i].res.enqueue_ns > 0) {
            enqueue_ms += (double)r[i].res.enqueue_ns / 1e6;
            enqueued++;
        }
    }
    g->mean_enqueue_ms = enqueued > 0 ? enqueue_ms / (double)enqueued : -1.0;
    memset(&g->compute, 0, sizeof g->compute);
    double *v = timed > 0 ? malloc(timed * sizeof *v) : NULL;
    if (v == NULL)
        return;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].res.ok && r[i].res.gpu_compute_ms >= 0.0)
            v[k++] = r[i].res.gpu_compute_ms;
    ltb_latency_from(v, k, &g->compute);
    free(v);
}

static void set_phase_means(ltb_metrics *m, const ltb_level_sums *s)
{
    double per_ms = s->ok > 0 ? 1.0 / ((double)s->ok * 1e6) : 0.0;
    m->mean_preprocess_ms = s->phase_ns[0] * per_ms;
    m->mean_h2d_ms = s->phase_ns[1] * per_ms;
    m->mean_forward_ms = s->phase_ns[2] * per_ms;
    m->mean_d2h_ms = s->phase_ns[3] * per_ms;
    m->mean_postprocess_ms = s->phase_ns[4] * per_ms;
    m->mean_gpu_ms = s->gpu_n > 0 ? s->gpu_ms / (double)s->gpu_n : -1.0;
    m->mean_server_ms = s->server_n > 0 ? s->server_ms / (double)s->server_n : -1.0;
}

void ltb_metrics_from_sums(ltb_metrics *m, const ltb_level_sums *s)
{
    size_t n = m->total_requests;
    m->ok_requests = s->ok;
    m->failed_requests = n - s->ok;
    m->success_rate_pct = n > 0 ? 100.0 * (double)s->ok / (double)n : 0.0;
    if (s->ok > 0 && s->last_end > s->first_start)
        m->wall_s = (double)(s->last_end - s->first_start) / 1e9;
    m->sum_request_wall_s = s->request_wall_s;
    m->rps = ltb_safe_div((double)s->ok, m->wall_s);
    set_phase_means(m, s);
}

void ltb_metrics_latencies(const ltb_record *r, size_t n, ltb_record_ms_fn first_ms,
                           ltb_latency *first_out, ltb_latency *total_out)
{
    size_t ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += r[i].res.ok != 0;
    if (ok == 0)
        return;
    double *first = malloc(ok * sizeof *first);
    double *total = malloc(ok * sizeof *total);
    if (first != NULL && total != NULL) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!r[i].res.ok)
                continue;
            first[k] = first_ms(&r[i]);
            total[k] = ltb_record_latency_ms(&r[i]);
            k++;
        }
        ltb_latency_from(first, k, first_out);
        ltb_latency_from(total, k, total_out);
    }
    free(first);
    free(total);
}

/* ---- image ---------------------------------------------------------------------- */

/* Zeroes m (memory fields included: peak_rss_mb/avg_rss_mb are 0 and gpu_mem_mb
 * is -1 "none" — the driver sets them after this call). One step and one prompt
 * token per image request's prompt: steps = images, tokens = successful requests. */
void ltb_metrics_image(const ltb_record *r, size_t n, int concurrency, int batch,
                       int width, int height, const ltb_sample_info *samples,
                       int n_samples, ltb_metrics *m)
{
    ltb_metrics_begin(m, concurrency, batch, n);

    ltb_level_sums s;
    double images = 0.0, chars = 0.0;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < n; i++) {
        if (!r[i].res.ok)
            continue;
        ltb_level_sums_add(&s, &r[i]);
        images += r[i].batch > 0 ? r[i].batch : batch;
        chars += (double)prompt_chars(&r[i], samples, n_samples);
    }
    ltb_metrics_from_sums(m, &s);

    m->total_images = images;
    m->total_pixels = images * (double)width * (double)height;
    m->total_steps = images;
    m->total_chars = chars;
    m->total_tokens = (double)s.ok;
    m->ips = ltb_safe_div(m->total_images, m->wall_s);
    m->pps = ltb_safe_div(m->total_pixels, m->wall_s);
    m->sps = ltb_safe_div(m->total_steps, m->wall_s);
    m->cps = ltb_safe_div(chars, m->wall_s);
    m->tokens_per_sec = ltb_safe_div(m->total_tokens, m->wall_s);
    m->avg_prompt_chars = ltb_safe_div(chars, (double)s.ok);
    m->avg_width = s.ok > 0 ? width : 0;
    m->avg_height = s.ok > 0 ? height : 0;

    ltb_metrics_latencies(r, n, ltb_record_first_ms, &m->ttfi, &m->latency);
    ltb_metrics_gpu_times(r, n, &m->gpu);
}

/* ---- best level ------------------------------------------------------------- */

/* Every metric a level can be asked for by name (the tables' columns and best lines,
 * report_table.c), declared once: its name, its field, which way is better. */
typedef struct metric_rule {
    const char *name;
    size_t offset;                /* of a double in ltb_metrics */
    int lower_is_better;
} metric_rule;

#define METRIC(name, member, lower) {name, offsetof(ltb_metrics, member), lower}
static const metric_rule metric_rules[] = {
    METRIC("ips", ips, 0),           METRIC("rps", rps, 0),           METRIC("sps", sps, 0),
    METRIC("cps", cps, 0),           METRIC("asps", asps, 0),         METRIC("ttfi_p50", ttfi.p50, 1),
    METRIC("ttfi_p95", ttfi.p95, 1), METRIC("ttfi_p99", ttfi.p99, 1), METRIC("ttfa_p95", ttfa.p95, 1),
    METRIC("rtf_mean", rtf_mean, 1), METRIC("rtf_p95", rtf_p95, 1),   METRIC("latency_p50", latency.p50, 1),
    METRIC("latency_p95", latency.p95, 1), METRIC("latency_p99", latency.p99, 1),
    METRIC("success_rate_pct", success_rate_pct, 0),
    /* `ltbench llm` */
    METRIC("prefill_tps", llm.prefill_tps, 0), METRIC("decode_tps", llm.decode_tps, 0),
    METRIC("output_tps", llm.output_tps, 0),   METRIC("ttft_p50", llm.ttft.p50, 1),
    METRIC("ttft_p95", llm.ttft.p95, 1),       METRIC("itl_p50", llm.itl.p50, 1),
    METRIC("itl_p99", llm.itl.p99, 1),
};
#undef METRIC

static const metric_rule *find_rule(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof metric_rules / sizeof metric_rules[0]; i++)
        if (strcmp(metric_rules[i].name, name) == 0)
            return &metric_rules[i];
    return NULL;
}

double ltb_metric_value(const ltb_metrics *m, const char *name)
{
    const metric_rule *rule = find_rule(name);
    return rule != NULL ? *(const double *)((const char *)m + rule->offset) : NAN;
}

int ltb_metric_lower_is_better(const char *name)
{
    const metric_rule *rule = find_rule(name);
    return rule != NULL ? rule->lower_is_better : -1;
}

/* The mean of the metric over the repetitions of the point that starts at levels[i]
 * (adjacent, levels[i].repetitions of them at most), counting the usable ones (not
 * skipped, a success, a finite value) in *used. */
static double point_mean(const ltb_level *levels, int n, int i, const metric_rule *rule,
                         int *used)
{
    int reps = levels[i].repetitions > 1 ? levels[i].repetitions : 1;
    double sum = 0.0;
    *used = 0;
    for (int k = i; k < n && k < i + reps; k++) {
        const ltb_metrics *m = &levels[k].metrics;
        double v = ltb_metric_value(m, rule->name);
        if (levels[k].skipped || m->ok_requests == 0 || !isfinite(v))
            continue;
        sum += v;
        (*used)++;
    }
    return *used > 0 ? sum / *used : NAN;
}

/* Points are compared by their mean over the repetitions (a lucky repetition is not
 * the best point); ties keep the first (lowest concurrency) point. */
int ltb_best_point(const ltb_level *levels, int n, const char *metric, double *value,
                   int *repetitions)
{
    const metric_rule *rule = metric != NULL ? find_rule(metric) : NULL;
    if (rule == NULL || levels == NULL)
        return -1;
    int best = -1, best_used = 0;
    double best_value = 0.0;
    for (int i = 0; i < n;) {
        int used, reps = levels[i].repetitions > 1 ? levels[i].repetitions : 1;
        double v = point_mean(levels, n, i, rule, &used);
        int better = rule->lower_is_better ? v < best_value : v > best_value;
        if (used > 0 && (best < 0 || better)) {
            best = i;
            best_value = v;
            best_used = used;
        }
        i += reps;
    }
    if (best >= 0) {
        /* the point's first usable repetition stands for it */
        while (levels[best].skipped || levels[best].metrics.ok_requests == 0 ||
               !isfinite(ltb_metric_value(&levels[best].metrics, rule->name)))
            best++;
        if (value)
            *value = best_value;
        if (repetitions)
            *repetitions = best_used;
    }
    return best;
}

int ltb_best_level(const ltb_level *levels, int n, const char *metric)
{
    return ltb_best_point(levels, n, metric, NULL, NULL);
}
