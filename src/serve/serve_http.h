/* serve_http.h — the HTTP side of `ltbench serve` on libmicrohttpd: one thread per
 * connection, the request body gathered under a size limit, bearer-token auth,
 * routing by method and path, JSON replies (errors as {"success": false, "error",
 * "processing_time"}). The endpoints themselves are in serve_routes.c. */
#ifndef LTB_SERVE_HTTP_H
#define LTB_SERVE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "serve_models.h"

struct MHD_Response;

typedef struct serve_request {
    serve_models *models;
    const char *body;            /* NUL-terminated */
    size_t body_len;
    const char *url;             /* the path asked for */
    size_t inference_header_len; /* Inference-Header-Content-Length (v2 binary); 0 none */
} serve_request;

typedef struct serve_reply {
    unsigned status;             /* HTTP status */
    cJSON *json;                 /* the body, owned by the reply ... */
    struct MHD_Response *raw;    /* ... or a ready response (the audio stream) */
} serve_reply;

typedef void (*serve_handler)(const serve_request *req, serve_reply *reply);

/* A path ending in '*' matches every path that starts with what precedes it (the
 * handler reads req->url). */
typedef struct serve_route {
    const char *method;
    const char *path;
    serve_handler handle;
} serve_route;

typedef struct serve_options {
    const char *host;            /* numeric address or name; NULL = 127.0.0.1 */
    int port;                    /* 0 = any free port */
    const char *token;           /* NULL = no auth */
    size_t max_body;
    const serve_route *routes;   /* terminated by a NULL path */
} serve_options;

typedef struct serve_server serve_server;

/* Starts listening; *bound_port is the real port. 0, or -1 with a one-line err. */
int serve_http_start(serve_models *models, const serve_options *opt, serve_server **out,
                     int *bound_port, char *err, size_t errlen);
/* Stops accepting, waits for the connection threads, frees. */
void serve_http_stop(serve_server *s);

/* An error reply: {"success": false, "error": "<message>"}. */
void serve_reply_error(serve_reply *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif
