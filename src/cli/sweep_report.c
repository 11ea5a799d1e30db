/* sweep_report.c — the table of a sweep's variants (see sweep_report.h). */
#include "sweep_report.h"

#include "atomic_file.h"
#include "csv.h"
#include "report.h"
#include "report_csv_common.h"
#include "report_path.h"

#include <stdlib.h>
#include <string.h>

void sweep_report_init(sweep_report *r, ltb_task task)
{
    memset(r, 0, sizeof *r);
    r->task = task;
}

static sweep_row *new_row(sweep_report *r, const cli_variant *v)
{
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        sweep_row *grown = realloc(r->rows, (size_t)cap * sizeof *grown);
        if (!grown)
            return NULL;
        r->rows = grown;
        r->cap = cap;
    }
    sweep_row *row = &r->rows[r->n++];
    memset(row, 0, sizeof *row);
    row->variant = *v;
    row->throughput = row->rps = row->latency_p50 = row->latency_p95 = -1.0;
    row->gpu_compute_ms = row->joules_per_item = row->gpu_mem_peak_mb = -1.0;
    return row;
}

void sweep_report_add_run(sweep_report *r, const cli_variant *v, const ltb_run *run)
{
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        const ltb_metrics *m = &l->metrics;
        sweep_row *row = new_row(r, v);
        if (!row)
            return;
        row->concurrency = l->concurrency;
        row->batch = l->batch;
        row->repetition = l->repetition + 1;
        if (l->skipped) {
            snprintf(row->status, sizeof row->status, "skipped: %s", l->note);
            continue;
        }
        snprintf(row->status, sizeof row->status, "%s",
                 m->failed_requests ? "some requests failed" : "ok");
        row->throughput = r->task == LTB_TASK_TTS ? m->asps : m->ips;
        row->rps = m->rps;
        row->latency_p50 = m->latency.p50;
        row->latency_p95 = m->latency.p95;
        row->gpu_compute_ms = m->gpu.compute.n > 0 ? m->gpu.compute.mean : -1.0;
        row->joules_per_item = m->gpu.joules_per_item;
        row->gpu_mem_peak_mb = m->gpu.mem_peak_allocated_mb;
    }
}

void sweep_report_add_not_run(sweep_report *r, const cli_variant *v, const char *why)
{
    sweep_row *row = new_row(r, v);
    if (row)
        snprintf(row->status, sizeof row->status, "not run: %s", why);
}

static void print_number(FILE *out, double v, int width, int decimals)
{
    if (v < 0)
        fprintf(out, "%-*s ", width, "-");
    else
        fprintf(out, "%-*.*f ", width, decimals, v);
}

void sweep_report_print(FILE *out, const sweep_report *r)
{
    const char *what = r->task == LTB_TASK_TTS ? "ASPS" : "IPS";
    fprintf(out, "\nSweep (%d row%s)\n", r->n, r->n == 1 ? "" : "s");
    fprintf(out, "%-44s %-5s %-5s %-10s %-9s %-9s %-9s %-9s %s\n", "Variant", "Conc", "Batch", what,
            "p50 ms", "GPU ms", "J/item", "Alloc MB", "Status");
    for (int i = 0; i < r->n; i++) {
        const sweep_row *row = &r->rows[i];
        char label[160];
        cli_variant_label(&row->variant, label, sizeof label);
        fprintf(out, "%-44s ", label);
        if (row->concurrency == 0) {        /* the variant did not run at all */
            fprintf(out, "%s\n", row->status);
            continue;
        }
        fprintf(out, "%-5d %-5d ", row->concurrency, row->batch);
        print_number(out, row->throughput, 10, 2);
        print_number(out, row->latency_p50, 9, 3);
        print_number(out, row->gpu_compute_ms, 9, 3);
        print_number(out, row->joules_per_item, 9, 4);
        print_number(out, row->gpu_mem_peak_mb, 9, 0);
        fprintf(out, "%s\n", row->status);
    }
}

int sweep_report_write_csv(const sweep_report *r, const char *dir, const char *name, char *err,
                           size_t errlen)
{
    static const char *const header_image[] = {
        "Variant", "Device", "Precision", "Channels_Last", "CuDNN_Benchmark", "CUDA_Graph",
        "Concurrency", "Batch", "Repetition", "IPS", "RPS", "Latency_p50_ms", "Latency_p95_ms",
        "GPU_Compute_Mean_ms", "Joules_Per_Item", "GPU_Mem_Peak_Allocated_MB", "Model_File", "Status",
        NULL};
    static const char *const header_tts[] = {
        "Variant", "Device", "Precision", "Channels_Last", "CuDNN_Benchmark", "CUDA_Graph",
        "Concurrency", "Batch", "Repetition", "ASPS", "RPS", "Latency_p50_ms", "Latency_p95_ms",
        "GPU_Compute_Mean_ms", "Joules_Per_Item", "GPU_Mem_Peak_Allocated_MB", "Model_File", "Status",
        NULL};
    char path[4096];
    if (make_dirs(dir, err, errlen) != 0 ||
        ltb_report_path(path, sizeof path, dir, name, "_sweep.csv", err, errlen) != 0)
        return -1;
    atomic_file af;
    if (atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    csv_write_header(af.f, r->task == LTB_TASK_TTS ? header_tts : header_image);
    for (int i = 0; i < r->n; i++) {
        const sweep_row *row = &r->rows[i];
        const cli_variant *v = &row->variant;
        char label[160];
        cli_variant_label(v, label, sizeof label);
        csv_write_field(af.f, label);
        csv_next_text(af.f, v->device);
        csv_next_text(af.f, v->precision);
        csv_next_text(af.f, v->channels_last ? "True" : "False");
        csv_next_text(af.f, v->cudnn_benchmark ? "True" : "False");
        csv_next_text(af.f, v->cuda_graph ? "True" : "False");
        if (row->concurrency > 0) {
            csv_next_int(af.f, row->concurrency);
            csv_next_int(af.f, row->batch);
            csv_next_int(af.f, row->repetition);
        } else {
            fputs(",,,", af.f);             /* the variant did not run: no level */
        }
        csv_next_optional(af.f, row->throughput, 4);
        csv_next_optional(af.f, row->rps, 4);
        csv_next_optional(af.f, row->latency_p50, 4);
        csv_next_optional(af.f, row->latency_p95, 4);
        csv_next_optional(af.f, row->gpu_compute_ms, 4);
        csv_next_optional(af.f, row->joules_per_item, 6);
        csv_next_optional(af.f, row->gpu_mem_peak_mb, 1);
        csv_next_text(af.f, v->model ? v->model : "");   /* "": the one model of the run */
        csv_next_text(af.f, row->status);
        fputc('\n', af.f);
    }
    return atomic_file_commit(&af, err, errlen);
}

void sweep_report_free(sweep_report *r)
{
    free(r->rows);
    memset(r, 0, sizeof *r);
}
