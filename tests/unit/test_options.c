/* test_options.c — option parsing: lists like 1,2,4, ranges, unknown options and
 * the `ltbench image` argument set. */
#include "testutil.h"
#include "cli_parse.h"
#include "cmd_image_args.h"

#include <string.h>

static void int_list_parses_values_in_order(void **state)
{
    (void)state;
    int v[8];
    char err[256];
    assert_int_equal(ltb_parse_int_list("--concurrency", "1,2,4,8", 1, 1024, v, 8, err, sizeof err), 4);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[3], 8);
    assert_int_equal(ltb_parse_int_list("--batch", "32", 1, 4096, v, 8, err, sizeof err), 1);
    assert_int_equal(v[0], 32);
}

static void int_list_rejects_malformed_lists(void **state)
{
    (void)state;
    int v[4];
    char err[256];
    const char *bad[] = {"", ",", "1,,2", "1,", ",1", "a", "1,b", "1.5", "0", "2000", "1 2",
                         "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        assert_int_equal(ltb_parse_int_list("--concurrency", bad[i], 1, 1024, v, 4, err, sizeof err), -1);
        assert_non_null(strstr(err, "--concurrency"));
    }
    assert_int_equal(ltb_parse_int_list("--batch", "1,2,3,4,5", 1, 9, v, 4, err, sizeof err), -1);
    assert_non_null(strstr(err, "more than 4"));
}

static void numbers_check_range_and_syntax(void **state)
{
    (void)state;
    int i;
    double d;
    char err[256];
    assert_int_equal(ltb_parse_int("--iterations", "50", 1, 100, &i, err, sizeof err), 0);
    assert_int_equal(i, 50);
    assert_int_equal(ltb_parse_int("--iterations", "0", 1, 100, &i, err, sizeof err), -1);
    assert_non_null(strstr(err, "out of range"));
    assert_int_equal(ltb_parse_double("--timeout", "2.5", 0.001, 10, &d, err, sizeof err), 0);
    assert_true(d == 2.5);
    assert_int_equal(ltb_parse_double("--timeout", "nan", 0.001, 10, &d, err, sizeof err), -1);
    assert_int_equal(ltb_parse_double("--timeout", "3s", 0.001, 10, &d, err, sizeof err), -1);
}

static void word_set_returns_mask(void **state)
{
    (void)state;
    static const char *const words[] = {"table", "csv", "json", "md", NULL};
    char err[256];
    assert_int_equal(ltb_parse_word_set("-o", "csv,md", words, err, sizeof err), (1 << 1) | (1 << 3));
    assert_int_equal(ltb_parse_word_set("-o", "xml", words, err, sizeof err), -1);
    assert_non_null(strstr(err, "'xml' is not one of table, csv, json, md"));
}

static int parse(image_args *a, char *err, const char *const *args, int n)
{
    char *argv[32];
    argv[0] = (char *)"image";
    for (int i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    argv[n + 1] = NULL;
    return image_args_parse(n + 1, argv, a, err, 256);
}

static void image_args_defaults(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    assert_int_equal(parse(&a, err, NULL, 0), 0);
    assert_int_equal(a.common.cfg.n_concurrency, 3);
    assert_int_equal(a.common.cfg.iterations, 50);
    assert_int_equal(a.common.cfg.warmup, -1);
    assert_int_equal(a.common.cfg.width, 224);
    assert_string_equal(a.common.cfg.name, "resnet18");
    assert_non_null(strstr(a.common.cfg.model_path, "resnet18.pt"));
    assert_non_null(a.images_dir);
}

static void image_args_full_set(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *args[] = {"--model", "/m/resnet50.pt", "-c", "1,8", "-b", "1,8,32", "-n", "7",
                          "--warmup", "3", "-t", "2", "--precision", "bf16", "--channels-last",
                          "--synthetic", "4", "-k", "3", "-o", "json", "--timeout", "1.5",
                          "--include-preprocess", "--seed", "7", "-r", "4", "--min-time", "2.5"};
    assert_int_equal(parse(&a, err, args, (int)(sizeof args / sizeof *args)), 0);
    assert_string_equal(a.common.cfg.name, "resnet50");
    assert_int_equal(a.common.cfg.n_concurrency, 2);
    assert_int_equal(a.common.cfg.concurrency[1], 8);
    assert_int_equal(a.common.cfg.n_batch, 3);
    assert_int_equal(a.common.cfg.batch[2], 32);
    assert_int_equal(a.common.cfg.iterations, 7);
    assert_int_equal(a.common.cfg.warmup, 3);
    assert_int_equal(a.torch.threads, 2);
    assert_string_equal(a.torch.precision, "bf16");
    assert_int_equal(a.torch.channels_last, 1);
    assert_int_equal(a.synthetic, 4);
    assert_null(a.images_dir);
    assert_int_equal(a.torch.top_k, 3);
    assert_int_equal(a.common.cfg.outputs, LTB_OUT_JSON);
    assert_true(a.common.cfg.timeout_s == 1.5);
    assert_int_equal(a.torch.include_preprocess, 1);
    assert_int_equal((int)a.common.cfg.seed, 7);
    assert_int_equal(a.common.cfg.repetitions, 4);
    assert_true(a.common.cfg.min_time_s == 2.5);
}

static void image_args_errors_name_the_option(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *unknown[] = {"--frobnicate"};
    assert_int_equal(parse(&a, err, unknown, 1), -1);
    assert_non_null(strstr(err, "--frobnicate"));
    const char *missing[] = {"--iterations"};
    assert_int_equal(parse(&a, err, missing, 1), -1);
    assert_non_null(strstr(err, "--iterations"));
    const char *range[] = {"-k", "9"};
    assert_int_equal(parse(&a, err, range, 2), -1);
    assert_non_null(strstr(err, "--top-k"));
    const char *prec[] = {"--precision", "int8"};
    assert_int_equal(parse(&a, err, prec, 2), -1);
    assert_non_null(strstr(err, "int8"));
    const char *extra[] = {"stray"};
    assert_int_equal(parse(&a, err, extra, 1), -1);
    assert_non_null(strstr(err, "stray"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(int_list_parses_values_in_order),
        cmocka_unit_test(int_list_rejects_malformed_lists),
        cmocka_unit_test(numbers_check_range_and_syntax),
        cmocka_unit_test(word_set_returns_mask),
        cmocka_unit_test(image_args_defaults),
        cmocka_unit_test(image_args_full_set),
        cmocka_unit_test(image_args_errors_name_the_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
