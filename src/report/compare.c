/* compare.c — result files read back, levels matched, overhead split (see
 * compare.h). */
#include "compare.h"
#include "file_read.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RESULT_FILE_BYTES (1024u * 1024 * 1024)

/* obj[key] as a number; NaN when absent or null. */
static double number_at(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* remote: the file is an HTTP client's run (config.model_path a URL), which has no
 * forward of its own: without the server's processing time its model time is unknown. */
static void read_point(const cJSON *level, ltb_task task, int remote, ltb_compare_point *p)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(level, "metrics");
    const cJSON *lat = cJSON_GetObjectItemCaseSensitive(m, "latency");
    const cJSON *llm = cJSON_GetObjectItemCaseSensitive(level, "llm");
    p->concurrency = (int)number_at(level, "concurrency");
    p->batch = (int)number_at(level, "batch");
    p->prompt_tokens = task == LTB_TASK_LLM ? (int)number_at(llm, "prompt_tokens") : 0;
    p->gen_tokens = task == LTB_TASK_LLM ? (int)number_at(llm, "gen_tokens") : 0;
    p->throughput = task == LTB_TASK_LLM ? number_at(llm, "output_tps")
                                         : number_at(m, task == LTB_TASK_TTS ? "asps" : "ips");
    p->rps = number_at(m, "rps");
    p->p50_ms = number_at(lat, "p50");
    p->p95_ms = number_at(lat, "p95");
    p->p99_ms = number_at(lat, "p99");
    p->mean_ms = number_at(lat, "mean");
    p->success_rate_pct = number_at(m, "success_rate_pct");
    double server = number_at(m, "mean_server_ms");
    p->model_from_server = isfinite(server);
    p->model_ms = p->model_from_server ? server : remote ? NAN : number_at(m, "mean_forward_ms");
    /* in-process, an llm request is all model: prefill, the decode steps, sampling */
    if (task == LTB_TASK_LLM && !p->model_from_server && !remote)
        p->model_ms = p->mean_ms;
}

static void label_from_path(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    snprintf(out, cap, "%s", slash ? slash + 1 : path);
    size_t n = strlen(out);
    if (n > 5 && !strcmp(out + n - 5, ".json"))
        out[n - 5] = '\0';
}

/* The parsed root's task and levels, or -1 with err when it is not ours. */
static int read_result(const cJSON *root, ltb_compare_file *f, char *err, size_t errlen)
{
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(root, "config");
    const cJSON *task = cJSON_GetObjectItemCaseSensitive(config, "task");
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(root, "levels");
    if (!cJSON_IsString(task) || !cJSON_IsArray(levels) ||
        ltb_task_from_name(task->valuestring, &f->task) != 0) {
        snprintf(err, errlen, "'%s' is not an ltbench result file (no config.task or levels)", f->path);
        return -1;
    }
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(config, "model_path");
    snprintf(f->target, sizeof f->target, "%s", cJSON_IsString(target) ? target->valuestring : "");
    int remote = !strncmp(f->target, "http://", 7) || !strncmp(f->target, "https://", 8);
    int n = cJSON_GetArraySize(levels);
    f->points = calloc(n > 0 ? (size_t)n : 1, sizeof *f->points);
    if (!f->points) {
        snprintf(err, errlen, "out of memory reading '%s'", f->path);
        return -1;
    }
    const cJSON *level;
    cJSON_ArrayForEach(level, levels) {
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(level, "skipped")))
            read_point(level, f->task, remote, &f->points[f->n_points++]);
    }
    return 0;
}

int ltb_compare_load(const char *path, ltb_compare_file *f, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", path);
    label_from_path(path, f->label, sizeof f->label);
    unsigned char *text = NULL;
    size_t len = 0;
    if (ltb_read_file(path, MAX_RESULT_FILE_BYTES, &text, &len, err, errlen) != 0)
        return -1;
    cJSON *root = cJSON_ParseWithLength((const char *)text, len);
    free(text);
    int rc = -1;
    if (!cJSON_IsObject(root))
        snprintf(err, errlen, "'%s' is not an ltbench result file (not a JSON object)", path);
    else
        rc = read_result(root, f, err, errlen);
    cJSON_Delete(root);
    if (rc != 0)
        ltb_compare_file_free(f);
    return rc;
}

void ltb_compare_file_free(ltb_compare_file *f)
{
    free(f->points);
    f->points = NULL;
    f->n_points = 0;
}

void ltb_compare_unique_labels(ltb_compare_file *files, int n)
{
    for (int i = 1; i < n; i++) {
        char base[sizeof files[i].label];
        snprintf(base, sizeof base, "%s", files[i].label);
        for (int k = 2, clash = 1; clash; k++) {
            clash = 0;
            for (int j = 0; j < i && !clash; j++)
                clash = !strcmp(files[j].label, files[i].label);
            if (clash)
                snprintf(files[i].label, sizeof files[i].label, "%.100s_%d", base, k);
        }
    }
}

int ltb_compare_same_task(const ltb_compare_file *files, int n, char *err, size_t errlen)
{
    for (int i = 1; i < n; i++)
        if (files[i].task != files[0].task) {
            snprintf(err, errlen, "'%s' is a %s run but '%s' is a %s run: compare runs of one task",
                     files[0].path, ltb_task_name(files[0].task), files[i].path,
                     ltb_task_name(files[i].task));
            return -1;
        }
    return 0;
}

const ltb_compare_point *ltb_compare_find(const ltb_compare_file *f, int concurrency, int batch)
{
    for (int i = 0; i < f->n_points; i++)
        if (f->points[i].concurrency == concurrency && f->points[i].batch == batch)
            return &f->points[i];
    return NULL;
}

const ltb_compare_point *ltb_compare_match(const ltb_compare_file *f, const ltb_compare_point *like)
{
    for (int i = 0; like && i < f->n_points; i++) {
        const ltb_compare_point *p = &f->points[i];
        if (p->concurrency == like->concurrency && p->batch == like->batch &&
            p->prompt_tokens == like->prompt_tokens && p->gen_tokens == like->gen_tokens)
            return p;
    }
    return NULL;
}

const char *ltb_compare_throughput_name(ltb_task task)
{
    return task == LTB_TASK_TTS ? "ASPS" : task == LTB_TASK_LLM ? "Output_TPS" : "IPS";
}

ltb_overhead ltb_compare_overhead(const ltb_compare_point *base, const ltb_compare_point *p)
{
    ltb_overhead o = {NAN, NAN, NAN};
    if (!base || !p)
        return o;
    o.total_ms = p->mean_ms - base->mean_ms;
    o.model_ms = p->model_ms - base->model_ms;
    o.transport_ms = (p->mean_ms - p->model_ms) - (base->mean_ms - base->model_ms);
    return o;
}
