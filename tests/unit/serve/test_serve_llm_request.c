/* test_serve_llm_request.c — the fields `ltbench serve` reads from an OpenAI completions
 * request, as a specification: a completions prompt (a string or a list of one), chat
 * messages joined by newlines, max_tokens (or max_completion_tokens; default 16),
 * stream and stream_options.include_usage; and every refusal in one line: a body that is
 * not an object, a prompt that is not a string, no messages or one without a string
 * content, max_tokens that is not an integer in [1, 1e6], a prompt over the limit. */
#include "testutil.h"
#include "serve_llm_request.h"

#include <stdlib.h>
#include <string.h>

static int parse(const char *json, int chat, serve_llm_fields *f, char *err, size_t errlen)
{
    cJSON *body = cJSON_Parse(json);
    err[0] = '\0';
    int rc = serve_llm_request_parse(body, chat, f, err, errlen);
    cJSON_Delete(body);
    return rc;
}

static void fields_of_good_requests(void **state)
{
    (void)state;
    serve_llm_fields f;
    char err[256];
    assert_int_equal(parse("{\"model\":\"m\",\"prompt\":\"Hello\",\"max_tokens\":4,\"stream\":true,"
                           "\"stream_options\":{\"include_usage\":true}}", 0, &f, err, sizeof err), 0);
    assert_string_equal(f.prompt, "Hello");
    assert_int_equal(f.max_tokens, 4);
    assert_true(f.stream && f.include_usage && !f.chat);
    serve_llm_fields_free(&f);
    assert_int_equal(parse("{\"prompt\":[\"one\"]}", 0, &f, err, sizeof err), 0);
    assert_string_equal(f.prompt, "one");
    assert_int_equal(f.max_tokens, SERVE_LLM_DEFAULT_MAX_TOKENS);
    assert_false(f.stream || f.include_usage);
    serve_llm_fields_free(&f);
    assert_int_equal(parse("{\"messages\":[{\"role\":\"system\",\"content\":\"a\"},{\"role\":\"user\","
                           "\"content\":\"b c\"}],\"max_completion_tokens\":2}", 1, &f, err, sizeof err), 0);
    assert_string_equal(f.prompt, "a\nb c");
    assert_int_equal(f.max_tokens, 2);
    assert_true(f.chat);
    serve_llm_fields_free(&f);
}

static void expect_refused(const char *json, int chat, const char *needle)
{
    serve_llm_fields f;
    char err[256];
    assert_int_equal(parse(json, chat, &f, err, sizeof err), -1);
    if (!strstr(err, needle) || !tu_is_one_line(err))
        fail_msg("%s: '%s' (wanted '%s')", json, err, needle);
    serve_llm_fields_free(&f);
}

static void bad_requests_are_refused_in_one_line(void **state)
{
    (void)state;
    expect_refused("[1]", 0, "not a JSON object");
    expect_refused("{\"prompt\":5}", 0, "prompt must be a string");
    expect_refused("{\"prompt\":[\"a\",\"b\"]}", 0, "prompt must be a string");
    expect_refused("{\"prompt\":\"a\",\"max_tokens\":0}", 0, "max_tokens");
    expect_refused("{\"prompt\":\"a\",\"max_tokens\":2.5}", 0, "max_tokens");
    expect_refused("{\"prompt\":\"a\",\"max_tokens\":\"4\"}", 0, "max_tokens");
    expect_refused("{\"prompt\":\"a\",\"max_tokens\":1e7}", 0, "max_tokens");
    expect_refused("{\"messages\":[]}", 1, "messages");
    expect_refused("{\"prompt\":\"a\"}", 1, "messages");
    expect_refused("{\"messages\":[{\"role\":\"user\"}]}", 1, "content");
    size_t n = SERVE_LLM_MAX_PROMPT_BYTES + 1;
    char *big = malloc(n + 32);
    assert_non_null(big);
    memcpy(big, "{\"prompt\":\"", 11);
    memset(big + 11, 'x', n);
    memcpy(big + 11 + n, "\"}", 3);
    expect_refused(big, 0, "at most");
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_of_good_requests),
        cmocka_unit_test(bad_requests_are_refused_in_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
