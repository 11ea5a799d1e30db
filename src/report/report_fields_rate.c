/* report_fields_rate.c — the open-loop (rate mode) fields every task's tables splice in
 * (issue 20): a level's offered and achieved rate, queue wait, service time, late
 * starts and ltbench's own issuing lag; a request's scheduled time and queue wait.
 * Empty (JSON null) in a closed loop. See report_fields.h. */
#include "report_fields.h"

#include "arrival_schedule.h"

#include <stdio.h>

static int open_loop(const ltb_field_row *row) { return row->level->rate > 0; }
#define RATE_OR_NONE(name, expr)                                   \
    static double name(const ltb_field_row *row)                   \
    {                                                              \
        return open_loop(row) ? (expr) : -1.0;                     \
    }
RATE_OR_NONE(offered_rps, row->level->rate)
RATE_OR_NONE(achieved_rps, row->m->rate.achieved_rps)
RATE_OR_NONE(queue_wait_mean, row->m->rate.queue_wait.mean)
RATE_OR_NONE(queue_wait_p99, row->m->rate.queue_wait.p99)
RATE_OR_NONE(service_p50, row->m->rate.service.p50)
RATE_OR_NONE(service_p99, row->m->rate.service.p99)
RATE_OR_NONE(service_mean, row->m->rate.service.mean)
RATE_OR_NONE(late_starts, (double)row->m->rate.late_starts)
RATE_OR_NONE(lag_mean, row->m->rate.issue_lag.mean)
RATE_OR_NONE(lag_p99, row->m->rate.issue_lag.p99)
RATE_OR_NONE(lag_max, row->m->rate.issue_lag.max)
RATE_OR_NONE(scheduled_cov, row->m->rate.scheduled_cov)
RATE_OR_NONE(scheduled_rps, row->m->rate.scheduled_rps)

static const char *arrivals(const ltb_field_row *row, char *buf, size_t cap)
{
    if (!open_loop(row))
        return NULL;
    ltb_arrivals_label(row->run->config.arrivals, row->run->config.arrival_cv, buf, cap);
    return buf;
}

const ltb_field ltb_fields_rate_summary[] = {
    LTB_FIELD_O("Offered_RPS", "metrics.rate.offered_rps", 2, offered_rps),
    LTB_FIELD_O("Achieved_RPS", "metrics.rate.achieved_rps", 2, achieved_rps),
    LTB_FIELD_O("Queue_Wait_Mean_ms", "metrics.rate.queue_wait_mean_ms", 4, queue_wait_mean),
    LTB_FIELD_O("Queue_Wait_p99_ms", "metrics.rate.queue_wait_p99_ms", 4, queue_wait_p99),
    LTB_FIELD_O("Service_p50_ms", "metrics.rate.service_p50_ms", 4, service_p50),
    LTB_FIELD_O("Service_p99_ms", "metrics.rate.service_p99_ms", 4, service_p99),
    LTB_FIELD_O("Late_Starts", "metrics.rate.late_starts", 0, late_starts),
    /* ltbench's, after the issue's */
    LTB_FIELD_O("Service_Mean_ms", "metrics.rate.service_mean_ms", 4, service_mean),
    LTB_FIELD_O("Issue_Lag_Mean_ms", "metrics.rate.issue_lag_mean_ms", 4, lag_mean),
    LTB_FIELD_O("Issue_Lag_p99_ms", "metrics.rate.issue_lag_p99_ms", 4, lag_p99),
    LTB_FIELD_O("Issue_Lag_Max_ms", "metrics.rate.issue_lag_max_ms", 4, lag_max),
    LTB_FIELD_O("Scheduled_RPS", "metrics.rate.scheduled_rps", 2, scheduled_rps),
    LTB_FIELD_O("Scheduled_Gap_CoV", "metrics.rate.scheduled_gap_cov", 4, scheduled_cov),
    LTB_FIELD_T("Arrivals", "metrics.rate.arrivals", arrivals),
    LTB_FIELD_LAST};

static double since_start(const ltb_field_row *row, uint64_t t_ns)
{
    return (double)(int64_t)(t_ns - row->run->started_mono_ns) / 1e9;
}

static double scheduled_unix(const ltb_field_row *row)
{
    if (row->r->t_due_ns == 0)
        return -1.0;
    return row->run->started_unix + since_start(row, row->r->t_due_ns);
}

static double scheduled_s(const ltb_field_row *row)
{
    return row->r->t_due_ns ? since_start(row, row->r->t_due_ns) : -1.0;
}

static double queue_wait_s(const ltb_field_row *row)
{
    const ltb_record *r = row->r;
    if (r->t_due_ns == 0)
        return -1.0;
    return r->t_start_ns > r->t_due_ns ? (double)(r->t_start_ns - r->t_due_ns) / 1e9 : 0.0;
}

static double issue_lag_ms(const ltb_field_row *row)
{
    const ltb_record *r = row->r;
    if (r->t_due_ns == 0)
        return -1.0;
    return r->t_start_ns > r->t_ready_ns ? (double)(r->t_start_ns - r->t_ready_ns) / 1e6 : 0.0;
}

const ltb_field ltb_fields_rate_request[] = {
    LTB_FIELD_O("Scheduled_Time_Sec", NULL, 6, scheduled_unix),
    LTB_FIELD_O("Queue_Wait_Sec", NULL, 6, queue_wait_s),
    /* JSON only: like the request's other times, seconds since the run started */
    LTB_FIELD_O(NULL, "t_scheduled_s", 6, scheduled_s),
    LTB_FIELD_O(NULL, "queue_wait_s", 6, queue_wait_s),
    LTB_FIELD_O(NULL, "issue_lag_ms", 4, issue_lag_ms),
    LTB_FIELD_LAST};
