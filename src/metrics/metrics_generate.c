/* metrics_generate.c — the image-generation metrics of a level (see metrics.h),
 * built on the shared sums of metrics.c. Failed requests count in the totals and the
 * success rate only. */
#include "metrics.h"
#include "workload_prompts.h"

#include <string.h>

int ltb_record_images(const ltb_record *r, int level_batch)
{
    if (r->res.images > 0)
        return r->res.images;
    return r->batch > 0 ? r->batch : level_batch;
}

int ltb_record_steps(const ltb_record *r, int config_steps)
{
    return r->res.steps > 0 ? r->res.steps : config_steps;
}

void ltb_record_prompt_totals(const ltb_record *r, int level_batch, const ltb_sample_info *samples,
                              int n_samples, double *chars, double *tokens)
{
    *chars = *tokens = 0.0;
    if (samples == NULL || n_samples < 1 || r->sample < 0 || r->sample >= n_samples)
        return;
    int images = ltb_record_images(r, level_batch);
    for (int j = 0; j < images; j++) {
        const ltb_sample_info *s = &samples[ltb_prompt_sample(r->sample, j, n_samples)];
        *chars += (double)ltb_sample_text_chars(s);
        *tokens += s->tokens;
    }
}

void ltb_metrics_generate(const ltb_record *r, size_t n, int concurrency, int batch,
                          const ltb_config *cfg, const ltb_sample_info *samples, int n_samples,
                          ltb_metrics *m)
{
    ltb_metrics_begin(m, concurrency, batch, n);
    ltb_level_sums s;
    memset(&s, 0, sizeof s);
    double images = 0, steps = 0, chars = 0, tokens = 0, encode_ns = 0, denoise_ns = 0,
           decode_ns = 0;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].res.ok)
            continue;
        ltb_level_sums_add(&s, &r[i]);
        double c, t;
        ltb_record_prompt_totals(&r[i], batch, samples, n_samples, &c, &t);
        images += ltb_record_images(&r[i], batch);
        steps += ltb_record_steps(&r[i], cfg->steps);
        chars += c;
        tokens += t;
        encode_ns += (double)r[i].res.encode_ns;
        denoise_ns += (double)r[i].res.denoise_ns;
        decode_ns += (double)r[i].res.decode_ns;
    }
    ltb_metrics_from_sums(m, &s);

    m->total_images = images;
    m->total_pixels = images * (double)cfg->width * (double)cfg->height;
    m->total_steps = steps;
    m->total_chars = chars;
    m->total_tokens = tokens;
    m->ips = ltb_safe_div(images, m->wall_s);
    m->pps = ltb_safe_div(m->total_pixels, m->wall_s);
    m->sps = ltb_safe_div(steps, m->wall_s);
    m->cps = ltb_safe_div(chars, m->wall_s);
    m->tokens_per_sec = ltb_safe_div(tokens, m->wall_s);
    m->avg_prompt_chars = ltb_safe_div(chars, images);
    m->avg_width = s.ok > 0 ? cfg->width : 0;
    m->avg_height = s.ok > 0 ? cfg->height : 0;
    m->mean_encode_ms = ltb_safe_div(encode_ns, (double)s.ok) / 1e6;
    m->mean_step_ms = ltb_safe_div(denoise_ns, steps) / 1e6;
    m->mean_decode_ms = ltb_safe_div(decode_ns, (double)s.ok) / 1e6;

    ltb_metrics_latencies(r, n, ltb_record_first_ms, &m->ttfi, &m->latency);
}
