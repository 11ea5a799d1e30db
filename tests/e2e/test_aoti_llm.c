/* test_aoti_llm.c — `ltbench llm` on an AOTInductor package (.pt2) holding the compiled
 * models prefill and decode (models/export_llm_pt2.py's llama_fixture): the tokens it
 * generates greedily equal the ones tests/reference/llm_reference.py generates with
 * Python torch's loop on the TorchScript file of the same weights (a batch of prompts,
 * and a one-token BOS prompt); a run end to end (summary rows per level, every request a
 * success, decode rates) and what `inspect` says of it; and the one-line errors, exit 2:
 * a package without prefill (a one-model package) or without decode, options a compiled
 * package cannot honour, -p + -g over its max_seq_len, and a LibTorch without
 * AOTInductor (the 1.13 floor, where the fixture is never exported and only the last
 * check runs). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include "lt_shim.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE "llama_fixture"

static int aoti_available(void)
{
    lt_info info;
    lt_get_info(&info);
    return info.aoti_available;
}

/* The fixture's package and TorchScript file exist (the export writes both where
 * torch >= 2.6); else the test says why and skips. */
static void need_fixture(void)
{
    char *pt2 = tu_path(tu_env("LTBENCH_MODELS_DIR"), FIXTURE ".pt2");
    char *pt = tu_path(tu_env("LTBENCH_MODELS_DIR"), FIXTURE ".pt");
    int ok = tu_file_exists(pt2) && tu_file_exists(pt);
    free(pt2);
    free(pt);
    if (!aoti_available() || !ok) {
        fprintf(stderr, "skipped: this LibTorch has no AOTInductor or " FIXTURE ".pt2 was not "
                        "exported (models/export_llm_pt2.py, torch >= 2.6)\n");
        skip();
    }
}

/* ltbench on the .pt2 with --save-tokens, then the Python reference on the .pt. */
static void compare(const char *cli)
{
    const char *python = getenv("LTBENCH_PYTHON");
    if (!python || !*python)
        skip();
    char *dir = tu_tempdir();
    char cmd[4096];
    tu_output o;
    snprintf(cmd, sizeof cmd,
             "llm -m \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt2\" -c 1 -n 1 --warmup 0 -t 1 --seed 5 %s "
             "-o json -q --no-plots --output-dir '%s' --save-tokens '%s/tokens.json'", cli, dir, dir);
    if (tu_run_cli(cmd, &o) != 0)
        fail_msg("exit %d: %s", o.code, o.err);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd,
             "'%s' '%s/tests/reference/llm_reference.py' --model \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt\" "
             "--tokens '%s/tokens.json' --threads 1", python, tu_env("LTBENCH_SOURCE_DIR"), dir);
    if (tu_run_shell(cmd, &o) != 0)
        fail_msg("reference failed (%d): %s %s", o.code, o.out, o.err);
    cJSON *ref = cJSON_Parse(o.out);
    assert_non_null(ref);
    print_message(FIXTURE ".pt2 %s: %s", cli, o.out);
    if (!cJSON_IsTrue(cJSON_GetObjectItem(ref, "tokens_equal")))
        fail_msg("%s: the .pt2's tokens differ from Python torch's from token %.0f on", cli,
                 tu_json_number(ref, "first_mismatch"));
    assert_true(tu_json_number(ref, "n_tokens") > 1);
    cJSON_Delete(ref);
    tu_output_free(&o);
    free(dir);
}

static void pt2_greedy_tokens_match_python(void **state)
{
    (void)state;
    need_fixture();
    compare("-p 12 -g 24 -b 2");
    compare("-p 0 -g 16");   /* a BOS prompt: prefill of one token */
}

