/* compare_report.c — what `ltbench compare` prints and writes: the console table,
 * {name}_comparison.csv, {name}_detailed_comparison.csv and {name}.json (see
 * compare.h). A missing number is an empty CSV field, a JSON null, "-" on the
 * console. */
#include "compare.h"
#include "atomic_file.h"
#include "csv.h"
#include "report.h"
#include "report_csv_common.h"
#include "report_json.h"
#include "report_path.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *throughput_name(const ltb_compare_file *files)
{
    return ltb_compare_throughput_name(files[0].task);
}

/* The first file's point i, unless an earlier point has its level (repetitions). */
static const ltb_compare_point *level_at(const ltb_compare_file *files, int i)
{
    const ltb_compare_point *p = &files[0].points[i];
    return ltb_compare_match(&files[0], p) == p ? p : NULL;
}

/* ---- console -------------------------------------------------------------------- */

static void print_value(FILE *out, double v, int width, int sign)
{
    if (!isfinite(v))
        fprintf(out, " %*s", width, "-");
    else
        fprintf(out, sign ? " %+*.2f" : " %*.2f", width, v);
}

void ltb_compare_print(FILE *out, const ltb_compare_file *files, int n)
{
    int w = 4;
    for (int k = 0; k < n; k++)
        w = (int)strlen(files[k].label) > w ? (int)strlen(files[k].label) : w;
    fprintf(out, "Comparison (%s): overhead vs %s in ms per request (means of successful requests)\n",
            ltb_task_name(files[0].task), files[0].label);
    for (int i = 0; i < files[0].n_points; i++) {
        const ltb_compare_point *base = level_at(files, i);
        if (!base)
            continue;
        fprintf(out, "\nConcurrency %d, batch %d", base->concurrency, base->batch);
        if (files[0].task == LTB_TASK_LLM)
            fprintf(out, ", prompt %d, generated %d tokens", base->prompt_tokens, base->gen_tokens);
        fprintf(out, "\n  %-*s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n", w, "file", throughput_name(files), "RPS", "p50_ms",
                "p95_ms", "p99_ms", "mean_ms", "model_ms", "overhead", "model", "transport");
        for (int k = 0; k < n; k++) {
            const ltb_compare_point *p = ltb_compare_match(&files[k], base);
            fprintf(out, "  %-*s", w, files[k].label);
            if (!p) {
                fprintf(out, " (no such level)\n");
                continue;
            }
            double v[] = {p->throughput, p->rps, p->p50_ms, p->p95_ms, p->p99_ms, p->mean_ms, p->model_ms};
            for (size_t j = 0; j < sizeof v / sizeof *v; j++)
                print_value(out, v[j], 9, 0);
            ltb_overhead o = ltb_compare_overhead(base, p);
            int first = k == 0;
            print_value(out, first ? NAN : o.total_ms, 9, 1);
            print_value(out, first ? NAN : o.model_ms, 9, 1);
            print_value(out, first ? NAN : o.transport_ms, 9, 1);
            fputc('\n', out);
        }
    }
}

/* ---- CSV -------------------------------------------------------------------------- */

static void csv_point_columns(FILE *f, const ltb_compare_point *p)
{
    double v[] = {p ? p->throughput : NAN, p ? p->rps : NAN, p ? p->p50_ms : NAN,
                  p ? p->p95_ms : NAN, p ? p->p99_ms : NAN, p ? p->mean_ms : NAN,
                  p ? p->model_ms : NAN};
    for (size_t j = 0; j < sizeof v / sizeof *v; j++)
        csv_next_double(f, v[j], 4);
}

static void csv_overhead_columns(FILE *f, const ltb_overhead *o)
{
    csv_next_double(f, o->total_ms, 4);
    csv_next_double(f, o->model_ms, 4);
    csv_next_double(f, o->transport_ms, 4);
}

static const char *model_source(const ltb_compare_point *p)
{
    return !p ? NULL : p->model_from_server ? "server_processing_time"
                     : isfinite(p->model_ms) ? "forward" : "none";
}

