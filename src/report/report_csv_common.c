/* report_csv_common.c — the pieces the image and TTS CSV files share (see
 * report_csv_common.h): row fields, key/value rows, the seed's "Summary Statistics"
 * rows, the head of "Test Configuration", and the files' frame (a task's field
 * tables as header and rows, then the blocks; written atomically). Lines end in
 * "\n". */
#include "report_csv_common.h"

#include "atomic_file.h"
#include "csv.h"
#include "metrics.h"
#include "report.h"
#include "report_path.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- fields and key/value rows --------------------------------------------------- */

void csv_next_int(FILE *f, long long v)
{
    fputc(',', f);
    csv_write_int(f, v);
}

void csv_next_double(FILE *f, double v, int decimals)
{
    fputc(',', f);
    csv_write_double(f, v, decimals);
}

void csv_next_optional(FILE *f, double v, int decimals)
{
    fputc(',', f);
    if (v >= 0)
        csv_write_double(f, v, decimals);
}

void csv_next_number_or_empty(FILE *f, double v, int decimals)
{
    fputc(',', f);
    if (!isnan(v))
        csv_write_double(f, v, decimals);
}

void csv_next_text(FILE *f, const char *s)
{
    fputc(',', f);
    csv_write_field(f, s);
}

void csv_write_pair(FILE *f, const char *key, const char *value)
{
    csv_write_field(f, key);
    csv_next_text(f, value);
    fputc('\n', f);
}

void csv_write_pair_int(FILE *f, const char *key, long long value)
{
    csv_write_field(f, key);
    csv_next_int(f, value);
    fputc('\n', f);
}

void csv_write_pair_double(FILE *f, const char *key, double value, int decimals)
{
    csv_write_field(f, key);
    csv_next_double(f, value, decimals);
    fputc('\n', f);
}

/* ---- summary rows and "Summary Statistics" ----------------------------------------- */

/* The metrics a skipped level reports: zeros, with "none" where none applies. */
static ltb_metrics skipped_metrics(const ltb_level *level)
{
    ltb_metrics m;
    memset(&m, 0, sizeof m);
    m.concurrency = level->concurrency;
    m.batch = level->batch;
    m.mean_gpu_ms = m.mean_server_ms = m.gpu_mem_mb = -1.0;
    ltb_gpu_metrics_none(&m.gpu);
    return m;
}

static int level_ran(const ltb_level *level)
{
    return !level->skipped && level->metrics.ok_requests > 0;
}

void csv_write_statistic(FILE *f, const ltb_run *run, const char *name,
                         csv_level_value_fn value, int lower_is_better, int decimals,
                         int with_batch)
{
    int best = -1;
    double lo = 0, hi = 0;
    for (int i = 0; i < run->n_levels; i++) {
        if (!level_ran(&run->levels[i]))
            continue;
        double v = value(&run->levels[i].metrics);
        if (best < 0 || v < lo)
            lo = v;
        if (best < 0 || v > hi)
            hi = v;
        double best_v = best < 0 ? 0 : value(&run->levels[best].metrics);
        if (best < 0 || (lower_is_better ? v < best_v : v > best_v))
            best = i;
    }
    if (best < 0)
        return;
    csv_write_field(f, name);
    csv_next_double(f, lo, decimals);
    csv_next_double(f, hi, decimals);
    csv_next_double(f, hi - lo, decimals);
    csv_next_int(f, run->levels[best].concurrency);
    if (with_batch)
        csv_next_int(f, run->levels[best].batch);
    fputc('\n', f);
}

void csv_write_overall(FILE *f, const ltb_run *run)
{
    size_t total = 0, ok = 0;
    for (int i = 0; i < run->n_levels; i++) {
        total += run->levels[i].metrics.total_requests;
        ok += run->levels[i].metrics.ok_requests;
    }
    csv_write_pair_int(f, "Total_Requests_All_Levels", (long long)total);
    csv_write_pair_double(f, "Overall_Success_Rate_%", total > 0 ? 100.0 * ok / total : 0.0, 1);
}

