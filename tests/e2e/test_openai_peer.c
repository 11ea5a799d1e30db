/* test_openai_peer.c — ltbench's OpenAI completions stream reader (http_openai.c,
 * over libcurl: http_openai_curl.c) against an OpenAI-compatible streaming server
 * nobody here wrote: Hugging Face `transformers serve` from the peers' virtual
 * environment (.venv-peers, scripts/peers; without it, or without transformers'
 * serving extra, the test says so and exits 77, reported as skipped), serving a tiny
 * seeded Llama written offline by models/make_hf_tiny_llm.py (one server for this test
 * and test_llm_http.c: tests/openai_peer.h). The OpenAI Python
 * client (tests/peers/openai_stream_check.py) streams the same requests first and is
 * the independent reference: for /v1/completions and /v1/chat/completions and each
 * prompt, the C reader sees as many events as the client saw chunks, the same text
 * (temperature 0), content events = usage.completion_tokens = max_tokens (the model
 * has no end-of-sequence token), finish_reason "length", and start <= first token
 * <= last token <= end. The server's refusals (a field it does not know, such as
 * ignore_eos; another model than the one it serves) are failures in its words. */
#define _POSIX_C_SOURCE 200809L
#include "http_curl.h"
#include "http_openai.h"
#include "http_openai_curl.h"
#include "openai_peer.h"
#include "serve_fixture.h"   /* tu_peers_python */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 12
static const char *const kPrompts[] = {"The quick brown fox", "Once upon a time, in a small town", "A"};
#define N_PROMPTS (int)(sizeof kPrompts / sizeof *kPrompts)

/* One streamed request through the C reader; 0 or -1 (s->error). */
static int stream(CURL *curl, struct curl_slist *headers, ltb_openai_endpoint ep, const char *model,
                  const char *prompt, unsigned flags, ltb_openai_stream *s, uint64_t *t0, uint64_t *t1)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", tu_openai_peer_url(), ltb_openai_path(ep));
    char *body = ltb_openai_body(ep, model, prompt, MAX_TOKENS, flags);
    assert_non_null(body);
    int rc = ltb_openai_stream_request(curl, url, headers, body, 60.0, s, t0, t1);
    free(body);
    return rc;
}

