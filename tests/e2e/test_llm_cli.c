/* test_llm_cli.c — `ltbench llm` end to end on the exported language models (small
 * prompts and generations, CI-fast): the exact summary header of issue 23, a summary
 * row per -p x -g x -b x -c level, a detailed row per request whose first and last
 * token times bracket its tokens, the JSON's per-level llm object, the llama-bench
 * style Markdown table, prefill-only and decode-only tests, text prompts, and the
 * one-line errors (a model without prefill/decode, -p + -g over max_seq_len, -p 0 -g 0,
 * a missing prompts file), and `ltbench quick llm`. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUMMARY_HEADER                                                                        \
    "Concurrency,Batch,Prompt_Tokens,Gen_Tokens,Prefill_Tokens_Per_Sec,Decode_Tokens_Per_Sec," \
    "TTFT_p50_ms,TTFT_p95_ms,TTFT_p99_ms,ITL_p50_ms,ITL_p95_ms,ITL_p99_ms,"                    \
    "Output_Tokens_Per_Sec,RPS,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s"

static void run_ok(const char *args)
{
    tu_output o;
    int code = tu_run_cli(args, &o);
    tu_expect_exit(args, code, 0, &o);
    tu_output_free(&o);
}

/* The cartesian product: -p 4,16 x -g 1,6 x -b 1,2 at c = 1 on GPT-2's layout. */
static void product_of_prompt_gen_and_batch(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args,
             "llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" -p 4,16 -g 1,6 -b 1,2 -c 1 -n 3 -t 1 "
             "-o csv,json -q --output-dir '%s'", dir);
    run_ok(args);
    tu_assert_csv_header(dir, "gpt2_tiny_summary.csv", SUMMARY_HEADER);
    tu_csv s;
    tu_csv_read(dir, "gpt2_tiny_summary.csv", &s);
    int rows = 0;
    char buf[64];
    for (int i = 0; i < s.n && tu_csv_text(&s, i, "Concurrency", buf, sizeof buf) && buf[0]; i++) {
        if (!strcmp(buf, "Summary Statistics") || !strcmp(buf, "Metric"))
            break;
        rows++;
        double p = tu_csv_double(&s, i, "Prompt_Tokens"), g = tu_csv_double(&s, i, "Gen_Tokens");
        double b = tu_csv_double(&s, i, "Batch");
        assert_true(p == 4 || p == 16);
        assert_true(g == 1 || g == 6);
        assert_float_equal(tu_csv_double(&s, i, "Success_Rate_%"), 100, 0);
        assert_float_equal(tu_csv_double(&s, i, "Total_Requests"), 3, 0);
        assert_true(tu_csv_double(&s, i, "Prefill_Tokens_Per_Sec") > 0);
        assert_true(tu_csv_double(&s, i, "TTFT_p50_ms") > 0);
        assert_float_equal(tu_csv_double(&s, i, "Total_Output_Tokens"), 3 * b * g, 0);
        if (g > 1) {   /* decode steps: a decode rate and inter-token gaps */
            assert_true(tu_csv_double(&s, i, "Decode_Tokens_Per_Sec") > 0);
            assert_true(tu_csv_double(&s, i, "ITL_p50_ms") > 0);
            assert_true(tu_csv_double(&s, i, "ITL_p50_ms") <= tu_csv_double(&s, i, "ITL_p99_ms"));
        } else {
            assert_float_equal(tu_csv_double(&s, i, "Decode_Tokens_Per_Sec"), 0, 0);
        }
    }
    assert_int_equal(rows, 8);
    tu_csv_free(&s);

    tu_csv d;
    tu_csv_read(dir, "gpt2_tiny_detailed.csv", &d);
    assert_int_equal(d.n, 8 * 3);
    for (int i = 0; i < d.n; i++) {
        double start = tu_csv_double(&d, i, "Start_Time_Sec");
        double first = tu_csv_double(&d, i, "First_Token_Time_Sec");
        double last = tu_csv_double(&d, i, "Last_Token_Time_Sec");
        double end = tu_csv_double(&d, i, "End_Time_Sec");
        assert_true(start <= first && first <= last && last <= end);
        double g = tu_csv_double(&d, i, "Gen_Tokens");
        assert_float_equal(tu_csv_double(&d, i, "Token_Arrivals"), g, 0);
        assert_string_equal(tu_csv_text(&d, i, "Success", buf, sizeof buf), "True");
    }
    tu_csv_free(&d);

    cJSON *j = tu_read_json(dir, "gpt2_tiny.json");
    cJSON *config = cJSON_GetObjectItem(j, "config");
    assert_string_equal(cJSON_GetObjectItem(config, "task")->valuestring, "llm");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(config, "llm_tests")), 4);
    cJSON *levels = cJSON_GetObjectItem(j, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 8);
    cJSON *llm = cJSON_GetObjectItem(cJSON_GetArrayItem(levels, 0), "llm");
    assert_non_null(llm);
    assert_non_null(cJSON_GetObjectItem(llm, "ttft"));
    assert_true(tu_json_number(cJSON_GetObjectItem(llm, "ttft"), "p50") > 0);
    cJSON *records = cJSON_GetObjectItem(cJSON_GetArrayItem(levels, 0), "records");
    assert_int_equal(cJSON_GetArraySize(records), 3);
    assert_true(tu_json_number(cJSON_GetArrayItem(records, 0), "ttft_ms") > 0);
    cJSON_Delete(j);
    free(dir);
}

