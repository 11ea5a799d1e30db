/* http_response.h — what a server's answer means for one request: pure functions
 * from (HTTP status, body bytes) to an ltb_result, one per API and task, so every
 * path is unit-testable without a network. A non-2xx status, success:false (even
 * with HTTP 200), malformed JSON, a missing field, invalid base64, an undecodable
 * WAV or a duration that disagrees with the WAV fails the request with the reason
 * in res->error. Each sets res->response_bytes and, when the server reports it,
 * res->server_processing_s (else -1). */
#ifndef LTB_HTTP_RESPONSE_H
#define LTB_HTTP_RESPONSE_H

#include <stddef.h>

#include "http_body.h"
#include "ltbench.h"

typedef struct ltb_http_reply {
    long status;              /* HTTP status code */
    const char *body;         /* not NUL-terminated */
    size_t len;
} ltb_http_reply;

/* /predict (Python) or /classify/batch (Rust, which must answer one result per
 * image): the first image's top-k class ids and confidences, server order. A
 * Python "result" that is not a classification (a number, a list of numbers, an
 * object without "predictions": the real server's built-in model) is a success
 * with no top-k; a missing "result" fails. */
int ltb_http_parse_image(ltb_http_api api, const ltb_http_reply *r, int images, int top_k,
                         ltb_result *res);

/* /synthesize (Python: audio_data, duration) or /tts/synthesize (Rust:
 * audio_base64, duration_secs): audio seconds = WAV frames / WAV sample rate. */
int ltb_http_parse_tts(ltb_http_api api, const ltb_http_reply *r, ltb_result *res);

/* /tts/stream: a raw PCM16-LE body; audio seconds = bytes / 2 / sample_rate. */
int ltb_http_parse_stream(const ltb_http_reply *r, int sample_rate, ltb_result *res);

/* The server's own words in an error body: its JSON "error", "detail" or
 * "message" string, else the body's first line (control characters become
 * spaces), cut to cap. "" for an empty body. */
void ltb_http_error_text(const char *body, size_t len, char *out, size_t cap);
#endif
