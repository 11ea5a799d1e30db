/* test_http_sse.c — the server-sent-events parser as a specification: the same
 * events whatever the pieces (one piece, split at every byte, a byte at a time,
 * several events in one piece), the three line ends ("\r\n" split across pieces
 * included), comments, event:/id: fields, multi-line data, data: [DONE], no data
 * no event, a leading BOM, each event stamped with the time of the piece that
 * completed it, limits on a line and an event, a stream ended mid-event, a reader
 * that stops the parser. */
#include "testutil.h"
#include "http_sse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEEN 32

typedef struct seen {
    int n;
    char data[MAX_SEEN][128];
    size_t len[MAX_SEEN];
    char event[MAX_SEEN][32];
    char id[MAX_SEEN][32];
    uint64_t t[MAX_SEEN];
    int stop_at;                  /* stop the parser at this event (1-based); 0 never */
} seen;

static int collect(void *user, const ltb_sse_event *ev)
{
    seen *s = user;
    assert_true(s->n < MAX_SEEN);
    assert_int_equal(ev->data[ev->len], '\0');
    assert_true(ev->len < sizeof s->data[0]);
    memcpy(s->data[s->n], ev->data, ev->len + 1);
    s->len[s->n] = ev->len;
    snprintf(s->event[s->n], sizeof s->event[0], "%s", ev->event);
    snprintf(s->id[s->n], sizeof s->id[0], "%s", ev->id);
    s->t[s->n] = ev->t_ns;
    s->n++;
    return s->stop_at && s->n == s->stop_at;
}

/* The stream below, read as the standard says (written out by hand). */
static const char kStream[] =
    ": a comment the server sends to keep the connection\r\n"
    "data: {\"a\":1}\r\n\r\n"
    "event: delta\nid: 7\ndata: first line\ndata:second line\ndata:  two spaces\n\n"
    "retry: 100\nunknown: x\n\n"                 /* no data: nothing dispatched */
    "data\r\r"                                    /* a data line with no colon: "" */
    "data: [DONE]\r\n\r\n";

static void expect_reference(const seen *s)
{
    assert_int_equal(s->n, 4);
    assert_string_equal(s->data[0], "{\"a\":1}");
    assert_string_equal(s->event[0], "message");
    assert_string_equal(s->id[0], "");
    assert_string_equal(s->data[1], "first line\nsecond line\n two spaces");
    assert_string_equal(s->event[1], "delta");
    assert_string_equal(s->id[1], "7");
    assert_int_equal(s->len[2], 0);
    assert_string_equal(s->event[2], "message");    /* the name is per event */
    assert_string_equal(s->id[2], "7");             /* the id lasts */
    assert_string_equal(s->data[3], "[DONE]");
}

static void feed_ok(ltb_sse_parser *p, const char *bytes, size_t n, uint64_t t)
{
    if (ltb_sse_feed(p, bytes, n, t) != 0)
        fail_msg("feed failed: %s", p->error);
}

static void one_piece_and_every_split_give_the_same_events(void **state)
{
    (void)state;
    size_t len = sizeof kStream - 1;
    for (size_t cut = 0; cut <= len; cut++) {
        seen s = {0};
        ltb_sse_parser p;
        ltb_sse_init(&p, collect, &s, 0, 0);
        feed_ok(&p, kStream, cut, 1);
        feed_ok(&p, kStream + cut, len - cut, 2);
        assert_int_equal(ltb_sse_finish(&p), 0);
        expect_reference(&s);
        assert_int_equal(p.events, 4);
        assert_int_equal(p.bytes, len);
        ltb_sse_free(&p);
    }
    seen s = {0};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 0, 0);
    for (size_t i = 0; i < len; i++)
        feed_ok(&p, kStream + i, 1, 100 + i);
    assert_int_equal(ltb_sse_finish(&p), 0);
    expect_reference(&s);
    ltb_sse_free(&p);
}

static void each_event_has_the_time_of_the_piece_that_completed_it(void **state)
{
    (void)state;
    seen s = {0};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 0, 0);
    feed_ok(&p, "data: a\n\ndata: b\n\ndata: c", 25, 10);  /* two events joined, a third begun */
    assert_int_equal(s.n, 2);
    feed_ok(&p, "\n", 1, 20);                             /* a line ends, not the event */
    assert_int_equal(s.n, 2);
    feed_ok(&p, "\n", 1, 30);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.t[0], 10);
    assert_int_equal(s.t[1], 10);
    assert_int_equal(s.t[2], 30);
    assert_string_equal(s.data[2], "c");
    ltb_sse_free(&p);
}

