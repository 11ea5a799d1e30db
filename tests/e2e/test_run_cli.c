/* test_run_cli.c — `ltbench run` end to end on real exported models
 * (tests/e2e/make_run_fixtures.py): a two-input model with a dict output driven from
 * its sidecar, its saved outputs equal to Python torch's on its saved inputs (1e-4,
 * tests/reference/run_saved_compare.py); the exact CSV headers, rows and JSON; inputs
 * from .npy, stored and deflated .npz and torch.save files; nested outputs named as
 * agreed; a {..} shape sweep; a classifier run from its sidecar's input_shape; a
 * forward that raises counted as failed with its message; `ltbench stress run`;
 * `ltbench inspect`. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "npy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RUN_SUMMARY_HEADER                                                                  \
    "Concurrency,Batch,RPS,Samples_Per_Sec,Latency_p50_ms,Latency_p95_ms,Latency_p99_ms,"  \
    "Latency_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s"
#define RUN_DETAILED_HEADER                                                                 \
    "Concurrency_Level,Request_ID,Batch,Start_Time_Sec,End_Time_Sec,Wall_Time_Sec,Success," \
    "Error_Message"

static void run_ok(const char *args)
{
    tu_output o;
    int code = tu_run_cli(args, &o);
    tu_expect_exit(args, code, 0, &o);
    tu_output_free(&o);
}

/* the reference in Python torch agrees with what ltbench saved for each level: dirs
 * holds "'IN' 'OUT'" pairs (one Python start for all) */
static void reference_agrees(const char *model, const char *dirs)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "\"$LTBENCH_PYTHON\" -W ignore \"$LTBENCH_SOURCE_DIR/tests/reference/run_saved_compare.py\" "
                              "\"$LTBENCH_RUN_FIXTURES/%s\" %s", model, dirs);
    tu_output o;
    int code = tu_run_shell(cmd, &o);
    tu_expect_exit(cmd, code, 0, &o);
    assert_non_null(strstr(o.out, "agree"));
    tu_output_free(&o);
}

/* appends " 'DIR/in/TAG' 'DIR/out/TAG'" to pairs */
static void add_pair(char *pairs, size_t cap, const char *dir, const char *tag)
{
    size_t used = strlen(pairs);
    snprintf(pairs + used, cap - used, " '%s/in/%s' '%s/out/%s'", dir, tag, dir, tag);
}

/* field `col` of data row `row` (1-based after the header) of a CSV file */
static void csv_cell(const char *path, int row, int col, char *buf, size_t cap)
{
    char *text = tu_read_file(path);
    assert_non_null(text);
    const char *line = text;
    for (int i = 0; i < row; i++) {
        line = strchr(line, '\n');
        assert_non_null(line);
        line++;
    }
    assert_non_null(tu_csv_field(line, col, buf, cap));
    free(text);
}

static void multi_input_dict_output(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "run -m \"$LTBENCH_RUN_FIXTURES/run_multi.pt\" -c 1,2 -b 1,3 -n 6 -q --no-plots "
                                "--output-dir '%s' --save-inputs '%s/in' --save-outputs '%s/out'", dir, dir, dir);
    run_ok(args);
    tu_assert_csv_header(dir, "run_multi_summary.csv", RUN_SUMMARY_HEADER);
    tu_assert_csv_header(dir, "run_multi_detailed.csv", RUN_DETAILED_HEADER);
    char *summary = tu_path(dir, "run_multi_summary.csv");
    char *detailed = tu_path(dir, "run_multi_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(summary), 1 + 4);
    assert_int_equal(tu_count_lines_until_blank(detailed), 1 + 4 * 6);
    char cell[64];
    for (int row = 1; row <= 4; row++) {
        csv_cell(summary, row, 8, cell, sizeof cell);   /* Total_Requests */
        assert_string_equal(cell, "6");
        csv_cell(summary, row, 10, cell, sizeof cell);  /* Failed_Requests */
        assert_string_equal(cell, "0");
    }
    csv_cell(summary, 3, 1, cell, sizeof cell);         /* batch 3 rows follow batch 1 */
    assert_string_equal(cell, "3");
    cJSON *json = tu_read_json(dir, "run_multi.json");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(json, "config"), "task")->valuestring, "run");
    const cJSON *levels = cJSON_GetObjectItem(json, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 4);
    assert_true(tu_json_number(cJSON_GetArrayItem(levels, 0), "samples_per_sec") > 0);
    cJSON_Delete(json);
    const char *tags[] = {"c1_b1", "c2_b1", "c1_b3", "c2_b3"};
    char pairs[4096] = "";
    for (int i = 0; i < 4; i++) {
        char in[1024], out[1024], f[1100];
        snprintf(in, sizeof in, "%s/in/%s", dir, tags[i]);
        snprintf(out, sizeof out, "%s/out/%s", dir, tags[i]);
        const char *files[] = {"x.npy", "ids.npy"};
        for (int k = 0; k < 2; k++) {
            snprintf(f, sizeof f, "%s/%s", in, files[k]);
            assert_true(tu_file_exists(f));
        }
        const char *outs[] = {"output.logits.npy", "output.pooled.npy", "output.ids_sum.npy"};
        for (int k = 0; k < 3; k++) {
            snprintf(f, sizeof f, "%s/%s", out, outs[k]);
            assert_true(tu_file_exists(f));
        }
        add_pair(pairs, sizeof pairs, dir, tags[i]);
    }
    reference_agrees("run_multi.pt", pairs);
    free(summary);
    free(detailed);
    free(dir);
}

