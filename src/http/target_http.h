/* target_http.h — the `http` target: drives a remote model server (the Python
 * torch-inference API or the Rust one, the Open Inference Protocol, TorchServe,
 * OpenAI speech) over HTTP with libcurl, with the same
 * driver, metrics and files as the in-process targets. One curl handle per worker,
 * reused (keep-alive: connection set-up stays out of the latency unless
 * --no-keepalive); every request body is built once per sample before the run; a
 * connectivity check runs before the first request. */
#ifndef LTB_TARGET_HTTP_H
#define LTB_TARGET_HTTP_H

#include <curl/curl.h>

#include "http_body.h"
#include "http_curl.h"
#include "http_v2.h"
#include "ltbench.h"

typedef struct ltb_http_options {
    const char *url;             /* server base, e.g. "http://127.0.0.1:8000" */
    const char *model_name;      /* Python API: "model_name" of every request */
    const char *token;           /* NULL = no Authorization header */
    ltb_http_api api;
    int no_keepalive;            /* a fresh connection per request */
    ltb_task task;
    int top_k;                   /* image */
    const int *batches;          /* image: the batch sizes the run will use */
    int n_batches;
    const char *voice;           /* TTS; NULL = the server's default */
    int streaming;               /* TTS over /tts/stream (Rust API only) */
    int sample_rate;             /* streamed PCM16 rate; 0 = /tts/health's, else 22050 */
    double timeout_s;            /* per request (CURLOPT_TIMEOUT_MS); 0 = none */
    size_t max_response_bytes;   /* a longer response fails its request; 0 = no limit */
    const char *model_version;   /* v2, torchserve: NULL = the server's default */
    const char *output_name;     /* v2: the output read back (NULL: metadata's first) */
    int binary_data;             /* v2: the binary tensor extension (else JSON data) */
    const char *labels_path;     /* torchserve: class names, one a line (name -> id) */
} ltb_http_options;

/* The CLI's response limit (--max-response-mb): a runaway server cannot exhaust
 * memory, and the longest legitimate answer fits: a 10,000-character text (the
 * most a texts file line may hold) is ~12 minutes of 22050 Hz PCM16, about 42 MB
 * as base64. */
#define LTB_HTTP_DEFAULT_MAX_RESPONSE_MB 64

/* Checks the options, checks the server answers (ltb_http_check) and builds every
 * request body of w. 0, or -1 with a one-line err (exit code 2). */
int ltb_target_http(ltb_target *t, const ltb_http_options *o, ltb_workload *w, char *err,
                    size_t errlen);

/* What the check before the run learnt. */
typedef struct ltb_http_server_info {
    int health_sample_rate;      /* /tts/health's "sample_rate" (0 when none) */
    ltb_v2_metadata v2;          /* --api v2: the model's metadata */
} ltb_http_server_info;

/* Before the run, with the token: python/rust GET /models (image) or /tts/health
 * (TTS); v2 GET /v2/health/ready and the model's metadata; torchserve GET /ping;
 * openai GET /v1/models (any answer but 404 will do). A server that does not
 * answer: "cannot reach URL: reason"; 401/403: "the server refused the token";
 * 404 on the protocol's endpoint: one line naming the protocol and the endpoint;
 * a Python model list without o->model_name: the names it has. 0 or -1 with err. */
int ltb_http_check(const ltb_http_options *o, ltb_http_server_info *info, char *err,
                   size_t errlen);

/* One GET of base URL + path with the token and the check's timeout: the status and
 * body (body->data malloc'd). 0, or -1 with "cannot reach URL: reason". */
int ltb_http_get(const ltb_http_options *o, const char *path, long *status,
                 ltb_http_buffer *body, char *err, size_t errlen);
#endif
