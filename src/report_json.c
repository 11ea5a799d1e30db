/* report_json.c — {name}.json: everything about a run in one file for tools —
 * ltbench version, environment, config, for every level its metrics and every
 * timed request, the run's warnings, and for TTS the max real-time streams.
 * Times of a request are seconds since the run started. A non-finite number is
 * written as null, never as NaN/Infinity. */
#include "report.h"
#include "report_json.h"

#include "atomic_file.h"
#include "metrics.h"
#include "validate.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- small builders ----------------------------------------------------------- */

void ltb_json_add_number(cJSON *obj, const char *key, double v)
{
    cJSON_AddItemToObject(obj, key, ltb_json_number(v));
}

cJSON *ltb_json_number(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static void add_number(cJSON *obj, const char *key, double v)
{
    ltb_json_add_number(obj, key, v);
}

/* A "none when negative" value: null when < 0. */
static void add_optional(cJSON *obj, const char *key, double v)
{
    if (v >= 0)
        add_number(obj, key, v);
    else
        cJSON_AddNullToObject(obj, key);
}

void ltb_json_add_string(cJSON *obj, const char *key, const char *s)
{
    if (s != NULL)
        cJSON_AddStringToObject(obj, key, s);
    else
        cJSON_AddNullToObject(obj, key);
}

static void add_string(cJSON *obj, const char *key, const char *s)
{
    ltb_json_add_string(obj, key, s);
}

static cJSON *int_array(const int *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

static double seconds_since_start(const ltb_run *run, uint64_t t_ns)
{
    return (double)(int64_t)(t_ns - run->started_mono_ns) / 1e9;
}

/* ---- sections -------------------------------------------------------------------- */

static cJSON *version_json(const ltb_environment *env)
{
    cJSON *o = cJSON_CreateObject();
    add_string(o, "version", env->ltbench_version);
    add_string(o, "git_commit", env->git_commit);
    return o;
}

static cJSON *environment_json(const ltb_environment *env)
{
    cJSON *o = cJSON_CreateObject();
    add_string(o, "hostname", env->hostname);
    add_string(o, "os", env->os);
    add_string(o, "cpu_model", env->cpu_model);
    cJSON_AddNumberToObject(o, "cpu_cores", env->cpu_cores);
    add_number(o, "mem_total_gb", env->mem_total_gb);
    add_string(o, "torch_version", env->torch_version);
    cJSON_AddBoolToObject(o, "cuda_available", env->cuda_available != 0);
    add_string(o, "device_name", env->device_name);
    add_string(o, "ltbench_version", env->ltbench_version);
    add_string(o, "git_commit", env->git_commit);
    add_string(o, "timestamp", env->timestamp);
    return o;
}

static cJSON *outputs_json(unsigned outputs)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {LTB_OUT_TABLE, "table"}, {LTB_OUT_CSV, "csv"}, {LTB_OUT_JSON, "json"}, {LTB_OUT_MD, "md"}};
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (outputs & names[i].bit)
            cJSON_AddItemToArray(a, cJSON_CreateString(names[i].name));
    return a;
}

static void add_tts_config(cJSON *o, const ltb_config *c)
{
    cJSON_AddBoolToObject(o, "streaming", c->streaming != 0);
    cJSON_AddNumberToObject(o, "chunk_frames", c->chunk_frames);
    cJSON_AddNumberToObject(o, "context_frames", c->context_frames);
    cJSON_AddNumberToObject(o, "min_text_length", c->min_text_length);
    cJSON_AddNumberToObject(o, "max_text_length", c->max_text_length);
    cJSON_AddNumberToObject(o, "text_variations", c->text_variations);
    add_string(o, "texts_file", c->texts_file);
    cJSON_AddNumberToObject(o, "sample_rate", c->sample_rate); /* 0: the model's */
    cJSON_AddNumberToObject(o, "bit_depth", c->bit_depth);
}

static void add_generate_config(cJSON *o, const ltb_config *c)
{
    add_string(o, "generator", c->generator);
    cJSON_AddNumberToObject(o, "steps", c->steps);
    add_number(o, "guidance_scale", c->guidance_scale);
    add_string(o, "negative_prompt", c->negative_prompt);
    cJSON_AddNumberToObject(o, "preview_every", c->preview_every);
    cJSON_AddNumberToObject(o, "min_prompt_length", c->min_prompt_length);
    cJSON_AddNumberToObject(o, "max_prompt_length", c->max_prompt_length);
    cJSON_AddNumberToObject(o, "prompt_variations", c->prompt_variations);
    add_string(o, "prompts_file", c->prompts_file);
}

