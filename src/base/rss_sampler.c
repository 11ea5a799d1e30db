/* rss_sampler.c — resident memory sampling on a background thread. The sampler
 * keeps /proc/self/statm open and reads it with one pread() a sample (not
 * fopen/fscanf/fclose: five system calls and a stdio buffer each time, 50 times a
 * second, which an HTTP run pays per request: issue #21). The peak comes from the
 * kernel's own high-water mark where it can be reset (/proc/self/clear_refs "5",
 * Linux >= 4.0): exact, so the samples are only for the average, every 250 ms. */
#define _POSIX_C_SOURCE 200809L
#include "rss_sampler.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STATM "/proc/self/statm"
/* The asked interval for the first second (a short level's peak), then 100 ms at
 * most: each wake-up costs the process ~40 us of CPU on a VM, and 50 of them a
 * second were half of an HTTP client's CPU per request at 12 requests/s (a sleep
 * target's timed CPU: 0.30 ms per 80 ms request; issue #21). */
#define QUICK_SPAN_MS 1000
#define SLOW_INTERVAL_MS 100
/* With the exact peak the samples only make the average: 4 a second are enough, and
 * at ~50 us of CPU a wake-up on an idle VM they were ~0.03 ms of an HTTP client's
 * CPU per request at c = 1 (issue #21). */
#define AVERAGE_INTERVAL_MS 250
#define STATUS "/proc/self/status"
#define CLEAR_REFS "/proc/self/clear_refs"

/* Resets the kernel's peak resident size to the present one; 0 when it could. */
static int reset_high_water_mark(void)
{
    int fd = open(CLEAR_REFS, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int ok = write(fd, "5", 1) == 1;
    close(fd);
    return ok ? 0 : -1;
}

/* The kernel's peak resident size (VmHWM) in MB, or -1. */
static double high_water_mark_mb(void)
{
    int fd = open(STATUS, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char text[4096];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return -1;
    text[n] = '\0';
    const char *line = strstr(text, "\nVmHWM:");
    if (!line)
        return -1;
    char *end;
    long kb = strtol(line + 7, &end, 10);
    return end == line + 7 || kb < 0 ? -1 : (double)kb / 1024.0;
}

/* Resident MB from an open statm (its second number, in pages), or -1. */
static double statm_resident_mb(int fd)
{
    char text[128];
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n <= 0)
        return -1;
    text[n] = '\0';
    char *end;
    (void)strtol(text, &end, 10);            /* total pages */
    if (end == text)
        return -1;
    char *resident_at = end;
    long resident = strtol(resident_at, &end, 10);
    if (end == resident_at || resident < 0)
        return -1;
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

double rss_current_mb(void)
{
    int fd = open(STATM, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    double mb = statm_resident_mb(fd);
    close(fd);
    return mb;
}

static void take_sample(rss_sampler *s)
{
    double mb = s->fd >= 0 ? statm_resident_mb(s->fd) : -1;
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
    long quick = s->exact_peak ? 0 : QUICK_SPAN_MS / s->interval_ms;
    int floor_ms = s->exact_peak ? AVERAGE_INTERVAL_MS : SLOW_INTERVAL_MS;
    int slow_ms = s->interval_ms > floor_ms ? s->interval_ms : floor_ms;
    for (long n = 1; !__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE); n++) {
        take_sample(s);
        int ms = n <= quick ? s->interval_ms : slow_ms;
        struct timespec pause = {ms / 1000, (long)(ms % 1000) * 1000000L};
        nanosleep(&pause, NULL);
    }
    return NULL;
}

int rss_sampler_start(rss_sampler *s, int interval_ms)
{
    memset(s, 0, sizeof *s);
    s->interval_ms = interval_ms > 0 ? interval_ms : 20;
    s->fd = open(STATM, O_RDONLY | O_CLOEXEC);
    s->exact_peak = reset_high_water_mark() == 0 && high_water_mark_mb() >= 0;
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
    double hwm = s->exact_peak ? high_water_mark_mb() : -1;
    if (hwm > s->peak_mb)
        s->peak_mb = hwm;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    *peak_mb = s->peak_mb;
    *avg_mb = s->samples ? s->sum_mb / (double)s->samples : 0;
}
