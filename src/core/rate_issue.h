/* rate_issue.h — how an open-loop worker waits for its request's due time: it
 * claims the next due index as soon as it is free, sleeps on CLOCK_MONOTONIC with an
 * absolute deadline (clock_nanosleep TIMER_ABSTIME, so no drift accumulates) until
 * shortly before the due time, then spins the last LTB_ISSUE_SPIN_NS for sub-100 us
 * precision. Long waits are cut into slices so a stop signal is seen promptly. */
#ifndef LTB_RATE_ISSUE_H
#define LTB_RATE_ISSUE_H

#include <stdint.h>

#define LTB_ISSUE_SPIN_NS 50000ull      /* spin (not sleep) this close to a due time */
#define LTB_ISSUE_SLICE_NS 50000000ull  /* look for a stop signal this often */

/* The calling worker's timer slack down to 1 ns (Linux; the default 50 us would make
 * every wake-up late by up to that). Once per worker, before its first wait. */
void ltb_issue_thread_init(void);

/* Waits until due_ns (CLOCK_MONOTONIC). Returns when a worker was ready for it:
 * max(due_ns, now at the call) — the request's start minus this is ltbench's own
 * issuing lag; 0 when the run was interrupted while waiting. */
uint64_t ltb_wait_until_due(uint64_t due_ns);
#endif
