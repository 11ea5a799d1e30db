/* test_bad_inputs.c — every entry of the bad-input corpus (assets/bad/) through the
 * real CLI: a one-line error naming the file and exit code 2, or (for texts that
 * can still be spoken) a normal run — never a crash (exit >= 128) or a hang. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bad_case {
    const char *file;       /* in assets/bad */
    const char *kind;       /* "image", "model", "texts" */
    int expect_code;        /* 2 = refused with one line; 0 = runs */
    const char *reason;     /* a word the message must contain, or NULL */
} bad_case;

static const bad_case kCases[] = {
    {"truncated.jpg", "image", 2, NULL},
    {"corrupt.png", "image", 2, NULL},
    {"zero_bytes.jpg", "image", 2, "empty"},
    {"text_named.jpg", "image", 2, NULL},
    {"huge_header.png", "image", 2, "100000x100000"},
    {"truncated.pt", "model", 2, NULL},
    {"not_torchscript.pt", "model", 2, "TorchScript"},
    {"control_chars.txt", "texts", 0, NULL},
    {"invalid_utf8.txt", "texts", 2, "UTF-8"},
    {"long_line.txt", "texts", 2, "limit"},
    {"empty.txt", "texts", 2, "no text"},
};

static void run_case(const bad_case *c)
{
    char *bad = tu_path(tu_env("LTBENCH_ASSETS_DIR"), "bad");
    char *path = tu_path(bad, c->file);
    char *dir = tu_tempdir();
    char args[4096];
    tu_output o;
    if (!strcmp(c->kind, "image")) {
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s/'", path, dir);
        assert_int_equal(tu_run_shell(cmd, &o), 0);
        tu_output_free(&o);
        snprintf(args, sizeof args, "image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --images '%s' "
                 "-c 1 -n 2 -q -o json --output-dir '%s'", dir, dir);
    } else if (!strcmp(c->kind, "model")) {
        snprintf(args, sizeof args, "image -m '%s' --synthetic 1 -c 1 -n 2 -q -o json "
                 "--output-dir '%s'", path, dir);
    } else {
        snprintf(args, sizeof args, "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --texts '%s' "
                 "-c 1 -n 2 -q -o json --output-dir '%s'", path, dir);
    }
    int code = tu_run_cli(args, &o);
    int ok = code == c->expect_code;
    if (ok && c->expect_code == 2)
        ok = tu_is_one_line(o.err) && strstr(o.err, c->file) &&
             (!c->reason || strstr(o.err, c->reason));
    if (!ok)
        fail_msg("%s (%s): exit %d (want %d), stderr: %s", c->file, c->kind, code,
                 c->expect_code, o.err ? o.err : "");
    tu_output_free(&o);
    free(path);
    free(bad);
    free(dir);
}

static void every_bad_input_is_refused_cleanly(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof kCases / sizeof *kCases; i++)
        run_case(&kCases[i]);
}

static void a_model_with_the_wrong_output_shape_is_refused(void **state)
{
    (void)state;
    tu_output o;
    int code = tu_run_cli("image -m \"$LTBENCH_MODELS_DIR/wrong_output.pt\" --synthetic 1 -n 1 -q", &o);
    assert_int_equal(code, 2);
    assert_true(tu_is_one_line(o.err));
    assert_non_null(strstr(o.err, "wrong_output.pt"));
    tu_output_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_bad_input_is_refused_cleanly),
        cmocka_unit_test(a_model_with_the_wrong_output_shape_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