static cJSON *config_json(const ltb_config *c)
{
    cJSON *o = cJSON_CreateObject();
    add_string(o, "task", ltb_task_name(c->task));
    add_string(o, "name", c->name);
    add_string(o, "output_dir", c->output_dir);
    cJSON_AddItemToObject(o, "concurrency", int_array(c->concurrency, c->n_concurrency));
    cJSON_AddItemToObject(o, "batch", int_array(c->batch, c->n_batch));
    cJSON_AddNumberToObject(o, "iterations", c->iterations);
    cJSON_AddNumberToObject(o, "warmup", c->warmup); /* < 0: auto */
    add_number(o, "timeout_s", c->timeout_s);
    add_number(o, "drain_timeout_s", c->drain_timeout_s);
    cJSON_AddNumberToObject(o, "threads", c->threads);   /* 0: auto (per level) */
    cJSON_AddBoolToObject(o, "pin", c->pin != 0);
    cJSON_AddNumberToObject(o, "seed", (double)c->seed);
    cJSON_AddNumberToObject(o, "top_k", c->top_k);
    cJSON_AddItemToObject(o, "outputs", outputs_json(c->outputs));
    cJSON_AddBoolToObject(o, "quiet", c->quiet != 0);
    add_string(o, "model_path", c->model_path);
    add_string(o, "model_name", c->model_name);
    add_string(o, "device", c->device);
    add_string(o, "precision", c->precision);
    cJSON_AddBoolToObject(o, "channels_last", c->channels_last != 0);
    cJSON_AddBoolToObject(o, "cudnn_benchmark", c->cudnn_benchmark != 0);
    cJSON_AddBoolToObject(o, "cuda_graph", c->cuda_graph != 0);
    cJSON_AddBoolToObject(o, "include_preprocess", c->include_preprocess != 0);
    cJSON_AddNumberToObject(o, "width", c->width);
    cJSON_AddNumberToObject(o, "height", c->height);
    if (c->task == LTB_TASK_TTS)
        add_tts_config(o, c);
    if (c->task == LTB_TASK_GENERATE)
        add_generate_config(o, c);
    return o;
}

static cJSON *latency_json(const ltb_latency *l)
{
    cJSON *o = cJSON_CreateObject();
    add_number(o, "p50", l->p50);
    add_number(o, "p95", l->p95);
    add_number(o, "p99", l->p99);
    add_number(o, "mean", l->mean);
    add_number(o, "min", l->min);
    add_number(o, "max", l->max);
    add_number(o, "stddev", l->stddev);
    add_number(o, "cov", l->cov);
    cJSON_AddNumberToObject(o, "n", (double)l->n);
    return o;
}

static void add_image_metrics(cJSON *o, const ltb_metrics *m)
{
    add_number(o, "total_images", m->total_images);
    add_number(o, "total_pixels", m->total_pixels);
    add_number(o, "total_steps", m->total_steps);
    add_number(o, "ips", m->ips);
    add_number(o, "pps", m->pps);
    add_number(o, "sps", m->sps);
    add_number(o, "rps", m->rps);
    add_number(o, "cps", m->cps);
    add_number(o, "tokens_per_sec", m->tokens_per_sec);
    cJSON_AddItemToObject(o, "ttfi", latency_json(&m->ttfi));
    cJSON_AddItemToObject(o, "latency", latency_json(&m->latency));
    add_number(o, "mean_preprocess_ms", m->mean_preprocess_ms);
    add_number(o, "mean_h2d_ms", m->mean_h2d_ms);
    add_number(o, "mean_forward_ms", m->mean_forward_ms);
    add_number(o, "mean_d2h_ms", m->mean_d2h_ms);
    add_number(o, "mean_postprocess_ms", m->mean_postprocess_ms);
    add_optional(o, "mean_gpu_ms", m->mean_gpu_ms);
    add_optional(o, "mean_server_ms", m->mean_server_ms);
    add_number(o, "avg_prompt_chars", m->avg_prompt_chars);
    add_number(o, "avg_width", m->avg_width);
    add_number(o, "avg_height", m->avg_height);
    add_number(o, "mean_encode_ms", m->mean_encode_ms);
    add_number(o, "mean_step_ms", m->mean_step_ms);
    add_number(o, "mean_decode_ms", m->mean_decode_ms);
}