/* the saved input equals the file it came from */
static void assert_same_array(const char *a_path, const char *b_path)
{
    char *a = tu_read_file(a_path), *b = tu_read_file(b_path);
    assert_non_null(a);
    assert_non_null(b);
    FILE *fa = fopen(a_path, "rb"), *fb = fopen(b_path, "rb");
    unsigned char ba[4096], bb[4096];
    size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
    fclose(fa), fclose(fb);
    ltb_array x, y;
    char err[256];
    assert_int_equal(ltb_npy_parse(ba, na, 1 << 20, &x, err, sizeof err), 0);
    assert_int_equal(ltb_npy_parse(bb, nb, 1 << 20, &y, err, sizeof err), 0);
    assert_int_equal(x.dtype, y.dtype);
    assert_int_equal(x.ndim, y.ndim);
    assert_int_equal(x.bytes, y.bytes);
    assert_memory_equal(x.data, y.data, x.bytes);
    ltb_array_free(&x), ltb_array_free(&y);
    free(a), free(b);
}

static void inputs_from_files(void **state)
{
    (void)state;
    const char *ids_sources[] = {"ids=@\"$LTBENCH_RUN_FIXTURES/inputs.npz\"",
                                 "ids=@\"$LTBENCH_RUN_FIXTURES/inputs_z.npz\"",
                                 "1=@\"$LTBENCH_RUN_FIXTURES/ids_2x8.pt\"",
                                 "ids=@\"$LTBENCH_RUN_FIXTURES/ids_2x8.npy\""};
    const char *fx = tu_env("LTBENCH_RUN_FIXTURES");
    char *x_file = tu_path(fx, "x_2x16.npy"), *ids_file = tu_path(fx, "ids_2x8.npy");
    char pairs[8192] = "";
    char *dirs[4];
    for (int i = 0; i < 4; i++) {
        char *dir = tu_tempdir();
        char args[2048];
        snprintf(args, sizeof args, "run -m \"$LTBENCH_RUN_FIXTURES/run_multi_bare.pt\" -c 1 -n 2 -q --no-plots "
                                    "--input x=@\"$LTBENCH_RUN_FIXTURES/x_2x16.npy\" --input %s "
                                    "--output-dir '%s' --save-inputs '%s/in' --save-outputs '%s/out'",
                 ids_sources[i], dir, dir, dir);
        run_ok(args);
        char path[1024];
        snprintf(path, sizeof path, "%s/in/c1_b1/ids.npy", dir);
        assert_same_array(path, ids_file);
        snprintf(path, sizeof path, "%s/in/c1_b1/x.npy", dir);
        assert_same_array(path, x_file);
        add_pair(pairs, sizeof pairs, dir, "c1_b1");
        dirs[i] = dir;
    }
    reference_agrees("run_multi_bare.pt", pairs);
    for (int i = 0; i < 4; i++)
        free(dirs[i]);
    free(x_file), free(ids_file);
}

