/* test_http_openai_curl.c — one streamed OpenAI completions request over real
 * loopback HTTP (libcurl to a raw TCP peer, tests/http_peer.c) as a specification:
 * events trickled a few bytes per write and events joined in one write read alike;
 * each token's time is when its piece came, in order, between the request's start
 * and end; and every fault is a failed request with its reason: a stream cut inside
 * an event, an error event after some tokens, a 200 answer that is not an event
 * stream, a 500 with OpenAI's error shape, a connection reset mid-stream, a stream
 * that stalls past the timeout. The handle works again after each. */
#define _POSIX_C_SOURCE 200809L
#include "http_curl.h"
#include "http_openai_curl.h"
#include "http_peer.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef enum {
    SEND_TRICKLE, SEND_JOINED, SEND_CUT, SEND_ERROR_EVENT, SEND_NOT_SSE, SEND_500, SEND_RESET,
    SEND_STALL
} send_mode;

static const char kEvents[] =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"one\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" two\"}}]}\n\n"
    ": a comment between events\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" three\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
    "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":3}}\n\n"
    "data: [DONE]\n\n";

static send_mode g_mode;

static int send_all(int fd, const char *bytes, size_t n)
{
    return send(fd, bytes, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
}

static int stream_head(int fd)
{
    static const char kHead[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
    return send_all(fd, kHead, sizeof kHead - 1);
}

static peer_after respond(int fd, void *user)
{
    (void)user;
    const char *first = strstr(kEvents, "\" two\"");    /* inside the third event */
    switch (g_mode) {
    case SEND_TRICKLE:
        if (stream_head(fd))
            return PEER_CLOSE;
        for (size_t at = 0; at < sizeof kEvents - 1; at += 7) {
            size_t n = sizeof kEvents - 1 - at < 7 ? sizeof kEvents - 1 - at : 7;
            if (send_all(fd, kEvents + at, n))
                return PEER_CLOSE;
            tu_pause_ms(1);
        }
        return PEER_CLOSE;
    case SEND_JOINED:
        if (stream_head(fd) == 0)
            send_all(fd, kEvents, sizeof kEvents - 1);
        return PEER_CLOSE;
    case SEND_CUT:
        if (stream_head(fd) == 0)
            send_all(fd, kEvents, (size_t)(first - kEvents));
        return PEER_CLOSE;
    case SEND_ERROR_EVENT: {
        static const char kError[] =
            "data: {\"error\": {\"message\": \"the engine died\", \"code\": 500}}\n\n";
        const char *second_end = strstr(strstr(kEvents, "\"one\""), "\n\n") + 2;
        if (stream_head(fd) == 0 && send_all(fd, kEvents, (size_t)(second_end - kEvents)) == 0)
            send_all(fd, kError, sizeof kError - 1);
        return PEER_CLOSE;
    }
    case SEND_NOT_SSE:
        http_peer_reply(fd, "200 OK", "{\"choices\":[{\"text\":\"whole\"}]}");
        return PEER_CLOSE;
    case SEND_500:
        http_peer_reply(fd, "500 Internal Server Error",
                        "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\"}}");
        return PEER_CLOSE;
    case SEND_RESET:
        if (stream_head(fd) == 0)
            send_all(fd, kEvents, (size_t)(first - kEvents));
        tu_pause_ms(50);
        {   /* the peer's close then sends a TCP reset, not an orderly end */
            struct linger l = {1, 0};
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        }
        return PEER_CLOSE;
    case SEND_STALL:
        if (stream_head(fd) == 0)
            send_all(fd, kEvents, (size_t)(first - kEvents));
        return PEER_HOLD;
    }
    return PEER_CLOSE;
}

typedef struct fixture {
    http_peer peer;
    char url[128];
    CURL *curl;
    struct curl_slist *headers;
    ltb_openai_stream s;
    uint64_t t0, t1;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    http_peer_start(&f->peer, respond, NULL);
    char base[96];
    snprintf(f->url, sizeof f->url, "%s/v1/chat/completions", http_peer_url(&f->peer, base, sizeof base));
    f->curl = curl_easy_init();
    f->headers = ltb_http_headers("token");
    assert_int_equal(ltb_openai_stream_init(&f->s, LTB_OPENAI_CHAT, 1), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ltb_openai_stream_free(&f->s);
    curl_slist_free_all(f->headers);
    curl_easy_cleanup(f->curl);
    http_peer_stop(&f->peer);
    free(f);
    return 0;
}

static int request(fixture *f, send_mode mode, double timeout_s)
{
    g_mode = mode;
    char *body = ltb_openai_body(LTB_OPENAI_CHAT, "m", "hello", 3, LTB_OPENAI_INCLUDE_USAGE);
    assert_non_null(body);
    int rc = ltb_openai_stream_request(f->curl, f->url, f->headers, body, timeout_s, &f->s, &f->t0, &f->t1);
    free(body);
    return rc;
}

static void expect_whole_answer(const fixture *f)
{
    const ltb_openai_stream *s = &f->s;
    assert_int_equal(s->events, 5);
    assert_int_equal(s->content_events, 3);
    assert_string_equal(s->text, "one two three");
    assert_int_equal(s->completion_tokens, 3);
    assert_int_equal(s->prompt_tokens, 4);
    assert_int_equal(s->done, 1);
    assert_string_equal(s->finish_reason, "length");
    assert_true(f->t0 <= s->first_token_ns);
    for (int k = 1; k < s->content_events; k++)
        assert_true(s->token_ns[k - 1] <= s->token_ns[k]);
    assert_true(s->last_token_ns <= f->t1);
}

static void trickled_and_joined_streams_read_alike(void **state)
{
    fixture *f = *state;
    if (request(f, SEND_TRICKLE, 10.0))
        fail_msg("trickle: %s", f->s.error);
    expect_whole_answer(f);
    if (request(f, SEND_JOINED, 10.0))
        fail_msg("joined: %s", f->s.error);
    expect_whole_answer(f);
    assert_int_equal(f->peer.posts, 2);
}

static void expect_failure(fixture *f, send_mode mode, double timeout_s, const char *needle)
{
    assert_int_equal(request(f, mode, timeout_s), -1);
    assert_int_equal(f->s.failed, 1);
    if (!strstr(f->s.error, needle))
        fail_msg("mode %d: error '%s' does not say '%s'", (int)mode, f->s.error, needle);
}

static void faults_are_failed_requests_with_reasons(void **state)
{
    fixture *f = *state;
    expect_failure(f, SEND_CUT, 10.0, "ended inside an event");
    expect_failure(f, SEND_ERROR_EVENT, 10.0, "the server's stream reported an error: the engine died");
    assert_int_equal(f->s.content_events, 1);         /* the token before the error counted */
    expect_failure(f, SEND_NOT_SSE, 10.0, "held no stream events");
    expect_failure(f, SEND_500, 10.0, "HTTP 500: CUDA out of memory");
    expect_failure(f, SEND_RESET, 10.0, "reset");
    expect_failure(f, SEND_STALL, 0.5, "timeout");
    assert_int_equal(f->s.content_events, 1);         /* what came before the stall */
    /* the same handle and reader work again */
    if (request(f, SEND_JOINED, 10.0))
        fail_msg("after the faults: %s", f->s.error);
    expect_whole_answer(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(trickled_and_joined_streams_read_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(faults_are_failed_requests_with_reasons, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