static void add_tts_metrics(cJSON *o, const ltb_metrics *m)
{
    add_number(o, "total_audio_s", m->total_audio_s);
    add_number(o, "asps", m->asps);
    add_number(o, "rtf_mean", m->rtf_mean);
    add_number(o, "rtf_median", m->rtf_median);
    add_number(o, "rtf_p95", m->rtf_p95);
    add_number(o, "sum_request_wall_s", m->sum_request_wall_s);
    cJSON_AddItemToObject(o, "ttfa", latency_json(&m->ttfa));
    add_number(o, "total_chars", m->total_chars);
    add_number(o, "total_tokens", m->total_tokens);
    add_number(o, "avg_text_chars", m->avg_text_chars);
    add_number(o, "avg_audio_s", m->avg_audio_s);
    cJSON_AddNumberToObject(o, "sample_rate", m->sample_rate);
    cJSON_AddNumberToObject(o, "bit_depth", m->bit_depth);
}

/* The level's GPU measurements: null where not measured. */
static cJSON *gpu_json(const ltb_gpu_metrics *g)
{
    cJSON *o = cJSON_CreateObject();
    if (g->compute.n > 0)
        cJSON_AddItemToObject(o, "compute_ms", latency_json(&g->compute));
    else
        cJSON_AddNullToObject(o, "compute_ms");
    add_optional(o, "mean_enqueue_ms", g->mean_enqueue_ms);
    add_optional(o, "mem_peak_allocated_mb", g->mem_peak_allocated_mb);
    add_optional(o, "mem_peak_reserved_mb", g->mem_peak_reserved_mb);
    add_optional(o, "mem_used_mb", g->mem_used_mb);
    add_optional(o, "mem_total_mb", g->mem_total_mb);
    cJSON_AddNumberToObject(o, "telemetry_samples", g->samples);
    add_optional(o, "energy_j", g->energy_j);
    add_optional(o, "joules_per_item", g->joules_per_item);
    add_optional(o, "avg_power_w", g->avg_power_w);
    add_optional(o, "max_power_w", g->max_power_w);
    add_optional(o, "max_temp_c", g->max_temp_c);
    add_optional(o, "avg_sm_clock_mhz", g->avg_sm_clock_mhz);
    add_optional(o, "avg_mem_clock_mhz", g->avg_mem_clock_mhz);
    add_optional(o, "avg_util_pct", g->avg_util_pct);
    if (g->samples > 0) {
        cJSON_AddBoolToObject(o, "throttled", g->throttled != 0);
        add_string(o, "throttle_reasons", g->throttle_reasons);
    } else {
        cJSON_AddNullToObject(o, "throttled");
        cJSON_AddNullToObject(o, "throttle_reasons");
    }
    return o;
}

static cJSON *metrics_json(const ltb_metrics *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "concurrency", m->concurrency);
    cJSON_AddNumberToObject(o, "batch", m->batch);
    cJSON_AddNumberToObject(o, "total_requests", (double)m->total_requests);
    cJSON_AddNumberToObject(o, "ok_requests", (double)m->ok_requests);
    cJSON_AddNumberToObject(o, "failed_requests", (double)m->failed_requests);
    add_number(o, "success_rate_pct", m->success_rate_pct);
    add_number(o, "wall_s", m->wall_s);
    add_image_metrics(o, m);
    add_tts_metrics(o, m);
    add_number(o, "peak_rss_mb", m->peak_rss_mb);
    add_number(o, "avg_rss_mb", m->avg_rss_mb);
    add_optional(o, "gpu_mem_mb", m->gpu_mem_mb);
    cJSON_AddItemToObject(o, "gpu", gpu_json(&m->gpu));
    return o;
}

static cJSON *topk_json(const ltb_result *res, int scores)
{
    int n = res->topk_n < 0 ? 0 : res->topk_n > LTB_TOPK ? LTB_TOPK : res->topk_n;
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        double v = scores ? (double)res->topk_scores[i] : (double)res->topk_ids[i];
        cJSON_AddItemToArray(a, ltb_json_number(v));
    }
    return a;
}

