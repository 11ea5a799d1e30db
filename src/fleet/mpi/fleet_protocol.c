/* fleet_protocol.c — the messages between ranks (see fleet_mpi.h): level
 * barriers with a deadline, and every rank's bytes (its report) sent to rank 0 at
 * the end of a round. Polls with MPI_Iprobe / MPI_Testall and short naps, so no
 * wait is unbounded. */
#define _POSIX_C_SOURCE 200809L
#include "fleet_mpi.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TAG_FIRST = 100 };               /* round r: control TAG_FIRST + 2r, data + 1 */
enum { MSG_ARRIVE = 1, MSG_GO = 2, MSG_DONE = 3 };
#define CHUNK_BYTES ((size_t)1 << 28)   /* bytes go in pieces of at most 256 MiB */

typedef struct ctrl_msg {
    int32_t kind;
    int32_t level;
    uint64_t bytes;                     /* DONE: how many bytes follow */
} ctrl_msg;

/* The tags of this round (they wrap after max_round rounds: no rank is that far ahead). */
static int ctrl_tag(const ltb_fleet *f)
{
    return TAG_FIRST + 2 * (f->round % (f->max_round + 1));
}

static int data_tag(const ltb_fleet *f)
{
    return ctrl_tag(f) + 1;
}

double fleet_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(void)
{
    struct timespec ts = {0, 200 * 1000};
    nanosleep(&ts, NULL);
}

static void send_ctrl(ltb_fleet *f, int to, int kind, int level, uint64_t bytes)
{
    /* a few bytes: sent eagerly, MPI_Send returns without waiting for the receiver */
    ctrl_msg m = {kind, level, bytes};
    MPI_Send(&m, (int)sizeof m, MPI_BYTE, to, ctrl_tag(f), f->comm);
}

/* One control message of this round from `from` (or MPI_ANY_SOURCE), polling until
 * deadline (a deadline in the past probes once). 1 with *m and *source, or 0. */
static int poll_ctrl(ltb_fleet *f, int from, double deadline, ctrl_msg *m, int *source)
{
    for (;;) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(from, ctrl_tag(f), f->comm, &flag, &st);
        if (flag) {
            MPI_Recv(m, (int)sizeof *m, MPI_BYTE, st.MPI_SOURCE, ctrl_tag(f), f->comm,
                     MPI_STATUS_IGNORE);
            *source = st.MPI_SOURCE;
            return 1;
        }
        if (fleet_now_s() >= deadline)
            return 0;
        nap();
    }
}

/* ---- the end of a round: every rank's bytes ------------------------------------ */

int fleet_send_bytes(ltb_fleet *f, unsigned char *buf, size_t len)
{
    size_t chunks = (len + CHUNK_BYTES - 1) / CHUNK_BYTES;
    MPI_Request *reqs = calloc(chunks + 1, sizeof *reqs);
    if (!reqs) {
        free(buf);
        return -1;
    }
    send_ctrl(f, 0, MSG_DONE, -1, len);
    for (size_t i = 0; i < chunks; i++) {
        size_t at = i * CHUNK_BYTES;
        size_t n = len - at < CHUNK_BYTES ? len - at : CHUNK_BYTES;
        MPI_Isend(buf + at, (int)n, MPI_BYTE, 0, data_tag(f), f->comm, &reqs[i]);
    }
    double deadline = fleet_now_s() + 2 * f->opt.rank_timeout_s;
    int done = chunks == 0;
    while (!done && fleet_now_s() < deadline) {
        MPI_Testall((int)chunks, reqs, &done, MPI_STATUSES_IGNORE);
        if (!done)
            nap();
    }
    free(reqs);
    if (!done) {
        fprintf(stderr, "ltbench: rank %d: rank 0 did not take its results within %.0f s\n",
                f->rank, 2 * f->opt.rank_timeout_s);
        return -1; /* buf stays: the sends may still read it until the job ends */
    }
    free(buf);
    return 0;
}

/* Rank 0: receives rank src's `bytes` bytes into its peer entry. */
static void receive_bytes(ltb_fleet *f, int src, uint64_t bytes)
{
    fleet_peer *p = &f->peers[src];
    unsigned char *buf = NULL;
    if (bytes > 0 && (bytes >= SIZE_MAX || !(buf = malloc((size_t)bytes)))) {
        fprintf(stderr, "ltbench: rank 0: no memory for rank %d's results (%llu bytes)\n", src,
                (unsigned long long)bytes);
        MPI_Abort(f->comm, 2);
    }
    for (size_t at = 0; at < bytes; at += CHUNK_BYTES) {
        size_t n = bytes - at < CHUNK_BYTES ? (size_t)bytes - at : CHUNK_BYTES;
        MPI_Recv(buf + at, (int)n, MPI_BYTE, src, data_tag(f), f->comm, MPI_STATUS_IGNORE);
    }
    free(p->bytes);
    p->bytes = buf;
    p->n_bytes = (size_t)bytes;
    p->done = 1;
    p->waiting_at = -1;
}

/* ---- barriers ----------------------------------------------------------------- */

static void release(ltb_fleet *f, int r, int level, int synchronized)
{
    fleet_peer *p = &f->peers[r];
    if (!synchronized && p->late_from < 0)
        p->late_from = level;
    send_ctrl(f, r, MSG_GO, level, 0);
    p->waiting_at = -1;
}

/* Rank 0: one message; gate is the level rank 0 is at (INT_MAX once past them all):
 * a rank that arrives at an earlier level, or one no longer waited for, goes at once. */
