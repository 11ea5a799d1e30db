/* test_generate_reference.c — proof that the C step loop is right: the image ltbench
 * saves for a prompt equals, in 8-bit levels, the one
 * tests/reference/generate_reference.py makes in Python torch from the documented
 * contract (its own noise generator, tokenizer and DDIM timesteps, the model's
 * methods called from Python) on the same TorchScript file, for the diffusion
 * pipeline (with guidance and a negative prompt) and the GAN. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROMPT "A lighthouse on a rocky coast, Oil Painting!"
#define NEGATIVE "blurry, low quality"
/* Both sides run the same LibTorch kernels on one thread, so the images are expected
 * to be identical; one level of rounding is allowed for a different build of torch. */
#define MAX_LEVEL_DIFF 1

/* Runs ltbench on model (with prompts.txt holding PROMPT when with_prompt), then the
 * Python reference on its prompt_0.png. */
static void compare(const char *model, int with_prompt, const char *extra_cli,
                    const char *extra_ref)
{
    const char *python = getenv("LTBENCH_PYTHON");
    if (!python || !*python)
        skip();
    char *dir = tu_tempdir();
    char cmd[4096], prompts[1200] = "";
    tu_output o;
    if (with_prompt) {
        snprintf(cmd, sizeof cmd, "printf '%%s\\n' '%s' > '%s/prompts.txt'", PROMPT, dir);
        assert_int_equal(tu_run_shell(cmd, &o), 0);
        tu_output_free(&o);
        snprintf(prompts, sizeof prompts, "--prompts '%s/prompts.txt'", dir);
    }
    snprintf(cmd, sizeof cmd,
             "generate -m \"$LTBENCH_MODELS_DIR/%s\" --width 64 --height 48 -c 1 -n 1 "
             "--warmup 0 -t 1 --seed 7 %s %s -o json -q --output-dir '%s' --save-images '%s/img'",
             model, prompts, extra_cli, dir, dir);
    if (tu_run_cli(cmd, &o) != 0)
        fail_msg("exit %d: %s", o.code, o.err);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd,
             "'%s' '%s/tests/reference/generate_reference.py' --model \"$LTBENCH_MODELS_DIR/%s\" "
             "--png '%s/img/prompt_0.png' --width 64 --height 48 --seed 7 --stream 0 "
             "--threads 1 %s", python, tu_env("LTBENCH_SOURCE_DIR"), model, dir, extra_ref);
    if (tu_run_shell(cmd, &o) != 0)
        fail_msg("reference failed (%d): %s %s", o.code, o.out, o.err);
    cJSON *ref = cJSON_Parse(o.out);
    assert_non_null(ref);
    print_message("%s: %s", model, o.out);
    assert_float_equal(tu_json_number(ref, "pixels"), 64 * 48 * 3, 0);
    if (tu_json_number(ref, "max_diff") > MAX_LEVEL_DIFF)
        fail_msg("%s: ltbench's image differs from Python torch's by up to %.0f levels",
                 model, tu_json_number(ref, "max_diff"));
    cJSON_Delete(ref);
    tu_output_free(&o);
    free(dir);
}

static void diffusion_step_loop_matches_python(void **state)
{
    (void)state;
    compare("ldm_small.pt", 1, "--steps 3 --guidance-scale 5 --negative-prompt '" NEGATIVE "'",
            "--steps 3 --guidance 5 --prompt '" PROMPT "' --negative '" NEGATIVE "'");
}

static void gan_forward_matches_python(void **state)
{
    (void)state;
    compare("dcgan.pt", 0, "", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diffusion_step_loop_matches_python),
        cmocka_unit_test(gan_forward_matches_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
