/* progress.c — the one-line stderr progress display (see progress.h). */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_NS 250000000ull

void ltb_progress_init(ltb_progress *p, int quiet)
{
    memset(p, 0, sizeof *p);
    const char *force = getenv("LTBENCH_PROGRESS");
    p->enabled = !quiet && ((force && !strcmp(force, "1")) || isatty(STDERR_FILENO));
    p->start_ns = p->last_rate_ns = ltb_now_ns();
}

static void format_elapsed(double s, char *buf, size_t len)
{
    long t = (long)s;
    if (t >= 3600)
        snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

void ltb_progress_update(ltb_progress *p, const char *label, long done, long total)
{
    uint64_t now = ltb_now_ns();
    if (!p->enabled || (p->drawn && now - p->last_draw_ns < REDRAW_NS))
        return;
    double dt = (double)(now - p->last_rate_ns) / 1e9;
    if (dt >= 1.0) { /* rate over ~1 s windows */
        p->rate = (double)(done - p->last_done) / dt;
        p->last_done = done;
        p->last_rate_ns = now;
    } else if (p->last_rate_ns == p->start_ns && dt > 0) { /* the first second */
        p->rate = (double)done / dt;
    }
    char elapsed[32];
    format_elapsed((double)(now - p->start_ns) / 1e9, elapsed, sizeof elapsed);
    if (total > 0)
        fprintf(stderr, "\r%s: %ld/%ld requests, %s elapsed, %.1f req/s\033[K", label, done,
                total, elapsed, p->rate);
    else
        fprintf(stderr, "\r%s: %ld requests, %s elapsed, %.1f req/s\033[K", label, done,
                elapsed, p->rate);
    fflush(stderr);
    p->drawn = 1;
    p->last_draw_ns = now;
}

void ltb_progress_finish(ltb_progress *p)
{
    if (p->enabled && p->drawn) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
    p->drawn = 0;
}

static void *watch_main(void *arg)
{
    ltb_progress_watch *w = arg;
    struct timespec pause = {0, 50000000L};
    while (!atomic_load(&w->stop)) {
        long done = atomic_load((atomic_long *)w->counter);
        ltb_progress_update(&w->progress, w->label, done < w->total ? done : w->total, w->total);
        nanosleep(&pause, NULL);
    }
    return NULL;
}

void ltb_progress_watch_start(ltb_progress_watch *w, int quiet, const char *label,
                              const atomic_long *counter, long total)
{
    memset(w, 0, sizeof *w);
    ltb_progress_init(&w->progress, quiet);
    atomic_init(&w->stop, 0);
    w->counter = counter;
    w->total = total;
    snprintf(w->label, sizeof w->label, "%s", label);
    if (w->progress.enabled)
        w->running = pthread_create(&w->thread, NULL, watch_main, w) == 0;
}

void ltb_progress_watch_stop(ltb_progress_watch *w)
{
    atomic_store(&w->stop, 1);
    if (w->running)
        pthread_join(w->thread, NULL);
    w->running = 0;
    ltb_progress_finish(&w->progress);
}
