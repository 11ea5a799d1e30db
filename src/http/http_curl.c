/* http_curl.c — the libcurl set-up the HTTP target and its connectivity check share
 * (see http_curl.h). */
#define _POSIX_C_SOURCE 200809L
#include "http_curl.h"
#include "clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t g_curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
}

void ltb_http_global_init(void)
{
    pthread_once(&g_curl_once, curl_init_once);
}

static size_t sink_write(char *data, size_t size, size_t nmemb, void *user)
{
    ltb_http_buffer *b = user;
    size_t n = size * nmemb;
    if (b->first_byte_ns == 0 && n > 0)
        b->first_byte_ns = ltb_now_ns();
    if (b->limit && n > b->limit - b->len) {
        b->over_limit = 1;
        return 0;                 /* curl fails the transfer: CURLE_WRITE_ERROR */
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = realloc(b->data, cap);
        if (!grown)
            return 0;             /* curl fails the transfer: CURLE_WRITE_ERROR */
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    if (b->n_marks < LTB_HTTP_MARKS && n > 0) {
        b->mark_end[b->n_marks] = b->len;
        b->mark_ns[b->n_marks++] = ltb_now_ns();
    }
    return n;
}

void ltb_http_buffer_reset(ltb_http_buffer *b)
{
    b->len = 0;
    b->first_byte_ns = 0;
    b->over_limit = 0;
    b->n_marks = 0;
    b->inference_header_len = 0;
}

uint64_t ltb_http_buffer_time_of(const ltb_http_buffer *b, size_t offset)
{
    for (int i = 0; i < b->n_marks; i++)
        if (b->mark_end[i] > offset)
            return b->mark_ns[i];
    return 0;
}

static size_t header_line(char *line, size_t size, size_t nmemb, void *user)
{
    static const char kName[] = "inference-header-content-length:";
    ltb_http_buffer *b = user;
    size_t n = size * nmemb, k = sizeof kName - 1;
    if (n > k && !strncasecmp(line, kName, k)) {
        size_t v = 0;
        int digits = 0;
        for (size_t i = k; i < n && digits < 15; i++) {
            if (line[i] >= '0' && line[i] <= '9') {
                v = v * 10 + (size_t)(line[i] - '0');
                digits++;
            } else if (digits || (line[i] != ' ' && line[i] != '\t'))
                break;
        }
        b->inference_header_len = v;
    }
    return n;
}

void ltb_http_read_headers(CURL *curl, ltb_http_buffer *sink)
{
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, sink);
}

void ltb_http_setup_handle(CURL *curl, const char *url, struct curl_slist *headers,
                           ltb_http_buffer *sink, double timeout_s, char *errbuf)
{
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, sink);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    if (timeout_s > 0)
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)(timeout_s * 1000.0 + 0.5));
    errbuf[0] = '\0';
}

struct curl_slist *ltb_http_headers(const char *token)
{
    return ltb_http_headers_typed(token, "application/json");
}

struct curl_slist *ltb_http_headers_typed(const char *token, const char *content_type)
{
    char type[128];
    snprintf(type, sizeof type, "Content-Type: %s", content_type);
    struct curl_slist *h = curl_slist_append(NULL, type);
    struct curl_slist *next = h ? curl_slist_append(h, "Accept: application/json, */*") : NULL;
    next = next ? curl_slist_append(next, "Expect:") : NULL;   /* no 100-continue round trip */
    if (next && token && *token) {
        char auth[1200];
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        next = curl_slist_append(next, auth);
    }
    if (!next)
        curl_slist_free_all(h);
    return next ? h : NULL;
}

void ltb_http_transport_error(CURL *curl, CURLcode code, const char *errbuf,
                              const ltb_http_buffer *sink, double timeout_s, char *out,
                              size_t cap)
{
    if (sink && sink->over_limit) {
        snprintf(out, cap, "response too large: over the %.4g MB limit (--max-response-mb), "
                 "stopped after %zu bytes", (double)sink->limit / (1024.0 * 1024.0), sink->len);
        return;
    }
    char came[64] = "";
    if (sink && sink->len > 0)
        snprintf(came, sizeof came, " (after %zu bytes of the response)", sink->len);
    if (code == CURLE_OPERATION_TIMEDOUT) {
        snprintf(out, cap, "timeout: no complete response within %.3f s%s", timeout_s, came);
        return;
    }
    long os_errno = 0;
    char why[256] = "";
    if (curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK && os_errno != 0 &&
        strerror_r((int)os_errno, why, sizeof why) == 0) {
        snprintf(out, cap, "%s%s", why, came);
        return;
    }
    snprintf(out, cap, "%s%s", errbuf && errbuf[0] ? errbuf : curl_easy_strerror(code), came);
}
