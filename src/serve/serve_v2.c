/* serve_v2.c — the Open Inference Protocol (KServe v2 REST) routes of `ltbench
 * serve`, for its classification models: GET /v2, /v2/health/live,
 * /v2/health/ready, /v2/models/{m}[/versions/{v}][/ready] (metadata: input "input"
 * FP32 [-1, 3, H, W], output "output" FP32 [-1, -1]), /v2/models/{m}/config
 * (Triton's model configuration extension, which perf_analyzer reads),
 * /v2/models/{m}/stats (Triton's statistics extension: successful and failed
 * inferences, their count and time, and the forward's, since the start); POST
 * /v2/models/{m}[/versions/{v}]/infer with JSON tensor data or the binary tensor
 * extension (Inference-Header-Content-Length), answered in kind: the logits
 * [N, classes], as JSON data or, when asked (an output's parameters.binary_data,
 * or parameters.binary_data_output), as raw FP32 after the JSON header. Errors
 * are {"error": "..."} with 4xx/5xx. Every model has one version, "1". */
#include "serve_routes.h"
#include "serve_request.h"
#include "http_v2.h"
#include "http_v2_json.h"

#include "clock.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define V2_MAX_BATCH 256
#define V2_MAX_SIDE 4096
#define V2_INPUT "input"
#define V2_OUTPUT "output"
#define V2_VERSION "1"
#define V2_STATS_MODELS 64

/* Per model (its index in the server's list): inferences since the start. */
typedef struct v2_stats {
    atomic_uint_fast64_t ok, ok_ns, failed, failed_ns, forward_ns, images, last_ms;
} v2_stats;
static v2_stats g_stats[V2_STATS_MODELS];

static v2_stats *stats_of(const serve_request *req, const serve_model *m)
{
    ptrdiff_t i = m - req->models->list;
    return i >= 0 && i < V2_STATS_MODELS ? &g_stats[i] : NULL;
}

static void route_live(const serve_request *req, serve_reply *r)
{
    (void)req;
    r->json = cJSON_CreateObject();
    cJSON_AddBoolToObject(r->json, "live", 1);
}

static void route_ready(const serve_request *req, serve_reply *r)
{
    int any = serve_models_first(req->models, SERVE_TASK_CLASSIFICATION) != NULL;
    r->status = any ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE;
    r->json = cJSON_CreateObject();
    cJSON_AddBoolToObject(r->json, "ready", any);
}

static void route_server_metadata(const serve_request *req, serve_reply *r)
{
    (void)req;
    r->json = cJSON_CreateObject();
    cJSON_AddStringToObject(r->json, "name", "ltbench");
    cJSON_AddStringToObject(r->json, "version", "1");
    cJSON *ext = cJSON_AddArrayToObject(r->json, "extensions");
    cJSON_AddItemToArray(ext, cJSON_CreateString("binary_tensor_data"));
}

/* What a /v2/models/... path names. */
typedef struct v2_path {
    char model[256];
    char version[64];            /* "" = none given */
    char tail[16];               /* "", "ready" or "infer" */
} v2_path;

/* "{m}[/versions/{v}][/ready|/infer]" after "/v2/models/"; -1 when not that shape. */
static int parse_path(const char *url, v2_path *p)
{
    memset(p, 0, sizeof *p);
    const char *s = url + strlen("/v2/models/");
    size_t n = strcspn(s, "/");
    if (n == 0 || n >= sizeof p->model)
        return -1;
    memcpy(p->model, s, n);
    s += n;
    if (!strncmp(s, "/versions/", 10)) {
        s += 10;
        n = strcspn(s, "/");
        if (n == 0 || n >= sizeof p->version)
            return -1;
        memcpy(p->version, s, n);
        s += n;
    }
    if (*s == '\0')
        return 0;
    if (*s != '/' || strlen(s + 1) >= sizeof p->tail || strchr(s + 1, '/'))
        return -1;
    snprintf(p->tail, sizeof p->tail, "%s", s + 1);
    return strcmp(p->tail, "ready") && strcmp(p->tail, "infer") && strcmp(p->tail, "config") &&
                   strcmp(p->tail, "stats")
               ? -1
               : 0;
}

