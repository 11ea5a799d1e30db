/* metrics_llm.c — the text-generation (`ltbench llm`) metrics of a level (see
 * metrics.h), from records that follow the LLM record contract (src/core/README.md
 * "LLM records"), whatever filled them: the in-process target or an HTTP stream.
 * Built on the shared sums of metrics.c. Pure functions, no I/O; failed requests count
 * in the totals and the success rate only. */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double ltb_record_llm_output_tokens(const ltb_record *r)
{
    return (double)(r->batch > 0 ? r->batch : 1) * (double)r->res.gen_tokens;
}

double ltb_record_prefill_tps(const ltb_record *r)
{
    double s = (double)r->res.prefill_ns / 1e9;
    return r->res.prompt_tokens > 0 && s > 0
               ? (double)(r->batch > 0 ? r->batch : 1) * r->res.prompt_tokens / s : -1;
}

double ltb_record_decode_tps(const ltb_record *r)
{
    double s = (double)r->res.decode_steps_ns / 1e9;
    return r->res.gen_tokens > 1 && s > 0
               ? (double)(r->batch > 0 ? r->batch : 1) * (r->res.gen_tokens - 1) / s : -1;
}

double ltb_record_tpot_ms(const ltb_record *r)
{
    int n = r->res.n_token_ns;
    if (!r->res.token_ns || n < 2)
        return -1;
    return (double)(r->res.token_ns[n - 1] - r->res.token_ns[0]) / 1e6 / (n - 1);
}

/* Mean and sample stddev of the values >= 0 of fn over the successes. */
static void mean_sd(const ltb_record *r, size_t n, double (*fn)(const ltb_record *), double *mean,
                    double *sd)
{
    double sum = 0, sq = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = r[i].res.ok ? fn(&r[i]) : -1;
        if (v < 0)
            continue;
        sum += v;
        k++;
    }
    *mean = k ? sum / (double)k : 0;
    for (size_t i = 0; i < n; i++) {
        double v = r[i].res.ok ? fn(&r[i]) : -1;
        if (v >= 0)
            sq += (v - *mean) * (v - *mean);
    }
    *sd = k > 1 ? sqrt(sq / (double)(k - 1)) : 0;
}

/* Every gap between consecutive token arrivals of the successes, in ms. */
static void inter_token(const ltb_record *r, size_t n, ltb_latency *out)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].res.ok && r[i].res.token_ns && r[i].res.n_token_ns > 1)
            total += (size_t)r[i].res.n_token_ns - 1;
    double *v = total ? malloc(total * sizeof *v) : NULL;
    size_t k = 0;
    for (size_t i = 0; v && i < n; i++) {
        if (!r[i].res.ok || !r[i].res.token_ns)
            continue;
        for (int j = 1; j < r[i].res.n_token_ns; j++)
            v[k++] = (double)(int64_t)(r[i].res.token_ns[j] - r[i].res.token_ns[j - 1]) / 1e6;
    }
    ltb_latency_from(v, k, out);
    free(v);
}

static void tpot(const ltb_record *r, size_t n, ltb_latency *out)
{
    double *v = n ? malloc(n * sizeof *v) : NULL;
    size_t k = 0;
    for (size_t i = 0; v && i < n; i++) {
        double t = r[i].res.ok ? ltb_record_tpot_ms(&r[i]) : -1;
        if (t >= 0)
            v[k++] = t;
    }
    ltb_latency_from(v, k, out);
    free(v);
}

static double output_tps_request(const ltb_record *r)
{
    double ms = ltb_record_latency_ms(r);
    return ms > 0 ? ltb_record_llm_output_tokens(r) / (ms / 1e3) : -1;
}

void ltb_metrics_llm(const ltb_record *r, size_t n, int concurrency, int batch,
                     int prompt_tokens, int gen_tokens, ltb_metrics *m)
{
    ltb_metrics_begin(m, concurrency, batch, n);
    ltb_level_sums s;
    memset(&s, 0, sizeof s);
    double out_tokens = 0;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].res.ok)
            continue;
        ltb_level_sums_add(&s, &r[i]);
        out_tokens += ltb_record_llm_output_tokens(&r[i]);
    }
    ltb_metrics_from_sums(m, &s);
    ltb_llm_metrics *l = &m->llm;
    l->prompt_tokens = prompt_tokens;
    l->gen_tokens = gen_tokens;
    l->output_tokens = out_tokens;
    l->output_tps = ltb_safe_div(out_tokens, m->wall_s);
    m->total_tokens = out_tokens;
    m->tokens_per_sec = l->output_tps;
    double sd;
    mean_sd(r, n, ltb_record_prefill_tps, &l->prefill_tps, &l->prefill_tps_sd);
    mean_sd(r, n, ltb_record_decode_tps, &l->decode_tps, &l->decode_tps_sd);
    mean_sd(r, n, output_tps_request, &l->output_tps_request, &sd);
    ltb_metrics_latencies(r, n, ltb_record_first_ms, &l->ttft, &m->latency);
    m->ttfi = l->ttft;
    inter_token(r, n, &l->itl);
    tpot(r, n, &l->tpot);
    ltb_metrics_gpu_times(r, n, &m->gpu);
}

int ltb_llm_level_prompt(const ltb_config *c, const ltb_level *l)
{
    return l->shape >= 0 && l->shape < c->n_llm_tests ? c->llm_prompt[l->shape] : 0;
}

int ltb_llm_level_gen(const ltb_config *c, const ltb_level *l)
{
    return l->shape >= 0 && l->shape < c->n_llm_tests ? c->llm_gen[l->shape] : 0;
}
