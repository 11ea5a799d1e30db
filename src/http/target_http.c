/* target_http.c — the `http` target (see target_http.h): per-worker curl
 * handles, request bodies prepared before timing, responses parsed by
 * http_response.c. */
#define _POSIX_C_SOURCE 200809L
#include "target_http.h"
#include "http_curl.h"
#include "clock.h"
#include "http_response.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STREAM_SAMPLE_RATE 22050

typedef struct prepared_body {
    char *json;
    size_t len;
} prepared_body;

typedef struct http_self {
    ltb_http_options opt;
    char url[2048];              /* base + endpoint */
    char base[2048];
    char model_name[256];
    char token[1024];
    char voice[256];
    struct curl_slist *headers;
    int sample_rate;             /* of streamed PCM */
    int n_samples;
    int batch_sizes[LTB_MAX_LEVELS];
    int n_batch_sizes;
    prepared_body *bodies;       /* [batch size index][first sample]; json NULL = unused */
} http_self;

typedef struct http_worker {
    CURL *curl;
    ltb_http_buffer body;
    char errbuf[CURL_ERROR_SIZE];
} http_worker;

/* ---- request bodies, built before the run -------------------------------------- */

static int batch_index(const http_self *self, int batch)
{
    for (int i = 0; i < self->n_batch_sizes; i++)
        if (self->batch_sizes[i] == batch)
            return i;
    return -1;
}

static int keep_body(prepared_body *slot, char *json, char *err, size_t errlen)
{
    if (!json) {
        snprintf(err, errlen, "out of memory building the request bodies");
        return -1;
    }
    slot->json = json;
    slot->len = strlen(json);
    return 0;
}

static int build_tts_bodies(http_self *self, const ltb_workload *w, char *err, size_t errlen)
{
    const char *voice = self->voice[0] ? self->voice : NULL;
    for (int i = 0; i < w->n_samples; i++)
        if (keep_body(&self->bodies[i],
                      ltb_http_body_tts(self->opt.api, self->model_name, w->samples[i].text, voice),
                      err, errlen) != 0)
            return -1;
    return 0;
}

/* Every batch a request can start with (the workload's fill decides), per size. */
static int build_image_bodies(http_self *self, ltb_workload *w, char *err, size_t errlen)
{
    for (int b = 0; b < self->n_batch_sizes; b++) {
        int batch = self->batch_sizes[b];
        if (w->prepare_batch(w, batch, err, errlen) != 0)
            return -1;
        for (int64_t id = 0; id < w->n_samples; id++) {
            ltb_request req;
            memset(&req, 0, sizeof req);
            w->fill(w, id, batch, &req);
            prepared_body *slot = &self->bodies[(size_t)b * (size_t)w->n_samples + (size_t)req.sample];
            if (slot->json)
                continue;
            char *json = ltb_http_body_image(self->opt.api, self->model_name, self->opt.top_k,
                                             req.encoded_batch, req.encoded_batch_len, batch);
            if (keep_body(slot, json, err, errlen) != 0)
                return -1;
        }
    }
    return 0;
}

/* ---- the target ---------------------------------------------------------------- */

static int worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    http_self *self = t->self;
    (void)worker;
    http_worker *ws = calloc(1, sizeof *ws);
    if (ws)
        ws->curl = curl_easy_init();
    if (!ws || !ws->curl) {
        free(ws);
        snprintf(err, errlen, "cannot create a curl handle");
        return -1;
    }
    ltb_http_setup_handle(ws->curl, self->url, self->headers, &ws->body, self->opt.timeout_s,
                          ws->errbuf);
    ws->body.limit = self->opt.max_response_bytes;
    curl_easy_setopt(ws->curl, CURLOPT_POST, 1L);
    if (self->opt.no_keepalive) {
        curl_easy_setopt(ws->curl, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(ws->curl, CURLOPT_FRESH_CONNECT, 1L);
    }
    *state = ws;
    return 0;
}

static void worker_close(ltb_target *t, void *state)
{
    (void)t;
    http_worker *ws = state;
    curl_easy_cleanup(ws->curl);
    free(ws->body.data);
    free(ws);
}

static int parse_reply(const http_self *self, const ltb_request *req, const ltb_http_reply *r,
                       ltb_result *res)
{
    if (self->opt.task == LTB_TASK_IMAGE)
        return ltb_http_parse_image(self->opt.api, r, req->batch, self->opt.top_k, res);
    if (self->opt.streaming)
        return ltb_http_parse_stream(r, self->sample_rate, res);
    return ltb_http_parse_tts(self->opt.api, r, res);
}

