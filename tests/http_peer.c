/* http_peer.c — a raw TCP peer for the HTTP client's fault tests (see http_peer.h). */
#define _POSIX_C_SOURCE 200809L
#include "http_peer.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Reads a request's head and body (Content-Length); 1 for a GET, 0 for anything
 * else, -1 when the client left or stalled. */
static int read_request(int fd)
{
    char buf[65536];
    size_t len = 0;
    long body_left = -1;
    int is_get = 0;
    while (1) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0)
            return -1;
        ssize_t got = body_left >= 0 ? recv(fd, buf, sizeof buf, 0)
                                     : recv(fd, buf + len, sizeof buf - len - 1, 0);
        if (got <= 0)
            return -1;
        if (body_left >= 0) {
            body_left -= got;
        } else {
            len += (size_t)got;
            buf[len] = '\0';
            char *end = strstr(buf, "\r\n\r\n");
            if (!end) {
                if (len + 1 >= sizeof buf)
                    return -1;
                continue;
            }
            is_get = !strncmp(buf, "GET ", 4);
            char *cl = buf;
            while (*cl && strncasecmp(cl, "content-length:", 15))
                cl++;
            body_left = (*cl ? atol(cl + 15) : 0) - (long)(len - (size_t)(end + 4 - buf));
        }
        if (body_left <= 0)
            return is_get;
    }
}

int http_peer_send(int fd, const char *status, size_t content_length, const char *body,
                   size_t body_len)
{
    char head[256];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n", status, content_length);
    if (send(fd, head, (size_t)n, MSG_NOSIGNAL) != n)
        return -1;
    return http_peer_send_more(fd, body, body_len);
}

int http_peer_send_more(int fd, const char *bytes, size_t len)
{
    while (len > 0) {
        ssize_t sent = send(fd, bytes, len, MSG_NOSIGNAL);
        if (sent <= 0)
            return -1;
        bytes += sent;
        len -= (size_t)sent;
    }
    return 0;
}

void http_peer_reply(int fd, const char *status, const char *json)
{
    http_peer_send(fd, status, strlen(json), json, strlen(json));
}

void http_peer_reset(int fd)
{
    struct linger l = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

static void *peer_main(void *arg)
{
    http_peer *p = arg;
    while (!atomic_load(&p->stop)) {
        struct pollfd l = {p->listen_fd, POLLIN, 0};
        if (poll(&l, 1, 100) <= 0)
            continue;
        int fd = accept(p->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        int kind = read_request(fd);
        peer_after after = PEER_CLOSE;
        if (kind == 1) {
            http_peer_reply(fd, "200 OK", p->check_body ? p->check_body : "{}");
        } else if (kind == 0) {
            after = p->respond(fd, p->user);
            atomic_fetch_add(&p->posts, 1);
        }
        if (after == PEER_HOLD && p->n_held < 256)
            p->held[p->n_held++] = fd;         /* never answered */
        else
            close(fd);
    }
    for (int i = 0; i < p->n_held; i++)
        close(p->held[i]);
    return NULL;
}

void http_peer_start(http_peer *p, peer_respond_fn respond, void *user)
{
    memset(p, 0, sizeof *p);
    p->respond = respond;
    p->user = user;
    p->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    assert_int_equal(bind(p->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(p->listen_fd, 64), 0);
    assert_int_equal(getsockname(p->listen_fd, (struct sockaddr *)&a, &alen), 0);
    p->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&p->thread, NULL, peer_main, p), 0);
}

void http_peer_stop(http_peer *p)
{
    atomic_store(&p->stop, 1);
    pthread_join(p->thread, NULL);
    close(p->listen_fd);
}

const char *http_peer_url(const http_peer *p, char *buf, size_t cap)
{
    snprintf(buf, cap, "http://127.0.0.1:%d", p->port);
    return buf;
}

int http_peer_closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    close(fd);
    return ntohs(a.sin_port);
}
