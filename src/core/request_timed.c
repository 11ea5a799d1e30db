/* request_timed.c — one timed request on a target (see request_timed.h). */
#define _POSIX_C_SOURCE 200809L
#include "request_timed.h"
#include "clock.h"

#include <stdio.h>
#include <string.h>

void ltb_request_timed(ltb_target *t, void *state, const ltb_request *req, double timeout_s,
                       ltb_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->id = req->id;
    rec->worker = req->worker;
    rec->sample = req->sample;
    rec->batch = req->batch;
    rec->res.gpu_ms = -1;
    rec->res.gpu_compute_ms = -1;
    rec->res.server_processing_s = -1;

    /* The design's rule: alone, a request waits for the whole device; under
     * concurrency, for its worker's own stream only (NULL = whole device). */
    if (t->sync)
        t->sync(t, req->concurrency > 1 ? state : NULL);
    rec->t_start_ns = ltb_now_ns();
    int rc = t->run(t, state, req, &rec->res);
    rec->t_end_ns = ltb_now_ns();

    rec->res.ok = rc == 0;
    if (rc != 0 && rec->res.error[0] == '\0')
        snprintf(rec->res.error, sizeof rec->res.error, "%s target failed (code %d)", t->kind, rc);
    if (rc == 0) {
        rec->res.error[0] = '\0';
        double seconds = (double)(rec->t_end_ns - rec->t_start_ns) / 1e9;
        if (timeout_s > 0 && seconds > timeout_s) {
            rec->res.ok = 0;
            snprintf(rec->res.error, sizeof rec->res.error,
                     "timeout: request took %.3f s, over the %.3f s limit", seconds, timeout_s);
        }
    }
    if (rec->res.first_result_ns == 0 || rec->res.first_result_ns > rec->t_end_ns)
        rec->res.first_result_ns = rec->res.ok ? rec->t_end_ns : 0;
}
