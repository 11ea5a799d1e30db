/* fleet_mpi.c — joining and leaving an MPI fleet, and rank 0's fleet report
 * (see fleet.h; the messages are in fleet_protocol.c). Compiled only in an
 * LTBENCH_MPI build. */
#include "fleet_mpi.h"

#include "run_exit_code.h"
#include "fleet_report.h"
#include "fleet_wire.h"
#include "gpu_level.h"
#include "lt_shim.h"
#include "shim_loader.h"
#include "thread_plan.h"
#include "write_reports.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Threads for a CPU rank: the CPUs the launcher lets it use, at most its share of
 * the host's cores. */
static int cpu_threads(int ranks_here)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int share = cores > 0 ? (int)(cores / (ranks_here > 0 ? ranks_here : 1)) : 1;
    int allowed = ltb_cores_available();
    if (allowed < share)
        share = allowed;
    return share > 0 ? share : 1;
}

static void bind_device(ltb_fleet *f, ltb_config *cfg)
{
    const char *device = cfg->device ? cfg->device : "cpu";
    if (!strcmp(device, "cuda"))
        snprintf(f->device, sizeof f->device, "cuda:%d", f->local_rank);
    else
        snprintf(f->device, sizeof f->device, "%s", device);
    cfg->device = f->device;
    if (!strcmp(device, "cpu") && cfg->threads == 0)
        cfg->threads = cpu_threads(f->local_size);
    f->threads = cfg->threads;
}

/* What rank 0 knows of every rank from the start: host and device. */
typedef struct rank_place {
    char host[LTB_FLEET_HOST_LEN];
    char device[LTB_FLEET_DEVICE_LEN];
} rank_place;

static int gather_places(ltb_fleet *f)
{
    rank_place mine;
    memset(&mine, 0, sizeof mine);
    snprintf(mine.host, sizeof mine.host, "%s", f->host);
    snprintf(mine.device, sizeof mine.device, "%s", f->cfg->device ? f->cfg->device : "cpu");
    rank_place *all = f->rank == 0 ? calloc((size_t)f->size, sizeof *all) : NULL;
    if (f->rank == 0 && (!all || !(f->peers = calloc((size_t)f->size, sizeof *f->peers)))) {
        free(all);
        return -1;
    }
    MPI_Gather(&mine, (int)sizeof mine, MPI_BYTE, all, (int)sizeof mine, MPI_BYTE, 0, f->comm);
    for (int r = 0; f->rank == 0 && r < f->size; r++) {
        fleet_peer *p = &f->peers[r];
        p->waiting_at = p->late_from = -1;
        memcpy(p->host, all[r].host, sizeof p->host);
        memcpy(p->device, all[r].device, sizeof p->device);
    }
    free(all);
    return 0;
}

ltb_fleet *ltb_fleet_join(ltb_config *cfg, const fleet_options *opt)
{
    if (!ltb_fleet_launched_by_mpi())
        return NULL;
    int initialized = 0, provided = 0;
    MPI_Initialized(&initialized);
    if (!initialized && MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "ltbench: MPI did not start: running alone\n");
        return NULL;
    }
    ltb_fleet *f = calloc(1, sizeof *f);
    if (!f) {
        fprintf(stderr, "ltbench: out of memory joining the fleet\n");
        MPI_Abort(MPI_COMM_WORLD, LTB_EXIT_USAGE);
    }
    f->cfg = cfg;
    f->opt = *opt;
    f->unsynchronized_from = -1;
    MPI_Comm_dup(MPI_COMM_WORLD, &f->comm);
    MPI_Comm_rank(f->comm, &f->rank);
    MPI_Comm_size(f->comm, &f->size);
    int *tag_ub = NULL, has_ub = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &tag_ub, &has_ub);
    f->max_round = ((has_ub && tag_ub ? *tag_ub : 32767) - 101) / 2;
    MPI_Comm local;
    MPI_Comm_split_type(f->comm, MPI_COMM_TYPE_SHARED, f->rank, MPI_INFO_NULL, &local);
    MPI_Comm_rank(local, &f->local_rank);
    MPI_Comm_size(local, &f->local_size);
    MPI_Comm_free(&local);
    char host[MPI_MAX_PROCESSOR_NAME];
    int len = 0;
    MPI_Get_processor_name(host, &len);
    snprintf(f->host, sizeof f->host, "%.*s", len, host);

    bind_device(f, cfg);
    ltb_fleet_attach(f, cfg);
    if (gather_places(f) != 0) {
        fprintf(stderr, "ltbench: out of memory joining the fleet\n");
        MPI_Abort(f->comm, LTB_EXIT_USAGE);
    }
    if (f->rank == 0 && !cfg->quiet)
        fprintf(stderr, "ltbench: fleet of %d rank%s; rank 0 on %s bound to %s\n", f->size,
                f->size == 1 ? "" : "s", f->host, cfg->device ? cfg->device : "cpu");
    return f;
}

