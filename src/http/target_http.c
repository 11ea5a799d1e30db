/* target_http.c — the `http` target (see target_http.h): per-worker curl
 * handles, request bodies prepared before timing, responses parsed by
 * http_response.c. */
#define _POSIX_C_SOURCE 200809L
#include "target_http.h"
#include "http_curl.h"
#include "clock.h"
#include "http_audio.h"
#include "http_response.h"
#include "http_torchserve.h"
#include "http_v2.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STREAM_SAMPLE_RATE 22050
/* curl's upload buffer bounds (CURLOPT_UPLOAD_BUFFERSIZE: 16 KB default and least,
 * 2 MB most): sized to the largest body, a 600 KB tensor goes out in one send()
 * instead of ten 64 KB ones, each with its own poll() round (measured: issue #21). */
#define UPLOAD_BUFFER_MIN (16L * 1024)
#define UPLOAD_BUFFER_MAX (2L * 1024 * 1024)

typedef struct prepared_body {
    char *json;                  /* the body (JSON, or v2 binary / TorchServe image bytes) */
    size_t len;
    struct curl_slist *headers;  /* its own headers (v2 binary, TorchServe's image type);
                                    NULL = the target's */
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
    size_t largest_body;         /* bytes: sizes each worker's curl upload buffer */
    ltb_v2_tensor v2_input;      /* v2: the input (name, datatype) from the metadata */
    char v2_output[LTB_V2_NAME_LEN];
    char **labels;               /* torchserve: class names (labels_path) */
    int n_labels;
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
    for (int i = 0; i < w->n_samples; i++) {
        const char *text = w->samples[i].text;
        char *json = self->opt.api == LTB_HTTP_API_OPENAI
                         ? ltb_http_body_speech(self->model_name, text, voice, self->opt.sample_rate > 0)
                         : ltb_http_body_tts(self->opt.api, self->model_name, text, voice);
        if (keep_body(&self->bodies[i], json, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* v2: the batch's pixels as the model's input tensor, JSON or binary. */
static int v2_body(http_self *self, const ltb_request *req, int batch, prepared_body *slot,
                   char *err, size_t errlen)
{
    ltb_v2_tensor in = self->v2_input;
    in.ndim = 4;
    in.shape[0] = batch;
    in.shape[1] = 3;
    in.shape[2] = req->height;
    in.shape[3] = req->width;
    in.data = req->pixels;
    in.bytes = (size_t)batch * 3 * (size_t)req->height * (size_t)req->width * sizeof(float);
    const char *out = self->v2_output;
    size_t len = 0, header_len = 0;
    char *body = ltb_v2_request(&in, 1, &out, 1, self->opt.binary_data, &len, &header_len, err,
                                errlen);
    if (!body)
        return -1;
    slot->json = body;
    slot->len = len;
    if (!self->opt.binary_data)
        return 0;
    char line[80];
    snprintf(line, sizeof line, "Inference-Header-Content-Length: %zu", header_len);
    /* one Content-Type (the binary extension's), not JSON's beside it */
    slot->headers = ltb_http_headers_typed(self->opt.token, "application/octet-stream");
    struct curl_slist *more = slot->headers ? curl_slist_append(slot->headers, line) : NULL;
    if (!more) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int image_body(http_self *self, const ltb_request *req, prepared_body *slot, int batch,
                      char *err, size_t errlen)
{
    if (self->opt.api == LTB_HTTP_API_V2)
        return v2_body(self, req, batch, slot, err, errlen);
    if (self->opt.api == LTB_HTTP_API_TORCHSERVE) {   /* the image file itself */
        char *bytes = malloc(req->encoded_len + 1);
        if (bytes) {
            memcpy(bytes, req->encoded, req->encoded_len);
            bytes[req->encoded_len] = '\0';
        }
        if (keep_body(slot, bytes, err, errlen) != 0)
            return -1;
        slot->len = req->encoded_len;
        /* its own type: TorchServe's worker tries an application/json body as JSON */
        slot->headers = ltb_http_headers_typed(
            self->opt.token, ltb_torchserve_content_type((const unsigned char *)bytes, slot->len));
        if (!slot->headers) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        return 0;
    }
    return keep_body(slot, ltb_http_body_image(self->opt.api, self->model_name, self->opt.top_k,
                                               req->encoded_batch, req->encoded_batch_len, batch),
                     err, errlen);
}

/* Every batch a request can start with (the workload's fill decides), per size. */
static int build_image_bodies(http_self *self, ltb_workload *w, char *err, size_t errlen)
{
    /* every API but v2's sends the image files (v2 sends the tensors) */
    if (self->opt.api != LTB_HTTP_API_V2 && w->need_files && w->need_files(w, err, errlen) != 0)
        return -1;
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
            if (image_body(self, &req, slot, batch, err, errlen) != 0)
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
    ltb_http_read_headers(ws->curl, &ws->body);
    curl_easy_setopt(ws->curl, CURLOPT_POST, 1L);
    long upload = self->largest_body > (size_t)UPLOAD_BUFFER_MAX ? UPLOAD_BUFFER_MAX
                                                                 : (long)self->largest_body;
    curl_easy_setopt(ws->curl, CURLOPT_UPLOAD_BUFFERSIZE,
                     upload > UPLOAD_BUFFER_MIN ? upload : UPLOAD_BUFFER_MIN);
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

/* OpenAI speech: TTFA = when the first audio byte came (past the WAV header). */
static int parse_speech(const http_self *self, const http_worker *ws, const ltb_http_reply *r,
                        ltb_result *res)
{
    int pcm_rate = self->opt.sample_rate;
    if (ltb_http_parse_speech(r, pcm_rate, res) != 0)
        return -1;
    size_t offset = pcm_rate > 0 ? 0 : ltb_wav_data_offset((const unsigned char *)r->body, r->len);
    res->first_result_ns = ltb_http_buffer_time_of(&ws->body, offset);
    return 0;
}

static int parse_reply(const http_self *self, const http_worker *ws, const ltb_request *req,
                       const ltb_http_reply *r, ltb_result *res)
{
    switch (self->opt.api) {
    case LTB_HTTP_API_V2:
        return ltb_v2_parse_image(r, ws->body.inference_header_len, self->v2_output, req->batch,
                                  self->opt.top_k, res);
    case LTB_HTTP_API_TORCHSERVE:
        return ltb_http_parse_torchserve(r, (const char *const *)self->labels, self->n_labels,
                                         self->opt.top_k, res);
    case LTB_HTTP_API_OPENAI: return parse_speech(self, ws, r, res);
    default: break;
    }
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
    ltb_http_buffer_reset(&ws->body);
    ws->errbuf[0] = '\0';
    curl_easy_setopt(ws->curl, CURLOPT_HTTPHEADER, body->headers ? body->headers : self->headers);
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
    int rc = parse_reply(self, ws, req, &reply, res);
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
    for (size_t i = 0; self->bodies && i < slots; i++) {
        free(self->bodies[i].json);
        curl_slist_free_all(self->bodies[i].headers);
    }
    free(self->bodies);
    for (int i = 0; i < self->n_labels; i++)
        free(self->labels[i]);
    free(self->labels);
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
    int model_in_path = o->api == LTB_HTTP_API_V2 || o->api == LTB_HTTP_API_TORCHSERVE;
    if (model_in_path && o->task != LTB_TASK_IMAGE) {
        snprintf(err, errlen, "--api %s: ltbench tts speaks python, rust or openai "
                 "(v2 and torchserve are image protocols here)", ltb_http_api_name(o->api));
        return -1;
    }
    if (o->api == LTB_HTTP_API_OPENAI && o->task != LTB_TASK_TTS) {
        snprintf(err, errlen, "--api openai is a speech protocol (POST /v1/audio/speech): use "
                 "it with ltbench tts");
        return -1;
    }
    if (!model_in_path && !ltb_http_endpoint(o->task, o->api, o->streaming)) {
        snprintf(err, errlen, "the Python server API has no streaming endpoint: use --api rust "
                 "(POST /tts/stream) or --api openai, or drop --streaming");
        return -1;
    }
    if (o->binary_data && o->api != LTB_HTTP_API_V2) {
        snprintf(err, errlen, "--binary-data is the v2 protocol's binary tensor extension: "
                 "use it with --api v2");
        return -1;
    }
    if (o->task == LTB_TASK_IMAGE && (o->n_batches < 1 || o->n_batches > LTB_MAX_LEVELS)) {
        snprintf(err, errlen, "no batch sizes for the HTTP target");
        return -1;
    }
    for (int i = 0; o->task == LTB_TASK_IMAGE && o->api == LTB_HTTP_API_TORCHSERVE && i < o->n_batches; i++)
        if (o->batches[i] > 1) {
            snprintf(err, errlen, "--api torchserve sends one image file per request "
                     "(/predictions/{m}): --batch %d needs --api v2, rust or python", o->batches[i]);
            return -1;
        }
    return 0;
}

/* v2: the model's input must take [batch, 3, H, W] FP32 pixels of the workload's size;
 * the output read back is --output or the metadata's first. */
static int take_v2_metadata(http_self *self, const ltb_v2_metadata *md, const ltb_workload *w,
                            char *err, size_t errlen)
{
    const ltb_v2_tensor *in = &md->inputs[0];
    int64_t want[4] = {-1, 3, w->height, w->width};
    if (md->n_inputs != 1) {
        snprintf(err, errlen, "--api v2: model '%s' has %d inputs; ltbench image sends one "
                 "(its images)", self->model_name, md->n_inputs);
        return -1;
    }
    if (in->datatype != LTB_V2_FP32) {
        snprintf(err, errlen, "--api v2: model '%s' input '%s' is %s; ltbench image sends FP32 "
                 "pixels", self->model_name, in->name, ltb_v2_datatype_name(in->datatype));
        return -1;
    }
    int fits = in->ndim == 4;
    for (int d = 1; fits && d < 4; d++)
        fits = in->shape[d] == -1 || in->shape[d] == want[d];
    if (!fits) {
        snprintf(err, errlen, "--api v2: model '%s' input '%s' does not take [N, 3, %d, %d] "
                 "images (its shape has %d dimensions: [%lld, %lld, ...]); set the image size "
                 "to the model's", self->model_name, in->name, w->height, w->width, in->ndim,
                 in->ndim > 0 ? (long long)in->shape[0] : 0LL,
                 in->ndim > 1 ? (long long)in->shape[1] : 0LL);
        return -1;
    }
    self->v2_input = *in;
    if (self->opt.output_name) {
        int found = 0;
        for (int i = 0; i < md->n_outputs; i++)
            found |= !strcmp(md->outputs[i].name, self->opt.output_name);
        if (!found) {
            snprintf(err, errlen, "--output-name '%s': model '%s' has no such output",
                     self->opt.output_name, self->model_name);
            return -1;
        }
        snprintf(self->v2_output, sizeof self->v2_output, "%s", self->opt.output_name);
    } else if (md->n_outputs > 0) {
        snprintf(self->v2_output, sizeof self->v2_output, "%s", md->outputs[0].name);
    } else {
        snprintf(err, errlen, "--api v2: model '%s' lists no outputs: pass --output-name NAME",
                 self->model_name);
        return -1;
    }
    self->opt.output_name = self->v2_output;
    return 0;
}

/* torchserve: the class names that map its answers to ids, one a line. */
static int load_labels(http_self *self, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read the labels file %s", path);
        return -1;
    }
    char line[512];
    int cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (self->n_labels == cap) {
            cap = cap ? cap * 2 : 1024;
            char **grown = realloc(self->labels, (size_t)cap * sizeof *grown);
            if (!grown)
                break;
            self->labels = grown;
        }
        if (!(self->labels[self->n_labels] = strdup(line)))
            break;
        self->n_labels++;
    }
    int bad = ferror(f) || !feof(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "cannot read the labels file %s", path);
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
    snprintf(self->model_name, sizeof self->model_name, "%s", o->model_name ? o->model_name : "");
    const char *endpoint = ltb_http_endpoint(o->task, o->api, o->streaming);
    char path[1024] = "";
    if (!endpoint)
        ltb_http_model_path(o->api, self->model_name, o->model_version, 1, path, sizeof path);
    snprintf(self->url, sizeof self->url, "%s%s", self->base, endpoint ? endpoint : path);
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
    ltb_http_server_info *info = calloc(1, sizeof *info);
    int checked = info ? ltb_http_check(&self->opt, info, err, errlen)
                       : (snprintf(err, errlen, "out of memory"), -1);
    if (checked == 0 && o->api == LTB_HTTP_API_V2)
        checked = take_v2_metadata(self, &info->v2, w, err, errlen);
    if (checked == 0 && o->api == LTB_HTTP_API_TORCHSERVE && o->labels_path)
        checked = load_labels(self, o->labels_path, err, errlen);
    int health_rate = info ? info->health_sample_rate : 0;
    free(info);
    if (checked != 0) {
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
    size_t slots = (size_t)self->n_batch_sizes * (size_t)self->n_samples;
    for (size_t i = 0; i < slots; i++)
        if (self->bodies[i].json && self->bodies[i].len > self->largest_body)
            self->largest_body = self->bodies[i].len;
    t->kind = "http";
    t->device = "remote";
    t->worker_open = worker_open;
    t->worker_close = worker_close;
    t->run = run;
    return 0;
}
