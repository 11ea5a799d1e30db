/* request_timed.h — run one prepared request on a target and time it the way the
 * benchmark driver does: sync (the whole device at concurrency 1, the worker's
 * stream above it), t_start, run, t_end; a target
 * error or a request over the timeout is a failure with a one-line message; the
 * first-result time defaults to t_end. Shared by the benchmark driver and the
 * stress driver. */
#ifndef LTB_REQUEST_TIMED_H
#define LTB_REQUEST_TIMED_H

#include "ltbench.h"

/* rec's id/worker/sample/batch are taken from req; everything else is reset. */
void ltb_request_timed(ltb_target *t, void *state, const ltb_request *req, double timeout_s,
                       ltb_record *rec);
#endif
