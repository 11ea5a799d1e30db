/* http_openai_curl.h — one streamed OpenAI completions request over libcurl: the
 * body POSTed on a reused handle, each piece of the answer fed to the stream
 * reader (http_openai.h) as it arrives, stamped with the clock (base/clock.h); the
 * reader's events give the first and every content token's time. A transport
 * error, an error event or a non-2xx status leave s->failed with the reason. */
#ifndef LTB_HTTP_OPENAI_CURL_H
#define LTB_HTTP_OPENAI_CURL_H

#include <curl/curl.h>
#include <stdint.h>

#include "http_openai.h"

/* POSTs body (JSON) to url on curl (headers: ltb_http_headers) within timeout_s
 * (0 = none) and reads the stream into s (reset first). t_start_ns: just before
 * the transfer; t_end_ns: when it ended. 0, or -1 with s->error. */
int ltb_openai_stream_request(CURL *curl, const char *url, struct curl_slist *headers,
                              const char *body, double timeout_s, ltb_openai_stream *s,
                              uint64_t *t_start_ns, uint64_t *t_end_ns);
#endif
