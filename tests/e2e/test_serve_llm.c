/* test_serve_llm.c — `ltbench serve` answering OpenAI completions for a language model
 * (build/models/llama_tiny.pt): the OpenAI Python client (tests/peers/
 * openai_llm_check.py, from .venv-peers; that part is skipped without it) streams and
 * asks whole on /v1/completions and /v1/chat/completions: the streamed text equals the
 * whole answer's, one content chunk per token, usage = (the prompt's bytes,
 * max_tokens) both ways, finish_reason "length"; `ltbench llm --url --prompt-unit
 * chars` against it fills the llm files (tokens per request = -g, the server's prompt
 * tokens = -p, as in-process) and `ltbench
 * compare` puts the in-process and the served runs side by side; bad requests are
 * OpenAI-shaped 4xx errors; a server without /v1/models fails `llm --url` before the run. */
#define _POSIX_C_SOURCE 200809L
#include "serve_fixture.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 7
static tu_server g_server;

static int setup(void **state)
{
    (void)state;
    char llm[1024];
    snprintf(llm, sizeof llm, "%s/llama_tiny.pt", tu_env("LTBENCH_MODELS_DIR"));
    const char *extra[] = {"--model", llm, "--api", "openai", NULL};
    tu_serve_start(&g_server, extra);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_server_stop(&g_server);
    return 0;
}

static long item_long(const cJSON *a, int i)
{
    const cJSON *v = cJSON_GetArrayItem(a, i);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

static void openai_client_streamed_equals_whole(void **state)
{
    (void)state;
    if (!tu_peers_python()) {
        printf("no .venv-peers: the OpenAI client part is skipped\n");
        return;
    }
    static const char *const prompts[] = {"The quick brown fox", "A"};
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/peers/openai_llm_check.py' %s/v1 llama_tiny %d '%s' '%s'",
             tu_peers_python(), tu_env("LTBENCH_SOURCE_DIR"), g_server.url, MAX_TOKENS, prompts[0],
             prompts[1]);
    tu_output o;
    if (tu_run_shell(cmd, &o) != 0)
        fail_msg("%s\n  stdout: %s\n  stderr: %s", cmd, o.out ? o.out : "", o.err ? o.err : "");
    const char *line = o.out;
    for (int k = 0; k < 4; k++) {
        assert_non_null(line);
        cJSON *j = cJSON_Parse(line);
        assert_non_null(j);
        const char *prompt = prompts[k % 2];
        const char *st = cJSON_GetObjectItem(j, "stream_text")->valuestring;
        const char *wt = cJSON_GetObjectItem(j, "whole_text")->valuestring;
        if (strcmp(st, wt) || !*st)
            fail_msg("streamed '%s' != whole '%s' (%s)", st, wt, line);
        assert_int_equal((long)cJSON_GetObjectItem(j, "content_chunks")->valuedouble, MAX_TOKENS);
        const cJSON *su = cJSON_GetObjectItem(j, "stream_usage"), *wu = cJSON_GetObjectItem(j, "whole_usage");
        assert_int_equal(item_long(su, 0), (long)strlen(prompt));
        assert_int_equal(item_long(su, 1), MAX_TOKENS);
        assert_int_equal(item_long(wu, 0), (long)strlen(prompt));
        assert_int_equal(item_long(wu, 1), MAX_TOKENS);
        assert_string_equal(cJSON_GetObjectItem(j, "stream_finish")->valuestring, "length");
        assert_string_equal(cJSON_GetObjectItem(j, "whole_finish")->valuestring, "length");
        cJSON_Delete(j);
        line = strchr(line, '\n');
        line = line && line[1] ? line + 1 : NULL;
    }
    tu_output_free(&o);
}

