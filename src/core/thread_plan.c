/* thread_plan.c — per-level intra-op threads and core pinning (see thread_plan.h). */
#define _GNU_SOURCE            /* sched_getaffinity, CPU_* macros */
#include "thread_plan.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The process's allowed CPUs, read once on the first call (the main thread's mask,
 * before any worker narrowed its own). */
static cpu_set_t g_allowed;
static int g_n_allowed;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void read_allowed(void)
{
    CPU_ZERO(&g_allowed);
    if (sched_getaffinity(0, sizeof g_allowed, &g_allowed) == 0)
        g_n_allowed = CPU_COUNT(&g_allowed);
    if (g_n_allowed < 1) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        g_n_allowed = n > 0 ? (int)n : 1;
        CPU_ZERO(&g_allowed);
        for (int c = 0; c < g_n_allowed && c < CPU_SETSIZE; c++)
            CPU_SET(c, &g_allowed);
    }
}

int ltb_cores_available(void)
{
    pthread_once(&g_once, read_allowed);
    return g_n_allowed;
}

int ltb_level_intra_threads(int threads_option, int cores, int concurrency)
{
    if (threads_option > 0)
        return threads_option;
    int per = concurrency > 0 ? cores / concurrency : cores;
    return per > 1 ? per : 1;
}

int ltb_pin_first_core(int worker, int per_worker, int cores)
{
    if (cores < 1)
        return 0;
    return (int)(((long)worker * (per_worker > 0 ? per_worker : 1)) % cores);
}

/* The CPU number of the i-th allowed CPU (i < g_n_allowed). */
static int nth_allowed(int i)
{
    for (int c = 0, seen = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &g_allowed) && seen++ == i)
            return c;
    return 0;
}

int ltb_pin_worker(int worker, int per_worker, char *err, size_t errlen)
{
    int cores = ltb_cores_available();
    int first = ltb_pin_first_core(worker, per_worker, cores);
    int k = per_worker < 1 ? 1 : per_worker > cores ? cores : per_worker;
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int j = 0; j < k; j++)
        CPU_SET(nth_allowed((first + j) % cores), &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
        snprintf(err, errlen, "--pin: cannot pin worker %d to its cores: %s", worker,
                 strerror(errno));
        return -1;
    }
    return 0;
}