static void nested_outputs_named(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "run -m \"$LTBENCH_RUN_FIXTURES/run_nested.pt\" --input 0:Nx5:f64 -b 2 -c 1 -n 2 -q "
                                "--no-plots --output-dir '%s' --save-inputs '%s/in' --save-outputs '%s/out'",
             dir, dir, dir);
    run_ok(args);
    const char *outs[] = {"output.0", "output.1.a", "output.1.b", "output.2.0", "output.2.1"};
    for (int k = 0; k < 5; k++) {
        char f[1200];
        snprintf(f, sizeof f, "%s/out/c1_b2/%s.npy", dir, outs[k]);
        assert_true(tu_file_exists(f));
    }
    char pairs[4096] = "";
    add_pair(pairs, sizeof pairs, dir, "c1_b2");
    reference_agrees("run_nested.pt", pairs);
    free(dir);
}

/* several precisions: each variant's saved inputs and outputs get their own folder
 * (DIR/<variant>/<level>), none overwrites another, and fp32's still match Python's */
static void precision_variants_save_apart(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "run -m \"$LTBENCH_RUN_FIXTURES/run_seqlen.pt\" --input 'ids:Nx4:i64:0,100' "
                                "--precision fp32,bf16 -b 2 -c 1 -n 2 -q --no-plots --output-dir '%s' "
                                "--save-inputs '%s/in' --save-outputs '%s/out'", dir, dir, dir);
    run_ok(args);
    const char *variants[] = {"cpu_fp32", "cpu_bf16"};
    for (int i = 0; i < 2; i++) {
        char f[1200];
        snprintf(f, sizeof f, "%s/out/%s/c1_b2/output.npy", dir, variants[i]);
        assert_true(access(f, R_OK) == 0);
        snprintf(f, sizeof f, "%s/in/%s/c1_b2/ids.npy", dir, variants[i]);
        assert_true(access(f, R_OK) == 0);
    }
    char plain[1200];
    snprintf(plain, sizeof plain, "%s/out/c1_b2", dir);
    assert_true(access(plain, F_OK) != 0);   /* no level folder shared by the variants */
    char pairs[4096] = "";
    add_pair(pairs, sizeof pairs, dir, "cpu_fp32/c1_b2");
    reference_agrees("run_seqlen.pt", pairs);
    free(dir);
}

static void shape_sweep(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args, "run -m \"$LTBENCH_RUN_FIXTURES/run_seqlen.pt\" --input 'ids:Nx{4,16}:i64:0,100' "
                                "-b 1,2 -c 1 -n 3 -q --no-plots --output-dir '%s' --save-inputs '%s/in' "
                                "--save-outputs '%s/out'", dir, dir, dir);
    run_ok(args);
    char *summary = tu_path(dir, "run_seqlen_summary.csv");
    assert_int_equal(tu_count_lines_until_blank(summary), 1 + 4);
    char cell[64];
    const char *want[] = {"ids.1=4", "ids.1=4", "ids.1=16", "ids.1=16"};
    const char *batch[] = {"1", "2", "1", "2"};
    for (int row = 1; row <= 4; row++) {
        csv_cell(summary, row, 12, cell, sizeof cell);   /* Shape, first extra column */
        assert_string_equal(cell, want[row - 1]);
        csv_cell(summary, row, 1, cell, sizeof cell);
        assert_string_equal(cell, batch[row - 1]);
    }
    const char *tags[] = {"c1_b1_ids.1-4", "c1_b2_ids.1-4", "c1_b1_ids.1-16", "c1_b2_ids.1-16"};
    const int64_t t[] = {4, 4, 16, 16}, n[] = {1, 2, 1, 2};
    char pairs[4096] = "";
    for (int i = 0; i < 4; i++) {
        char out[1024], f[1200];
        snprintf(out, sizeof out, "%s/out/%s", dir, tags[i]);
        snprintf(f, sizeof f, "%s/output.npy", out);
        FILE *fp = fopen(f, "rb");
        assert_non_null(fp);
        static unsigned char buf[1 << 16];
        size_t len = fread(buf, 1, sizeof buf, fp);
        fclose(fp);
        ltb_array a;
        char err[256];
        assert_int_equal(ltb_npy_parse(buf, len, sizeof buf, &a, err, sizeof err), 0);
        assert_int_equal(a.ndim, 3);
        assert_int_equal(a.shape[0], n[i]);
        assert_int_equal(a.shape[1], t[i]);
        assert_int_equal(a.shape[2], 8);
        ltb_array_free(&a);
        add_pair(pairs, sizeof pairs, dir, tags[i]);
    }
    reference_agrees("run_seqlen.pt", pairs);
    free(summary);
    free(dir);
}