/* llama-bench's pure tests: -p 32 -g 0 is pp32 (no decode), -p 0 -g 8 is tg8 (a BOS
 * prompt), on the Llama layout with concurrency 2, and the Markdown table names them. */
static void pure_pp_and_tg_tests_and_markdown(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args,
             "llm -m \"$LTBENCH_MODELS_DIR/llama_tiny.pt\" -p 0,32 -g 0,8 -c 2 -n 4 -t 1 "
             "-o md,csv --output-dir '%s'", dir);
    tu_output o;
    int code = tu_run_cli(args, &o);
    tu_expect_exit(args, code, 0, &o);
    assert_non_null(strstr(o.out, "| model | size | params | backend | threads |"));
    assert_non_null(strstr(o.out, "| pp32 |"));
    assert_non_null(strstr(o.out, "| tg8 |"));
    assert_non_null(strstr(o.out, "llama_tiny"));
    tu_output_free(&o);
    tu_csv s;
    tu_csv_read(dir, "llama_tiny_summary.csv", &s);
    char buf[64];
    int rows = 0;
    for (int i = 0; i < s.n && tu_csv_text(&s, i, "Concurrency", buf, sizeof buf) && buf[0] &&
                    strcmp(buf, "Summary Statistics"); i++) {
        rows++;
        const char *test = tu_csv_text(&s, i, "Test", buf, sizeof buf);
        assert_true(!strcmp(test, "pp32") || !strcmp(test, "tg8") || !strcmp(test, "pp32+tg8"));
        if (!strcmp(test, "pp32"))
            assert_float_equal(tu_csv_double(&s, i, "Total_Output_Tokens"), 0, 0);
        if (!strcmp(test, "tg8"))
            assert_float_equal(tu_csv_double(&s, i, "Prefill_Tokens_Per_Sec"), 0, 0);
    }
    assert_int_equal(rows, 3);   /* -p 0 -g 0 is no test: the product leaves it out */
    tu_csv_free(&s);
    free(dir);
}

/* Text prompts go through the byte-level tokenizer: every request's prompt tokens. */
static void text_prompts(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char cmd[2048];
    tu_output o;
    snprintf(cmd, sizeof cmd, "printf 'Hello, world\\nA second prompt\\n' > '%s/p.txt'", dir);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd,
             "llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" --prompts '%s/p.txt' -p 20 -g 3 -c 1 -n 2 "
             "-t 1 -o csv -q --output-dir '%s'", dir, dir);
    run_ok(cmd);
    tu_csv d;
    tu_csv_read(dir, "gpt2_tiny_detailed.csv", &d);
    assert_int_equal(d.n, 2);
    assert_float_equal(tu_csv_double(&d, 0, "Prompt_Tokens"), 20, 0);
    tu_csv_free(&d);
    free(dir);
}

/* A request over --timeout is a failure, counted and reported (exit 1); open loop:
 * the level's offered rate and TTFT counted from the schedule. */
