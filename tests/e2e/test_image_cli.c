/* test_image_cli.c — `ltbench image` end to end on the exported ResNet-18 and the
 * shipped photos: files, exact seed headers, row counts, IPS x T_wall = images,
 * batches, in-request preprocessing, other outputs and subcommands. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kSummaryHeader =
    "Concurrency,IPS,PPS,SPS,RPS,CPS,Tokens_Per_Sec,TTFI_p50_ms,TTFI_p95_ms,TTFI_p99_ms,"
    "TTFI_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s,Total_Images,"
    "Total_Pixels,Total_Inference_Steps,Avg_Prompt_Length_chars,Avg_Images_Per_Request,"
    "Avg_Image_Width,Avg_Image_Height,Avg_Inference_Steps,Avg_Guidance_Scale,Avg_Memory_Peak_MB,"
    "Max_Memory_Peak_MB,Avg_GPU_Memory_MB,Max_GPU_Memory_MB";
static const char *kDetailedHeader =
    "Concurrency_Level,Request_ID,Iteration,Prompt_Input,Prompt_Length_Chars,"
    "Prompt_Length_Tokens,Negative_Prompt_Length_Chars,Start_Time_Sec,First_Image_Time_Sec,"
    "End_Time_Sec,Wall_Time_Sec,TTFI_Sec,Width,Height,Num_Images,Total_Pixels,"
    "Num_Inference_Steps,Guidance_Scale,Seed,Images_Per_Sec,Pixels_Per_Sec,Steps_Per_Sec,"
    "Memory_Peak_MB,GPU_Memory_MB,File_Size_Bytes,Image_Format,Success,Error_Message";

static void resnet18_run_writes_seed_files(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args, "image -c 1,2 -n 6 -t 1 -o table,csv,json --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    assert_non_null(strstr(o.out, "Best Performance"));
    assert_non_null(strstr(o.out, "Highest IPS"));

    tu_assert_csv_header(dir, "resnet18_summary.csv", kSummaryHeader);
    tu_assert_csv_header(dir, "resnet18_detailed.csv", kDetailedHeader);
    char *summary = tu_path(dir, "resnet18_summary.csv");
    char *detailed = tu_path(dir, "resnet18_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(summary), 1 + 2);
    assert_int_equal(tu_count_lines_until_blank(detailed), 1 + 12);
    char *text = tu_read_file(summary);
    assert_non_null(strstr(text, "Summary Statistics"));
    assert_non_null(strstr(text, "Test Configuration"));
    free(text);

    cJSON *j = tu_read_json(dir, "resnet18.json");
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(j, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 2);
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, levels) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        assert_float_equal(tu_json_number(m, "ips") * tu_json_number(m, "wall_s"), 6.0, 1e-6);
        assert_float_equal(tu_json_number(m, "success_rate_pct"), 100.0, 1e-9);
        const cJSON *records = cJSON_GetObjectItemCaseSensitive(lvl, "records");
        assert_int_equal(cJSON_GetArraySize(records), 6);
        const cJSON *r = cJSON_GetArrayItem(records, 0);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "topk_ids")), 5);
        assert_true(tu_json_number(r, "forward_ms") > 0);
    }
    const cJSON *env = cJSON_GetObjectItemCaseSensitive(j, "environment");
    assert_non_null(env);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "config"));
    cJSON_Delete(j);
    free(summary);
    free(detailed);
    tu_output_free(&o);
    free(dir);
}

static void batches_count_images_not_requests(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "image -m \"$LTBENCH_MODELS_DIR/identity.pt\" -c 1,2 -b 1,3 -n 4 -o json -q "
             "--output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    cJSON *j = tu_read_json(dir, "identity.json");
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(j, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 4);
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, levels) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        double batch = tu_json_number(lvl, "batch");
        assert_float_equal(tu_json_number(m, "total_images"), 4 * batch, 1e-9);
        assert_float_equal(tu_json_number(m, "ips") * tu_json_number(m, "wall_s"), 4 * batch, 1e-6);
        assert_float_equal(tu_json_number(m, "ips"), tu_json_number(m, "rps") * batch, 1e-6);
    }
    cJSON_Delete(j);
    tu_output_free(&o);
    free(dir);
}

static void include_preprocess_times_its_own_phase(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    /* synthetic images are encoded as files for it (they are not for other runs) */
    snprintf(args, sizeof args,
             "image -m \"$LTBENCH_MODELS_DIR/identity.pt\" -c 1 -n 3 --include-preprocess -o json -q "
             "--synthetic 2 --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    tu_output_free(&o);
    cJSON *syn = tu_read_json(dir, "identity.json");
    const cJSON *syn_lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(syn, "levels"), 0);
    assert_true(tu_json_number(cJSON_GetObjectItemCaseSensitive(syn_lvl, "metrics"), "mean_preprocess_ms") > 0);
    assert_true(tu_json_number(cJSON_GetObjectItemCaseSensitive(syn_lvl, "metrics"), "success_rate_pct") >= 100);
    cJSON_Delete(syn);
    snprintf(args, sizeof args,
             "image -m \"$LTBENCH_MODELS_DIR/identity.pt\" -c 1 -n 3 --include-preprocess -o json -q "
             "--output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    cJSON *j = tu_read_json(dir, "identity.json");
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "levels"), 0);
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(lvl, "records"))
        assert_true(tu_json_number(r, "preprocess_ms") > 0);
    assert_true(tu_json_number(cJSON_GetObjectItemCaseSensitive(lvl, "metrics"), "mean_preprocess_ms") > 0);
    cJSON_Delete(j);
    tu_output_free(&o);
    free(dir);
}

