/* test_llm_http.c — `ltbench llm --url URL --api openai` end to end: against an
 * OpenAI-compatible streaming server nobody here wrote (`transformers serve` on a tiny
 * seeded Llama with no end-of-sequence token: tests/openai_peer.h) on both endpoints,
 * the same files as in-process: the exact summary header, 100 % success, tokens per
 * request = -g (max_tokens; the server's usage), the server's prompt tokens in the
 * detailed rows, start <= first token <= last token <= end, inter-token columns filled,
 * one token arrival per content event; and, with no peer needed, a server that speaks
 * another protocol (404 on the endpoint) or none (a closed port) fails before the run
 * in one line naming the protocol and the endpoint, and the usage errors of the HTTP
 * options (exit 2). Without the peer the peer part is skipped (exit 77). */
#define _POSIX_C_SOURCE 200809L
#include "http_peer.h"
#include "openai_peer.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUMMARY_HEADER                                                                        \
    "Concurrency,Batch,Prompt_Tokens,Gen_Tokens,Prefill_Tokens_Per_Sec,Decode_Tokens_Per_Sec," \
    "TTFT_p50_ms,TTFT_p95_ms,TTFT_p99_ms,ITL_p50_ms,ITL_p95_ms,ITL_p99_ms,"                    \
    "Output_Tokens_Per_Sec,RPS,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s"

/* Every level row of the summary and every request row of the detailed file. */
static void check_files(const char *dir, const char *name, int levels, int per_level, int gen)
{
    char file[256];
    snprintf(file, sizeof file, "%s_summary.csv", name);
    tu_assert_csv_header(dir, file, SUMMARY_HEADER);
    tu_csv s;
    tu_csv_read(dir, file, &s);
    char buf[64];
    int rows = 0;
    for (int i = 0; i < s.n && tu_csv_text(&s, i, "Concurrency", buf, sizeof buf) && buf[0]; i++) {
        if (!strcmp(buf, "Summary Statistics") || !strcmp(buf, "Metric"))
            break;
        rows++;
        assert_float_equal(tu_csv_double(&s, i, "Success_Rate_%"), 100, 0);
        assert_float_equal(tu_csv_double(&s, i, "Total_Requests"), per_level, 0);
        assert_float_equal(tu_csv_double(&s, i, "Gen_Tokens"), gen, 0);
        assert_float_equal(tu_csv_double(&s, i, "Total_Output_Tokens"), per_level * gen, 0);
        assert_true(tu_csv_double(&s, i, "TTFT_p50_ms") > 0);
        assert_true(tu_csv_double(&s, i, "ITL_p50_ms") > 0);
        assert_true(tu_csv_double(&s, i, "ITL_p50_ms") <= tu_csv_double(&s, i, "ITL_p99_ms"));
        assert_true(tu_csv_double(&s, i, "Decode_Tokens_Per_Sec") > 0);
        assert_true(tu_csv_double(&s, i, "Prefill_Tokens_Per_Sec") > 0);
        assert_string_equal(tu_csv_text(&s, i, "Device", buf, sizeof buf), "remote");
    }
    assert_int_equal(rows, levels);
    tu_csv_free(&s);

    tu_csv d;
    snprintf(file, sizeof file, "%s_detailed.csv", name);
    tu_csv_read(dir, file, &d);
    assert_int_equal(d.n, levels * per_level);
    for (int i = 0; i < d.n; i++) {
        assert_string_equal(tu_csv_text(&d, i, "Success", buf, sizeof buf), "True");
        double start = tu_csv_double(&d, i, "Start_Time_Sec");
        double first = tu_csv_double(&d, i, "First_Token_Time_Sec");
        double last = tu_csv_double(&d, i, "Last_Token_Time_Sec");
        double end = tu_csv_double(&d, i, "End_Time_Sec");
        assert_true(start <= first && first <= last && last <= end);
        assert_float_equal(tu_csv_double(&d, i, "Gen_Tokens"), gen, 0);
        /* the server's tokenizer counted the prompt: some tokens, whatever -p said */
        assert_true(tu_csv_double(&d, i, "Prompt_Tokens") > 0);
        /* transformers serve sends one token per event: one arrival per token */
        assert_float_equal(tu_csv_double(&d, i, "Token_Arrivals"), gen, 0);
    }
    tu_csv_free(&d);
}