/* The classification model a path names; NULL with a 404/400 reply set. */
static const serve_model *path_model(const serve_request *req, const v2_path *p, serve_reply *r)
{
    const serve_model *m = serve_models_find(req->models, p->model);
    if (!m)
        serve_reply_error(r, MHD_HTTP_NOT_FOUND, "unknown model '%s'", p->model);
    else if (p->version[0] && strcmp(p->version, V2_VERSION))
        serve_reply_error(r, MHD_HTTP_NOT_FOUND, "model '%s' has no version '%s' (it has %s)",
                          p->model, p->version, V2_VERSION);
    else if (m->task != SERVE_TASK_CLASSIFICATION)
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "model '%s' is a %s model: the v2 routes "
                          "serve classification models", m->name, serve_task_name(m->task));
    else
        return m;
    return NULL;
}

static cJSON *tensor_meta(const char *name, const int64_t *shape, int ndim)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "datatype", "FP32");
    cJSON *s = cJSON_AddArrayToObject(o, "shape");
    for (int d = 0; d < ndim; d++)
        cJSON_AddItemToArray(s, cJSON_CreateNumber((double)shape[d]));
    return o;
}

/* Triton's configuration: the batch is the leading dimension, not in dims. */
static void model_config(const serve_model *m, cJSON *o)
{
    cJSON_AddStringToObject(o, "name", m->name);
    cJSON_AddStringToObject(o, "platform", "pytorch_libtorch");
    cJSON_AddNumberToObject(o, "max_batch_size", V2_MAX_BATCH);
    static const char *const kNames[2] = {V2_INPUT, V2_OUTPUT};
    const double dims[2][3] = {{3, m->height, m->width}, {-1, 0, 0}};
    for (int io = 0; io < 2; io++) {
        cJSON *list = cJSON_AddArrayToObject(o, io ? "output" : "input");
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "name", kNames[io]);
        cJSON_AddStringToObject(t, "data_type", "TYPE_FP32");
        cJSON *d = cJSON_AddArrayToObject(t, "dims");
        for (int i = 0; i < (io ? 1 : 3); i++)
            cJSON_AddItemToArray(d, cJSON_CreateNumber(dims[io][i]));
        cJSON_AddItemToArray(list, t);
    }
}

static void add_duration(cJSON *o, const char *key, uint64_t count, uint64_t ns)
{
    cJSON *d = cJSON_AddObjectToObject(o, key);
    cJSON_AddNumberToObject(d, "count", (double)count);
    cJSON_AddNumberToObject(d, "ns", (double)ns);
}

/* Triton's statistics answer for one model. */
static void model_stats(const serve_model *m, v2_stats *st, cJSON *o)
{
    uint64_t ok = st ? atomic_load(&st->ok) : 0, ok_ns = st ? atomic_load(&st->ok_ns) : 0;
    uint64_t fail = st ? atomic_load(&st->failed) : 0, fail_ns = st ? atomic_load(&st->failed_ns) : 0;
    uint64_t fwd = st ? atomic_load(&st->forward_ns) : 0, images = st ? atomic_load(&st->images) : 0;
    cJSON *list = cJSON_AddArrayToObject(o, "model_stats");
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "name", m->name);
    cJSON_AddStringToObject(s, "version", V2_VERSION);
    cJSON_AddNumberToObject(s, "last_inference", st ? (double)atomic_load(&st->last_ms) : 0);
    cJSON_AddNumberToObject(s, "inference_count", (double)images);
    cJSON_AddNumberToObject(s, "execution_count", (double)ok);
    cJSON *inf = cJSON_AddObjectToObject(s, "inference_stats");
    add_duration(inf, "success", ok, ok_ns);
    add_duration(inf, "fail", fail, fail_ns);
    add_duration(inf, "queue", ok, 0);
    add_duration(inf, "compute_input", ok, ok_ns > fwd ? ok_ns - fwd : 0);
    add_duration(inf, "compute_infer", ok, fwd);
    add_duration(inf, "compute_output", ok, 0);
    add_duration(inf, "cache_hit", 0, 0);
    add_duration(inf, "cache_miss", 0, 0);
    cJSON_AddArrayToObject(s, "batch_stats");
    cJSON_AddItemToArray(list, s);
}

