/* metrics_tts.c — the TTS metrics of a level, with the seed's definitions (ASPS,
 * RTF, RPS, CPS, tokens/s, TTFA), built on the steps metrics.c shares with the
 * image task; per-request helpers the TTS reports use too; and "how many
 * real-time streams" a run sustained. Pure functions, no I/O. Failed requests
 * count in totals and the success rate only. */
#include "metrics.h"
#include "text_stats.h"

#include <stdlib.h>
#include <string.h>

static const ltb_sample_info *sample_of(const ltb_record *r, const ltb_sample_info *samples,
                                        int n_samples)
{
    if (samples == NULL || r->sample < 0 || r->sample >= n_samples)
        return NULL;
    return &samples[r->sample];
}

size_t ltb_sample_text_chars(const ltb_sample_info *s)
{
    if (s == NULL)
        return 0;
    return s->chars > 0 || s->text == NULL ? s->chars : ltb_utf8_cstr_chars(s->text);
}

size_t ltb_record_text_chars(const ltb_record *r, const ltb_sample_info *samples, int n_samples)
{
    return ltb_sample_text_chars(sample_of(r, samples, n_samples));
}

int ltb_record_text_tokens(const ltb_record *r, const ltb_sample_info *samples, int n_samples)
{
    if (r->res.text_tokens > 0)
        return r->res.text_tokens;
    const ltb_sample_info *s = sample_of(r, samples, n_samples);
    return s != NULL ? s->tokens : 0;
}

double ltb_record_ttfa_ms(const ltb_record *r)
{
    uint64_t first = r->res.first_result_ns != 0 ? r->res.first_result_ns : r->t_end_ns;
    return (double)(int64_t)(first - ltb_record_origin_ns(r)) / 1e6;
}

int ltb_record_bit_depth(const ltb_record *r)
{
    return r->res.ok && r->res.bit_depth == 0 ? 16 : r->res.bit_depth;
}

double ltb_record_rtf(const ltb_record *r)
{
    if (!r->res.ok || !(r->res.audio_seconds > 0.0))
        return -1.0;
    return ltb_record_latency_ms(r) / 1000.0 / r->res.audio_seconds;
}

/* rtf_mean, rtf_median and rtf_p95 over the requests that have an RTF. */
static void set_rtf(ltb_metrics *m, const ltb_record *r, size_t n)
{
    double *rtf = n > 0 ? malloc(n * sizeof *rtf) : NULL;
    if (rtf == NULL)
        return;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = ltb_record_rtf(&r[i]);
        if (v >= 0.0)
            rtf[k++] = v;
    }
    ltb_latency summary;
    ltb_latency_from(rtf, k, &summary); /* sorts; mean, p50 and p95 by the seed's rule */
    m->rtf_mean = summary.mean;
    m->rtf_median = summary.p50;
    m->rtf_p95 = summary.p95;
    free(rtf);
}

void ltb_metrics_tts(const ltb_record *r, size_t n, int concurrency,
                     const ltb_sample_info *samples, int n_samples, ltb_metrics *m)
{
    ltb_metrics_begin(m, concurrency, 1, n);
    ltb_level_sums s;
    memset(&s, 0, sizeof s);
    double audio = 0.0, chars = 0.0, tokens = 0.0;
    const ltb_record *first_ok = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].res.ok)
            continue;
        ltb_level_sums_add(&s, &r[i]);
        if (r[i].res.audio_seconds > 0.0)
            audio += r[i].res.audio_seconds;
        chars += (double)ltb_record_text_chars(&r[i], samples, n_samples);
        tokens += ltb_record_text_tokens(&r[i], samples, n_samples);
        if (first_ok == NULL)
            first_ok = &r[i];
    }
    ltb_metrics_from_sums(m, &s);

    m->total_audio_s = audio;
    m->total_chars = chars;
    m->total_tokens = tokens;
    m->asps = ltb_safe_div(audio, m->wall_s);
    m->cps = ltb_safe_div(chars, m->wall_s);
    m->tokens_per_sec = ltb_safe_div(tokens, m->wall_s);
    m->avg_text_chars = ltb_safe_div(chars, (double)s.ok);
    m->avg_audio_s = ltb_safe_div(audio, (double)s.ok);
    if (first_ok != NULL) {
        m->sample_rate = first_ok->res.sample_rate;
        m->bit_depth = ltb_record_bit_depth(first_ok);
    }
    set_rtf(m, r, n);
    ltb_metrics_latencies(r, n, ltb_record_ttfa_ms, &m->ttfa, &m->latency);
    ltb_metrics_gpu_times(r, n, &m->gpu);
}

int ltb_max_realtime_streams(const ltb_level *levels, int n)
{
    int best = 0;
    for (int i = 0; levels != NULL && i < n; i++) {
        const ltb_metrics *m = &levels[i].metrics;
        if (levels[i].skipped || m->ok_requests == 0 || !(m->total_audio_s > 0.0))
            continue;
        if (m->rtf_p95 < 1.0 && levels[i].concurrency > best)
            best = levels[i].concurrency;
    }
    return best;
}