static void classifier_from_sidecar_input_shape(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args, "run -m \"$LTBENCH_MODELS_DIR/resnet18.pt\" -c 1 -n 2 --warmup 1 -q --no-plots "
                                "--output-dir '%s'", dir);
    run_ok(args);
    tu_assert_csv_header(dir, "resnet18_summary.csv", RUN_SUMMARY_HEADER);
    free(dir);
}

static void forward_that_raises_is_counted(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args, "run -m \"$LTBENCH_RUN_FIXTURES/run_raises.pt\" --input x:2x2 -c 1 -n 3 -q "
                                "--no-plots --output-dir '%s'", dir);
    tu_output o;
    int code = tu_run_cli(args, &o);
    tu_expect_exit(args, code, 1, &o);
    tu_output_free(&o);
    char *summary = tu_path(dir, "run_raises_summary.csv");
    char *detailed = tu_path(dir, "run_raises_detailed.csv");
    char cell[512];
    csv_cell(summary, 1, 10, cell, sizeof cell);   /* Failed_Requests */
    assert_string_equal(cell, "3");
    csv_cell(detailed, 1, 6, cell, sizeof cell);   /* Success */
    assert_string_equal(cell, "False");
    csv_cell(detailed, 1, 7, cell, sizeof cell);   /* Error_Message: the model's own */
    assert_non_null(strstr(cell, "fixture run refuses this input"));
    free(summary), free(detailed), free(dir);
}

static void stress_run(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args, "stress run -m \"$LTBENCH_RUN_FIXTURES/run_multi.pt\" --duration 2s --ramp-up 1s "
                                "--max-concurrency 2 -q --no-plots --output-dir '%s'", dir);
    run_ok(args);
    cJSON *j = tu_read_json(dir, "run_multi_stress.json");
    char *text = cJSON_PrintUnformatted(j);
    assert_non_null(strstr(text, "\"task\":\"run\""));
    free(text);
    cJSON_Delete(j);
    free(dir);
}

static void inspect_torchscript(void **state)
{
    (void)state;
    tu_output o;
    int code = tu_run_cli("inspect \"$LTBENCH_RUN_FIXTURES/run_multi.pt\"", &o);
    tu_expect_exit("inspect", code, 0, &o);
    assert_non_null(strstr(o.out, "TorchScript"));
    assert_non_null(strstr(o.out, "ids: Tensor"));
    assert_non_null(strstr(o.out, "scale: float (optional)"));
    assert_non_null(strstr(o.out, "Dict[str, Tensor]"));
    assert_non_null(strstr(o.out, "describe"));
    tu_output_free(&o);
    code = tu_run_cli("inspect \"$LTBENCH_RUN_FIXTURES/run_multi.pt\" -o json", &o);
    tu_expect_exit("inspect -o json", code, 0, &o);
    cJSON *j = cJSON_Parse(o.out);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "format")->valuestring, "TorchScript");
    const cJSON *args = cJSON_GetObjectItem(j, "forward_arguments");
    assert_int_equal(cJSON_GetArraySize(args), 3);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(args, 1), "name")->valuestring, "ids");
    /* Linear(16,4) + Embedding(50,4): 16*4 + 4 + 50*4 float parameters */
    assert_int_equal((int)tu_json_number(j, "parameter_count"), 16 * 4 + 4 + 50 * 4);
    assert_int_equal((int)tu_json_number(j, "parameter_bytes"), (16 * 4 + 4 + 50 * 4) * 4);
    assert_string_equal(cJSON_GetObjectItem(j, "saved_device")->valuestring, "cpu");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "attributes"), "label")->valuestring,
                        "str = \"multi\"");
    cJSON_Delete(j);
    tu_output_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(multi_input_dict_output),
        cmocka_unit_test(inputs_from_files),
        cmocka_unit_test(nested_outputs_named),
        cmocka_unit_test(shape_sweep),
        cmocka_unit_test(precision_variants_save_apart),
        cmocka_unit_test(classifier_from_sidecar_input_shape),
        cmocka_unit_test(forward_that_raises_is_counted),
        cmocka_unit_test(stress_run),
        cmocka_unit_test(inspect_torchscript),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