static void route_model_get(const serve_request *req, serve_reply *r)
{
    v2_path p;
    if (parse_path(req->url, &p) != 0 || !strcmp(p.tail, "infer")) {
        serve_reply_error(r, MHD_HTTP_NOT_FOUND, "no such endpoint");
        return;
    }
    const serve_model *m = path_model(req, &p, r);
    if (!m)
        return;
    r->json = cJSON_CreateObject();
    if (!strcmp(p.tail, "ready")) {
        cJSON_AddBoolToObject(r->json, "ready", 1);
        return;
    }
    if (!strcmp(p.tail, "config")) {
        model_config(m, r->json);
        return;
    }
    if (!strcmp(p.tail, "stats")) {
        model_stats(m, stats_of(req, m), r->json);
        return;
    }
    int64_t in_shape[4] = {-1, 3, m->height, m->width}, out_shape[2] = {-1, -1};
    cJSON_AddStringToObject(r->json, "name", m->name);
    cJSON *versions = cJSON_AddArrayToObject(r->json, "versions");
    cJSON_AddItemToArray(versions, cJSON_CreateString(V2_VERSION));
    cJSON_AddStringToObject(r->json, "platform", "pytorch_libtorch");
    cJSON *inputs = cJSON_AddArrayToObject(r->json, "inputs");
    cJSON_AddItemToArray(inputs, tensor_meta(V2_INPUT, in_shape, 4));
    cJSON *outputs = cJSON_AddArrayToObject(r->json, "outputs");
    cJSON_AddItemToArray(outputs, tensor_meta(V2_OUTPUT, out_shape, 2));
}

/* Whether the request asks for the output in binary; -1 with a 400 set when it
 * names an output the model does not have. */
static int wants_binary(const cJSON *root, serve_reply *r)
{
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    int binary = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "binary_data_output"));
    const cJSON *outputs = cJSON_GetObjectItemCaseSensitive(root, "outputs");
    const cJSON *o;
    cJSON_ArrayForEach(o, outputs) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
        if (!cJSON_IsString(name) || strcmp(name->valuestring, V2_OUTPUT)) {
            serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "unknown output '%s' (the model has '%s')",
                              cJSON_IsString(name) ? name->valuestring : "?", V2_OUTPUT);
            return -1;
        }
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "parameters");
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(p, "binary_data");
        if (b)
            binary = cJSON_IsTrue(b);
    }
    return binary;
}

/* Whether a tensor of shape is [N, 3, H, W] within the limits; else a 400 is set. */
static int pixels_shape_ok(const char *name, const int64_t *shape, int ndim, serve_reply *r)
{
    if (ndim != 4 || shape[1] != 3 || shape[0] < 1 || shape[0] > V2_MAX_BATCH || shape[2] < 1 ||
        shape[2] > V2_MAX_SIDE || shape[3] < 1 || shape[3] > V2_MAX_SIDE)
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "input '%s' must be [N, 3, H, W] with N in "
                          "[1, %d] and H, W in [1, %d]", name, V2_MAX_BATCH, V2_MAX_SIDE);
    else if (strcmp(name, V2_INPUT))
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "unknown input '%s' (the model takes '%s')",
                          name, V2_INPUT);
    else
        return 1;
    return 0;
}