static void llm_url_and_compare_in_process_vs_served(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    tu_output o;
    snprintf(args, sizeof args, "llm -m \"$LTBENCH_MODELS_DIR/llama_tiny.pt\" -p 8 -g 3,5 -c 1 -n 3 "
             "-t 1 -o csv,json -q --output-dir '%s' --name inproc", dir);
    tu_expect_exit(args, tu_run_cli(args, &o), 0, &o);
    tu_output_free(&o);
    snprintf(args, sizeof args, "llm --url %s --api openai --model-name llama_tiny -p 8 -g 3,5 -c 1 "
             "-n 3 --prompt-unit chars -o csv,json -q --output-dir '%s' --name served", g_server.url,
             dir);
    tu_expect_exit(args, tu_run_cli(args, &o), 0, &o);
    tu_output_free(&o);
    tu_csv d;
    tu_csv_read(dir, "served_detailed.csv", &d);
    assert_int_equal(d.n, 6);
    char buf[32];
    for (int i = 0; i < d.n; i++) {
        double gen = i < 3 ? 3 : 5;   /* the -g 3 level, then -g 5 */
        assert_string_equal(tu_csv_text(&d, i, "Success", buf, sizeof buf), "True");
        assert_float_equal(tu_csv_double(&d, i, "Gen_Tokens"), gen, 0);
        assert_float_equal(tu_csv_double(&d, i, "Token_Arrivals"), gen, 0);
        /* 8 ASCII characters of the corpus: 8 tokens for the byte tokenizer, as in-process */
        assert_float_equal(tu_csv_double(&d, i, "Prompt_Tokens"), 8, 0);
    }
    tu_csv_free(&d);
    snprintf(args, sizeof args, "compare '%s/inproc.json' '%s/served.json' -q --output-dir '%s' "
             "--name cmp", dir, dir, dir);
    tu_expect_exit(args, tu_run_cli(args, &o), 0, &o);
    tu_output_free(&o);
    /* the two levels share concurrency and batch: matched by their -p/-g too, a row per
     * file per level, output tokens/s as the throughput, the in-process model time the
     * whole request and the served one unknown (the API reports no server time) */
    tu_assert_csv_header(dir, "cmp_comparison.csv",
                         "File,Label,Target,Concurrency,Batch,Prompt_Tokens,Gen_Tokens,Output_TPS,RPS");
    tu_csv_read(dir, "cmp_comparison.csv", &d);
    assert_int_equal(d.n, 4);
    const char *labels[] = {"inproc", "served", "inproc", "served"};
    for (int i = 0; i < d.n; i++) {
        assert_string_equal(tu_csv_text(&d, i, "Label", buf, sizeof buf), labels[i]);
        assert_float_equal(tu_csv_double(&d, i, "Prompt_Tokens"), 8, 0);
        assert_float_equal(tu_csv_double(&d, i, "Gen_Tokens"), i < 2 ? 3 : 5, 0);
        assert_true(tu_csv_double(&d, i, "Output_TPS") > 0);
        assert_string_equal(tu_csv_text(&d, i, "Model_Time_Source", buf, sizeof buf),
                            i % 2 ? "none" : "forward");
        if (i % 2 == 0)   /* in-process: every millisecond of the request is the model's */
            assert_float_equal(tu_csv_double(&d, i, "Model_ms"), tu_csv_double(&d, i, "Latency_Mean_ms"), 1e-3);
    }
    tu_csv_free(&d);
    free(dir);
}

static void bad_requests_are_openai_errors(void **state)
{
    (void)state;
    char cmd[2048];
    tu_output o;
    snprintf(cmd, sizeof cmd, "curl -s -w ' %%{http_code}' -X POST %s/v1/completions -d "
             "'{\"model\": \"llama_tiny\", \"prompt\": 5}'", g_server.url);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    if (!strstr(o.out, "\"error\"") || !strstr(o.out, "prompt") || !strstr(o.out, " 400"))
        fail_msg("%s", o.out);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd, "curl -s -w ' %%{http_code}' -X POST %s/v1/completions -d "
             "'{\"model\": \"llama_tiny\", \"prompt\": \"x\", \"max_tokens\": 100000}'", g_server.url);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    if (!strstr(o.out, "max_seq_len") || !strstr(o.out, " 400"))
        fail_msg("%s", o.out);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd, "curl -s -w ' %%{http_code}' -X POST %s/v1/chat/completions -d "
             "'{\"model\": \"tts_tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}'",
             g_server.url);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    if (!strstr(o.out, "not llm") || !strstr(o.out, " 400"))
        fail_msg("%s", o.out);
    tu_output_free(&o);
}

/* A server without the OpenAI routes (ltbench serve --api python): GET /v1/models is a
 * 404, and `ltbench llm --url` says so before the run, naming the protocol. */
static void a_server_without_v1_models_fails_before_the_run(void **state)
{
    (void)state;
    tu_server python;
    const char *extra[] = {"--api", "python", NULL};
    tu_serve_start(&python, extra);
    char args[1024];
    snprintf(args, sizeof args, "llm --url %s --model-name llama_tiny -p 4 -g 2 -n 1 -q", python.url);
    tu_expect_usage_error(args, "--api openai", "/v1/models answered HTTP 404");
    tu_server_stop(&python);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(openai_client_streamed_equals_whole),
        cmocka_unit_test(llm_url_and_compare_in_process_vs_served),
        cmocka_unit_test(bad_requests_are_openai_errors),
        cmocka_unit_test(a_server_without_v1_models_fails_before_the_run),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