void ltb_fleet_attach(ltb_fleet *f, ltb_config *cfg)
{
    if (cfg != f->cfg) {   /* the next run: bound as join bound the first */
        cfg->device = f->device;
        if (cfg->threads == 0)
            cfg->threads = f->threads;
    }
    f->cfg = cfg;
    cfg->level_gate = fleet_gate;
    cfg->level_gate_user = f;
    if (f->rank != 0)
        cfg->quiet = 1;
}

int ltb_fleet_rank(const ltb_fleet *f)
{
    return f ? f->rank : 0;
}

int ltb_fleet_size(const ltb_fleet *f)
{
    return f ? f->size : 1;
}

int ltb_fleet_broken(const ltb_fleet *f)
{
    return f && f->rank != 0 && f->must_abort;
}

void ltb_fleet_barrier(ltb_fleet *f)
{
    fleet_gate(f, f->barriers++);
}

/* A CUDA device's UUID: NVML's when it has one, else the CUDA runtime's; "" on
 * anything else. */
static void device_uuid(const char *device, int quiet, char *uuid, size_t len)
{
    int idx = ltb_cuda_index(device);
    lt_cuda_device dev;
    char why[256];
    uuid[0] = '\0';
    if (idx < 0)
        return;
    if (lt_cuda_device_info(idx, &dev, NULL) == LT_OK)
        snprintf(uuid, len, "%s", dev.uuid);
    ltb_nvml *nvml = ltb_gpu_nvml(idx, quiet, why, sizeof why);
    if (nvml) {
        ltb_nvml_facts facts;
        ltb_nvml_facts_read(nvml, &facts);
        if (facts.uuid[0])
            snprintf(uuid, len, "%.*s", (int)len - 1, facts.uuid);
    }
}

/* This rank's own report. */
static void describe_self(const ltb_fleet *f, const ltb_run *run, const char *failure,
                          ltb_rank_report *r)
{
    const ltb_config *c = f->cfg;
    memset(r, 0, sizeof *r);
    r->rank = f->rank;
    r->status = run ? LTB_RANK_OK : LTB_RANK_FAILED;
    snprintf(r->host, sizeof r->host, "%s", f->host);
    snprintf(r->device, sizeof r->device, "%s", c->device ? c->device : "cpu");
    ltb_environment env;
    ltb_environment_for_device(r->device, &env);
    snprintf(r->device_name, sizeof r->device_name, "%s", env.device_name);
    device_uuid(r->device, c->quiet, r->device_uuid, sizeof r->device_uuid);
    lt_info info;
    memset(&info, 0, sizeof info);
    if (c->threads <= 0 && ltb_shim_loaded())   /* an HTTP rank never loads LibTorch: 0 */
        lt_get_info(&info);
    r->threads = c->threads > 0 ? c->threads : info.intra_threads;
    r->unsynchronized_from = f->unsynchronized_from;
    if (!run)
        snprintf(r->error, sizeof r->error, "%s", failure ? failure : "could not run");
    r->run = (ltb_run *)run;
}

/* Rank 0: rank r's report of this round from the bytes it sent (or why it has none). */
static void peer_report(ltb_fleet *f, int r, ltb_rank_report *out)
{
    fleet_peer *p = &f->peers[r];
    char err[256];
    int unpacked = !p->gone && fleet_wire_unpack(p->bytes, p->n_bytes, f->cfg, out, err,
                                                 sizeof err) == 0;
    if (!unpacked)
        memset(out, 0, sizeof *out);
    out->rank = r;
    snprintf(out->host, sizeof out->host, "%s", p->host);
    if (p->gone) {
        snprintf(out->device, sizeof out->device, "%s", p->device);
        out->status = LTB_RANK_MISSING;
        out->unsynchronized_from = -1;
        snprintf(out->error, sizeof out->error, "%s", p->gone_why);
    } else if (!unpacked) {
        snprintf(out->device, sizeof out->device, "%s", p->device);
        out->status = LTB_RANK_FAILED;
        out->unsynchronized_from = -1;
        snprintf(out->error, sizeof out->error, "its results could not be read: %s", err);
    }
    if (p->late_from >= 0 && (out->unsynchronized_from < 0 || p->late_from < out->unsynchronized_from))
        out->unsynchronized_from = p->late_from;
}