/* The input of a JSON body as [n, 3, H, W] floats, its numbers read straight into
 * them (http_v2_json.h), and the syntax of any other input's numbers checked; NULL
 * with a 400 set. */
static float *json_input_pixels(ltb_v2_json_body *b, int *n, int *h, int *w, serve_reply *r)
{
    ltb_v2_json_tensor t;
    char err[512];
    int rc = ltb_v2_json_tensor_of(b, NULL, LTB_V2_FP32, &t, err, sizeof err);
    if (rc == 0 && ltb_v2_json_check(b, err, sizeof err) != 0) {
        ltb_v2_json_tensor_free(&t);
        rc = -1;
    }
    if (rc != 0) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "%s", err);
        return NULL;
    }
    if (!pixels_shape_ok(t.name, t.shape, t.ndim, r)) {
        ltb_v2_json_tensor_free(&t);
        return NULL;
    }
    *n = (int)t.shape[0];
    *h = (int)t.shape[2];
    *w = (int)t.shape[3];
    return t.values;
}

/* The input of a binary-extension body as [n, 3, H, W] floats; NULL with a 400 set. */
static float *input_pixels(const serve_request *req, const cJSON *root, int *n, int *h, int *w,
                           serve_reply *r)
{
    ltb_v2_values v;
    char err[512];
    if (ltb_v2_tensor_of(root, req->body, req->body_len, req->inference_header_len, "inputs",
                         NULL, &v, err, sizeof err) != 0) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "inputs: %s", err);
        return NULL;
    }
    float *pixels = NULL;
    int shape_ok = pixels_shape_ok(v.name, v.shape, v.ndim, r);
    if (!shape_ok)
        pixels = NULL;
    else if (!(pixels = malloc(v.n * sizeof(float))))
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    else {
        for (size_t i = 0; i < v.n; i++)
            pixels[i] = (float)v.values[i];
        *n = (int)v.shape[0];
        *h = (int)v.shape[2];
        *w = (int)v.shape[3];
    }
    ltb_v2_values_free(&v);
    return pixels;
}

/* The answer's JSON; the output's data inside unless binary. */
static cJSON *answer_json(const serve_model *m, const cJSON *root, const float *logits, int n,
                          int classes, int binary)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "model_name", m->name);
    cJSON_AddStringToObject(a, "model_version", V2_VERSION);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (cJSON_IsString(id))
        cJSON_AddStringToObject(a, "id", id->valuestring);
    int64_t shape[2] = {n, classes};
    cJSON *o = tensor_meta(V2_OUTPUT, shape, 2);
    size_t count = (size_t)n * (size_t)classes;
    if (binary) {
        cJSON *p = cJSON_AddObjectToObject(o, "parameters");
        cJSON_AddNumberToObject(p, "binary_data_size", (double)(count * sizeof(float)));
    } else {
        cJSON_AddItemToObject(o, "data", cJSON_CreateFloatArray(logits, (int)count));
    }
    cJSON *outputs = cJSON_AddArrayToObject(a, "outputs");
    cJSON_AddItemToArray(outputs, o);
    return a;
}

/* JSON header + raw FP32 logits as one raw response. */
static void reply_binary(cJSON *a, const float *logits, size_t count, serve_reply *r)
{
    char *head = cJSON_PrintUnformatted(a);
    size_t hlen = head ? strlen(head) : 0, bytes = count * sizeof(float);
    char *all = head ? malloc(hlen + bytes) : NULL;
    if (!all) {
        free(head);
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
        return;
    }
    memcpy(all, head, hlen);
    memcpy(all + hlen, logits, bytes);
    free(head);
    r->raw = MHD_create_response_from_buffer(hlen + bytes, all, MHD_RESPMEM_MUST_FREE);
    if (!r->raw) {
        free(all);
        serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot create the response");
        return;
    }
    char num[32];
    snprintf(num, sizeof num, "%zu", hlen);
    MHD_add_response_header(r->raw, "Inference-Header-Content-Length", num);
    MHD_add_response_header(r->raw, MHD_HTTP_HEADER_CONTENT_TYPE, "application/octet-stream");
}