static void synthetic_images_and_markdown(void **state)
{
    (void)state;
    tu_output o;
    assert_int_equal(tu_run_cli("image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --synthetic 3 "
                                "--width 64 --height 48 -c 1 -n 3 -o md", &o), 0);
    assert_non_null(strstr(o.out, "| "));
    assert_non_null(strstr(o.out, "---"));
    tu_output_free(&o);
}

static void null_target_measures_the_harness(void **state)
{
    (void)state;
    tu_output o;
    assert_int_equal(tu_run_cli("image --target null --synthetic 2 -c 1,2 -n 1000 -o table", &o), 0);
    assert_non_null(strstr(o.out, "Best Performance"));
    tu_output_free(&o);
}

static void no_arguments_runs_the_default_job(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char cmd[1024];
    tu_output o;
    snprintf(cmd, sizeof cmd, "cd '%s' && \"$LTBENCH_BIN\"", dir);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    assert_non_null(strstr(o.out, "Best Performance"));
    char *csv = tu_path(dir, "ltbench_results/resnet18_summary.csv");
    assert_int_equal(tu_count_lines_until_blank(csv), 1 + 3);   /* concurrency 1,2,4 */
    free(csv);
    tu_output_free(&o);
    free(dir);
}

static void info_version_and_help(void **state)
{
    (void)state;
    tu_output o;
    assert_int_equal(tu_run_cli("info", &o), 0);
    assert_non_null(strstr(o.out, "libtorch"));
    assert_non_null(strstr(o.out, "cuda available"));
    /* the flavour agrees with what was compiled in; the CPU math, AOTInductor and MPI
     * lines say something definite */
    if (strstr(o.out, "cuda compiled  yes"))
        assert_non_null(strstr(o.out, ", CUDA build"));
    else
        assert_non_null(strstr(o.out, ", CPU build"));
    assert_non_null(strstr(o.out, "cpu math       BLAS "));
    assert_non_null(strstr(o.out, "pool\n"));
    assert_true(strstr(o.out, "aotinductor    yes") || strstr(o.out, "aotinductor    no"));
#ifdef LTBENCH_MPI
    assert_non_null(strstr(o.out, "mpi            built in"));
#else
    assert_non_null(strstr(o.out, "mpi            not built"));
#endif
    tu_output_free(&o);
    assert_int_equal(tu_run_cli("--version", &o), 0);
    assert_non_null(strstr(o.out, "ltbench "));
    tu_output_free(&o);
    assert_int_equal(tu_run_cli("--help", &o), 0);
    assert_non_null(strstr(o.out, "image"));
    tu_output_free(&o);
    assert_int_equal(tu_run_cli("image --help", &o), 0);
    assert_non_null(strstr(o.out, "--concurrency"));
    tu_output_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resnet18_run_writes_seed_files),
        cmocka_unit_test(batches_count_images_not_requests),
        cmocka_unit_test(include_preprocess_times_its_own_phase),
        cmocka_unit_test(synthetic_images_and_markdown),
        cmocka_unit_test(null_target_measures_the_harness),
        cmocka_unit_test(no_arguments_runs_the_default_job),
        cmocka_unit_test(info_version_and_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
