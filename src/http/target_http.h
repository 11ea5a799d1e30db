/* target_http.h — the `http` target: drives a remote model server (the Python
 * torch-inference API or the Rust one) over HTTP with libcurl, with the same
 * driver, metrics and files as the in-process targets. One curl handle per worker,
 * reused (keep-alive: connection set-up stays out of the latency unless
 * --no-keepalive); every request body is built once per sample before the run; a
 * connectivity check runs before the first request. */
#ifndef LTB_TARGET_HTTP_H
#define LTB_TARGET_HTTP_H

#include <curl/curl.h>

#include "http_body.h"
#include "http_curl.h"
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

/* Before the run: GET /models (image) or /tts/health (TTS) with the token. A
 * server that does not answer: "cannot reach URL: reason"; 401/403: "the server
 * refused the token"; a Python model list without o->model_name: the names it
 * has. *health_sample_rate: /tts/health's "sample_rate" (0 when none). 0 or -1
 * with err. */
int ltb_http_check(const ltb_http_options *o, int *health_sample_rate, char *err,
                   size_t errlen);
#endif
