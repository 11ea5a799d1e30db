/* clock.h — the one clock every timestamp uses: CLOCK_MONOTONIC in nanoseconds; and
 * the process's CPU time (what a level's timed part cost the client). */
#ifndef LTB_CLOCK_H
#define LTB_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t ltb_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* CPU time of the whole process (every thread: user + system), in nanoseconds. */
static inline uint64_t ltb_process_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline double ltb_unix_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
#endif
