/* test_http_openai.c — the OpenAI completions stream reader and request bodies as
 * a specification: a completions stream (choices[0].text, usage on the last chunk,
 * no [DONE], as transformers serve sends it) and a chat stream (a role-only first
 * delta that is no token, content deltas, a finish chunk, a usage chunk with empty
 * choices, [DONE]) read alike however the body is cut; each token's time is the
 * time of the piece that carried it; error events (object or string), non-2xx
 * answers in the server's words, a chunk that is not JSON, an empty or cut stream
 * fail; the bodies hold the fields each endpoint takes. */
#include "testutil.h"
#include "http_openai.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kCompletions[] =
    "data: {\"id\":\"r1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\"Hel\",\"index\":0}]}\n\n"
    "data: {\"id\":\"r1\",\"choices\":[{\"text\":\"lo\",\"index\":0}]}\n\n"
    "data: {\"id\":\"r1\",\"choices\":[{\"text\":\" w\\u00f6rld\",\"index\":0}]}\n\n"
    "data: {\"id\":\"r1\",\"choices\":[{\"text\":\"\",\"index\":0,\"finish_reason\":\"length\"}],"
    "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}\n\n";

static const char kChat[] =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
    "\"finish_reason\":null}]}\r\n\r\n"
    ": keep-alive\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}]}\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null},\"finish_reason\":null}]}\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"c\"},\"finish_reason\":null}]}\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}\r\n\r\n"
    "data: [DONE]\r\n\r\n";

static ltb_openai_stream *open_stream(ltb_openai_endpoint ep)
{
    ltb_openai_stream *s = malloc(sizeof *s);
    assert_non_null(s);
    assert_int_equal(ltb_openai_stream_init(s, ep, 1), 0);
    return s;
}

static void close_stream(ltb_openai_stream *s)
{
    ltb_openai_stream_free(s);
    free(s);
}

static void feed_ok(ltb_openai_stream *s, const char *bytes, size_t n, uint64_t t)
{
    if (ltb_openai_stream_feed(s, bytes, n, t) != 0)
        fail_msg("feed failed: %s", s->error);
}

static void finish_ok(ltb_openai_stream *s, long status)
{
    if (ltb_openai_stream_finish(s, status) != 0)
        fail_msg("finish failed: %s", s->error);
}

static void completions_stream_at_every_cut(void **state)
{
    (void)state;
    size_t len = sizeof kCompletions - 1;
    ltb_openai_stream *s = open_stream(LTB_OPENAI_COMPLETIONS);
    for (size_t cut = 0; cut <= len; cut++) {
        ltb_openai_stream_reset(s);
        feed_ok(s, kCompletions, cut, 100);
        feed_ok(s, kCompletions + cut, len - cut, 200);
        finish_ok(s, 200);
        assert_int_equal(s->events, 4);
        assert_int_equal(s->content_events, 3);
        assert_int_equal(s->prompt_tokens, 5);
        assert_int_equal(s->completion_tokens, 3);
        assert_int_equal(ltb_openai_stream_tokens(s), 3);
        assert_string_equal(s->finish_reason, "length");
        assert_string_equal(s->text, "Hello w\xc3\xb6rld");
        assert_int_equal(s->done, 0);
        assert_true(s->first_token_ns <= s->last_token_ns);
        /* the third token's event ends at the blank line after " w\u00f6rld" */
        size_t third_end = (size_t)(strstr(strstr(kCompletions, "rld\""), "\n\n") + 1 - kCompletions);
        assert_int_equal(s->last_token_ns, cut > third_end ? 100 : 200);
    }
    close_stream(s);
}