static void handle(ltb_fleet *f, const ctrl_msg *m, int src, int gate)
{
    if (src <= 0 || src >= f->size)
        return;
    fleet_peer *p = &f->peers[src];
    if (m->kind == MSG_DONE)
        receive_bytes(f, src, m->bytes);
    else if (m->kind == MSG_ARRIVE && (p->late || m->level < gate))
        release(f, src, m->level, 0);
    else if (m->kind == MSG_ARRIVE)
        p->waiting_at = m->level;
}

static void handle_pending(ltb_fleet *f, int gate)
{
    ctrl_msg m;
    int src;
    while (poll_ctrl(f, MPI_ANY_SOURCE, 0, &m, &src))
        handle(f, &m, src, gate);
}

/* Rank 0 at level k (rank0_there: rank 0 runs it too). Returns the ranks still waited
 * for afterwards. */
static int serve_gate(ltb_fleet *f, int k, int rank0_there, double first_arrival_limit_s)
{
    double start = fleet_now_s();
    double first = rank0_there ? start : -1;
    for (;;) {
        handle_pending(f, k);
        int live = 0, there = 0;
        for (int r = 1; r < f->size; r++) {
            const fleet_peer *p = &f->peers[r];
            if (p->done || p->late)
                continue;
            live++;
            there += p->waiting_at >= k;
        }
        if (there > 0 && first < 0)
            first = fleet_now_s();
        if (there == live)
            break;
        double now = fleet_now_s();
        if ((first >= 0 && now - first > f->opt.rank_timeout_s) ||
            (first < 0 && now - start > first_arrival_limit_s)) {
            for (int r = 1; r < f->size; r++) {
                fleet_peer *p = &f->peers[r];
                if (p->done || p->late || p->waiting_at >= k)
                    continue;
                p->late = 1;
                if (p->late_from < 0)
                    p->late_from = k;
                fprintf(stderr, "ltbench: rank %d did not reach level %d within %.0f s: the "
                                "fleet goes on without waiting for it\n",
                        r, k + 1, f->opt.rank_timeout_s);
            }
            break;
        }
        nap();
    }
    int live = 0;
    for (int r = 1; r < f->size; r++) {
        fleet_peer *p = &f->peers[r];
        if (!p->done && p->waiting_at == k)
            release(f, r, k, 1);
        live += !p->done && !p->late;
    }
    return live;
}

/* A rank other than 0: ARRIVE(level), then GO(level), at most twice the timeout. */
static void wait_for_go(ltb_fleet *f, int level)
{
    send_ctrl(f, 0, MSG_ARRIVE, level, 0);
    double deadline = fleet_now_s() + 2 * f->opt.rank_timeout_s;
    ctrl_msg m;
    int src;
    while (poll_ctrl(f, 0, deadline, &m, &src))
        if (m.kind == MSG_GO && m.level >= level)
            return;
    if (f->unsynchronized_from < 0)
        f->unsynchronized_from = level;
    fprintf(stderr, "ltbench: rank %d: no start from rank 0 for level %d within %.0f s: "
                    "measuring it without the fleet barrier\n",
            f->rank, level + 1, 2 * f->opt.rank_timeout_s);
}

void fleet_gate(void *user, int level)
{
    ltb_fleet *f = user;
    if (f->rank == 0)
        serve_gate(f, level, 1, 0);
    else
        wait_for_go(f, level);
}

/* The longest a level may take on the others before its barrier: its requests, each
 * at most --timeout, its --min-time, and the lag allowed. */
static double longest_level_s(const ltb_fleet *f)
{
    const ltb_config *c = f->cfg;
    int requests = c->iterations + (c->warmup > 5 ? c->warmup : 5);
    for (int i = 0; i < c->n_concurrency; i++)
        requests += c->concurrency[i]; /* the warm-up is at least the concurrency */
    double timeout = c->timeout_s > 0 ? c->timeout_s : 3600;
    return requests * timeout + c->min_time_s + f->opt.rank_timeout_s;
}

void fleet_coordinate(ltb_fleet *f)
{
    double limit = longest_level_s(f);
    for (int k = 0; k <= LTB_MAX_RUN_LEVELS; k++)
        if (serve_gate(f, k, 0, limit) == 0)
            return;
}

void fleet_collect(ltb_fleet *f)
{
    double deadline = fleet_now_s() + f->opt.rank_timeout_s;
    for (;;) {
        handle_pending(f, INT_MAX);
        int waiting = 0;
        for (int r = 1; r < f->size; r++)
            waiting += !f->peers[r].done;
        if (waiting == 0 || fleet_now_s() >= deadline)
            break;
        nap();
    }
    for (int r = 1; r < f->size; r++) {
        fleet_peer *p = &f->peers[r];
        if (p->done)
            continue;
        p->gone = p->done = 1;
        snprintf(p->gone_why, sizeof p->gone_why,
                 "no results within %.0f s of rank 0's end (hung, crashed or too slow)",
                 f->opt.rank_timeout_s);
        f->must_abort = 1;
    }
}

void fleet_next_round(ltb_fleet *f)
{
    f->round++;
    f->barriers = 0;
    f->unsynchronized_from = -1;
    for (int r = 1; f->peers && r < f->size; r++) {
        fleet_peer *p = &f->peers[r];
        free(p->bytes);
        p->bytes = NULL;
        p->n_bytes = 0;
        p->done = p->gone;
        p->waiting_at = p->late_from = -1;
        p->late = 0;
    }
}
