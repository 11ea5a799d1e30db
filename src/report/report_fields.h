/* report_fields.h — one field table per record kind (issue 18): a task's summary
 * fields (one per level) and detailed fields (one per request) are each declared once,
 * as a list of {CSV column, JSON key, kind, decimals, getter or ltb_metrics member};
 * the CSV writer walks a task's whole list (header and rows) for the fields with a
 * column, the JSON writer the same list for the fields with a JSON key (a level's or a
 * request's object; a key "a.b.c" nests). A field without a column is JSON only. A list
 * may splice in another (LTB_FIELD_L; LTB_FIELD_LJ for the JSON only), so what tasks
 * share is declared once too. Internal to the reports. */
#ifndef LTB_REPORT_FIELDS_H
#define LTB_REPORT_FIELDS_H

#include <stddef.h>

#include "ltbench.h"

/* What a field's getter reads: the run and level, and a summary row's metrics (zeros
 * for a skipped level) or a detailed row's request; facts is what the task's layout
 * worked out for the request (NULL where none). */
typedef struct ltb_field_row {
    const ltb_run *run;
    const ltb_level *level;
    const ltb_metrics *m;
    const ltb_record *r;
    const void *facts;
} ltb_field_row;

typedef enum ltb_field_kind {
    LTB_FIELD_END = 0, /* ends a list */
    LTB_FIELD_INT,     /* integer */
    LTB_FIELD_NUMBER,  /* number with `decimals` in CSV (empty when not finite; JSON null) */
    LTB_FIELD_OPTIONAL, /* a number that is none when negative: CSV empty, JSON null */
    LTB_FIELD_TEXT,    /* text; NULL: CSV empty, JSON null */
    LTB_FIELD_BOOL,    /* integer getter: CSV True/False, JSON true/false; negative: none */
    LTB_FIELD_LIST,    /* another list spliced in here */
    LTB_FIELD_JSON_LIST, /* another list spliced in here for the JSON only */
    LTB_FIELD_JSON     /* JSON only: the item its getter builds (an object, array or null) */
} ltb_field_kind;

struct cJSON;

typedef struct ltb_field {
    ltb_field_kind kind;
    const char *csv;  /* CSV column, NULL for a JSON-only field */
    /* JSON key, NULL where the JSON does not carry it; a path "a.b.c" puts it as key c
     * of object b of object a of the row's object (a level's, a request's) */
    const char *json;
    int decimals;
    /* a number field's value: the double at offset metric - 1 of the summary row's
     * metrics (LTB_FIELD_MN, LTB_FIELD_MO), else what its getter returns */
    size_t metric;
    long long (*integer)(const ltb_field_row *row);
    double (*number)(const ltb_field_row *row);
    /* may format into buf (cap bytes) and return it */
    const char *(*text)(const ltb_field_row *row, char *buf, size_t cap);
    const struct ltb_field *list;
    struct cJSON *(*item)(const ltb_field_row *row);
} ltb_field;

/* One line of a table: an integer, number, optional number, text or true/false field
 * with its getter; a number (optional) that is a double member of ltb_metrics, named;
 * a list spliced in; the end. */
#define LTB_FIELD_I(column, key, fn) \
    {.kind = LTB_FIELD_INT, .csv = column, .json = key, .integer = fn}
#define LTB_FIELD_N(column, key, places, fn) \
    {.kind = LTB_FIELD_NUMBER, .csv = column, .json = key, .decimals = places, .number = fn}
#define LTB_FIELD_O(column, key, places, fn) \
    {.kind = LTB_FIELD_OPTIONAL, .csv = column, .json = key, .decimals = places, .number = fn}
#define LTB_FIELD_T(column, key, fn) \
    {.kind = LTB_FIELD_TEXT, .csv = column, .json = key, .text = fn}
#define LTB_FIELD_B(column, key, fn) \
    {.kind = LTB_FIELD_BOOL, .csv = column, .json = key, .integer = fn}
/* offset + 1 of a double member of ltb_metrics (a compile error when not a double) */
#define LTB_METRIC(member) \
    (offsetof(ltb_metrics, member) + 1 + \
     0 * sizeof(_Generic(((ltb_metrics *)0)->member, double: 1)))
#define LTB_FIELD_MN(column, key, places, member) \
    {.kind = LTB_FIELD_NUMBER, .csv = column, .json = key, .decimals = places, \
     .metric = LTB_METRIC(member)}
#define LTB_FIELD_MO(column, key, places, member) \
    {.kind = LTB_FIELD_OPTIONAL, .csv = column, .json = key, .decimals = places, \
     .metric = LTB_METRIC(member)}
