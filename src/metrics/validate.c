/* validate.c — the warnings of a finished run (see validate.h for the rules).
 * The seed compared ASPS with 1/RTF_mean at 1e-6 and so warned on every
 * concurrent run; here ASPS is related to the request timing only where the
 * relation is exact: at concurrency 1, T_wall = sum of request wall times + the
 * gaps between requests, so ASPS <= total audio / sum of wall times, with equality
 * up to the gaps. */
#include "validate.h"
#include "validate_gpu.h"
#include "metrics.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#define MIN_SUCCESS_PCT 95.0
#define MAX_TTFA_P95_MS 60000.0
#define MAX_TTFI_P95_MS 300000.0
#define MAX_GAP_FRACTION 0.10
#define ACCOUNTING_TOLERANCE 1e-9
#define MIN_IMAGE_SIDE 64
#define MAX_IMAGE_SIDE 4096

typedef struct warning_sink {
    char (*lines)[LTB_WARNING_LEN];
    int n, max;
    const ltb_run *run;
} warning_sink;

static void vwarn(warning_sink *s, const char *prefix, const char *fmt, va_list ap)
{
    if (s->n >= s->max || s->lines == NULL)
        return;
    char text[LTB_WARNING_LEN];
    vsnprintf(text, sizeof text, fmt, ap);
    snprintf(s->lines[s->n++], LTB_WARNING_LEN, "%s%s", prefix, text);
}

static void warn_run(warning_sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(s, "", fmt, ap);
    va_end(ap);
}

/* "level c=4: " for TTS (one text per request), "level c=4 b=2: " for images. */
static void warn_level(warning_sink *s, const ltb_level *level, const char *fmt, ...)
{
    char prefix[64], rep[24] = "";
    if (level->repetitions > 1)
        snprintf(rep, sizeof rep, " r=%d", level->repetition + 1);
    if (s->run->config.task == LTB_TASK_TTS)
        snprintf(prefix, sizeof prefix, "level c=%d%s: ", level->concurrency, rep);
    else
        snprintf(prefix, sizeof prefix, "level c=%d b=%d%s: ", level->concurrency, level->batch, rep);
    va_list ap;
    va_start(ap, fmt);
    vwarn(s, prefix, fmt, ap);
    va_end(ap);
}

/* The first message of the level's failed requests ("" when none has one). */
static const char *first_error(const ltb_level *level)
{
    for (size_t i = 0; level->records && i < level->n_records; i++)
        if (!level->records[i].res.ok && level->records[i].res.error[0])
            return level->records[i].res.error;
    return "";
}

static void check_success_rate(warning_sink *s, const ltb_level *level)
{
    const ltb_metrics *m = &level->metrics;
    if (m->total_requests == 0)
        warn_level(s, level, "no requests ran");
    else if (m->success_rate_pct < MIN_SUCCESS_PCT)
        warn_level(s, level, "success rate %.1f%% is below %.0f%% (%zu of %zu failed%s%.120s)",
                   m->success_rate_pct, MIN_SUCCESS_PCT, m->failed_requests, m->total_requests,
                   first_error(level)[0] ? "; the first: " : "", first_error(level));
}

/* Concurrency 1: requests run one after another, so T_wall >= their summed wall
 * times, and what is left over is time spent outside any successful request. */
static void check_serial_accounting(warning_sink *s, const ltb_level *level)
{
    const ltb_metrics *m = &level->metrics;
    double sum_wall = m->sum_request_wall_s;
    if (level->concurrency != 1 || m->ok_requests == 0 || !(m->wall_s > 0) || !(sum_wall > 0))
        return;
    if (m->total_audio_s > 0) {
        double expected = m->total_audio_s / m->wall_s;
        double bound = m->total_audio_s / sum_wall;
        if (fabs(m->asps - expected) > ACCOUNTING_TOLERANCE * expected)
            warn_level(s, level, "ASPS %.6f is not total audio / T_wall (%.6f)", m->asps,
                       expected);
        else if (m->asps > bound * (1.0 + ACCOUNTING_TOLERANCE))
            warn_level(s, level,
                       "ASPS %.6f exceeds total audio / summed request wall time (%.6f): "
                       "requests overlapped at concurrency 1 or the clocks disagree",
                       m->asps, bound);
    }
    double gaps = m->wall_s - sum_wall;
    if (gaps > MAX_GAP_FRACTION * m->wall_s)
        warn_level(s, level, "gaps between requests are %.1f%% of T_wall: ASPS understates "
                             "throughput", 100.0 * gaps / m->wall_s);
}