static void add_record_times(cJSON *o, const ltb_run *run, const ltb_record *r)
{
    uint64_t first = r->res.first_result_ns != 0 ? r->res.first_result_ns : r->t_end_ns;
    add_number(o, "t_start_s", seconds_since_start(run, r->t_start_ns));
    add_number(o, "t_first_s", seconds_since_start(run, first));
    add_number(o, "t_end_s", seconds_since_start(run, r->t_end_ns));
    add_number(o, "latency_ms", ltb_record_latency_ms(r));
}

/* What a TTS request carries: its text, audio and time to first audio. */
static void add_tts_record(cJSON *o, const ltb_run *run, const ltb_record *r)
{
    const ltb_result *res = &r->res;
    int known = run->samples != NULL && r->sample >= 0 && r->sample < run->n_samples;
    add_string(o, "text_sample", known ? run->samples[r->sample].text : NULL);
    cJSON_AddNumberToObject(o, "text_chars",
                            (double)ltb_record_text_chars(r, run->samples, run->n_samples));
    cJSON_AddNumberToObject(o, "text_tokens",
                            ltb_record_text_tokens(r, run->samples, run->n_samples));
    cJSON_AddNumberToObject(o, "sample_rate", res->sample_rate);
    cJSON_AddNumberToObject(o, "bit_depth", ltb_record_bit_depth(r));
    add_number(o, "ttfa_ms", ltb_record_ttfa_ms(r));
    add_optional(o, "rtf", ltb_record_rtf(r));
    cJSON_AddNumberToObject(o, "response_bytes", (double)res->response_bytes);
}

/* What an image-generation request carries: its prompt(s), images, steps, parts. */
static void add_generate_record(cJSON *o, const ltb_run *run, const ltb_record *r)
{
    const ltb_result *res = &r->res;
    int known = run->samples != NULL && r->sample >= 0 && r->sample < run->n_samples;
    double chars, tokens;
    ltb_record_prompt_totals(r, r->batch, run->samples, run->n_samples, &chars, &tokens);
    add_string(o, "prompt", known ? run->samples[r->sample].text : NULL);
    add_number(o, "prompt_chars", chars);
    add_number(o, "prompt_tokens", tokens);
    cJSON_AddNumberToObject(o, "images", ltb_record_images(r, r->batch));
    cJSON_AddNumberToObject(o, "steps", ltb_record_steps(r, run->config.steps));
    cJSON_AddNumberToObject(o, "previews", res->previews);
    add_number(o, "ttfi_ms", ltb_record_first_ms(r));
    add_number(o, "encode_ms", res->encode_ns / 1e6);
    add_number(o, "denoise_ms", res->denoise_ns / 1e6);
    add_number(o, "decode_ms", res->decode_ns / 1e6);
    cJSON_AddNumberToObject(o, "response_bytes", (double)res->response_bytes);
}

static cJSON *record_json(const ltb_run *run, const ltb_record *r)
{
    const ltb_result *res = &r->res;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)r->id);
    cJSON_AddNumberToObject(o, "worker", r->worker);
    cJSON_AddNumberToObject(o, "sample", r->sample);
    cJSON_AddNumberToObject(o, "batch", r->batch);
    add_record_times(o, run, r);
    cJSON_AddBoolToObject(o, "ok", res->ok != 0);
    add_string(o, "error", res->ok ? NULL : res->error);
    cJSON_AddItemToObject(o, "topk_ids", topk_json(res, 0));
    cJSON_AddItemToObject(o, "topk_scores", topk_json(res, 1));
    add_number(o, "audio_seconds", res->audio_seconds);
    add_number(o, "preprocess_ms", res->preprocess_ns / 1e6);
    add_number(o, "h2d_ms", res->h2d_ns / 1e6);
    add_number(o, "forward_ms", res->forward_ns / 1e6);
    add_number(o, "d2h_ms", res->d2h_ns / 1e6);
    add_number(o, "postprocess_ms", res->postprocess_ns / 1e6);
    add_optional(o, "gpu_ms", res->gpu_ms);
    add_optional(o, "gpu_compute_ms", res->gpu_compute_ms);
    add_optional(o, "enqueue_ms", res->enqueue_ns > 0 ? (double)res->enqueue_ns / 1e6 : -1.0);
    add_optional(o, "server_processing_ms",
                 res->server_processing_s >= 0 ? res->server_processing_s * 1000.0 : -1.0);
    if (run->config.task == LTB_TASK_TTS)
        add_tts_record(o, run, r);
    if (run->config.task == LTB_TASK_GENERATE)
        add_generate_record(o, run, r);
    return o;
}