/* A JSON-only field whose value is the cJSON item fn builds. */
#define LTB_FIELD_J(key, fn) {.kind = LTB_FIELD_JSON, .json = key, .item = fn}
#define LTB_FIELD_L(fields) {.kind = LTB_FIELD_LIST, .list = fields}
#define LTB_FIELD_LJ(fields) {.kind = LTB_FIELD_JSON_LIST, .list = fields}
#define LTB_FIELD_LAST {.kind = LTB_FIELD_END}

/* The value of a number or optional field for row. */
double ltb_field_number(const ltb_field *field, const ltb_field_row *row);

/* Lists the tasks share (report_fields.c). */
/* A summary row's repetition fields: Repetition, Repetitions, Throughput_Mean,
 * Throughput_Stddev, RPS_Mean, RPS_Stddev (JSON: the level's keys). */
extern const ltb_field ltb_fields_repetition[];
/* A summary row's RPS, CPS, Tokens_Per_Sec; then (after the task's time to first
 * result) Total_Requests, Success_Rate_%, Failed_Requests, Total_Wall_Time_s. */
extern const ltb_field ltb_fields_rates[], ltb_fields_totals[];
/* A summary row's Latency_p50_ms, _p95_ms, _p99_ms, _Mean_ms. */
extern const ltb_field ltb_fields_latency[];
/* A summary row's GPU fields: the compute time and memory, the energy, then (after the
 * energy per item, whose column each task names) power, temperature, clocks, use and
 * throttling; empty where not measured (CPU, HTTP, no NVML). JSON: the keys of the
 * level's "gpu" object but compute_ms, telemetry_samples and joules_per_item. */
extern const ltb_field ltb_fields_gpu_head[], ltb_fields_gpu_energy[], ltb_fields_gpu_tail[];
/* A detailed row's first fields: Concurrency_Level, Request_ID, Iteration. */
extern const ltb_field ltb_fields_request_head[];
/* A request's phases in ms: Preprocess, H2D, Forward, D2H, Postprocess, GPU. */
extern const ltb_field ltb_fields_phases[];
/* A request's server processing time in ms (empty when none). */
extern const ltb_field ltb_fields_server[];
/* A request's forward time by CUDA events and its enqueue time (empty where none). */
extern const ltb_field ltb_fields_gpu_request[];
/* JSON only: a level's own keys (concurrency, batch, skipped, note) and its "metrics"
 * object (with the nested ttfi, ttfa, latency and "gpu" compute_ms objects), the same
 * for every task; spliced into each task's summary fields. */
extern const ltb_field ltb_fields_level_json[];
/* JSON only: the keys every request carries (id, worker, sample, batch, times, ok, error,
 * top-k, audio seconds); spliced into each task's detailed fields. */
extern const ltb_field ltb_fields_request_json[];

/* Open loop (--rate; report_fields_rate.c), empty in a closed loop: a summary row's
 * Offered_RPS, Achieved_RPS, Queue_Wait_Mean_ms, Queue_Wait_p99_ms, Service_p50_ms,
 * Service_p99_ms, Late_Starts, then ltbench's Service_Mean_ms, Issue_Lag_*, Arrivals
 * (JSON: the level's "metrics.rate" object); a detailed row's Scheduled_Time_Sec and
 * Queue_Wait_Sec (JSON: t_scheduled_s, queue_wait_s, issue_lag_ms). Spliced in after
 * each task's existing columns. */
extern const ltb_field ltb_fields_rate_summary[], ltb_fields_rate_request[];

/* Getters more than one list uses. */
long long ltb_field_concurrency(const ltb_field_row *row);
long long ltb_field_level_batch(const ltb_field_row *row);
long long ltb_field_level_intra_op_threads(const ltb_field_row *row);
long long ltb_field_request_id(const ltb_field_row *row);
const char *ltb_field_request_name(const ltb_field_row *row, char *buf, size_t cap);
long long ltb_field_worker(const ltb_field_row *row);
/* the record's own batch (the level's is ltb_field_level_batch) */
long long ltb_field_request_batch(const ltb_field_row *row);
double ltb_field_latency_ms(const ltb_field_row *row);
const char *ltb_field_device(const ltb_field_row *row, char *buf, size_t cap);
const char *ltb_field_precision(const ltb_field_row *row, char *buf, size_t cap);
const char *ltb_field_skipped_reason(const ltb_field_row *row, char *buf, size_t cap);
const char *ltb_field_success(const ltb_field_row *row, char *buf, size_t cap);
const char *ltb_field_error(const ltb_field_row *row, char *buf, size_t cap);
long long ltb_field_response_bytes(const ltb_field_row *row);
/* Unix seconds of the request's start, first result and end (6 decimals in CSV). */
double ltb_field_unix_start(const ltb_field_row *row);
double ltb_field_unix_first(const ltb_field_row *row);
double ltb_field_unix_end(const ltb_field_row *row);
double ltb_field_wall_s(const ltb_field_row *row);
#endif
