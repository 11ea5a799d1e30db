/* test_llm_reference.c — proof that the C decode loop is right: the tokens `ltbench
 * llm` generates greedily (prefill, then decode steps with the model's cache, argmax
 * in C) equal the ones tests/reference/llm_reference.py generates with the same loop
 * in Python torch on the same TorchScript file and prompts, for both layouts and a
 * batch of sequences; and decoding with the cache equals a full recompute (prefill of
 * the whole sequence so far) within tolerance at every step. Text prompts: the byte-
 * level tokenizer in C gives the prompt Python gives. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_TOLERANCE 1e-3
#define TEXT "Hello, world"

/* Runs ltbench on model with --save-tokens, then the reference on the saved file. */
static void compare(const char *model, const char *extra_cli, int with_text)
{
    const char *python = getenv("LTBENCH_PYTHON");
    if (!python || !*python)
        skip();
    char *dir = tu_tempdir();
    char cmd[4096], prompts[1200] = "", text_arg[256] = "";
    tu_output o;
    if (with_text) {
        snprintf(cmd, sizeof cmd, "printf '%%s\\n' '%s' > '%s/p.txt'", TEXT, dir);
        assert_int_equal(tu_run_shell(cmd, &o), 0);
        tu_output_free(&o);
        snprintf(prompts, sizeof prompts, "--prompts '%s/p.txt'", dir);
        snprintf(text_arg, sizeof text_arg, "--text '%s'", TEXT);
    }
    snprintf(cmd, sizeof cmd,
             "llm -m \"$LTBENCH_MODELS_DIR/%s\" -c 1 -n 1 --warmup 0 -t 1 --seed 5 %s %s -o json -q "
             "--no-plots --output-dir '%s' --save-tokens '%s/tokens.json'",
             model, prompts, extra_cli, dir, dir);
    if (tu_run_cli(cmd, &o) != 0)
        fail_msg("exit %d: %s", o.code, o.err);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd,
             "'%s' '%s/tests/reference/llm_reference.py' --model \"$LTBENCH_MODELS_DIR/%s\" "
             "--tokens '%s/tokens.json' --threads 1 %s", python, tu_env("LTBENCH_SOURCE_DIR"), model,
             dir, text_arg);
    if (tu_run_shell(cmd, &o) != 0)
        fail_msg("reference failed (%d): %s %s", o.code, o.out, o.err);
    cJSON *ref = cJSON_Parse(o.out);
    assert_non_null(ref);
    print_message("%s: %s", model, o.out);
    if (!cJSON_IsTrue(cJSON_GetObjectItem(ref, "tokens_equal")))
        fail_msg("%s: ltbench's tokens differ from Python torch's from token %.0f on", model,
                 tu_json_number(ref, "first_mismatch"));
    assert_true(tu_json_number(ref, "n_tokens") > 1);
    if (tu_json_number(ref, "cache_max_abs_diff") > CACHE_TOLERANCE)
        fail_msg("%s: decoding with the cache differs from a full recompute by %g", model,
                 tu_json_number(ref, "cache_max_abs_diff"));
    if (with_text)
        assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ref, "prompt_equal")));
    cJSON_Delete(ref);
    tu_output_free(&o);
    free(dir);
}

static void llama_greedy_tokens_match_python(void **state)
{
    (void)state;
    compare("llama_tiny.pt", "-p 12 -g 24", 0);
}

static void gpt2_batch_of_sequences_matches_python(void **state)
{
    (void)state;
    compare("gpt2_tiny.pt", "-p 9 -g 16 -b 3", 0);
}

static void bos_prompt_and_text_prompt_match_python(void **state)
{
    (void)state;
    compare("llama_tiny.pt", "-p 0 -g 12", 0);
    compare("llama_tiny.pt", "-p 30 -g 8", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(llama_greedy_tokens_match_python),
        cmocka_unit_test(gpt2_batch_of_sequences_matches_python),
        cmocka_unit_test(bos_prompt_and_text_prompt_match_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
