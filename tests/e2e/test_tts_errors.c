/* test_tts_errors.c — bad input to `ltbench tts`: one clear line naming the model
 * or file, exit code 2, never a crash. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *write_texts(const char *dir, const char *name, const char *content, size_t len)
{
    char *path = tu_path(dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(content, 1, len, f);
    fclose(f);
    return path;
}

static void classification_model_is_not_a_tts_model(void **state)
{
    (void)state;
    tu_expect_usage_error("tts -m \"$LTBENCH_MODELS_DIR/resnet18.pt\" --vocab "
                       "\"$LTBENCH_MODELS_DIR/tts_vocab.txt\" -n 1 -q",
                       "resnet18.pt", "not a TTS model");
}

static void streaming_needs_encode_and_vocode(void **state)
{
    (void)state;
    /* fixture_attrs.pt has sample_rate and encode, but no vocode */
    tu_expect_usage_error("tts -m \"$LTBENCH_SHIM_FIXTURES/fixture_attrs.pt\" --vocab "
                       "\"$LTBENCH_MODELS_DIR/tts_vocab.txt\" --streaming -n 1 -q",
                       "fixture_attrs.pt", "vocode");
}

static void bad_texts_files(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[2048];
    char *empty = write_texts(dir, "empty.txt", "", 0);
    snprintf(args, sizeof args, "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --texts '%s' -n 1 -q", empty);
    tu_expect_usage_error(args, "empty.txt", "no text");
    char *utf8 = write_texts(dir, "bad_utf8.txt", "ok\n\xFF\xFE broken\n", 13);
    snprintf(args, sizeof args, "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --texts '%s' -n 1 -q", utf8);
    tu_expect_usage_error(args, "bad_utf8.txt", "line 2");
    size_t n = 100 * 1024;
    char *big = malloc(n);
    memset(big, 'a', n);
    char *huge = write_texts(dir, "huge_line.txt", big, n);
    snprintf(args, sizeof args, "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --texts '%s' -n 1 -q", huge);
    tu_expect_usage_error(args, "huge_line.txt", "line 1");
    snprintf(args, sizeof args, "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --texts '%s/missing.txt' -n 1 -q", dir);
    tu_expect_usage_error(args, "missing.txt", NULL);
    free(big);
    free(empty);
    free(utf8);
    free(huge);
    free(dir);
}

static void bad_options(void **state)
{
    (void)state;
    tu_expect_usage_error("tts --min-text-length 300 --max-text-length 100", "--min-text-length", NULL);
    tu_expect_usage_error("tts --chunk-frames 0", "--chunk-frames", NULL);
    tu_expect_usage_error("tts --batch 4", "--batch", NULL);
    tu_expect_usage_error("tts -m /nonexistent/tts.pt -n 1 -q", "/nonexistent/tts.pt", NULL);
}

static void control_characters_and_unknown_characters_still_synthesize(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *texts = write_texts(dir, "odd.txt", "caf\xC3\xA9 \xE2\x98\x83 na\xC3\xAFve\x07 text\n", 22);
    char args[2048];
    tu_output o;
    snprintf(args, sizeof args, "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --texts '%s' -c 1 -n 2 -q -o table", texts);
    assert_int_equal(tu_run_cli(args, &o), 0);
    tu_output_free(&o);
    free(texts);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classification_model_is_not_a_tts_model),
        cmocka_unit_test(streaming_needs_encode_and_vocode),
        cmocka_unit_test(bad_texts_files),
        cmocka_unit_test(bad_options),
        cmocka_unit_test(control_characters_and_unknown_characters_still_synthesize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