static void chat_stream_byte_by_byte(void **state)
{
    (void)state;
    ltb_openai_stream *s = open_stream(LTB_OPENAI_CHAT);
    size_t len = sizeof kChat - 1;
    for (size_t i = 0; i < len; i++)
        feed_ok(s, kChat + i, 1, 1000 + i);
    finish_ok(s, 200);
    assert_int_equal(s->events, 7);               /* [DONE] and the comment are not events */
    assert_int_equal(s->content_events, 3);       /* the role delta, null and {} are not tokens */
    assert_int_equal(s->done, 1);
    assert_string_equal(s->text, "abc");
    assert_string_equal(s->finish_reason, "stop");
    assert_int_equal(s->prompt_tokens, 9);
    assert_int_equal(ltb_openai_stream_tokens(s), 3);
    /* each token's time: the byte that ended its event (the blank line's "\n") */
    const char *a = strstr(kChat, "\"a\"}");
    const char *end = strstr(a, "\r\n\r\n") + 2;   /* the blank line's "\r" ends it */
    assert_int_equal(s->first_token_ns, 1000 + (uint64_t)(end - kChat));
    assert_true(s->token_ns[0] < s->token_ns[1] && s->token_ns[1] < s->token_ns[2]);
    assert_int_equal(s->last_token_ns, s->token_ns[2]);
    close_stream(s);
}

static void tokens_come_from_the_events_without_usage(void **state)
{
    (void)state;
    static const char kNoUsage[] =
        "data: {\"choices\":[{\"text\":\"x\"}]}\n\ndata: {\"choices\":[{\"text\":\"y\"}]}\n\n"
        "data: {\"choices\":[{\"text\":\"\",\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
        "data: {\"choices\":[{\"text\":\"after done\"}]}\n\n";
    ltb_openai_stream *s = open_stream(LTB_OPENAI_COMPLETIONS);
    feed_ok(s, kNoUsage, sizeof kNoUsage - 1, 5);
    finish_ok(s, 200);
    assert_int_equal(s->completion_tokens, -1);
    assert_int_equal(s->prompt_tokens, -1);
    assert_int_equal(ltb_openai_stream_tokens(s), 2);
    assert_string_equal(s->text, "xy");
    close_stream(s);
}

static void expect_failure(ltb_openai_endpoint ep, const char *body, long status, const char *needle)
{
    ltb_openai_stream *s = open_stream(ep);
    ltb_openai_stream_feed(s, body, strlen(body), 1);
    assert_int_equal(ltb_openai_stream_finish(s, status), -1);
    assert_int_equal(s->failed, 1);
    if (!strstr(s->error, needle))
        fail_msg("error '%s' does not say '%s' (body %s)", s->error, needle, body);
    close_stream(s);
}

static void failures_say_why(void **state)
{
    (void)state;
    expect_failure(LTB_OPENAI_CHAT,
                   "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
                   "data: {\"error\": {\"message\": \"out of KV cache\", \"code\": 500}}\n\n",
                   200, "the server's stream reported an error: out of KV cache");
    expect_failure(LTB_OPENAI_COMPLETIONS, "data: {\"error\": \"CUDA OOM\"}\n\n", 200,
                   "reported an error: CUDA OOM");
    expect_failure(LTB_OPENAI_COMPLETIONS,
                   "{\"error\":{\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\"}}",
                   404, "HTTP 404: The model `x` does not exist.");
    expect_failure(LTB_OPENAI_COMPLETIONS,
                   "{\"detail\":\"Unexpected fields in the request: {'ignore_eos'}\"}", 422,
                   "HTTP 422: Unexpected fields in the request: {'ignore_eos'}");
    expect_failure(LTB_OPENAI_COMPLETIONS, "", 503, "HTTP 503");
    expect_failure(LTB_OPENAI_COMPLETIONS, "data: not json\n\n", 200,
                   "event 1 of the stream is not a JSON object: 'not json'");
    expect_failure(LTB_OPENAI_COMPLETIONS, "data: [1,2]\n\n", 200, "not a JSON object");
    expect_failure(LTB_OPENAI_COMPLETIONS, "", 200, "held no stream events (0 bytes)");
    expect_failure(LTB_OPENAI_COMPLETIONS, "{\"choices\":[{\"text\":\"a\"}]}", 200,
                   "not text/event-stream?");
    expect_failure(LTB_OPENAI_COMPLETIONS, "data: {\"choices\":[{\"text\":\"a\"}]}\n\n", 200,
                   "ended after 1 events without a finish_reason or [DONE]");
    expect_failure(LTB_OPENAI_COMPLETIONS,
                   "data: {\"choices\":[{\"text\":\"a\",\"finish_reason\":\"length\"}]}\n\ndata: {\"cho",
                   200, "ended inside an event");
    /* after a failure the rest of the stream is not read */
    ltb_openai_stream *s = open_stream(LTB_OPENAI_COMPLETIONS);
    const char *error = "data: {\"error\":\"x\"}\n\n", *more = "data: {\"choices\":[{\"text\":\"a\"}]}\n\n";
    assert_int_equal(ltb_openai_stream_feed(s, error, strlen(error), 1), -1);
    assert_int_equal(ltb_openai_stream_feed(s, more, strlen(more), 2), -1);
    assert_int_equal(s->content_events, 0);
    close_stream(s);
}

