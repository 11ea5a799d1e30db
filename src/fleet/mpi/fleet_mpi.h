/* fleet_mpi.h — the MPI fleet's state and its protocol, shared by the two files
 * of src/fleet/mpi/ (compiled only in an LTBENCH_MPI build). Only the thread that
 * called ltb_fleet_join makes MPI calls (MPI_THREAD_FUNNELED).
 *
 * The protocol is point to point with rank 0 as coordinator, so a rank that fails
 * or hangs can be left out instead of blocking a collective:
 *   a rank at level k's barrier sends ARRIVE(k) to rank 0 and waits for GO(k);
 *   rank 0 at level k waits until every rank it still waits for has arrived, or
 *   --rank-timeout after the first arrival (those not there become "late": released
 *   at once whenever they arrive, measured without the barrier), then sends GO(k);
 *   at the end every rank sends DONE(bytes) and its packed report (fleet_wire.h);
 *   rank 0 collects for at most --rank-timeout; ranks that never report are missing.
 * A rank waits at most twice --rank-timeout for rank 0 at a barrier (then measures
 * on its own) and for rank 0 to take its report (then aborts the job).
 *
 * A fleet goes through rounds: a round is one benchmark run (its levels' barriers,
 * then every rank's report) or one gather of bytes (qualify's profiles); messages
 * carry the round in their tag, so a rank already in the next round is not mistaken
 * for one of this round, and rank 0 reads them when it gets there. A rank missing
 * at the end of a round is never waited for again. */
#ifndef LTB_FLEET_MPI_H
#define LTB_FLEET_MPI_H

#include <mpi.h>

#include "fleet.h"
#include "fleet_result.h"

typedef struct fleet_peer {      /* rank 0's view of a rank */
    char host[LTB_FLEET_HOST_LEN];      /* from join */
    char device[LTB_FLEET_DEVICE_LEN];
    int gone;                    /* missing at the end of an earlier round */
    char gone_why[160];
    /* this round */
    int waiting_at;              /* the level it waits at for GO, -1 none */
    int late;                    /* no longer waited for (it lagged past the timeout) */
    int late_from;               /* first level it was released without the barrier, -1 */
    int done;                    /* its bytes arrived (or it is gone) */
    unsigned char *bytes;        /* what it sent at the end of the round */
    size_t n_bytes;
} fleet_peer;

struct ltb_fleet {
    MPI_Comm comm;
    int rank, size, local_rank, local_size;
    char host[LTB_FLEET_HOST_LEN];
    char device[LTB_FLEET_DEVICE_LEN];   /* this rank's device, as bound at join */
    int threads;                         /* its threads, as bound at join (0: LibTorch's) */
    ltb_config *cfg;                     /* the run of this round (ltb_fleet_attach) */
    fleet_options opt;
    int unsynchronized_from;     /* this rank: first level run without GO, -1 none */
    int must_abort;              /* a rank may still hang: leave with MPI_Abort */
    int round;                   /* rounds finished so far */
    int max_round;               /* the last round the tags allow */
    int barriers;                /* ltb_fleet_barrier calls in this round */
    fleet_peer *peers;           /* rank 0: size entries (0 unused) */
};

double fleet_now_s(void);
/* The driver's per-level barrier (cfg->level_gate). */
void fleet_gate(void *user, int level);
/* Rank 0 without a run of its own: serves the others' barriers until none is left
 * to wait for. */
void fleet_coordinate(ltb_fleet *f);
/* Rank 0: waits for the bytes of every rank still expected, at most
 * --rank-timeout; the others are marked gone (missing from now on). */
void fleet_collect(ltb_fleet *f);
/* Another rank: sends len bytes to rank 0 as the end of its round and waits
 * (bounded) until taken. 0, or -1 when rank 0 did not take them. */
int fleet_send_bytes(ltb_fleet *f, unsigned char *buf, size_t len);
/* Both sides: the round is over; the next one starts (rank 0 forgets the round's
 * bytes and barrier state, and waits for gone ranks no more). */
void fleet_next_round(ltb_fleet *f);
#endif