static void check_tts_level(warning_sink *s, const ltb_level *level)
{
    const ltb_metrics *m = &level->metrics;
    if (m->ok_requests > 0 && !(m->wall_s > 0))
        warn_level(s, level, "T_wall is %.6f s with %zu successful requests: the clock did not "
                             "advance", m->wall_s, m->ok_requests);
    else if (m->ok_requests > 0 && !(m->asps > 0))
        warn_level(s, level, "ASPS is %.4f with %zu successful requests: no audio was produced",
                   m->asps, m->ok_requests);
    if (m->ttfa.n > 0 && m->ttfa.min < 0)
        warn_level(s, level, "negative TTFA (min %.3f ms): first audio stamped before the "
                             "request started", m->ttfa.min);
    if (m->ttfa.p95 > MAX_TTFA_P95_MS)
        warn_level(s, level, "TTFA p95 %.1f s is above %.0f s", m->ttfa.p95 / 1000.0,
                   MAX_TTFA_P95_MS / 1000.0);
    check_serial_accounting(s, level);
}

static void check_image_level(warning_sink *s, const ltb_level *level)
{
    const ltb_metrics *m = &level->metrics;
    if (m->ok_requests > 0 && !(m->ips > 0))
        warn_level(s, level, "IPS is %.2f with %zu successful requests", m->ips, m->ok_requests);
    if (m->ttfi.p95 > MAX_TTFI_P95_MS)
        warn_level(s, level, "TTFI p95 %.1f s is above %.0f s", m->ttfi.p95 / 1000.0,
                   MAX_TTFI_P95_MS / 1000.0);
    /* a server whose answers are no classification (torch-inference's built-in model
     * answers a number): successes, but maybe not of the model the user meant */
    size_t unclassified = 0, ok = 0;
    const char *example = NULL;
    for (size_t i = 0; i < level->n_records; i++) {
        const ltb_result *r = &level->records[i].res;
        if (!r->ok)
            continue;
        ok++;
        if (r->server_result[0] && r->topk_n == 0) {
            unclassified++;
            example = example ? example : r->server_result;
        }
    }
    if (unclassified > 0)
        warn_level(s, level, "%zu of %zu answers carried no classification (e.g. result %.24s, "
                   "kept in the JSON): is the server running the model you meant?",
                   unclassified, ok, example);
}

static int side_out_of_range(int side)
{
    return side < MIN_IMAGE_SIDE || side > MAX_IMAGE_SIDE;
}

/* `ltbench llm`: successes that generated tokens must give a rate. */
static void check_llm_level(warning_sink *s, const ltb_level *level)
{
    const ltb_metrics *m = &level->metrics;
    if (m->ok_requests > 0 && m->llm.gen_tokens > 0 && !(m->llm.output_tps > 0))
        warn_level(s, level, "output tokens/s is %.2f with %zu successful requests",
                   m->llm.output_tps, m->ok_requests);
}

static void check_image_size(warning_sink *s, const ltb_config *c)
{
    if (c->width == 0 && c->height == 0) /* not known: nothing to check */
        return;
    if (side_out_of_range(c->width) || side_out_of_range(c->height))
        warn_run(s, "image size %dx%d: tiny or huge dimensions (outside %d..%d)", c->width,
                 c->height, MIN_IMAGE_SIDE, MAX_IMAGE_SIDE);
}

/* A number is not to be trusted when its requests vary a lot (trtexec warns the
 * same way) or when repetitions of the same point disagree. */
