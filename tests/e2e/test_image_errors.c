/* test_image_errors.c — bad input to `ltbench image`: each gives one clear line on
 * stderr naming the file or option, exit code 2, and never a crash. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void missing_model(void **state)
{
    (void)state;
    tu_expect_usage_error("image -m /nonexistent/model.pt -n 1 -q", "/nonexistent/model.pt", "not found");
}

static void not_torchscript(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = tu_path(dir, "garbage.pt");
    write_file(path, "definitely not a zip archive", 28);
    char args[1024];
    snprintf(args, sizeof args, "image -m '%s' -n 1 -q", path);
    tu_expect_usage_error(args, "garbage.pt", NULL);
    free(path);
    free(dir);
}

static void wrong_output_shape(void **state)
{
    (void)state;
    tu_expect_usage_error("image -m \"$LTBENCH_MODELS_DIR/wrong_output.pt\" -n 1 -q", "wrong_output.pt",
                       "not a classification model");
}

static void tts_model_passed_to_image(void **state)
{
    (void)state;
    char *path = tu_path(tu_env("LTBENCH_MODELS_DIR"), "tts_tiny.pt");
    if (!tu_file_exists(path)) {
        free(path);
        skip();
    }
    tu_expect_usage_error("image -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" -n 1 -q", "tts_tiny.pt", NULL);
    free(path);
}

static void corrupt_and_empty_images(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *bad = tu_path(dir, "broken.jpg");
    static const unsigned char jpeg_start[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'};
    write_file(bad, jpeg_start, sizeof jpeg_start);
    char args[1024];
    snprintf(args, sizeof args, "image --images '%s' -n 1 -q", dir);
    tu_expect_usage_error(args, "broken.jpg", NULL);
    unlink(bad);
    char *text = tu_path(dir, "notes.png");
    write_file(text, "hello\n", 6);
    tu_expect_usage_error(args, "notes.png", NULL);
    unlink(text);
    char *empty = tu_path(dir, "empty.png");
    write_file(empty, "", 0);
    tu_expect_usage_error(args, "empty.png", NULL);
    unlink(empty);
    tu_expect_usage_error(args, dir, "no .jpg");
    free(bad);
    free(text);
    free(empty);
    free(dir);
}

static void bad_options(void **state)
{
    (void)state;
    tu_expect_usage_error("image --frobnicate", "--frobnicate", NULL);
    tu_expect_usage_error("image -c 1,,2", "--concurrency", NULL);
    tu_expect_usage_error("image -c 0", "--concurrency", "out of range");
    tu_expect_usage_error("image -n -5", "--iterations", NULL);
    tu_expect_usage_error("image --precision int4", "--precision", NULL);
    tu_expect_usage_error("image -o xml", "--output", "xml");
    tu_expect_usage_error("image --device tpu -n 1 -q", "tpu", NULL);
    tu_expect_usage_error("image --drain-timeout -1", "--drain-timeout", "out of range");
    tu_expect_usage_error("image --max-response-mb 0 --url http://127.0.0.1:1", "--max-response-mb",
                          "out of range");
    tu_expect_usage_error("image --max-response-mb 5", "--max-response-mb", "needs --url");
    tu_expect_usage_error("frobnicate", "frobnicate", NULL);
}

static void unwritable_output_dir(void **state)
{
    (void)state;
    tu_expect_usage_error("image -m \"$LTBENCH_MODELS_DIR/identity.pt\" -n 1 -c 1 -q -o csv "
                       "--output-dir /proc/ltbench-cannot-write-here", "/proc/ltbench-cannot-write-here",
                       NULL);
}

static void fp16_on_cpu_is_an_error_or_a_result_never_a_crash(void **state)
{
    (void)state;
    tu_output o;
    int code = tu_run_cli("image -m \"$LTBENCH_MODELS_DIR/resnet18.pt\" --precision fp16 -c 1 -n 1 "
                          "-q -o table", &o);
    assert_true(code == 0 || (code == 2 && tu_is_one_line(o.err) && strstr(o.err, "fp16")));
    tu_output_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_model),
        cmocka_unit_test(not_torchscript),
        cmocka_unit_test(wrong_output_shape),
        cmocka_unit_test(tts_model_passed_to_image),
        cmocka_unit_test(corrupt_and_empty_images),
        cmocka_unit_test(bad_options),
        cmocka_unit_test(unwritable_output_dir),
        cmocka_unit_test(fp16_on_cpu_is_an_error_or_a_result_never_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