static void write_comparison_csv(FILE *f, const ltb_compare_file *files, int n)
{
    int llm = files[0].task == LTB_TASK_LLM;
    const char *header[] = {"File", "Label", "Target", "Concurrency", "Batch",
                            throughput_name(files), "RPS", "Latency_p50_ms", "Latency_p95_ms",
                            "Latency_p99_ms", "Latency_Mean_ms", "Model_ms", "Model_Time_Source",
                            "Success_Rate_%", "Overhead_ms", "Model_Overhead_ms",
                            "Transport_Overhead_ms", NULL};
    const char *llm_header[] = {"File", "Label", "Target", "Concurrency", "Batch",
                                "Prompt_Tokens", "Gen_Tokens", throughput_name(files), "RPS",
                                "Latency_p50_ms", "Latency_p95_ms", "Latency_p99_ms",
                                "Latency_Mean_ms", "Model_ms", "Model_Time_Source",
                                "Success_Rate_%", "Overhead_ms", "Model_Overhead_ms",
                                "Transport_Overhead_ms", NULL};
    csv_write_header(f, llm ? llm_header : header);
    for (int i = 0; i < files[0].n_points; i++) {
        const ltb_compare_point *base = level_at(files, i);
        for (int k = 0; base && k < n; k++) {
            const ltb_compare_point *p = ltb_compare_match(&files[k], base);
            ltb_overhead o = ltb_compare_overhead(base, k > 0 ? p : NULL);
            csv_write_field(f, files[k].path);
            csv_next_text(f, files[k].label);
            csv_next_text(f, files[k].target);
            csv_next_int(f, base->concurrency);
            csv_next_int(f, base->batch);
            if (llm) {
                csv_next_int(f, base->prompt_tokens);
                csv_next_int(f, base->gen_tokens);
            }
            csv_point_columns(f, p);
            csv_next_text(f, model_source(p));
            csv_next_double(f, p ? p->success_rate_pct : NAN, 2);
            csv_overhead_columns(f, &o);
            fputc('\n', f);
        }
    }
}

static void write_detailed_csv(FILE *f, const ltb_compare_file *files, int n)
{
    static const char *const kPointColumns[] = {"", "RPS", "p50_ms", "p95_ms", "p99_ms",
                                                "Mean_ms", "Model_ms"};
    static const char *const kOverheadColumns[] = {"Overhead_ms", "Model_Overhead_ms",
                                                   "Transport_Overhead_ms"};
    int llm = files[0].task == LTB_TASK_LLM;
    fputs(llm ? "Concurrency,Batch,Prompt_Tokens,Gen_Tokens" : "Concurrency,Batch", f);
    char name[256];
    for (int k = 0; k < n; k++) {
        for (size_t j = 0; j < sizeof kPointColumns / sizeof *kPointColumns; j++) {
            snprintf(name, sizeof name, "%s_%s", files[k].label, j ? kPointColumns[j] : throughput_name(files));
            csv_next_text(f, name);
        }
        for (size_t j = 0; k > 0 && j < sizeof kOverheadColumns / sizeof *kOverheadColumns; j++) {
            snprintf(name, sizeof name, "%s_%s", files[k].label, kOverheadColumns[j]);
            csv_next_text(f, name);
        }
    }
    fputc('\n', f);
    for (int i = 0; i < files[0].n_points; i++) {
        const ltb_compare_point *base = level_at(files, i);
        if (!base)
            continue;
        csv_write_int(f, base->concurrency);
        csv_next_int(f, base->batch);
        if (llm) {
            csv_next_int(f, base->prompt_tokens);
            csv_next_int(f, base->gen_tokens);
        }
        for (int k = 0; k < n; k++) {
            const ltb_compare_point *p = ltb_compare_match(&files[k], base);
            csv_point_columns(f, p);
            if (k > 0) {
                ltb_overhead o = ltb_compare_overhead(base, p);
                csv_overhead_columns(f, &o);
            }
        }
        fputc('\n', f);
    }
}

/* ---- JSON ------------------------------------------------------------------------- */