static int run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    http_self *self = t->self;
    http_worker *ws = state;
    int b = self->opt.task == LTB_TASK_IMAGE ? batch_index(self, req->batch) : 0;
    const prepared_body *body = b >= 0 && req->sample >= 0 && req->sample < self->n_samples
                                    ? &self->bodies[(size_t)b * (size_t)self->n_samples + (size_t)req->sample]
                                    : NULL;
    if (!body || !body->json) {
        snprintf(res->error, sizeof res->error, "no request body prepared for sample %d, batch %d",
                 req->sample, req->batch);
        return -1;
    }
    ws->body.len = 0;
    ws->body.first_byte_ns = 0;
    ws->body.over_limit = 0;
    ws->errbuf[0] = '\0';
    curl_easy_setopt(ws->curl, CURLOPT_POSTFIELDS, body->json);
    curl_easy_setopt(ws->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    CURLcode code = curl_easy_perform(ws->curl);
    if (code != CURLE_OK) {
        char why[LTB_ERROR_LEN];
        ltb_http_transport_error(ws->curl, code, ws->errbuf, &ws->body, self->opt.timeout_s, why,
                                 sizeof why);
        snprintf(res->error, sizeof res->error, "%s", why);
        res->response_bytes = ws->body.len;
        return -1;
    }
    long status = 0;
    curl_easy_getinfo(ws->curl, CURLINFO_RESPONSE_CODE, &status);
    uint64_t t0 = ltb_now_ns();
    ltb_http_reply reply = {status, ws->body.data ? ws->body.data : "", ws->body.len};
    int rc = parse_reply(self, req, &reply, res);
    res->postprocess_ns = ltb_now_ns() - t0;
    if (rc == 0 && self->opt.streaming)
        res->first_result_ns = ws->body.first_byte_ns;
    return rc;
}

static void close_target(ltb_target *t)
{
    http_self *self = t->self;
    if (!self)
        return;
    size_t slots = (size_t)self->n_batch_sizes * (size_t)self->n_samples;
    for (size_t i = 0; self->bodies && i < slots; i++)
        free(self->bodies[i].json);
    free(self->bodies);
    curl_slist_free_all(self->headers);
    free(self);
    t->self = NULL;
}

static int check_options(const ltb_http_options *o, char *err, size_t errlen)
{
    if (!o->url || (strncmp(o->url, "http://", 7) && strncmp(o->url, "https://", 8))) {
        snprintf(err, errlen, "--url '%s' must start with http:// or https://", o->url ? o->url : "");
        return -1;
    }
    if (!ltb_http_endpoint(o->task, o->api, o->streaming)) {
        snprintf(err, errlen, "the Python server API has no streaming endpoint: use --api rust "
                 "(POST /tts/stream), or drop --streaming");
        return -1;
    }
    if (o->task == LTB_TASK_IMAGE && (o->n_batches < 1 || o->n_batches > LTB_MAX_LEVELS)) {
        snprintf(err, errlen, "no batch sizes for the HTTP target");
        return -1;
    }
    for (int i = 0; o->task == LTB_TASK_IMAGE && o->api == LTB_HTTP_API_PYTHON && i < o->n_batches; i++)
        if (o->batches[i] > 1) {
            snprintf(err, errlen, "the Python API's /predict takes one image per request: use "
                     "--api rust (/classify/batch) for --batch %d", o->batches[i]);
            return -1;
        }
    return 0;
}

static void copy_options(http_self *self, const ltb_http_options *o)
{
    self->opt = *o;
    snprintf(self->base, sizeof self->base, "%s", o->url);
    size_t n = strlen(self->base);
    while (n > 0 && self->base[n - 1] == '/')
        self->base[--n] = '\0';
    snprintf(self->url, sizeof self->url, "%s%s", self->base,
             ltb_http_endpoint(o->task, o->api, o->streaming));
    snprintf(self->model_name, sizeof self->model_name, "%s", o->model_name ? o->model_name : "");
    snprintf(self->token, sizeof self->token, "%s", o->token ? o->token : "");
    snprintf(self->voice, sizeof self->voice, "%s", o->voice ? o->voice : "");
    self->opt.url = self->base;
    self->opt.model_name = self->model_name;
    self->opt.token = self->token[0] ? self->token : NULL;
    self->opt.voice = self->voice[0] ? self->voice : NULL;
    self->n_batch_sizes = 1;
    self->batch_sizes[0] = 1;
    if (o->task == LTB_TASK_IMAGE) {
        self->n_batch_sizes = o->n_batches;
        memcpy(self->batch_sizes, o->batches, (size_t)o->n_batches * sizeof(int));
    }
    self->opt.batches = self->batch_sizes;
}

int ltb_target_http(ltb_target *t, const ltb_http_options *o, ltb_workload *w, char *err,
                    size_t errlen)
{
    memset(t, 0, sizeof *t);
    if (check_options(o, err, errlen) != 0)
        return -1;
    ltb_http_global_init();
    http_self *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    copy_options(self, o);
    t->self = self;
    t->close = close_target;
    int health_rate = 0;
    if (ltb_http_check(&self->opt, &health_rate, err, errlen) != 0) {
        close_target(t);
        return -1;
    }
    self->sample_rate = o->sample_rate > 0 ? o->sample_rate
                        : health_rate > 0  ? health_rate
                                           : DEFAULT_STREAM_SAMPLE_RATE;
    self->headers = ltb_http_headers(self->opt.token);
    self->n_samples = w->n_samples;
    self->bodies = calloc((size_t)self->n_batch_sizes * (size_t)w->n_samples, sizeof *self->bodies);
    int rc = self->headers && self->bodies ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    else
        rc = o->task == LTB_TASK_TTS ? build_tts_bodies(self, w, err, errlen)
                                     : build_image_bodies(self, w, err, errlen);
    if (rc != 0) {
        close_target(t);
        return -1;
    }
    t->kind = "http";
    t->device = "remote";
    t->worker_open = worker_open;
    t->worker_close = worker_close;
    t->run = run;
    return 0;
}
