/* http_openai_curl.c — one streamed OpenAI completions request over libcurl (see
 * http_openai_curl.h). */
#include "http_openai_curl.h"
#include "clock.h"
#include "http_curl.h"

#include <stdio.h>
#include <string.h>

/* curl's write callback: each piece goes to the reader with the time it came; a
 * failed stream (an error event, a limit) stops the transfer. */
static size_t stream_write(char *data, size_t size, size_t nmemb, void *user)
{
    ltb_openai_stream *s = user;
    size_t n = size * nmemb;
    return ltb_openai_stream_feed(s, data, n, ltb_now_ns()) == 0 ? n : 0;
}

int ltb_openai_stream_request(CURL *curl, const char *url, struct curl_slist *headers,
                              const char *body, double timeout_s, ltb_openai_stream *s,
                              uint64_t *t_start_ns, uint64_t *t_end_ns)
{
    char errbuf[CURL_ERROR_SIZE];
    ltb_http_buffer unused = {0};
    ltb_openai_stream_reset(s);
    ltb_http_global_init();
    ltb_http_setup_handle(curl, url, headers, &unused, timeout_s, errbuf);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, stream_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    *t_start_ns = ltb_now_ns();
    CURLcode code = curl_easy_perform(curl);
    *t_end_ns = ltb_now_ns();
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_WRITE_ERROR && s->failed && status >= 200 && status < 300)
        return -1;                     /* the reader stopped it, with its reason */
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && s->failed)) {
        char why[LTB_ERROR_LEN];
        ltb_http_transport_error(curl, code, errbuf, NULL, timeout_s, why, sizeof why);
        snprintf(s->error, sizeof s->error, "%s", why);
        s->failed = 1;
        return -1;
    }
    return ltb_openai_stream_finish(s, status);
}
