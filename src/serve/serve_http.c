/* serve_http.c — libmicrohttpd plumbing for `ltbench serve` (see serve_http.h). */
#define _POSIX_C_SOURCE 200809L
#include "serve_http.h"
#include "clock.h"

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define SERVE_IDLE_TIMEOUT_S 120

struct serve_server {
    struct MHD_Daemon *daemon;
    serve_models *models;
    serve_options opt;
    char *auth_header;           /* "Bearer <token>", or NULL */
};

/* Per request: the body as it arrives. */
typedef struct request_ctx {
    char *body;
    size_t len, cap;
    int too_large;
    int replied;
} request_ctx;

void serve_reply_error(serve_reply *r, unsigned status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON_Delete(r->json);
    r->status = status;
    r->json = cJSON_CreateObject();
    cJSON_AddBoolToObject(r->json, "success", 0);
    cJSON_AddStringToObject(r->json, "error", msg);
}

/* Sends reply; every JSON object gets processing_time (body complete to now). */
static enum MHD_Result send_reply(struct MHD_Connection *c, serve_reply *r, uint64_t t0)
{
    double secs = (double)(ltb_now_ns() - t0) / 1e9;
    struct MHD_Response *resp = r->raw;
    if (!resp) {
        if (!r->json)
            serve_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "no reply");
        if (cJSON_IsObject(r->json) && !cJSON_HasObjectItem(r->json, "processing_time"))
            cJSON_AddNumberToObject(r->json, "processing_time", secs);
        char *text = cJSON_PrintUnformatted(r->json);
        cJSON_Delete(r->json);
        r->json = NULL;
        if (!text)
            return MHD_NO;
        resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
            free(text);
            return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    } else {
        char num[32];
        snprintf(num, sizeof num, "%.9f", secs);
        MHD_add_response_header(resp, "X-Processing-Time", num);
    }
    if (r->status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg,
                                  uint64_t t0)
{
    serve_reply r = {0};
    serve_reply_error(&r, status, "%s", msg);
    return send_reply(c, &r, t0);
}

static int path_matches(const char *pattern, const char *url)
{
    size_t n = strlen(pattern);
    if (n > 0 && pattern[n - 1] == '*')
        return !strncmp(pattern, url, n - 1);
    return !strcmp(pattern, url);
}

static const serve_route *find_path(const serve_route *routes, const char *url)
{
    for (const serve_route *r = routes; r->path; r++)
        if (path_matches(r->path, url))
            return r;
    return NULL;
}

static const serve_route *find_route(const serve_route *routes, const char *url,
                                     const char *method)
{
    for (const serve_route *r = routes; r->path; r++)
        if (path_matches(r->path, url) && !strcmp(r->method, method))
            return r;
    return NULL;
}

/* Inference-Header-Content-Length as a number; 0 when absent or not one. */
static size_t inference_header_len(struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                "Inference-Header-Content-Length");
    char *end;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;
    return v && end != v && n < ((size_t)1 << 40) ? (size_t)n : 0;
}

/* Compares without stopping at the first difference. */
static int same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned diff = (unsigned)(la != lb);
    for (size_t i = 0; i < la && i < lb; i++)
        diff |= (unsigned)(a[i] ^ b[i]);
    return diff == 0;
}

static enum MHD_Result dispatch(serve_server *s, struct MHD_Connection *c, const char *url,
                                const char *method, request_ctx *ctx)
{
    uint64_t t0 = ltb_now_ns();
    if (!find_path(s->opt.routes, url))
        return send_error(c, MHD_HTTP_NOT_FOUND, "no such endpoint", t0);
    const serve_route *route = find_route(s->opt.routes, url, method);
    if (!route)
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed here", t0);
    if (s->auth_header) {
        const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                       MHD_HTTP_HEADER_AUTHORIZATION);
        if (!auth || !same_secret(auth, s->auth_header))
            return send_error(c, MHD_HTTP_UNAUTHORIZED,
                              auth ? "invalid token" : "missing Authorization: Bearer token", t0);
    }
    if (ctx->too_large)
        return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body is too large", t0);
    serve_request req = {.models = s->models, .body = ctx->body ? ctx->body : "",
                         .body_len = ctx->len, .url = url,
                         .inference_header_len = inference_header_len(c)};
    serve_reply reply = {.status = MHD_HTTP_OK};
    route->handle(&req, &reply);
    return send_reply(c, &reply, t0);
}