static long json_long(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

static void c_reader_matches_the_openai_client(void **state)
{
    (void)state;
    const char *model = tu_openai_peer_model();
    char cmd[8192];
    int at = snprintf(cmd, sizeof cmd, "'%s' '%s/tests/peers/openai_stream_check.py' %s/v1 '%s' %d",
                      tu_peers_python(), tu_env("LTBENCH_SOURCE_DIR"), tu_openai_peer_url(), model,
                      MAX_TOKENS);
    for (int i = 0; i < N_PROMPTS; i++)
        at += snprintf(cmd + at, sizeof cmd - (size_t)at, " '%s'", kPrompts[i]);
    tu_output o;
    if (tu_run_shell(cmd, &o) != 0)
        fail_msg("%s\n  stdout: %s\n  stderr: %s", cmd, o.out ? o.out : "", o.err ? o.err : "");

    CURL *curl = curl_easy_init();
    struct curl_slist *headers = ltb_http_headers(NULL);
    ltb_openai_stream s;
    assert_int_equal(ltb_openai_stream_init(&s, LTB_OPENAI_COMPLETIONS, 1), 0);
    const char *line = o.out;
    int checked = 0;
    for (int e = 0; e < 2; e++) {
        ltb_openai_endpoint ep = e ? LTB_OPENAI_CHAT : LTB_OPENAI_COMPLETIONS;
        for (int i = 0; i < N_PROMPTS; i++) {
            assert_non_null(line);
            cJSON *ref = cJSON_Parse(line);
            assert_non_null(ref);
            line = strchr(line, '\n');
            line = line && line[1] ? line + 1 : NULL;
            assert_string_equal(cJSON_GetObjectItem(ref, "prompt")->valuestring, kPrompts[i]);
            s.ep = ep;
            uint64_t t0, t1;
            if (stream(curl, headers, ep, model, kPrompts[i], LTB_OPENAI_INCLUDE_USAGE, &s, &t0, &t1))
                fail_msg("%s '%s': %s", ltb_openai_path(ep), kPrompts[i], s.error);
            const char *what = ltb_openai_path(ep);
            /* the same answer as the OpenAI client saw, event for chunk */
            if (s.events != json_long(ref, "chunks") ||
                s.content_events != json_long(ref, "content_chunks") ||
                strcmp(s.text ? s.text : "", cJSON_GetObjectItem(ref, "text")->valuestring))
                fail_msg("%s '%s': C reader %d events, %d content, text '%s'; openai client %s",
                         what, kPrompts[i], s.events, s.content_events, s.text ? s.text : "",
                         cJSON_PrintUnformatted(ref));
            /* tokens: usage given, equal to the content events and to max_tokens */
            assert_int_equal(s.completion_tokens, json_long(ref, "completion_tokens"));
            assert_int_equal(s.prompt_tokens, json_long(ref, "prompt_tokens"));
            assert_true(s.prompt_tokens > 0);
            assert_int_equal(s.completion_tokens, s.content_events);
            assert_int_equal(ltb_openai_stream_tokens(&s), MAX_TOKENS);
            assert_string_equal(s.finish_reason, "length");
            /* times in order */
            assert_true(t0 <= s.first_token_ns);
            assert_true(s.first_token_ns <= s.last_token_ns);
            assert_true(s.last_token_ns <= t1);
            for (int k = 1; k < s.content_events; k++)
                assert_true(s.token_ns[k - 1] <= s.token_ns[k]);
            double ttft_ms = (double)(s.first_token_ns - t0) / 1e6;
            double itl_ms = (double)(s.last_token_ns - s.first_token_ns) / 1e6 /
                            (double)(s.content_events - 1);
            printf("%s '%s': %d events, %ld tokens, TTFT %.2f ms, mean inter-token %.2f ms "
                   "(loaded CPU: informative only)\n", what, kPrompts[i], s.events,
                   ltb_openai_stream_tokens(&s), ttft_ms, itl_ms);
            cJSON_Delete(ref);
            checked++;
        }
    }
    assert_int_equal(checked, 2 * N_PROMPTS);
    ltb_openai_stream_free(&s);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    tu_output_free(&o);
}

static void refusals_are_failures_in_the_servers_words(void **state)
{
    (void)state;
    const char *model = tu_openai_peer_model();
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = ltb_http_headers(NULL);
    ltb_openai_stream s;
    assert_int_equal(ltb_openai_stream_init(&s, LTB_OPENAI_COMPLETIONS, 0), 0);
    uint64_t t0, t1;
    /* transformers serve validates the fields: ignore_eos / min_tokens (vLLM's) are refused */
    assert_int_equal(stream(curl, headers, LTB_OPENAI_COMPLETIONS, model, "x",
                            LTB_OPENAI_FIXED_LENGTH, &s, &t0, &t1), -1);
    if (!strstr(s.error, "HTTP 422") || !strstr(s.error, "ignore_eos"))
        fail_msg("ignore_eos: %s", s.error);
    /* a server pinned to one model refuses another */
    s.ep = LTB_OPENAI_CHAT;
    assert_int_equal(stream(curl, headers, LTB_OPENAI_CHAT, "no_such_model", "x", 0, &s, &t0, &t1), -1);
    if (!strstr(s.error, "HTTP 400") || !strstr(s.error, "no_such_model"))
        fail_msg("another model: %s", s.error);
    /* the same reader works again after failures */
    assert_int_equal(stream(curl, headers, LTB_OPENAI_CHAT, model, "x", 0, &s, &t0, &t1), 0);
    assert_int_equal(ltb_openai_stream_tokens(&s), MAX_TOKENS);
    ltb_openai_stream_free(&s);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
}

int main(void)
{
    const char *missing = tu_openai_peer_open();
    if (missing) {
        printf("skipped: %s\n", missing);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(c_reader_matches_the_openai_client),
        cmocka_unit_test(refusals_are_failures_in_the_servers_words),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_openai_peer_close();
    return failed;
}
