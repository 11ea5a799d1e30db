/* report_json.c — {name}.json: everything about a run in one file for tools —
 * ltbench version, environment, config, for every level its metrics and every
 * timed request, the run's warnings, and for TTS the max real-time streams.
 * Times of a request are seconds since the run started. A non-finite number is
 * written as null, never as NaN/Infinity. A level's keys and a request's are those of
 * its task's field tables (report_fields.h); the config is written here. */
#include "report.h"
#include "report_json.h"

#include "atomic_file.h"
#include "metrics.h"
#include "validate.h"
#include "report_path.h"
#include "report_csv_common.h"
#include "report_fields.h"
#include "report_rate.h"

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

/* The object a field's JSON key names its place in: for a path "a.b.c", object b of
 * object a of o (made when missing), with *leaf "c"; else o itself. */
static cJSON *parent_of(cJSON *o, const char *key, const char **leaf)
{
    const char *dot;
    while ((dot = strchr(key, '.')) != NULL) {
        char name[128];
        size_t n = (size_t)(dot - key) < sizeof name ? (size_t)(dot - key) : sizeof name - 1;
        memcpy(name, key, n);
        name[n] = '\0';
        cJSON *child = cJSON_GetObjectItemCaseSensitive(o, name);
        if (child == NULL)
            child = cJSON_AddObjectToObject(o, name);
        o = child;
        key = dot + 1;
    }
    *leaf = key;
    return o;
}

/* The fields of a field table that have a JSON key, in the table's order (spliced
 * lists included, JSON-only ones too), each at the place its key names; the CSV
 * writer writes the same table's columns. */
static void add_fields(cJSON *root, const ltb_field *fields, const ltb_field_row *row)
{
    char buf[1024];
    for (const ltb_field *x = fields; x->kind != LTB_FIELD_END; x++) {
        if (x->kind == LTB_FIELD_LIST || x->kind == LTB_FIELD_JSON_LIST) {
            add_fields(root, x->list, row);
            continue;
        }
        if (x->json == NULL)
            continue;
        const char *key;
        cJSON *o = parent_of(root, x->json, &key);
        switch (x->kind) {
        case LTB_FIELD_INT:
            cJSON_AddNumberToObject(o, key, (double)x->integer(row));
            break;
        case LTB_FIELD_NUMBER:
            add_number(o, key, ltb_field_number(x, row));
            break;
        case LTB_FIELD_OPTIONAL:
            add_optional(o, key, ltb_field_number(x, row));
            break;
        case LTB_FIELD_TEXT:
            add_string(o, key, x->text(row, buf, sizeof buf));
            break;
        case LTB_FIELD_BOOL: {
            long long v = x->integer(row);
            if (v < 0)
                cJSON_AddNullToObject(o, key);
            else
                cJSON_AddBoolToObject(o, key, v != 0);
            break;
        }
        case LTB_FIELD_JSON:
            cJSON_AddItemToObject(o, key, x->item(row));
            break;
        default:
            break;
        }
    }
}

static cJSON *int_array(const int *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
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

/* `ltbench llm`: its tests (-p x -g), sampling and the model's size. */
static void add_llm_config(cJSON *o, const ltb_config *c)
{
    cJSON *tests = cJSON_AddArrayToObject(o, "llm_tests");
    for (int i = 0; tests && i < c->n_llm_tests; i++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddNumberToObject(t, "prompt_tokens", c->llm_prompt[i]);
        cJSON_AddNumberToObject(t, "gen_tokens", c->llm_gen[i]);
        cJSON_AddItemToArray(tests, t);
    }
    add_number(o, "temperature", c->temperature);
    add_number(o, "model_params", c->llm_params);
    add_number(o, "model_param_bytes", c->llm_param_bytes);
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
    if (c->task == LTB_TASK_LLM)
        add_llm_config(o, c);
    cJSON *open_loop = ltb_report_rate_config_json(c);
    if (open_loop)
        cJSON_AddItemToObject(o, "open_loop", open_loop);
    if (c->task == LTB_TASK_RUN)
        add_string(o, "inputs", c->run_inputs);
    return o;
}

cJSON *ltb_report_json_level(const ltb_run *run, const ltb_level *level)
{
    /* a level's object is its task's summary fields' JSON keys, a request's its
     * detailed fields' */
    const csv_task_layout *layout = csv_task_layout_of(run->config.task);
    cJSON *o = cJSON_CreateObject();
    ltb_field_row row = {run, level, &level->metrics, NULL, NULL};
    add_fields(o, layout->summary, &row);
    cJSON *records = cJSON_AddArrayToObject(o, "records");
    for (size_t i = 0; level->records != NULL && i < level->n_records; i++) {
        cJSON *r = cJSON_CreateObject();
        row.r = &level->records[i];
        add_fields(r, layout->detailed, &row);
        cJSON_AddItemToArray(records, r);
    }
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
    cJSON *slo = ltb_report_slo_json(run);
    if (slo)
        cJSON_AddItemToObject(root, "slo", slo);
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