/* ---- "Test Configuration" ------------------------------------------------------------ */

void csv_format_int_list(char *buf, size_t cap, const int *v, int n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < cap; i++) {
        int w = snprintf(buf + used, cap - used, i > 0 ? ",%d" : "%d", v[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

void csv_write_configuration_head(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    char buf[512];
    fputs("\nTest Configuration\n", f);
    csv_write_pair(f, "Model", c->model_name);
    csv_write_pair(f, "Model_Path", c->model_path);
    csv_write_pair(f, "Device", c->device);
    csv_write_pair(f, "Precision", c->precision);
    csv_write_pair_int(f, "Iterations_Per_Level", c->iterations);
    if (c->warmup < 0)
        csv_write_pair(f, "Warmup_Requests", "auto");
    else
        csv_write_pair_int(f, "Warmup_Requests", c->warmup);
    csv_format_int_list(buf, sizeof buf, c->concurrency, c->n_concurrency);
    csv_write_pair(f, "Concurrency_Levels", buf);
}

static int compare_sizes(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* One "{Min|Max|Avg|Median}_{stem}" row. */
static void write_stat_row(FILE *f, const char *which, const char *stem, double v, int decimals)
{
    char key[128];
    snprintf(key, sizeof key, "%s_%s", which, stem);
    if (decimals < 0)
        csv_write_pair_int(f, key, (long long)v);
    else
        csv_write_pair_double(f, key, v, decimals);
}

void csv_write_length_stats(FILE *f, const char *count_key, const char *stem, size_t *len,
                            int n)
{
    csv_write_pair_int(f, count_key, n);
    if (len == NULL || n <= 0)
        return;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += (double)len[i];
    qsort(len, (size_t)n, sizeof *len, compare_sizes);
    double median = n % 2 ? (double)len[n / 2] : (len[n / 2 - 1] + len[n / 2]) / 2.0;
    write_stat_row(f, "Min", stem, (double)len[0], -1);
    write_stat_row(f, "Max", stem, (double)len[n - 1], -1);
    write_stat_row(f, "Avg", stem, sum / n, 2);
    write_stat_row(f, "Median", stem, median, 1);
}

/* ---- files ---------------------------------------------------------------------------- */

/* The rows of a file: one rank's run, with Rank,Host at the end when ranked. */
typedef struct csv_rows {
    const ltb_csv_rank *ranks;
    int n;
    int ranked;
} csv_rows;

/* The columns of fields (spliced lists included), each after a comma but the first. */
static void write_names(FILE *f, const ltb_field *fields, int *first)
{
    for (const ltb_field *x = fields; x->kind != LTB_FIELD_END; x++) {
        if (x->kind == LTB_FIELD_LIST) {
            write_names(f, x->list, first);
            continue;
        }
        if (x->csv == NULL) /* JSON only */
            continue;
        if (!*first)
            fputc(',', f);
        *first = 0;
        csv_write_field(f, x->csv);
    }
}

/* The values of fields for row, as write_names lays out their columns. */
static void write_values(FILE *f, const ltb_field *fields, const ltb_field_row *row, int *first)
{
    char buf[1024];
    for (const ltb_field *x = fields; x->kind != LTB_FIELD_END; x++) {
        if (x->kind == LTB_FIELD_LIST) {
            write_values(f, x->list, row, first);
            continue;
        }
        if (x->csv == NULL) /* JSON only */
            continue;
        if (!*first)
            fputc(',', f);
        *first = 0;
        switch (x->kind) {
        case LTB_FIELD_INT:
            csv_write_int(f, x->integer(row));
            break;
        case LTB_FIELD_NUMBER:
            csv_write_double(f, ltb_field_number(x, row), x->decimals);
            break;
        case LTB_FIELD_OPTIONAL: {
            double v = ltb_field_number(x, row);
            if (v >= 0)
                csv_write_double(f, v, x->decimals);
            break;
        }
        case LTB_FIELD_TEXT:
            csv_write_field(f, x->text(row, buf, sizeof buf));
            break;
        case LTB_FIELD_BOOL: {
            long long v = x->integer(row);
            csv_write_field(f, v < 0 ? NULL : v ? "True" : "False");
            break;
        }
        default:
            break;
        }
    }
}

static void write_header(FILE *f, const ltb_field *fields, int ranked)
{
    int first = 1;
    write_names(f, fields, &first);
    fputs(ranked ? ",Rank,Host\n" : "\n", f);
}

static void end_row(FILE *f, const csv_rows *rows, int i)
{
    if (rows->ranked) {
        csv_next_int(f, rows->ranks[i].rank);
        csv_next_text(f, rows->ranks[i].host);
    }
    fputc('\n', f);
}

static void write_summary_body(FILE *f, const csv_rows *rows, const csv_task_layout *layout)
{
    write_header(f, layout->summary, rows->ranked);
    for (int p = 0; p < rows->n; p++) {
        const ltb_run *run = rows->ranks[p].run;
        for (int i = 0; i < run->n_levels; i++) {
            const ltb_level *level = &run->levels[i];
            ltb_metrics zeros = skipped_metrics(level);
            ltb_field_row row = {run, level, level->skipped ? &zeros : &level->metrics, NULL,
                                 NULL};
            int first = 1;
            write_values(f, layout->summary, &row, &first);
            end_row(f, rows, p);
        }
    }
    layout->summary_statistics(f, rows->ranks[0].run);
    layout->test_configuration(f, rows->ranks[0].run);
}

static void write_detailed_body(FILE *f, const csv_rows *rows, const csv_task_layout *layout)
{
    write_header(f, layout->detailed, rows->ranked);
    for (int p = 0; p < rows->n; p++) {
        const ltb_run *run = rows->ranks[p].run;
        for (int i = 0; i < run->n_levels; i++) {
            const ltb_level *level = &run->levels[i];
            if (level->skipped || level->records == NULL)
                continue;
            for (size_t k = 0; k < level->n_records; k++) {
                csv_image_request facts;
                ltb_field_row row = {run, level, NULL, &level->records[k], NULL};
                if (layout->request_facts != NULL) {
                    layout->request_facts(run, level, row.r, &facts);
                    row.facts = &facts;
                }
                int first = 1;
                write_values(f, layout->detailed, &row, &first);
                end_row(f, rows, p);
            }
        }
    }
}

typedef void (*body_fn)(FILE *f, const csv_rows *rows, const csv_task_layout *layout);

static int write_file(const csv_rows *rows, const char *dir, const char *suffix,
                      const csv_task_layout *layout, body_fn write_body, char *err,
                      size_t errlen)
{
    char path[4096];
    atomic_file af;
    if (ltb_report_path(path, sizeof path, dir, rows->ranks[0].run->config.name, suffix, err,
                        errlen) != 0)
        return -1;
    if (atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    write_body(af.f, rows, layout);
    return atomic_file_commit(&af, err, errlen);
}

static int write_task_files(const csv_rows *rows, const char *dir, const csv_task_layout *layout,
                            char *err, size_t errlen)
{
    if (write_file(rows, dir, "_detailed.csv", layout, write_detailed_body, err, errlen) != 0)
        return -1;
    if (write_file(rows, dir, "_summary.csv", layout, write_summary_body, err, errlen) != 0)
        return -1;
    if (layout->legacy)
        return write_file(rows, dir, ".csv", layout, write_summary_body, err, errlen);
    return 0;
}

int csv_write_task_files(const ltb_run *run, const char *dir, const csv_task_layout *layout,
                         char *err, size_t errlen)
{
    ltb_csv_rank one = {run, 0, NULL};
    csv_rows rows = {&one, 1, 0};
    return write_task_files(&rows, dir, layout, err, errlen);
}

int csv_write_rank_files(const ltb_csv_rank *ranks, int n, const char *dir,
                         const csv_task_layout *layout, char *err, size_t errlen)
{
    if (n < 1) {
        snprintf(err, errlen, "no rank has results to write");
        return -1;
    }
    csv_rows rows = {ranks, n, 1};
    return write_task_files(&rows, dir, layout, err, errlen);
}
