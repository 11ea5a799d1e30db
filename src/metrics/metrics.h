/* metrics.h — pure functions from arrays of records to metrics. No I/O, no clocks.
 * Percentiles follow the seed's rule so numbers match its Python suite on the same
 * records: sort ascending, take v[min(floor(q*n), n-1)]. */
#ifndef LTB_METRICS_H
#define LTB_METRICS_H

#include "gpu_level.h"   /* ltb_gpu_metrics_none */
#include "ltbench.h"

/* v sorted ascending, n > 0; q in [0,1]. Returns 0 for n == 0. */
double ltb_percentile_sorted(const double *v, size_t n, double q);

/* The median of n > 0 values (sorts v in place): the middle value, or the mean of
 * the two middle ones (not the seed's percentile rule: fleets compare ranks by it). */
double ltb_median_sorting(double *v, size_t n);

/* Fills out from n values (ms); sorts v in place. n == 0 gives all zeros. */
void ltb_latency_from(double *v, size_t n, ltb_latency *out);

/* Where a request's latency counts from: its due time in rate mode (coordinated
 * omission corrected, like wrk2), else its start. */
uint64_t ltb_record_origin_ns(const ltb_record *r);
/* Request latency of a record in ms (t_end - origin: t_due in rate mode, else t_start). */
double ltb_record_latency_ms(const ltb_record *r);
/* Service time in ms (t_end - t_start), whatever the mode. */
double ltb_record_service_ms(const ltb_record *r);
/* Time to first result in ms (first_result_ns or t_end when 0, minus the origin). */
double ltb_record_first_ms(const ltb_record *r);

/* The shared steps of every task's level metrics (ltb_metrics_image and
 * ltb_metrics_tts are built from them). */
typedef struct ltb_level_sums {
    size_t ok;                            /* successful requests added */
    uint64_t first_start, last_end;       /* min t_start, max t_end of those */
    double request_wall_s;                /* sum of their latencies */
    double phase_ns[5];                   /* preprocess, h2d, forward, d2h, postprocess */
    double gpu_ms, server_ms;             /* sums over the requests that have one */
    size_t gpu_n, server_n;
} ltb_level_sums;

/* Adds a successful request to s (zero s first). */
void ltb_level_sums_add(ltb_level_sums *s, const ltb_record *r);
/* Zeroes m and sets concurrency, batch, total_requests = n and gpu_mem_mb = -1. */
void ltb_metrics_begin(ltb_metrics *m, int concurrency, int batch, size_t n);
/* From s and m->total_requests: ok/failed counts, success rate, T_wall (wall_s),
 * sum_request_wall_s, RPS = N_ok / T_wall and the phase means (GPU and server
 * means are -1 when no request had one). */
void ltb_metrics_from_sums(ltb_metrics *m, const ltb_level_sums *s);
/* GPU compute time (res.gpu_compute_ms, CUDA events around the forward) distribution
 * and mean enqueue time (res.enqueue_ns) over the successful records that have them;
 * compute.n = 0 and mean_enqueue_ms = -1 when none has. The memory and telemetry
 * fields of g are left alone (the driver measures those). */
void ltb_metrics_gpu_times(const ltb_record *r, size_t n, ltb_gpu_metrics *g);
/* A per-record time in ms, e.g. ltb_record_first_ms. */
typedef double (*ltb_record_ms_fn)(const ltb_record *r);
/* First-result (first_ms of each) and end-to-end latency distributions of the
 * successful records; both left untouched when none succeeded. */
void ltb_metrics_latencies(const ltb_record *r, size_t n, ltb_record_ms_fn first_ms,
                           ltb_latency *first, ltb_latency *total);
/* num / den, 0 when den <= 0. */
double ltb_safe_div(double num, double den);

/* Image / classification metrics of one level. T_wall = max(t_end) - min(t_start)
 * over successful requests; IPS = images/T_wall (images = sum of batch over
 * successes); PPS = pixels/T_wall; SPS = steps/T_wall (1 step per image for
 * classification); RPS = N_ok/T_wall; CPS = sum of prompt chars / T_wall (the
 * prompt is the image's file name); TTFI = first-result latency of successes;
 * latency = end-to-end latency of successes; phase means over successes.
 * Zeroes m first: memory is not measured here (peak_rss_mb = avg_rss_mb = 0,
 * gpu_mem_mb = -1 "none"); the driver sets those three after this call. */
