/* test_model_sweep.c — model files as a sweep axis (-m a.pt,a.pt2) and `--profile [K]`
 * on the command line: the list is parsed in order, the model is the outermost
 * dimension of the variants, each variant's files and label name its model file (so
 * resnet18.pt and resnet18.pt2 do not collide), bad lists are refused with a reason. */
#include "testutil.h"
#include "cli_sweep.h"
#include "cmd_image_args.h"

#include <string.h>

static int parse(image_args *a, char *err, const char *const *args, int n)
{
    char *argv[32];
    argv[0] = (char *)"image";
    for (int i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    argv[n + 1] = NULL;
    return image_args_parse(n + 1, argv, a, err, 256);
}

static void model_list_is_the_outermost_sweep_axis(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *args[] = {"-m", "m/resnet18.pt,m/resnet18.pt2", "--device", "cpu,cuda"};
    assert_int_equal(parse(&a, err, args, 4), 0);
    const cli_sweep *s = &a.common.sweep;
    assert_int_equal(s->n_models, 2);
    assert_string_equal(s->models[1], "m/resnet18.pt2");
    assert_string_equal(a.common.cfg.model_path, "m/resnet18.pt");   /* the first */
    assert_string_equal(a.common.cfg.name, "resnet18");
    assert_int_equal(cli_sweep_is_list(s), 1);

    static cli_variant v[LTB_MAX_VARIANTS];
    assert_int_equal(cli_sweep_variants(s, v, LTB_MAX_VARIANTS), 4);
    assert_string_equal(v[0].model, "m/resnet18.pt");
    assert_string_equal(v[1].model, "m/resnet18.pt");
    assert_string_equal(v[1].device, "cuda");
    assert_string_equal(v[2].model, "m/resnet18.pt2");
    char a0[160], a2[160], l2[160];
    cli_variant_suffix(&v[0], a0, sizeof a0);
    cli_variant_suffix(&v[2], a2, sizeof a2);
    assert_string_equal(a0, "_resnet18_pt_cpu_fp32");
    assert_string_equal(a2, "_resnet18_pt2_cpu_fp32");
    cli_variant_label(&v[2], l2, sizeof l2);
    assert_string_equal(l2, "resnet18.pt2 cpu fp32");
}

static void one_model_is_no_sweep(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *args[] = {"-m", "a.pt"};
    assert_int_equal(parse(&a, err, args, 2), 0);
    assert_int_equal(a.common.sweep.n_models, 0);
    assert_int_equal(cli_sweep_is_list(&a.common.sweep), 0);
    cli_variant v;
    assert_int_equal(cli_sweep_variants(&a.common.sweep, &v, 1), 1);
    assert_null(v.model);
    char suffix[160];
    cli_variant_suffix(&v, suffix, sizeof suffix);
    assert_string_equal(suffix, "_cpu_fp32");   /* unchanged names for a single model */
}

static void bad_model_lists_are_refused(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *empty[] = {"-m", "a.pt,"};
    assert_int_equal(parse(&a, err, empty, 2), -1);
    assert_non_null(strstr(err, "empty model path"));
    const char *twice[] = {"-m", "a.pt,b.pt,a.pt"};
    assert_int_equal(parse(&a, err, twice, 2), -1);
    assert_non_null(strstr(err, "named twice"));
    const char *many[] = {"-m", "1,2,3,4,5,6,7,8,9"};
    assert_int_equal(parse(&a, err, many, 2), -1);
    assert_non_null(strstr(err, "more than 8"));
}

static void profile_takes_an_optional_count(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *bare[] = {"--profile", "-n", "3"};
    assert_int_equal(parse(&a, err, bare, 3), 0);
    assert_int_equal(a.common.cfg.profile_requests, 10);
    assert_int_equal(a.common.cfg.iterations, 3);
    const char *next_word[] = {"--profile", "4"};
    assert_int_equal(parse(&a, err, next_word, 2), 0);
    assert_int_equal(a.common.cfg.profile_requests, 4);
    const char *equals[] = {"--profile=7"};
    assert_int_equal(parse(&a, err, equals, 1), 0);
    assert_int_equal(a.common.cfg.profile_requests, 7);
    const char *zero[] = {"--profile=0"};
    assert_int_equal(parse(&a, err, zero, 1), -1);
    assert_non_null(strstr(err, "--profile"));
    const char *none[] = {"-n", "2"};
    assert_int_equal(parse(&a, err, none, 2), 0);
    assert_int_equal(a.common.cfg.profile_requests, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_list_is_the_outermost_sweep_axis),
        cmocka_unit_test(one_model_is_no_sweep),
        cmocka_unit_test(bad_model_lists_are_refused),
        cmocka_unit_test(profile_takes_an_optional_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