#define HIGH_LATENCY_COV 0.25
#define MIN_REQUESTS_FOR_COV 10
#define REPETITION_DISAGREEMENT 0.05

static void check_stability(warning_sink *s, const ltb_level *level)
{
    const ltb_metrics *m = &level->metrics;
    /* open loop: latency from the schedule varies with the queue by design */
    if (m->ok_requests >= MIN_REQUESTS_FOR_COV && m->latency.cov > HIGH_LATENCY_COV &&
        !(level->rate > 0))
        warn_level(s, level, "latency CoV %.2f is above %.2f: requests vary a lot, "
                   "this level's numbers are not to be trusted", m->latency.cov, HIGH_LATENCY_COV);
    int last_repetition = level->repetitions > 1 && level->repetition == level->repetitions - 1;
    if (last_repetition && level->rep_throughput_mean > 0 &&
        level->rep_throughput_stddev / level->rep_throughput_mean > REPETITION_DISAGREEMENT)
        warn_level(s, level, "the %d repetitions disagree: throughput %.4g +- %.3g (CoV %.2f > %.2f)",
                   level->repetitions, level->rep_throughput_mean, level->rep_throughput_stddev,
                   level->rep_throughput_stddev / level->rep_throughput_mean,
                   REPETITION_DISAGREEMENT);
}

/* Rate mode: the target could not keep up, or ltbench issued late (metrics_rate.c). */
static void check_rate(warning_sink *s, const ltb_level *level)
{
    char line[LTB_WARNING_LEN - 48];
    if (level->rate > 0 && ltb_rate_warning(&level->metrics.rate, line, sizeof line))
        warn_level(s, level, "rate %g/s: %s", level->rate, line);
}

static void check_gpu(warning_sink *s, const ltb_level *level)
{
    char lines[LTB_GPU_MAX_WARNINGS][LTB_WARNING_LEN];
    int n = ltb_gpu_warnings(&level->metrics, lines, LTB_GPU_MAX_WARNINGS);
    for (int i = 0; i < n; i++)
        warn_level(s, level, "%s", lines[i]);
}

int ltb_validate_run(const ltb_run *run, char (*warnings)[LTB_WARNING_LEN], int max_warnings)
{
    warning_sink s = {warnings, 0, max_warnings, run};
    if (run == NULL)
        return 0;
    if (run->config.task != LTB_TASK_TTS && run->config.task != LTB_TASK_LLM)
        check_image_size(&s, &run->config);
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *level = &run->levels[i];
        if (level->skipped) {
            warn_level(&s, level, "skipped: %s", level->note);
            continue;
        }
        check_success_rate(&s, level);
        check_stability(&s, level);
        check_gpu(&s, level);
        check_rate(&s, level);
        if (run->config.task == LTB_TASK_TTS)
            check_tts_level(&s, level);
        else if (run->config.task == LTB_TASK_LLM)
            check_llm_level(&s, level);
        else
            check_image_level(&s, level);
    }
    return s.n;
}

/* Per level at most: success rate, T_wall or ASPS, negative TTFA, TTFA p95,
 * ASPS accounting and gaps (TTS), latency CoV, repetitions, the GPU rules, the rate; plus the
 * run's image size. */
#define MAX_WARNINGS_PER_LEVEL (9 + LTB_GPU_MAX_WARNINGS)

int ltb_warnings_bound(const ltb_run *run)
{
    return run != NULL ? MAX_WARNINGS_PER_LEVEL * run->n_levels + 1 : 0;
}

void ltb_print_warnings(FILE *out, const ltb_run *run)
{
    if (out == NULL || run == NULL)
        return;
    int max = ltb_warnings_bound(run);
    char (*lines)[LTB_WARNING_LEN] = calloc((size_t)max, sizeof *lines);
    if (lines == NULL)
        return;
    int n = ltb_validate_run(run, lines, max);
    for (int i = 0; i < n; i++)
        fprintf(out, "warning: %s\n", lines[i]);
    free(lines);
}