/* -p 4,16 x -g 1,8 x -c 1,2: a summary row per level, all requests successful. */
static void pt2_runs_end_to_end(void **state)
{
    (void)state;
    need_fixture();
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args,
             "llm -m \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt2\" -p 4,16 -g 1,8 -c 1,2 -b 2 -n 3 -t 1 "
             "-o csv -q --no-plots --name pt2 --output-dir '%s'", dir);
    tu_output o;
    tu_expect_exit(args, tu_run_cli(args, &o), 0, &o);
    tu_output_free(&o);
    tu_csv s;
    tu_csv_read(dir, "pt2_summary.csv", &s);
    char buf[64];
    int rows = 0;
    for (int i = 0; i < s.n && tu_csv_text(&s, i, "Concurrency", buf, sizeof buf) && buf[0] &&
                    strcmp(buf, "Summary Statistics") && strcmp(buf, "Metric"); i++) {
        rows++;
        double g = tu_csv_double(&s, i, "Gen_Tokens");
        assert_float_equal(tu_csv_double(&s, i, "Success_Rate_%"), 100, 0);
        assert_float_equal(tu_csv_double(&s, i, "Total_Requests"), 3, 0);
        assert_float_equal(tu_csv_double(&s, i, "Total_Output_Tokens"), 3 * 2 * g, 0);
        assert_true(tu_csv_double(&s, i, "Prefill_Tokens_Per_Sec") > 0);
        if (g > 1)
            assert_true(tu_csv_double(&s, i, "Decode_Tokens_Per_Sec") > 0);
    }
    assert_int_equal(rows, 8);
    tu_csv_free(&s);
    free(dir);
    /* inspect names the two models and says what runs the package */
    const char *inspect = "inspect \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt2\"";
    tu_expect_exit(inspect, tu_run_cli(inspect, &o), 0, &o);
    assert_non_null(strstr(o.out, "prefill"));
    assert_non_null(strstr(o.out, "decode"));
    assert_non_null(strstr(o.out, "vocab_size=512"));
    assert_non_null(strstr(o.out, "`ltbench llm` runs it"));
    tu_output_free(&o);
}

static void pt2_errors_are_one_line(void **state)
{
    (void)state;
    need_fixture();
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt2\" -p 100 -g 40 -n 1",
                          "-p 100 -g 40", "max_seq_len 128");
    /* a batch over the package's compiled range is refused before any timing */
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt2\" -p 4 -g 2 -b 2,65 -n 1",
                          "-b 65", "largest batch 64");
    tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt2\" -p 4 -g 2 -n 1 "
                          "--precision bf16", "AOTInductor package", "--precision bf16");
    /* the same package with its decode model taken out */
    const char *python = getenv("LTBENCH_PYTHON");
    if (python && *python) {
        char *dir = tu_tempdir();
        char cmd[4096];
        tu_output o;
        snprintf(cmd, sizeof cmd,
                 "'%s' -c 'import sys, zipfile\n"
                 "src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], \"w\")\n"
                 "for e in src.infolist():\n"
                 "    if \"/aotinductor/decode/\" not in e.filename:\n"
                 "        dst.writestr(e, src.read(e.filename))\n"
                 "dst.close()' \"$LTBENCH_MODELS_DIR/" FIXTURE ".pt2\" '%s/nodecode.pt2'", python, dir);
        if (tu_run_shell(cmd, &o) != 0)
            fail_msg("could not write a package without decode: %s", o.err);
        tu_output_free(&o);
        snprintf(cmd, sizeof cmd, "llm -m '%s/nodecode.pt2' -p 4 -g 2 -n 1", dir);
        tu_expect_usage_error(cmd, "nodecode.pt2", "no decode model");
        free(dir);
    }
    /* a one-model package (an image classifier) has no prefill */
    char *resnet = tu_path(tu_env("LTBENCH_MODELS_DIR"), "resnet18.pt2");
    if (tu_file_exists(resnet))
        tu_expect_usage_error("llm -m \"$LTBENCH_MODELS_DIR/resnet18.pt2\" -p 4 -g 2 -n 1",
                              "resnet18.pt2", "no prefill model");
    free(resnet);
}

/* Not a package at all: it cannot be loaded, or (LibTorch < 2.6) needs a newer LibTorch. */
static void not_a_package_or_no_aoti(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char cmd[2048];
    tu_output o;
    snprintf(cmd, sizeof cmd, "printf 'not a zip archive' > '%s/fake.pt2'", dir);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd, "llm -m '%s/fake.pt2' -p 4 -g 2 -n 1", dir);
    tu_expect_usage_error(cmd, "fake.pt2", aoti_available() ? "no prefill model" : "LibTorch >= 2.6");
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pt2_greedy_tokens_match_python),
        cmocka_unit_test(pt2_runs_end_to_end),
        cmocka_unit_test(pt2_errors_are_one_line),
        cmocka_unit_test(not_a_package_or_no_aoti),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