static cJSON *point_json(const ltb_compare_file *file, const ltb_compare_point *p,
                         const ltb_compare_point *base, int is_base)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "label", file->label);
    cJSON_AddBoolToObject(o, "present", p != NULL);
    if (!p)
        return o;
    ltb_json_add_number(o, file->task == LTB_TASK_TTS ? "asps" : file->task == LTB_TASK_LLM ? "output_tps" : "ips",
                        p->throughput);
    if (file->task == LTB_TASK_LLM) {
        cJSON_AddNumberToObject(o, "prompt_tokens", p->prompt_tokens);
        cJSON_AddNumberToObject(o, "gen_tokens", p->gen_tokens);
    }
    ltb_json_add_number(o, "rps", p->rps);
    cJSON *lat = cJSON_AddObjectToObject(o, "latency_ms");
    ltb_json_add_number(lat, "p50", p->p50_ms);
    ltb_json_add_number(lat, "p95", p->p95_ms);
    ltb_json_add_number(lat, "p99", p->p99_ms);
    ltb_json_add_number(lat, "mean", p->mean_ms);
    ltb_json_add_number(o, "model_ms", p->model_ms);
    cJSON_AddStringToObject(o, "model_time_source", model_source(p));
    ltb_json_add_number(o, "success_rate_pct", p->success_rate_pct);
    if (is_base) {
        cJSON_AddNullToObject(o, "overhead_ms");
        return o;
    }
    ltb_overhead ov = ltb_compare_overhead(base, p);
    cJSON *oj = cJSON_AddObjectToObject(o, "overhead_ms");
    ltb_json_add_number(oj, "total", ov.total_ms);
    ltb_json_add_number(oj, "model", ov.model_ms);
    ltb_json_add_number(oj, "transport", ov.transport_ms);
    return o;
}

static cJSON *comparison_json(const ltb_compare_file *files, int n)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "task", ltb_task_name(files[0].task));
    cJSON_AddStringToObject(root, "baseline", files[0].label);
    cJSON *list = cJSON_AddArrayToObject(root, "files");
    for (int k = 0; k < n; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "label", files[k].label);
        cJSON_AddStringToObject(o, "path", files[k].path);
        cJSON_AddStringToObject(o, "target", files[k].target);
        cJSON_AddItemToArray(list, o);
    }
    cJSON *levels = cJSON_AddArrayToObject(root, "levels");
    for (int i = 0; i < files[0].n_points; i++) {
        const ltb_compare_point *base = level_at(files, i);
        if (!base)
            continue;
        cJSON *level = cJSON_CreateObject();
        cJSON_AddNumberToObject(level, "concurrency", base->concurrency);
        cJSON_AddNumberToObject(level, "batch", base->batch);
        if (files[0].task == LTB_TASK_LLM) {
            cJSON_AddNumberToObject(level, "prompt_tokens", base->prompt_tokens);
            cJSON_AddNumberToObject(level, "gen_tokens", base->gen_tokens);
        }
        cJSON *results = cJSON_AddArrayToObject(level, "results");
        for (int k = 0; k < n; k++)
            cJSON_AddItemToArray(results, point_json(&files[k],
                                 ltb_compare_match(&files[k], base),
                                 base, k == 0));
        cJSON_AddItemToArray(levels, level);
    }
    return root;
}

/* ---- files ------------------------------------------------------------------------ */

typedef void (*compare_writer_fn)(FILE *f, const ltb_compare_file *files, int n);

static void write_json(FILE *f, const ltb_compare_file *files, int n)
{
    cJSON *root = comparison_json(files, n);
    char *text = cJSON_Print(root);
    if (text)
        fprintf(f, "%s\n", text);
    cJSON_free(text);
    cJSON_Delete(root);
}

static int write_file(const char *dir, const char *name, const char *suffix, compare_writer_fn fn,
                      const ltb_compare_file *files, int n, char *err, size_t errlen)
{
    char path[4096];
    atomic_file af;
    if (ltb_report_path(path, sizeof path, dir, name, suffix, err, errlen) != 0 ||
        atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    fn(af.f, files, n);
    return atomic_file_commit(&af, err, errlen);
}

int ltb_compare_write(const ltb_compare_file *files, int n, const char *dir, const char *name,
                      char *err, size_t errlen)
{
    if (make_dirs(dir, err, errlen) != 0)
        return -1;
    if (write_file(dir, name, "_comparison.csv", write_comparison_csv, files, n, err, errlen) != 0 ||
        write_file(dir, name, "_detailed_comparison.csv", write_detailed_csv, files, n, err, errlen) != 0 ||
        write_file(dir, name, ".json", write_json, files, n, err, errlen) != 0)
        return -1;
    return 0;
}