static void route_infer(const serve_request *req, serve_reply *r)
{
    v2_path p;
    if (parse_path(req->url, &p) != 0 || strcmp(p.tail, "infer")) {
        serve_reply_error(r, MHD_HTTP_NOT_FOUND, "no such endpoint");
        return;
    }
    const serve_model *m = path_model(req, &p, r);
    if (!m)
        return;
    size_t json_len = req->inference_header_len ? req->inference_header_len : req->body_len;
    if (json_len > req->body_len) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "Inference-Header-Content-Length %zu is past "
                          "the body's %zu bytes", json_len, req->body_len);
        return;
    }
    /* JSON tensor data: one scan reads the numbers, cJSON the rest (http_v2_json.h);
     * the binary extension: cJSON reads the header, the tensors are raw bytes. */
    int json_data = req->inference_header_len == 0;
    ltb_v2_json_body body = {0};
    char err[1024];
    cJSON *root = NULL;
    if (json_data && ltb_v2_json_parse(req->body, req->body_len, "inputs", &body, err,
                                       sizeof err) != 0) {
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "%s", err);
        return;
    }
    root = json_data ? body.root : cJSON_ParseWithLength(req->body, json_len);
    if (!cJSON_IsObject(root)) {
        if (json_data)
            ltb_v2_json_free(&body);
        else
            cJSON_Delete(root);
        serve_reply_error(r, MHD_HTTP_BAD_REQUEST, "request body is not a JSON object");
        return;
    }
    uint64_t t0 = ltb_now_ns();
    int n = 0, h = 0, w = 0, classes = 0;
    int binary = wants_binary(root, r);
    float *pixels = binary < 0 ? NULL
                    : json_data ? json_input_pixels(&body, &n, &h, &w, r)
                                : input_pixels(req, root, &n, &h, &w, r);
    float *logits = NULL;
    uint64_t f0 = ltb_now_ns();
    serve_status st = pixels ? serve_logits(req->models, m, pixels, n, h, w, &logits, &classes,
                                            err, sizeof err)
                             : SERVE_BAD_INPUT;
    uint64_t f1 = ltb_now_ns();
    if (pixels && st != SERVE_OK)
        serve_reply_status(r, st, err);
    if (st == SERVE_OK) {
        cJSON *a = answer_json(m, root, logits, n, classes, binary);
        if (binary) {
            reply_binary(a, logits, (size_t)n * (size_t)classes, r);
            cJSON_Delete(a);
        } else {
            r->json = a;
        }
    }
    v2_stats *stats = stats_of(req, m);
    if (stats && st == SERVE_OK) {
        atomic_fetch_add(&stats->ok, 1);
        atomic_fetch_add(&stats->ok_ns, ltb_now_ns() - t0);
        atomic_fetch_add(&stats->forward_ns, f1 - f0);
        atomic_fetch_add(&stats->images, (uint64_t)n);
        atomic_store(&stats->last_ms, (uint64_t)(ltb_unix_now() * 1000.0));
    } else if (stats) {
        atomic_fetch_add(&stats->failed, 1);
        atomic_fetch_add(&stats->failed_ns, ltb_now_ns() - t0);
    }
    free(pixels);
    free(logits);
    if (json_data)
        ltb_v2_json_free(&body);
    else
        cJSON_Delete(root);
}

const serve_route serve_routes_v2[] = {
    {"GET", "/v2", route_server_metadata},
    {"GET", "/v2/health/live", route_live},
    {"GET", "/v2/health/ready", route_ready},
    {"GET", "/v2/models/*", route_model_get},
    {"POST", "/v2/models/*", route_infer},
    {NULL, NULL, NULL},
};