static void completions_stream_fills_the_llm_files(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args,
             "llm --url %s --api openai --model-name '%s' -p 8,16 -g 6 -c 1,2 -n 3 -o csv,json,md "
             "-q --output-dir '%s' --name peer", tu_openai_peer_url(), tu_openai_peer_model(), dir);
    tu_output o;
    int code = tu_run_cli(args, &o);
    tu_expect_exit(args, code, 0, &o);
    tu_output_free(&o);
    check_files(dir, "peer", 4, 3, 6);
    cJSON *j = tu_read_json(dir, "peer.json");
    assert_non_null(j);
    cJSON_Delete(j);
    free(dir);
}

static void chat_endpoint(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args,
             "llm --url %s/ --endpoint chat --model-name '%s' -p 4 -g 5 -c 1 -n 2 -o csv -q "
             "--output-dir '%s' --name chat", tu_openai_peer_url(), tu_openai_peer_model(), dir);
    tu_output o;
    int code = tu_run_cli(args, &o);
    tu_expect_exit(args, code, 0, &o);
    tu_output_free(&o);
    check_files(dir, "chat", 1, 2, 5);
    free(dir);
}

/* transformers serve refuses ignore_eos: --fixed-length fails before the run, in its words. */
static void a_refused_field_fails_before_the_run(void **state)
{
    (void)state;
    char args[2048];
    snprintf(args, sizeof args, "llm --url %s --model-name '%s' --fixed-length -p 4 -g 2 -n 1 -q",
             tu_openai_peer_url(), tu_openai_peer_model());
    tu_expect_usage_error(args, "/v1/completions", "ignore_eos");
}

static peer_after answer_404(int fd, void *user)
{
    (void)user;
    http_peer_reply(fd, "404 Not Found", "{\"detail\": \"Not Found\"}");
    return PEER_CLOSE;
}

static void wrong_servers_fail_before_the_run(void **state)
{
    (void)state;
    http_peer peer;
    http_peer_start(&peer, answer_404, NULL);
    char url[128], args[1024];
    http_peer_url(&peer, url, sizeof url);
    snprintf(args, sizeof args, "llm --url %s --api openai --model-name m -p 4 -g 2 -n 3 -q", url);
    tu_expect_usage_error(args, "--api openai", "/v1/completions");
    snprintf(args, sizeof args, "llm --url %s --endpoint chat --model-name m -p 4 -g 2 -n 3 -q", url);
    tu_expect_usage_error(args, "HTTP 404", "/v1/chat/completions");
    assert_int_equal(atomic_load(&peer.posts), 2);     /* the probe only: no run */
    http_peer_stop(&peer);
    snprintf(args, sizeof args, "llm --url http://127.0.0.1:%d --model-name m -p 4 -g 2 -q",
             http_peer_closed_port());
    tu_expect_usage_error(args, "cannot reach", NULL);
}

static void http_options_are_checked(void **state)
{
    (void)state;
    tu_expect_usage_error("llm --endpoint chat -p 4 -g 2", "--endpoint", "needs --url");
    tu_expect_usage_error("llm --url http://127.0.0.1:1 --endpoint words", "--endpoint", "words");
    tu_expect_usage_error("llm --url http://127.0.0.1:1 --api v2", "--api v2", "openai");
    tu_expect_usage_error("llm --url http://127.0.0.1:1 -b 2", "--batch 2", NULL);
    tu_expect_usage_error("llm --url http://127.0.0.1:1 -p 8 -g 0", "-g 0", NULL);
    tu_expect_usage_error("llm --url http://127.0.0.1:1 --temperature 0.5", "--temperature", NULL);
}

int main(void)
{
    const struct CMUnitTest offline[] = {
        cmocka_unit_test(wrong_servers_fail_before_the_run),
        cmocka_unit_test(http_options_are_checked),
    };
    int failed = cmocka_run_group_tests_name("without a peer", offline, NULL, NULL);
    if (failed)
        return failed;
    const char *missing = tu_openai_peer_open();
    if (missing) {
        printf("skipped: %s\n", missing);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(completions_stream_fills_the_llm_files),
        cmocka_unit_test(chat_endpoint),
        cmocka_unit_test(a_refused_field_fails_before_the_run),
    };
    failed = cmocka_run_group_tests_name("transformers serve", tests, NULL, NULL);
    tu_openai_peer_close();
    return failed;
}
