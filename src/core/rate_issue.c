/* rate_issue.c — sleep until a due time, then spin the last microseconds (see
 * rate_issue.h). */
#define _POSIX_C_SOURCE 200809L
#include "rate_issue.h"
#include "clock.h"
#include "interrupt.h"

#include <errno.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

static void sleep_until(uint64_t t_ns)
{
    struct timespec ts = {(time_t)(t_ns / 1000000000ull), (long)(t_ns % 1000000000ull)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

void ltb_issue_thread_init(void)
{
#ifdef __linux__
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);   /* wake at the deadline, not up to 50 us after */
#endif
}

uint64_t ltb_wait_until_due(uint64_t due_ns)
{
    uint64_t now = ltb_now_ns();
    if (now >= due_ns)
        return now;
    while (due_ns - now > LTB_ISSUE_SPIN_NS) {
        if (ltb_interrupted())
            return 0;
        uint64_t wake = due_ns - LTB_ISSUE_SPIN_NS;
        if (wake - now > LTB_ISSUE_SLICE_NS)
            wake = now + LTB_ISSUE_SLICE_NS;
        sleep_until(wake);
        now = ltb_now_ns();
        if (now >= due_ns)
            return due_ns;
    }
    while (ltb_now_ns() < due_ns)
        ;
    return due_ns;
}
