/* http_curl.h — the libcurl plumbing shared by the HTTP target (target_http.c) and
 * its connectivity check (http_check.c): one global init, a handle's common options,
 * the headers, a response body sink with a size limit, a transfer error in words. */
#ifndef LTB_HTTP_CURL_H
#define LTB_HTTP_CURL_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

/* A response body growing in memory; first_byte_ns = when its first byte came.
 * A body that would grow past limit (0 = none) stops the transfer with
 * over_limit set. */
#define LTB_HTTP_MARKS 16

typedef struct ltb_http_buffer {
    char *data;
    size_t len, cap;
    uint64_t first_byte_ns;
    size_t limit;
    int over_limit;
    /* when the first LTB_HTTP_MARKS pieces came: piece i ended at byte mark_end[i]
     * (the time the first audio byte came, past a WAV header of any length) */
    size_t mark_end[LTB_HTTP_MARKS];
    uint64_t mark_ns[LTB_HTTP_MARKS];
    int n_marks;
    size_t inference_header_len; /* the answer's Inference-Header-Content-Length; 0 none */
} ltb_http_buffer;

/* Empties the buffer for the next request (keeps its memory and limit). */
void ltb_http_buffer_reset(ltb_http_buffer *b);
/* When the byte at offset came (the first piece that reached past it); 0 if none. */
uint64_t ltb_http_buffer_time_of(const ltb_http_buffer *b, size_t offset);
/* Reads the answer's headers into sink (Inference-Header-Content-Length). */
void ltb_http_read_headers(CURL *curl, ltb_http_buffer *sink);

/* curl_global_init, once per process. */
void ltb_http_global_init(void);
/* Sets the options every handle shares: URL, headers, the body sink, no signals,
 * the timeout, an error buffer (CURL_ERROR_SIZE). */
void ltb_http_setup_handle(CURL *curl, const char *url, struct curl_slist *headers,
                           ltb_http_buffer *sink, double timeout_s, char *errbuf);
/* Accept/Content-Type JSON, "Expect:" off, and "Authorization: Bearer <token>"
 * when token is set; NULL when out of memory. */
struct curl_slist *ltb_http_headers(const char *token);
/* The same with another Content-Type (e.g. "image/jpeg" for TorchServe's raw body). */
struct curl_slist *ltb_http_headers_typed(const char *token, const char *content_type);
/* Why a transfer failed, in words: "response too large: ...", "timeout: ..." or
 * the system's reason ("Connection reset by peer") or curl's; with how many
 * response bytes had come when some had (a body cut short). */
void ltb_http_transport_error(CURL *curl, CURLcode code, const char *errbuf,
                              const ltb_http_buffer *sink, double timeout_s, char *out,
                              size_t cap);
#endif
