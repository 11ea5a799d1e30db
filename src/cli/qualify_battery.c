/* qualify_battery.c — the parts of the qualification battery (see qualify_battery.h). */
#define _POSIX_C_SOURCE 200809L
#include "qualify_battery.h"

#include "cli_run.h"
#include "cmd_open.h"
#include "environment.h"
#include "gpu_level.h"
#include "interrupt.h"
#include "lt_shim.h"
#include "paths.h"
#include "target_delay.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct battery {
    const char *image_model;       /* file stem in the models dir */
    const char *batches;
    const char *precisions[2];
    int n_precisions;
    const char *iterations, *warmup;
    const char *tts_model;
    const char *tts_iterations, *tts_warmup;
    int matmul_n, matmul_iters;
    long long copy_bytes;
    int copy_iters;
} battery;

static battery battery_for(const qualify_options *o)
{
    if (o->quick)
        return (battery){"resnet18", "1,2", {"fp32", "fp16"}, 2, "3", "1", "tts_tiny", "2", "1",
                         256, 3, 16LL << 20, 3};
    return (battery){"resnet50", "1,32,256", {"fp32", "fp16"}, 2, "30", "5", "tts_v1", "10", "2",
                     8192, 20, 1LL << 30, 20};
}

/* ---- facts ---------------------------------------------------------------------- */

void qualify_describe_device(const qualify_options *o, qualify_profile *p)
{
    ltb_environment env;
    lt_info info;
    ltb_environment_read(&env, o->device);
    lt_get_info(&info);
    snprintf(p->timestamp, sizeof p->timestamp, "%s", env.timestamp);
    snprintf(p->device, sizeof p->device, "%s", o->device);
    snprintf(p->ltbench_version, sizeof p->ltbench_version, "%s", env.ltbench_version);
    snprintf(p->git_commit, sizeof p->git_commit, "%s", env.git_commit);
    snprintf(p->torch_version, sizeof p->torch_version, "%s", info.torch_version);
    snprintf(p->cuda_version, sizeof p->cuda_version, "%s", info.cuda_version);
    snprintf(p->cudnn_version, sizeof p->cudnn_version, "%s", info.cudnn_version);
    snprintf(p->hostname, sizeof p->hostname, "%s", env.hostname);
    snprintf(p->cpu_model, sizeof p->cpu_model, "%s", env.cpu_model);
    p->quick = o->quick;
    p->memory_total_mb = env.mem_total_gb * 1024.0;
    snprintf(p->name, sizeof p->name, "%s", env.cpu_model);
    int idx = ltb_cuda_index(o->device);
    lt_cuda_device dev;
    if (idx < 0 || lt_cuda_device_info(idx, &dev, NULL) != LT_OK)
        return;
    snprintf(p->name, sizeof p->name, "%s", dev.name);
    snprintf(p->uuid, sizeof p->uuid, "%s", dev.uuid);
    snprintf(p->pci_bus_id, sizeof p->pci_bus_id, "%s", dev.pci_bus_id);
    snprintf(p->compute_capability, sizeof p->compute_capability, "%d.%d", dev.cc_major, dev.cc_minor);
    p->memory_total_mb = (double)dev.total_memory_bytes / (1024.0 * 1024.0);
    if (dev.driver_version > 0)
        snprintf(p->driver, sizeof p->driver, "CUDA driver API %d.%d", dev.driver_version / 1000,
                 (dev.driver_version % 1000) / 10);
    char why[256];
    ltb_nvml *nvml = ltb_gpu_nvml(idx, o->quiet, why, sizeof why);
    if (nvml) {
        ltb_nvml_facts f;
        ltb_nvml_facts_read(nvml, &f);
        if (f.driver[0])
            snprintf(p->driver, sizeof p->driver, "%s", f.driver);
        if (f.uuid[0])
            snprintf(p->uuid, sizeof p->uuid, "%s", f.uuid);
    }
}

/* ---- image and TTS parts: the harness itself, through the CLI's parsers ---------- */

typedef struct part {
    qualify_profile *profile;
    char prefix[96];               /* "image_resnet50_fp16" */
    int tts, streaming;
} part;

static void add_image_levels(const ltb_run *run, part *pt)
{
    char name[160];
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        const ltb_metrics *m = &l->metrics;
        int ok = !l->skipped && m->ok_requests > 0;
        const char *why = l->skipped ? l->note : "no request succeeded";
        snprintf(name, sizeof name, "%s_b%d_ips", pt->prefix, l->batch);
        qualify_add(pt->profile, name, ok ? m->ips : NAN, "images/s", 1, ok ? NULL : why);
        if (ok && m->gpu.compute.n > 0) {
            snprintf(name, sizeof name, "%s_b%d_gpu_compute_ms", pt->prefix, l->batch);
            qualify_add(pt->profile, name, m->gpu.compute.mean, "ms", 0, NULL);
        }
        if (ok && m->gpu.joules_per_item >= 0) {
            snprintf(name, sizeof name, "%s_b%d_joules_per_image", pt->prefix, l->batch);
            qualify_add(pt->profile, name, m->gpu.joules_per_item, "J", 0, NULL);
        }
    }
}

