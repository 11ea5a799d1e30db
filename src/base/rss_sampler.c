/* rss_sampler.c — resident memory sampling on a background thread. */
#define _POSIX_C_SOURCE 200809L
#include "rss_sampler.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double rss_current_mb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages_total = 0, pages_resident = 0;
    if (!f)
        return -1;
    int got = fscanf(f, "%ld %ld", &pages_total, &pages_resident);
    fclose(f);
    if (got != 2)
        return -1;
    return (double)pages_resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static void take_sample(rss_sampler *s)
{
    double mb = rss_current_mb();
    if (mb < 0)
        return;
    if (mb > s->peak_mb)
        s->peak_mb = mb;
    s->sum_mb += mb;
    s->samples++;
}

static void *sampler_main(void *arg)
{
    rss_sampler *s = arg;
    struct timespec pause = {s->interval_ms / 1000, (long)(s->interval_ms % 1000) * 1000000L};
    while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
        take_sample(s);
        nanosleep(&pause, NULL);
    }
    return NULL;
}

int rss_sampler_start(rss_sampler *s, int interval_ms)
{
    memset(s, 0, sizeof *s);
    s->interval_ms = interval_ms > 0 ? interval_ms : 20;
    take_sample(s);
    s->running = pthread_create(&s->thread, NULL, sampler_main, s) == 0;
    return s->running ? 0 : -1;
}

void rss_sampler_stop(rss_sampler *s, double *peak_mb, double *avg_mb)
{
    __atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
    if (s->running)
        pthread_join(s->thread, NULL);
    s->running = 0;
    take_sample(s);
    *peak_mb = s->peak_mb;
    *avg_mb = s->samples ? s->sum_mb / (double)s->samples : 0;
}