void ltb_metrics_image(const ltb_record *r, size_t n, int concurrency, int batch,
                       int width, int height, const ltb_sample_info *samples,
                       int n_samples, ltb_metrics *m);

/* Image-generation metrics of one level (batch = images per request, one prompt
 * each): T_wall over successes; IPS = images / T_wall (a request's images:
 * res.images, else its batch); PPS = images x width x height / T_wall; SPS =
 * denoising steps / T_wall (a request's steps: res.steps, else cfg->steps; one per
 * request for a one-forward generator); RPS = N_ok / T_wall; CPS = UTF-8 characters
 * of every image's prompt / T_wall; tokens_per_sec = their words / T_wall;
 * avg_prompt_chars per image; TTFI = first result (the first decoded preview with
 * --preview-every, else the end); mean_encode_ms and mean_decode_ms per request,
 * mean_step_ms per step. Zeroes m first, memory fields as ltb_metrics_image. */
void ltb_metrics_generate(const ltb_record *r, size_t n, int concurrency, int batch,
                          const ltb_config *cfg, const ltb_sample_info *samples, int n_samples,
                          ltb_metrics *m);
/* Images of a generation request (res.images, else its batch, else level_batch). */
int ltb_record_images(const ltb_record *r, int level_batch);
/* Steps of a generation request (res.steps, else config_steps). */
int ltb_record_steps(const ltb_record *r, int config_steps);
/* Characters and words of the prompts of a generation request's images. */
void ltb_record_prompt_totals(const ltb_record *r, int level_batch, const ltb_sample_info *samples,
                              int n_samples, double *chars, double *tokens);

/* Text-generation (`ltbench llm`) metrics of one level, over the successes of records
 * that follow the LLM record contract (src/core/README.md): T_wall, RPS and the request
 * latency as for every task; output tokens = batch x gen_tokens per request;
 * output_tps = their sum / T_wall, output_tps_request = the mean of each request's
 * output tokens / its latency; prefill_tps = mean of batch x prompt_tokens / prefill
 * time (requests with P > 0), decode_tps = mean of batch x (gen_tokens - 1) / decode
 * time (requests with G > 1), each with its sample stddev (llama-bench's pp and tg
 * t/s +- sd); TTFT = first token - origin (ltb_record_first_ms; ttfi holds the same);
 * ITL = every gap between consecutive token arrivals of every request, pooled; TPOT
 * per request = (last - first) / (arrivals - 1). prompt_tokens and gen_tokens are the
 * level's -p and -g. tokens_per_sec = output_tps. Zeroes m first, memory fields as
 * ltb_metrics_image. */
void ltb_metrics_llm(const ltb_record *r, size_t n, int concurrency, int batch,
                     int prompt_tokens, int gen_tokens, ltb_metrics *m);
/* A level's -p and -g: its shape indexes ltb_config's llm tests. */
int ltb_llm_level_prompt(const ltb_config *c, const ltb_level *l);
int ltb_llm_level_gen(const ltb_config *c, const ltb_level *l);
/* Per request: output tokens (batch x gen); prefill and decode tokens/s (-1 none);
 * time per output token in ms (-1 with under two arrivals). */
double ltb_record_llm_output_tokens(const ltb_record *r);
double ltb_record_prefill_tps(const ltb_record *r);
double ltb_record_decode_tps(const ltb_record *r);
double ltb_record_tpot_ms(const ltb_record *r);

/* TTS metrics of one level, the seed's definitions: T_wall = max(t_end) -
 * min(t_start) over successes; ASPS = sum of audio seconds / T_wall; RTF of a
 * request = its wall time / its audio seconds (successes without audio have no
 * RTF); rtf_mean, rtf_median and rtf_p95 over those (seed percentile rule);
 * RPS = N_ok / T_wall; CPS = UTF-8 characters of the texts / T_wall;
 * tokens_per_sec = tokens / T_wall (tokens: res.text_tokens when > 0, else the
 * sample's words); ttfa = time to first audio (ltb_record_ttfa_ms) and latency =
 * end-to-end, both over successes; ttfi stays zero. sample_rate and bit_depth
 * are the first success's (bit depth 16 when it gave 0). batch is 1. Zeroes m
 * first, memory fields as ltb_metrics_image. */
void ltb_metrics_tts(const ltb_record *r, size_t n, int concurrency,
                     const ltb_sample_info *samples, int n_samples, ltb_metrics *m);

