/* report_profile.c — the per-operator profile's console table and CSV (see
 * report_profile.h). */
#include "report_profile.h"

#include "atomic_file.h"
#include "csv.h"
#include "report_csv_common.h"
#include "report_path.h"

#include <string.h>

/* The share of the kept rows' self time that op i takes, in percent. */
static double self_percent(const ltb_profile *p, int i)
{
    double t = p->ops[i].self_cpu_ms + p->ops[i].self_cuda_ms;
    return p->total_self_ms > 0 ? 100.0 * t / p->total_self_ms : 0.0;
}

void ltb_profile_print(FILE *out, const ltb_profile *p)
{
    fprintf(out, "\nPer-operator profile: %d request%s of batch %d after the timed levels "
                 "(top %d of %d operator/shape groups by self time)\n",
            p->requests, p->requests == 1 ? "" : "s", p->batch, p->n_ops, p->n_groups);
    if (p->failed)
        fprintf(out, "  %d of the profiled requests failed: %s\n", p->failed, p->first_error);
    fprintf(out, "%-36s %7s %9s %9s %9s %6s  %s\n", "Operator", "Calls", "Calls/req", "Self CPU",
            "Self CUDA", "Self%", "Input shapes");
    fprintf(out, "%-36s %7s %9s %9s %9s %6s\n", "", "", "", "ms", "ms", "");
    for (int i = 0; i < p->n_ops; i++) {
        const lt_profile_op *o = &p->ops[i];
        double per_req = p->requests > 0 ? (double)o->calls / p->requests : 0.0;
        fprintf(out, "%-36.36s %7lld %9.2f %9.3f %9.3f %6.1f  %.100s\n", o->name, (long long)o->calls,
                per_req, o->self_cpu_ms, o->self_cuda_ms, self_percent(p, i), o->input_shapes);
    }
    if (p->trace_path[0])
        fprintf(out, "Chrome trace (open in https://ui.perfetto.dev): %s\n", p->trace_path);
}

int ltb_profile_write_csv(const ltb_profile *p, const char *dir, const char *name, char *err,
                          size_t errlen)
{
    static const char *const header[] = {
        "Operator", "Calls", "Self_CPU_ms", "Self_CUDA_ms", "Input_Shapes", "Calls_Per_Request",
        "Self_CPU_ms_Per_Call", "Total_CPU_ms", "Self_Percent", NULL};
    char path[4096];
    if (make_dirs(dir, err, errlen) != 0 ||
        ltb_report_path(path, sizeof path, dir, name, "_profile.csv", err, errlen) != 0)
        return -1;
    atomic_file af;
    if (atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    csv_write_header(af.f, header);
    for (int i = 0; i < p->n_ops; i++) {
        const lt_profile_op *o = &p->ops[i];
        csv_write_field(af.f, o->name);
        csv_next_int(af.f, o->calls);
        csv_next_double(af.f, o->self_cpu_ms, 4);
        csv_next_double(af.f, o->self_cuda_ms, 4);
        csv_next_text(af.f, o->input_shapes);
        csv_next_double(af.f, p->requests > 0 ? (double)o->calls / p->requests : 0.0, 3);
        csv_next_double(af.f, o->calls > 0 ? o->self_cpu_ms / (double)o->calls : 0.0, 5);
        csv_next_double(af.f, o->total_cpu_ms, 4);
        csv_next_double(af.f, self_percent(p, i), 2);
        fputc('\n', af.f);
    }
    return atomic_file_commit(&af, err, errlen);
}