static void bodies_hold_each_endpoints_fields(void **state)
{
    (void)state;
    char *body = ltb_openai_body(LTB_OPENAI_COMPLETIONS, "tiny", "Once \"upon\"", 16,
                                 LTB_OPENAI_INCLUDE_USAGE);
    cJSON *root = cJSON_Parse(body);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(root, "model")->valuestring, "tiny");
    assert_string_equal(cJSON_GetObjectItem(root, "prompt")->valuestring, "Once \"upon\"");
    assert_null(cJSON_GetObjectItem(root, "messages"));
    assert_int_equal(cJSON_GetObjectItem(root, "max_tokens")->valueint, 16);
    assert_true(cJSON_GetObjectItem(root, "temperature")->valuedouble == 0.0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "stream")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "stream_options"),
                                                 "include_usage")));
    assert_null(cJSON_GetObjectItem(root, "ignore_eos"));
    cJSON_Delete(root);
    free(body);

    body = ltb_openai_body(LTB_OPENAI_CHAT, "tiny", "hi", 8, LTB_OPENAI_FIXED_LENGTH);
    root = cJSON_Parse(body);
    assert_non_null(root);
    assert_null(cJSON_GetObjectItem(root, "prompt"));
    assert_null(cJSON_GetObjectItem(root, "stream_options"));
    cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "messages"), 0);
    assert_string_equal(cJSON_GetObjectItem(m, "role")->valuestring, "user");
    assert_string_equal(cJSON_GetObjectItem(m, "content")->valuestring, "hi");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "ignore_eos")));
    assert_int_equal(cJSON_GetObjectItem(root, "min_tokens")->valueint, 8);
    cJSON_Delete(root);
    free(body);

    assert_string_equal(ltb_openai_path(LTB_OPENAI_CHAT), "/v1/chat/completions");
    assert_string_equal(ltb_openai_path(LTB_OPENAI_COMPLETIONS), "/v1/completions");
    ltb_openai_endpoint ep;
    assert_int_equal(ltb_openai_endpoint_parse("chat", &ep), 0);
    assert_int_equal(ep, LTB_OPENAI_CHAT);
    assert_int_equal(ltb_openai_endpoint_parse("completions", &ep), 0);
    assert_int_equal(ep, LTB_OPENAI_COMPLETIONS);
    assert_int_equal(ltb_openai_endpoint_parse("responses", &ep), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(completions_stream_at_every_cut),
        cmocka_unit_test(chat_stream_byte_by_byte),
        cmocka_unit_test(tokens_come_from_the_events_without_usage),
        cmocka_unit_test(failures_say_why),
        cmocka_unit_test(bodies_hold_each_endpoints_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