/* Time to first audio in ms: first_result_ns (t_end when 0) - t_start, signed, so
 * a first-audio clock before the request's start shows as negative (a fault
 * ltb_validate_run reports) instead of being hidden as 0. */
double ltb_record_ttfa_ms(const ltb_record *r);
/* Bit depth of a request's audio: res.bit_depth, 16 (PCM16) for a success that
 * left it 0. */
int ltb_record_bit_depth(const ltb_record *r);
/* RTF of a request: wall time / audio seconds; -1 ("none") when it failed or
 * has no audio. */
double ltb_record_rtf(const ltb_record *r);
/* UTF-8 characters of a sample's text (its chars, counted from text when 0);
 * 0 for NULL. */
size_t ltb_sample_text_chars(const ltb_sample_info *s);
/* UTF-8 characters of a request's text (0 when its sample is unknown). */
size_t ltb_record_text_chars(const ltb_record *r, const ltb_sample_info *samples,
                             int n_samples);
/* Tokens of a request's text: res.text_tokens when > 0, else the sample's words. */
int ltb_record_text_tokens(const ltb_record *r, const ltb_sample_info *samples,
                           int n_samples);

/* The highest tested concurrency whose p95 RTF is below 1 (levels that ran, had
 * successes with audio and were not skipped); 0 when none. */
int ltb_max_realtime_streams(const ltb_level *levels, int n);

/* A metric of a level by name ("ips", "rps", "sps", "cps", "asps", "ttfi_p50",
 * "ttfi_p95", "ttfi_p99", "ttfa_p95", "rtf_mean", "rtf_p95", "latency_p50",
 * "success_rate_pct"); NAN for an unknown name. */
double ltb_metric_value(const ltb_metrics *m, const char *metric);
/* 1 when a lower value of the metric is better (times, RTF), 0 when higher is; -1 for
 * an unknown name. */
int ltb_metric_lower_is_better(const char *metric);

/* Best-of lines for the console: index into levels of the best point by metric (a
 * name ltb_metric_value knows), -1 if none. A point with repetitions counts by its
 * mean over them; the index is its first counted repetition, *value (when not NULL)
 * that mean and *repetitions how many repetitions made it. Skipped levels and levels
 * without a success are passed over. */
int ltb_best_point(const ltb_level *levels, int n, const char *metric, double *value,
                   int *repetitions);
/* ltb_best_point's index alone. */
int ltb_best_level(const ltb_level *levels, int n, const char *metric);
/* Mean and sample stddev, across the n adjacent repetitions of one (concurrency,
 * batch) point, of the primary throughput (IPS, or ASPS for TTS) and of RPS; written
 * into each of the n levels (skipped levels and levels without successes are left
 * out of the statistics). */
void ltb_repetition_stats(ltb_level *levels, int n, ltb_task task);
/* A level's primary throughput: IPS, or ASPS for TTS. */
double ltb_level_throughput(ltb_task task, const ltb_metrics *m);

/* run_metrics.c: every level's metrics of a run the driver has finished (from its
 * records; what the driver measured around them, memory and GPU telemetry, kept), and
 * the repetition statistics of each (batch, concurrency) point. */
void ltb_run_metrics(ltb_run *run);
/* Open-loop (rate mode) metrics of a level offered `offered_rps` (metrics_rate.c):
 * achieved = successes / (last end - first due); queue wait = start - due over every
 * started request; service = end - start over successes; issue lag = start - ready
 * (ltbench's own lateness, apart from waiting for a free slot); late starts =
 * requests due while every slot was busy (ready > due); the schedule's gap CoV.
 * scheduled = the drawn schedule's own rate. Zeroes r first. */
void ltb_metrics_rate(const ltb_record *rec, size_t n, double offered_rps, ltb_rate_metrics *r);
/* The warnings a rate-mode level deserves (achieved more than 5 % under the rate its
 * schedule offered (scheduled_rps),
 * issuing lag p99 over 1 ms: then the numbers describe ltbench, not the target), as
 * one line into buf; 0 when none (buf ""), else 1. */
int ltb_rate_warning(const ltb_rate_metrics *r, char *buf, size_t len);
#define LTB_RATE_SHORTFALL 0.05       /* achieved under (1 - this) x offered: warn */
#define LTB_RATE_LAG_P99_MS 1.0       /* issuing lag p99 over this: warn */

#endif
