/* target_delay.h — a target that runs another and then waits a fixed time, inside
 * the timed part of each request: the diagnostic "slow rank" of a fleet run
 * (--rank-delay-ms), which must be flagged as an outlier. */
#ifndef LTB_TARGET_DELAY_H
#define LTB_TARGET_DELAY_H

#include "ltbench.h"

/* Wraps t in place: every request (warm-up included) takes ms longer. 0, or -1 out of
 * memory (t unchanged). */
int ltb_target_delay_wrap(ltb_target *t, double ms);
/* Puts back the target that was wrapped (nothing when t is not wrapped). */
void ltb_target_delay_unwrap(ltb_target *t);
#endif