static void add_tts_level(const ltb_run *run, part *pt)
{
    char name[160];
    const ltb_level *l = run->n_levels > 0 ? &run->levels[0] : NULL;
    int ok = l && !l->skipped && l->metrics.ok_requests > 0;
    const char *why = !l ? "did not run" : l->skipped ? l->note : "no request succeeded";
    if (pt->streaming) {
        snprintf(name, sizeof name, "%s_streaming_ttfa_p50_ms", pt->prefix);
        qualify_add(pt->profile, name, ok ? l->metrics.ttfa.p50 : NAN, "ms", 0, ok ? NULL : why);
        return;
    }
    snprintf(name, sizeof name, "%s_asps", pt->prefix);
    qualify_add(pt->profile, name, ok ? l->metrics.asps : NAN, "audio s/s", 1, ok ? NULL : why);
    snprintf(name, sizeof name, "%s_rtf_mean", pt->prefix);
    qualify_add(pt->profile, name, ok ? l->metrics.rtf_mean : NAN, "", 0, ok ? NULL : why);
    if (ok && l->metrics.gpu.joules_per_item >= 0) {
        snprintf(name, sizeof name, "%s_joules_per_audio_s", pt->prefix);
        qualify_add(pt->profile, name, l->metrics.gpu.joules_per_item, "J", 0, NULL);
    }
}

static void collect(const ltb_run *run, void *user)
{
    part *pt = user;
    if (pt->tts)
        add_tts_level(run, pt);
    else
        add_image_levels(run, pt);
}

/* Marks every metric a part would have given as not measured, with why. */
static void part_not_run(part *pt, const battery *b, const char *why)
{
    char name[160];
    if (pt->tts) {
        snprintf(name, sizeof name, pt->streaming ? "%s_streaming_ttfa_p50_ms" : "%s_asps", pt->prefix);
        qualify_add(pt->profile, name, NAN, pt->streaming ? "ms" : "audio s/s", !pt->streaming, why);
        return;
    }
    char batches[64];
    snprintf(batches, sizeof batches, "%s", b->batches);
    for (char *tok = strtok(batches, ","); tok; tok = strtok(NULL, ",")) {
        snprintf(name, sizeof name, "%s_b%s_ips", pt->prefix, tok);
        qualify_add(pt->profile, name, NAN, "images/s", 1, why);
    }
}

/* A part's command line, as a user would type it. */
typedef struct part_argv {
    const char *v[48];
    int n;
    char threads[16];
} part_argv;

static void push(part_argv *a, const char *arg)
{
    if (a->n < (int)(sizeof a->v / sizeof *a->v) - 1)
        a->v[a->n++] = arg;
    a->v[a->n] = NULL;
}

/* The options every part shares: device, threads, outputs. */
static void push_common(part_argv *a, const qualify_options *o, const char *run_name)
{
    push(a, "--device");
    push(a, o->device);
    if (o->threads > 0) {
        snprintf(a->threads, sizeof a->threads, "%d", o->threads);
        push(a, "-t");
        push(a, a->threads);
    }
    const char *rest[] = {"-c", "1", "-q", "-o", "json", "--no-plots", "--output-dir", o->output_dir,
                          "--name", run_name};
    for (size_t i = 0; i < sizeof rest / sizeof *rest; i++)
        push(a, rest[i]);
}

/* Runs an opened part: alone, or as one round of the fleet (this rank's slow-down
 * for --rank-delay-ms included). */
static void run_opened_part(const qualify_options *o, const ltb_config *cfg, ltb_workload *w,
                            ltb_target *t, part *pt)
{
    const fleet_options *fo = o->fleet_options;
    if (o->fleet && fo && fo->delay_rank == ltb_fleet_rank(o->fleet) && fo->delay_ms > 0 &&
        ltb_target_delay_wrap(t, fo->delay_ms) != 0)
        fprintf(stderr, "ltbench qualify: out of memory: --rank-delay-ms not applied\n");
    cli_run_and_report_in(o->fleet, cfg, w, t, collect, pt);
}

/* A part that could not open: its metrics without values; in a fleet, its round
 * still ends with this rank's reason. */
static void part_failed(const qualify_options *o, part *pt, const battery *b, const char *why)
{
    part_not_run(pt, b, why);
    if (o->fleet)
        ltb_fleet_report(o->fleet, NULL, why, stdout);
}

/* Parses the part's command line with its subcommand's own frame, opens it (bound
 * to this rank's device in a fleet) and runs it. */
static void run_part(const qualify_options *o, const battery *b, const cli_command *cmd,
                     part_argv *av, part *pt)
{
    char err[512];
    void *args = calloc(1, cmd->args_size);
    ltb_workload w;
    ltb_target t;
    if (!args) {
        part_failed(o, pt, b, "out of memory");
        return;
    }
    ltb_config *cfg = &((common_args *)args)->cfg;
    if (cmd->parse(av->n, (char **)av->v, args, err, sizeof err) != 0) {
        part_failed(o, pt, b, err);
    } else {
        if (o->fleet)
            ltb_fleet_attach(o->fleet, cfg);
        if (ltb_interrupted())
            part_failed(o, pt, b, "interrupted before it started");
        else if (cmd->open(args, &w, &t, err, sizeof err) != 0)
            part_failed(o, pt, b, err);
        else
            run_opened_part(o, cfg, &w, &t, pt);
    }
    free(args);
}