/* Rank 0: every rank's report into fr (peers' runs are unpacked into it). */
static int build_result(ltb_fleet *f, const ltb_rank_report *mine, ltb_fleet_result *fr)
{
    memset(fr, 0, sizeof *fr);
    fr->config = f->cfg;
    fr->tolerance_pct = f->opt.outlier_tolerance_pct;
    fr->size = f->size;
    fr->ranks = calloc((size_t)f->size, sizeof *fr->ranks);
    if (!fr->ranks)
        return -1;
    fr->ranks[0] = *mine;
    for (int r = 1; r < f->size; r++)
        peer_report(f, r, &fr->ranks[r]);
    return ltb_fleet_judge(fr);
}

static int report_on_rank0(ltb_fleet *f, const ltb_rank_report *mine, FILE *out)
{
    if (mine->run == NULL)
        fleet_coordinate(f);
    fleet_collect(f);
    ltb_fleet_result fr;
    char err[512];
    int code;
    if (build_result(f, mine, &fr) != 0) {
        fprintf(stderr, "ltbench: out of memory building the fleet report\n");
        code = LTB_EXIT_USAGE;
    } else {
        code = ltb_fleet_exit_code(&fr);
        if (code == LTB_EXIT_FLEET_FAILED)
            fprintf(stderr, "ltbench: fleet failed: %d outlier, %d failed, %d missing of %d ranks "
                    "(outlier: more than %.1f%% below the median; --outlier-tolerance)\n",
                    fr.outlier_ranks, fr.failed_ranks, fr.missing_ranks, fr.size, fr.tolerance_pct);
        if (ltb_fleet_write_reports(&fr, f->cfg->quiet ? NULL : out, err, sizeof err) != 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            code = LTB_EXIT_USAGE;
        }
    }
    ltb_fleet_result_free(&fr);
    free(fr.ranks);
    return code;
}

/* Another rank: its report, packed, to rank 0. 0, or -1 when rank 0 did not take it. */
static int send_report(ltb_fleet *f, const ltb_rank_report *r)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    if (fleet_wire_pack(r, &buf, &len) != 0) {
        ltb_rank_report bare = *r;
        bare.run = NULL;
        bare.status = LTB_RANK_FAILED;
        snprintf(bare.error, sizeof bare.error, "out of memory packing its results");
        if (fleet_wire_pack(&bare, &buf, &len) != 0)
            return -1;
    }
    return fleet_send_bytes(f, buf, len);
}

int ltb_fleet_report(ltb_fleet *f, const ltb_run *run, const char *failure, FILE *out)
{
    ltb_rank_report mine;
    describe_self(f, run, failure, &mine);
    int code = LTB_EXIT_OK;
    if (f->rank == 0) {
        code = report_on_rank0(f, &mine, out);
    } else if (send_report(f, &mine) != 0) {
        f->must_abort = 1;
        code = LTB_EXIT_FLEET_FAILED;
    }
    fleet_next_round(f);
    return code;
}

int ltb_fleet_gather(ltb_fleet *f, const void *mine, size_t len, ltb_fleet_bytes **all)
{
    *all = NULL;
    if (f->rank != 0) {
        unsigned char *copy = malloc(len ? len : 1);
        int rc = copy ? 0 : -1;
        if (copy) {
            memcpy(copy, mine, len);
            rc = fleet_send_bytes(f, copy, len);
        }
        if (rc != 0)
            f->must_abort = 1;
        fleet_next_round(f);
        return rc;
    }
    fleet_collect(f);
    ltb_fleet_bytes *out = calloc((size_t)f->size, sizeof *out);
    if (!out) {
        fleet_next_round(f);
        return -1;
    }
    out[0].data = malloc(len ? len : 1);
    if (out[0].data) {
        memcpy(out[0].data, mine, len);
        out[0].len = len;
    }
    for (int r = 1; r < f->size; r++) {
        fleet_peer *p = &f->peers[r];
        if (p->gone) {
            snprintf(out[r].missing, sizeof out[r].missing, "%s", p->gone_why);
            continue;
        }
        out[r].data = p->bytes;   /* handed over */
        out[r].len = p->n_bytes;
        p->bytes = NULL;
    }
    fleet_next_round(f);
    *all = out;
    return 0;
}

void ltb_fleet_bytes_free(ltb_fleet_bytes *all, int n)
{
    for (int r = 0; all && r < n; r++)
        free(all[r].data);
    free(all);
}

int ltb_fleet_leave(ltb_fleet *f, int code)
{
    if (f->must_abort) {
        fflush(stdout);
        fflush(stderr);
        MPI_Abort(f->comm, code); /* stops the rank that still hangs, and this job */
    }
    for (int r = 0; f->peers && r < f->size; r++)
        free(f->peers[r].bytes);
    free(f->peers);
    MPI_Comm_free(&f->comm);
    MPI_Finalize();
    free(f);
    return code;
}
