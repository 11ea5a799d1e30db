/* http_peer.h — a raw TCP peer on loopback for the HTTP client's fault tests: a
 * thread that accepts connections, reads each request whole, answers a GET (the
 * connectivity check) with 200 and the test's check_body, and hands every POST to
 * the test's respond function, which writes whatever bytes it likes (a cut body,
 * a reset, a trickle, 10 MB...). Real sockets, no HTTP library. */
#ifndef LTB_HTTP_PEER_H
#define LTB_HTTP_PEER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

typedef enum { PEER_CLOSE, PEER_HOLD } peer_after;

/* Answers one POST on fd; PEER_HOLD keeps the connection open, unanswered. */
typedef peer_after (*peer_respond_fn)(int fd, void *user);

typedef struct http_peer {
    int listen_fd, port;
    peer_respond_fn respond;
    void *user;
    const char *check_body;       /* the GET answer; "{}" by default */
    atomic_int stop;
    atomic_int posts;             /* POSTs answered */
    pthread_t thread;
    int held[256];
    int n_held;
} http_peer;

/* Listens on 127.0.0.1 (a free port: p->port) and starts answering. */
void http_peer_start(http_peer *p, peer_respond_fn respond, void *user);
void http_peer_stop(http_peer *p);
/* "http://127.0.0.1:PORT" into buf. */
const char *http_peer_url(const http_peer *p, char *buf, size_t cap);

/* Writes an HTTP/1.1 head (status e.g. "200 OK", Content-Length: content_length,
 * Connection: close) and then body_len bytes of body; 0, or -1 when the peer left. */
int http_peer_send(int fd, const char *status, size_t content_length, const char *body,
                   size_t body_len);
/* More body bytes; 0, or -1 when the peer left. */
int http_peer_send_more(int fd, const char *bytes, size_t len);
/* A whole JSON answer. */
void http_peer_reply(int fd, const char *status, const char *json);
/* Closes fd with SO_LINGER 0: the client gets a TCP reset, not an orderly close. */
void http_peer_reset(int fd);
/* A port nothing listens on (bound, then closed). */
int http_peer_closed_port(void);
#endif