static void run_image_part(const qualify_options *o, const battery *b, const char *precision,
                           qualify_profile *p)
{
    char model[4096], run_name[128];
    ltb_default_model(b->image_model, model, sizeof model);
    strncat(model, ".pt", sizeof model - strlen(model) - 1);
    snprintf(run_name, sizeof run_name, "qualify_%s_%s", b->image_model, precision);
    part_argv av = {.n = 0};
    const char *own[] = {"image", "-m", model, "--precision", precision, "-b", b->batches, "-n",
                         b->iterations, "--warmup", b->warmup, "--synthetic", "8"};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        push(&av, own[i]);
    push_common(&av, o, run_name);
    part pt = {.profile = p};
    snprintf(pt.prefix, sizeof pt.prefix, "image_%s_%s", b->image_model, precision);
    run_part(o, b, &cmd_image_command, &av, &pt);
}

static void run_tts_part(const qualify_options *o, const battery *b, int streaming, qualify_profile *p)
{
    char model[4096], run_name[128];
    ltb_default_model(b->tts_model, model, sizeof model);
    strncat(model, ".pt", sizeof model - strlen(model) - 1);
    snprintf(run_name, sizeof run_name, "qualify_%s%s", b->tts_model, streaming ? "_streaming" : "");
    part_argv av = {.n = 0};
    const char *own[] = {"tts", "-m", model, "-n", b->tts_iterations, "--warmup", b->tts_warmup};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        push(&av, own[i]);
    if (streaming)
        push(&av, "--streaming");
    push_common(&av, o, run_name);
    part pt = {.profile = p, .tts = 1, .streaming = streaming};
    snprintf(pt.prefix, sizeof pt.prefix, "%s", b->tts_model);   /* "tts_v1" */
    run_part(o, b, &cmd_tts_command, &av, &pt);
}

/* ---- ceilings ----------------------------------------------------------------------- */

/* In a fleet every rank passes the same barriers, measuring or not (interrupted). */
static int ceiling_start(const qualify_options *o)
{
    if (o->fleet)
        ltb_fleet_barrier(o->fleet);   /* every rank measures at the same time */
    return !ltb_interrupted();
}

static void run_ceilings(const qualify_options *o, const battery *b, qualify_profile *p)
{
    static const struct { lt_precision p; const char *name; } kPrecisions[] = {
        {LT_FP32, "fp32"}, {LT_FP16, "fp16"}, {LT_BF16, "bf16"}};
    char name[160];
    lt_error e;
    for (size_t i = 0; i < sizeof kPrecisions / sizeof *kPrecisions; i++) {
        if (!ceiling_start(o))
            continue;
        double tflops = NAN;
        snprintf(name, sizeof name, "matmul_%s_n%d_tflops", kPrecisions[i].name, b->matmul_n);
        int ok = lt_bench_matmul(o->device, b->matmul_n, kPrecisions[i].p, b->matmul_iters, &tflops,
                                 &e) == LT_OK;
        qualify_add(p, name, ok ? tflops : NAN, "TFLOP/s", 1, ok ? NULL : e.msg);
    }
    if (!ceiling_start(o))
        return;
    double gbps = NAN;
    snprintf(name, sizeof name, "copy_%lldmib_gbps", b->copy_bytes >> 20);
    int ok = lt_bench_copy(o->device, b->copy_bytes, b->copy_iters, &gbps, &e) == LT_OK;
    qualify_add(p, name, ok ? gbps : NAN, "GB/s", 1, ok ? NULL : e.msg);
}

void qualify_run_battery(const qualify_options *o, qualify_profile *p)
{
    battery b = battery_for(o);
    /* in a fleet every rank goes through every part (an interrupted one reports it
     * at once), so the fleet's rounds stay in step */
    int every = o->fleet != NULL;
    for (int i = 0; i < b.n_precisions && (every || !ltb_interrupted()) && !ltb_fleet_broken(o->fleet); i++) {
        if (!o->quiet)
            fprintf(stderr, "ltbench qualify: %s %s, batch %s\n", b.image_model, b.precisions[i], b.batches);
        run_image_part(o, &b, b.precisions[i], p);
    }
    for (int streaming = 0; streaming <= 1 && (every || !ltb_interrupted()) && !ltb_fleet_broken(o->fleet);
         streaming++) {
        if (!o->quiet)
            fprintf(stderr, "ltbench qualify: %s%s\n", b.tts_model, streaming ? " streaming" : "");
        run_tts_part(o, &b, streaming, p);
    }
    if ((every || !ltb_interrupted()) && !ltb_fleet_broken(o->fleet)) {
        if (!o->quiet && !ltb_interrupted())
            fprintf(stderr, "ltbench qualify: matmul %d, copy %lld MiB\n", b.matmul_n, b.copy_bytes >> 20);
        run_ceilings(o, &b, p);
    }
}