static void the_three_line_ends_read_alike(void **state)
{
    (void)state;
    static const char *const kEnds[] = {"\n", "\r\n", "\r"};
    for (int e = 0; e < 3; e++) {
        char text[256];
        snprintf(text, sizeof text, "data: x%sdata: y%s%sid: 3%sdata: z%s%s", kEnds[e], kEnds[e],
                 kEnds[e], kEnds[e], kEnds[e], kEnds[e]);
        seen s = {0};
        ltb_sse_parser p;
        ltb_sse_init(&p, collect, &s, 0, 0);
        feed_ok(&p, text, strlen(text), 1);
        assert_int_equal(s.n, 2);
        assert_string_equal(s.data[0], "x\ny");
        assert_string_equal(s.data[1], "z");
        assert_string_equal(s.id[1], "3");
        ltb_sse_free(&p);
    }
    /* "\r" then "\n" in the next piece is one line end; "\r" then "\r" are two */
    seen s = {0};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 0, 0);
    feed_ok(&p, "data: x\r", 8, 1);
    feed_ok(&p, "\ndata: y\r", 9, 2);
    assert_int_equal(s.n, 0);
    feed_ok(&p, "\r", 1, 3);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.data[0], "x\ny");
    ltb_sse_free(&p);
}

static void a_leading_bom_is_skipped_even_split(void **state)
{
    (void)state;
    seen s = {0};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 0, 0);
    feed_ok(&p, "\xEF\xBB", 2, 1);
    feed_ok(&p, "\xBF" "data: x\n\n", 10, 2);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.data[0], "x");
    /* a BOM later in the stream is text: "\xEF\xBB\xBF" "data" is an unknown field */
    feed_ok(&p, "\xEF\xBB\xBF" "data: y\n\n", 12, 3);
    assert_int_equal(s.n, 1);
    /* bytes that begin like a BOM and are not one stay text */
    ltb_sse_reset(&p);
    feed_ok(&p, "\xEF" ": comment\ndata: z\n\n", 20, 4);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.data[1], "z");
    ltb_sse_free(&p);
}

static void limits_stop_the_parser(void **state)
{
    (void)state;
    seen s = {0};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 16, 24);
    feed_ok(&p, "data: 0123456789", 16, 1);               /* exactly the line limit */
    assert_int_equal(ltb_sse_feed(&p, "\n\ndata: 0123456789A\n", 20, 2), -1);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(p.error, "line is over the 16-byte limit"));
    assert_int_equal(ltb_sse_feed(&p, "\n", 1, 3), -1);   /* sticky */
    assert_int_equal(ltb_sse_finish(&p), -1);

    /* a line cut over pieces counts whole */
    ltb_sse_reset(&p);
    feed_ok(&p, "data: 01234", 11, 1);
    assert_int_equal(ltb_sse_feed(&p, "56789AB", 7, 2), -1);
    assert_non_null(strstr(p.error, "16-byte limit"));

    /* an event's data over its limit, line by line */
    ltb_sse_reset(&p);
    feed_ok(&p, "data: 0123456789\n", 17, 1);            /* 11 bytes of data */
    feed_ok(&p, "data: 0123456789\n", 17, 1);            /* 22 */
    assert_int_equal(ltb_sse_feed(&p, "data: 01\n", 9, 1), -1);
    assert_non_null(strstr(p.error, "event's data is over the 24-byte limit"));
    ltb_sse_free(&p);
}

static void an_unfinished_event_is_dropped_and_said(void **state)
{
    (void)state;
    seen s = {0};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 0, 0);
    feed_ok(&p, "data: a\n\ndata: b\n", 17, 1);
    assert_int_equal(ltb_sse_finish(&p), 1);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(p.error, "ended inside an event"));
    ltb_sse_reset(&p);
    feed_ok(&p, "data: a\n\n: bye", 14, 1);
    assert_int_equal(ltb_sse_finish(&p), 1);             /* a line left unended */
    ltb_sse_reset(&p);
    feed_ok(&p, "data: a\n\n", 9, 1);
    assert_int_equal(ltb_sse_finish(&p), 0);
    ltb_sse_free(&p);
}

static void a_reader_can_stop_the_parser(void **state)
{
    (void)state;
    seen s = {.stop_at = 2};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 0, 0);
    assert_int_equal(ltb_sse_feed(&p, "data: 1\n\ndata: 2\n\ndata: 3\n\n", 27, 1), -1);
    assert_int_equal(s.n, 2);
    assert_string_equal(p.error, "stopped by the reader");
    ltb_sse_free(&p);
}

static void binary_and_nul_bytes_do_not_break_it(void **state)
{
    (void)state;
    static const char kBytes[] = "data: a\0b\n\nid: x\0y\ndata: c\n\n";
    seen s = {0};
    ltb_sse_parser p;
    ltb_sse_init(&p, collect, &s, 0, 0);
    feed_ok(&p, kBytes, sizeof kBytes - 1, 1);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.len[0], 3);
    assert_memory_equal(s.data[0], "a\0b", 3);
    assert_string_equal(s.id[1], "");                    /* an id with a NUL is ignored */
    ltb_sse_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_piece_and_every_split_give_the_same_events),
        cmocka_unit_test(each_event_has_the_time_of_the_piece_that_completed_it),
        cmocka_unit_test(the_three_line_ends_read_alike),
        cmocka_unit_test(a_leading_bom_is_skipped_even_split),
        cmocka_unit_test(limits_stop_the_parser),
        cmocka_unit_test(an_unfinished_event_is_dropped_and_said),
        cmocka_unit_test(a_reader_can_stop_the_parser),
        cmocka_unit_test(binary_and_nul_bytes_do_not_break_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