static void failures_are_counted_and_rate_mode_runs(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" -p 64 -g 64 -c 1 -n 2 -t 1 --timeout 0.001 "
             "-o csv -q --no-plots --output-dir '%s'", dir);
    int code = tu_run_cli(args, &o);
    tu_expect_exit(args, code, 1, &o);
    tu_output_free(&o);
    tu_csv s;
    tu_csv_read(dir, "gpt2_tiny_summary.csv", &s);
    assert_float_equal(tu_csv_double(&s, 0, "Failed_Requests"), 2, 0);
    assert_float_equal(tu_csv_double(&s, 0, "Success_Rate_%"), 0, 0);
    tu_csv_free(&s);
    tu_csv d;
    char buf[256];
    tu_csv_read(dir, "gpt2_tiny_detailed.csv", &d);
    assert_string_equal(tu_csv_text(&d, 0, "Success", buf, sizeof buf), "False");
    assert_non_null(strstr(tu_csv_text(&d, 0, "Error_Message", buf, sizeof buf), "timeout"));
    tu_csv_free(&d);
    snprintf(args, sizeof args,
             "llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" -p 8 -g 4 --rate 20 -c 2 -n 6 -t 1 "
             "-o csv -q --no-plots --output-dir '%s'", dir);
    run_ok(args);
    tu_csv_read(dir, "gpt2_tiny_summary.csv", &s);
    assert_float_equal(tu_csv_double(&s, 0, "Offered_RPS"), 20, 1e-9);
    assert_float_equal(tu_csv_double(&s, 0, "Total_Requests"), 6, 0);
    assert_true(tu_csv_double(&s, 0, "TTFT_p50_ms") > 0);
    tu_csv_free(&s);
    free(dir);
}

/* `ltbench quick llm`: the default model's rates and latencies on the console. */
static void quick_llm_check(void **state)
{
    (void)state;
    tu_output o;
    int code = tu_run_cli("quick llm -t 1", &o);
    tu_expect_exit("quick llm", code, 0, &o);
    assert_non_null(strstr(o.out, "Quick LLM test: llama_tiny"));
    const char *line = strstr(o.out, "Decode tokens/s:");
    assert_non_null(line);
    assert_true(atof(line + strlen("Decode tokens/s:")) > 0);
    assert_non_null(strstr(o.out, "Success rate:      100.0%"));
    tu_output_free(&o);
}

static void bad_inputs_are_one_line_errors(void **state)
{
    (void)state;
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/resnet18.pt\" -p 4 -g 2 -n 1",
                          "resnet18.pt", "no prefill method");
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" -p 1000 -g 100 -n 1",
                          "-p 1000 -g 100", "max_seq_len 1024");
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" -p 0 -g 0", "-p 0 with -g 0",
                          NULL);
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" -p 4,x", "-p/--n-prompt", NULL);
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/gpt2_tiny.pt\" --prompts /nonexistent/p.txt",
                          "/nonexistent/p.txt", NULL);
    tu_expect_usage_error("llm -m /nonexistent/model.pt", "/nonexistent/model.pt", NULL);
    /* texts need the byte-level tokenizer: a sidecar naming another is refused */
    char *dir = tu_tempdir();
    char cmd[2048];
    tu_output o;
    snprintf(cmd, sizeof cmd, "ln -s \"$LTBENCH_MODELS_DIR/llama_tiny.pt\" '%s/m.pt' && "
             "echo '{\"tokenizer\": {\"type\": \"bpe\"}}' > '%s/m.json' && echo hi > '%s/p.txt'",
             dir, dir, dir);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd, "llm -m '%s/m.pt' --prompts '%s/p.txt' -p 4 -g 2 -n 1", dir, dir);
    tu_expect_usage_error(cmd, "--prompts", "byte-level");
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(product_of_prompt_gen_and_batch),
        cmocka_unit_test(pure_pp_and_tg_tests_and_markdown),
        cmocka_unit_test(text_prompts),
        cmocka_unit_test(failures_are_counted_and_rate_mode_runs),
        cmocka_unit_test(quick_llm_check),
        cmocka_unit_test(bad_inputs_are_one_line_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
