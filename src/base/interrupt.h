/* interrupt.h — Ctrl-C / SIGTERM handling: the first signal asks the driver to stop
 * taking new requests and to wait for those in flight, at most the drain timeout
 * (--drain-timeout) from the signal; what was measured is still written, marked
 * partial, and a request still running then is recorded as interrupted. A second
 * signal exits at once. */
#ifndef LTB_INTERRUPT_H
#define LTB_INTERRUPT_H

#include <stdint.h>

void ltb_interrupt_install(void);
int ltb_interrupted(void);
/* CLOCK_MONOTONIC ns of the first signal (or request); 0 when not interrupted. */
uint64_t ltb_interrupted_at_ns(void);
/* For tests and library users: ask the running benchmark to stop. */
void ltb_interrupt_request(void);
void ltb_interrupt_reset(void);

/* After the results are written of a run that left workers running (they are
 * still inside a request that did not return within the drain timeout): flushes
 * stdio and leaves the process with code at once, skipping the clean-up (closing
 * the model, atexit handlers, LibTorch's static destructors) that would race
 * those threads. */
_Noreturn void ltb_exit_leaving_workers(int code);
#endif
