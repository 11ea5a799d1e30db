/* test_generate_errors.c — every bad input of `ltbench generate` is one line on
 * stderr naming the option, file or model, with exit code 2: sizes that are not a
 * multiple of the model's scale, step counts out of range, options a GAN does not
 * take, previews that could never come first, bad prompt files, models that are not
 * image generators, a missing vocabulary, an unsupported precision. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#define DCGAN "-m \"$LTBENCH_MODELS_DIR/dcgan.pt\" "

/* Option values are checked before anything loads (all of them: test_generate_parts.c);
 * through the real CLI once: */
static void bad_option_value(void **state)
{
    (void)state;
    tu_expect_usage_error("generate --preview-every 5 --steps 5", "--preview-every 5", NULL);
}

static void sizes_and_steps_the_model_cannot_run(void **state)
{
    (void)state;
    tu_expect_usage_error("generate --width 60 --height 64", "--width 60", "multiples of 8");
    tu_expect_usage_error("generate --steps 2000", "--steps 2000", "at most 1000");
    tu_expect_usage_error("generate --preview-every 30", "--preview-every 30", "20 steps");
}

static void gan_refuses_steps_and_sizes(void **state)
{
    (void)state;
    tu_expect_usage_error("generate " DCGAN "--steps 4", "--steps does not apply", "dcgan.pt");
    tu_expect_usage_error("generate " DCGAN "--width 72 --height 64", "multiples of 16", "z_scale");
}

static void bad_prompt_files(void **state)
{
    (void)state;
    char args[4096];
    const char *bad = tu_env("LTBENCH_ASSETS_DIR");
    snprintf(args, sizeof args, "generate --width 64 --height 64 --prompts '%s/bad/invalid_utf8.txt'", bad);
    tu_expect_usage_error(args, "invalid_utf8.txt", "line");
}

static void models_that_are_not_generators(void **state)
{
    (void)state;
    tu_expect_usage_error("generate -m \"$LTBENCH_MODELS_DIR/resnet18.pt\" --width 64 --height 64",
                          "resnet18.pt", "not an image generator");
    tu_expect_usage_error("generate --width 64 --height 64 --vocab /nonexistent/vocab.txt",
                          "/nonexistent/vocab.txt", NULL);
    /* LibTorch 1.13 has no fp16 convolutions on the CPU: the probe request says so
     * before the run. LibTorch 2.x has them: the same run succeeds. */
    if (tu_libtorch_major() < 2) {
        tu_expect_usage_error("generate --precision fp16 --width 64 --height 64 -n 1",
                              "failed on the first prompt", "ldm_small.pt");
    } else {
        char *dir = tu_tempdir();
        char args[512];
        snprintf(args, sizeof args,
                 "generate --precision fp16 --width 64 --height 64 --steps 2 -n 1 -c 1 -o csv -q "
                 "--output-dir %s",
                 dir);
        tu_output o;
        tu_expect_exit("generate fp16 on the CPU (LibTorch 2.x)", tu_run_cli(args, &o), 0, &o);
        tu_output_free(&o);
        free(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_option_value),
        cmocka_unit_test(sizes_and_steps_the_model_cannot_run),
        cmocka_unit_test(gan_refuses_steps_and_sizes),
        cmocka_unit_test(bad_prompt_files),
        cmocka_unit_test(models_that_are_not_generators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