cJSON *ltb_report_json_level(const ltb_run *run, const ltb_level *level)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "concurrency", level->concurrency);
    cJSON_AddNumberToObject(o, "batch", level->batch);
    cJSON_AddBoolToObject(o, "skipped", level->skipped != 0);
    add_string(o, "note", level->note);
    cJSON_AddNumberToObject(o, "repetition", level->repetition + 1);
    cJSON_AddNumberToObject(o, "intra_op_threads", level->intra_op_threads);
    cJSON_AddNumberToObject(o, "repetitions", level->repetitions > 0 ? level->repetitions : 1);
    add_number(o, "throughput_mean", level->rep_throughput_mean);
    add_number(o, "throughput_stddev", level->rep_throughput_stddev);
    add_number(o, "rps_mean", level->rep_rps_mean);
    add_number(o, "rps_stddev", level->rep_rps_stddev);
    cJSON_AddItemToObject(o, "metrics", metrics_json(&level->metrics));
    cJSON *records = cJSON_AddArrayToObject(o, "records");
    for (size_t i = 0; level->records != NULL && i < level->n_records; i++)
        cJSON_AddItemToArray(records, record_json(run, &level->records[i]));
    return o;
}

static cJSON *warnings_json(const ltb_run *run)
{
    int max = ltb_warnings_bound(run);
    char (*lines)[LTB_WARNING_LEN] = calloc((size_t)max, sizeof *lines);
    int n = lines != NULL ? ltb_validate_run(run, lines, max) : 0;
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(lines[i]));
    free(lines);
    return a;
}

cJSON *ltb_report_json_tree(const ltb_run *run, const ltb_environment *env)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "ltbench", version_json(env));
    cJSON_AddItemToObject(root, "environment", environment_json(env));
    cJSON_AddItemToObject(root, "config", config_json(&run->config));
    cJSON_AddBoolToObject(root, "interrupted", run->interrupted != 0);
    cJSON_AddNumberToObject(root, "workers_left_running", run->workers_left_running);
    cJSON *levels = cJSON_AddArrayToObject(root, "levels");
    for (int i = 0; i < run->n_levels; i++)
        cJSON_AddItemToArray(levels, ltb_report_json_level(run, &run->levels[i]));
    if (run->config.task == LTB_TASK_TTS)
        cJSON_AddNumberToObject(root, "max_realtime_streams",
                                ltb_max_realtime_streams(run->levels, run->n_levels));
    cJSON_AddItemToObject(root, "warnings", warnings_json(run));
    return root;
}

/* ---- file ------------------------------------------------------------------------ */

int ltb_json_write_file(cJSON *root, const char *path, char *err, size_t errlen)
{
    char *text = root != NULL ? cJSON_PrintBuffered(root, 1 << 20, 1) : NULL;
    cJSON_Delete(root);
    if (text == NULL) {
        snprintf(err, errlen, "cannot write '%s': out of memory", path);
        return -1;
    }
    atomic_file af;
    int rc = atomic_file_open(&af, path, err, errlen);
    if (rc == 0) {
        fputs(text, af.f);
        fputc('\n', af.f);
        rc = atomic_file_commit(&af, err, errlen);
    }
    cJSON_free(text);
    return rc;
}

int ltb_report_json_write(cJSON *root, const char *dir, const char *name, char *err,
                          size_t errlen)
{
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, name != NULL ? name : "ltbench", ".json", err,
                        errlen) != 0) {
        cJSON_Delete(root);
        return -1;
    }
    return ltb_json_write_file(root, path, err, errlen);
}

int ltb_report_json(const ltb_run *run, const ltb_environment *env, const char *dir,
                    char *err, size_t errlen)
{
    ltb_environment read_now;
    if (env == NULL) {
        ltb_environment_read(&read_now, run->config.device);
        env = &read_now;
    }
    return ltb_report_json_write(ltb_report_json_tree(run, env), dir, run->config.name, err,
                                 errlen);
}
