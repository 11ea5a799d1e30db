/* progress.h — a one-line progress display on stderr for long runs: label (the
 * level), requests done/total, elapsed time and current throughput, redrawn in
 * place with '\r' about four times a second. Only when stderr is a terminal and
 * the run is not --quiet; silent otherwise.
 *
 * Use it either by calling ltb_progress_update from a thread that already
 * watches the run (the stress monitor does), or with ltb_progress_watch_start /
 * _stop around a level, which run a small watcher thread reading an atomic
 * counter of requests taken. */
#ifndef LTB_PROGRESS_H
#define LTB_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

typedef struct ltb_progress {
    int enabled;
    uint64_t start_ns, last_draw_ns;
    long last_done;              /* for the current throughput */
    uint64_t last_rate_ns;
    double rate;                 /* requests/s over the last redraws */
    int drawn;                   /* a line is on screen */
} ltb_progress;

/* enabled = !quiet && stderr is a terminal (LTBENCH_PROGRESS=1 forces it on). */
void ltb_progress_init(ltb_progress *p, int quiet);
/* Redraws when >= 250 ms passed since the last draw; total <= 0 = unknown. */
void ltb_progress_update(ltb_progress *p, const char *label, long done, long total);
/* Clears the line (call before printing anything else). */
void ltb_progress_finish(ltb_progress *p);

/* A watcher thread: every 250 ms shows *counter (clamped to total) of total. */
typedef struct ltb_progress_watch {
    ltb_progress progress;
    pthread_t thread;
    int running;
    atomic_int stop;
    const atomic_long *counter;
    long total;
    char label[64];
} ltb_progress_watch;

/* Starts the watcher (no thread when the display is off). */
void ltb_progress_watch_start(ltb_progress_watch *w, int quiet, const char *label,
                              const atomic_long *counter, long total);
void ltb_progress_watch_stop(ltb_progress_watch *w);
#endif