/* Keeps upload bytes up to the limit; past it, remembers and drops the rest. */
static int gather(request_ctx *ctx, const char *data, size_t n, size_t limit)
{
    if (ctx->too_large || n > limit - ctx->len) {
        ctx->too_large = 1;
        return 0;
    }
    if (ctx->len + n + 1 > ctx->cap) {
        size_t cap = (ctx->len + n + 1) * 2;
        cap = cap > limit + 1 ? limit + 1 : cap;
        char *grown = realloc(ctx->body, cap);
        if (!grown)
            return -1;
        ctx->body = grown;
        ctx->cap = cap;
    }
    memcpy(ctx->body + ctx->len, data, n);
    ctx->len += n;
    ctx->body[ctx->len] = '\0';
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    serve_server *s = cls;
    request_ctx *ctx = *con_cls;
    if (!ctx) {                               /* headers are in, the body is not */
        ctx = calloc(1, sizeof *ctx);
        if (!ctx)
            return MHD_NO;
        *con_cls = ctx;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->opt.max_body) {
            ctx->replied = 1;                 /* refuse before reading it */
            return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body is too large",
                              ltb_now_ns());
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        int rc = ctx->replied ? 0 : gather(ctx, upload_data, *upload_data_size, s->opt.max_body);
        *upload_data_size = 0;
        return rc == 0 ? MHD_YES : MHD_NO;
    }
    if (ctx->replied)
        return MHD_YES;
    ctx->replied = 1;
    return dispatch(s, c, url, method, ctx);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    request_ctx *ctx = *con_cls;
    if (ctx) {
        free(ctx->body);
        free(ctx);
        *con_cls = NULL;
    }
}

static int resolve(const char *host, int port, struct sockaddr_storage *addr, socklen_t *len,
                   char *err, size_t errlen)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0 || !res) {
        snprintf(err, errlen, "--host %s: %s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    if (addr->ss_family == AF_INET6)
        ((struct sockaddr_in6 *)addr)->sin6_port = htons((uint16_t)port);
    else
        ((struct sockaddr_in *)addr)->sin_port = htons((uint16_t)port);
    return 0;
}

int serve_http_start(serve_models *models, const serve_options *opt, serve_server **out,
                     int *bound_port, char *err, size_t errlen)
{
    struct sockaddr_storage addr;
    socklen_t addr_len;
    const char *host = opt->host ? opt->host : "127.0.0.1";
    if (resolve(host, opt->port, &addr, &addr_len, err, errlen) != 0)
        return -1;
    serve_server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->models = models;
    s->opt = *opt;
    if (opt->token) {
        size_t n = strlen(opt->token) + 8;
        s->auth_header = malloc(n);
        if (s->auth_header)
            snprintf(s->auth_header, n, "Bearer %s", opt->token);
    }
    /* One thread per connection: a model run blocks only its own connection, so
     * every client connection is served concurrently, however the client spreads
     * its requests (serve_models caps how many compute at once). */
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG | (addr.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    s->daemon = MHD_start_daemon(flags, (uint16_t)opt->port, NULL, NULL, on_request, s,
                                 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                 MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_TIMEOUT_S,
                                 MHD_OPTION_END);
    if (!s->daemon || (opt->token && !s->auth_header)) {
        snprintf(err, errlen, "cannot listen on %s port %d (in use, or not an address here)",
                 host, opt->port);
        serve_http_stop(s);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    *bound_port = info ? (int)info->port : opt->port;
    *out = s;
    return 0;
}

void serve_http_stop(serve_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    free(s->auth_header);
    free(s);
}
