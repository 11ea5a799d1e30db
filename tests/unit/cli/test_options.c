/* test_options.c — option parsing: lists like 1,2,4, ranges, unknown options and
 * the `ltbench image` argument set. */
#include "testutil.h"
#include "cli_parse.h"
#include "cli_sweep.h"
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

static void image_args_sweep_lists(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *args[] = {"--device", "cpu,cuda:0", "--precision", "fp32,fp16,bf16",
                          "--channels-last=0,1", "--cudnn-benchmark", "--cuda-graph=0,1",
                          "-b", "1,8,32,128,256"};
    assert_int_equal(parse(&a, err, args, (int)(sizeof args / sizeof *args)), 0);
    const cli_sweep *s = &a.common.sweep;
    assert_int_equal(s->n_devices, 2);
    assert_string_equal(s->devices[1], "cuda:0");
    assert_int_equal(s->n_precisions, 3);
    assert_string_equal(s->precisions[2], "bf16");
    assert_int_equal(s->n_channels_last, 2);
    assert_int_equal(s->n_cudnn_benchmark, 1);
    assert_int_equal(s->cudnn_benchmark[0], 1);
    assert_int_equal(s->n_cuda_graph, 2);
    assert_int_equal(a.common.cfg.n_batch, 5);
    assert_string_equal(a.common.cfg.device, "cpu");      /* the first of each list */
    assert_string_equal(a.common.cfg.precision, "fp32");
    assert_int_equal(cli_sweep_is_list(s), 1);
    assert_int_equal(cli_common_single(&a.common, "ltbench stress", err, sizeof err), -1);
    assert_non_null(strstr(err, "ltbench stress runs one configuration"));

    static cli_variant v[LTB_MAX_VARIANTS];
    int n = cli_sweep_variants(s, v, LTB_MAX_VARIANTS);
    /* cpu: 3 precisions x 2 formats x 2 graph settings (cuDNN collapses); cuda: the same
     * with cuDNN on: 12 + 12 */
    assert_int_equal(n, 24);
    int refused = 0, cpu_cudnn = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(v[i].device, "cpu")) {
            cpu_cudnn += v[i].cudnn_benchmark;
            refused += v[i].cuda_graph && strstr(v[i].refused, "--cuda-graph needs a CUDA device") != NULL;
        } else {
            assert_int_equal(v[i].cudnn_benchmark, 1);
            assert_string_equal(v[i].refused, "");
        }
    }
    assert_int_equal(cpu_cudnn, 0);
    assert_int_equal(refused, 6);
    assert_string_equal(v[0].device, "cpu");               /* device outermost, then precision */
    assert_string_equal(v[0].precision, "fp32");
    assert_string_equal(v[12].device, "cuda:0");
    char buf[96];
    cli_variant_suffix(&v[23], buf, sizeof buf);
    assert_string_equal(buf, "_cuda0_bf16_cl_cudnn_graph");
    cli_variant_label(&v[23], buf, sizeof buf);
    assert_string_equal(buf, "cuda:0 bf16 channels_last cudnn-benchmark cuda-graph");
}

static void image_args_one_configuration_is_not_a_sweep(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const char *args[] = {"--device", "cuda:1", "--precision", "fp16", "--channels-last"};
    assert_int_equal(parse(&a, err, args, 5), 0);
    assert_int_equal(cli_sweep_is_list(&a.common.sweep), 0);
    assert_int_equal(cli_common_single(&a.common, "ltbench quick", err, sizeof err), 0);
    assert_string_equal(a.torch.device, "cuda:1");
    assert_string_equal(a.torch.precision, "fp16");
    assert_int_equal(a.torch.channels_last, 1);
    static cli_variant v[LTB_MAX_VARIANTS];
    assert_int_equal(cli_sweep_variants(&a.common.sweep, v, LTB_MAX_VARIANTS), 1);
    assert_int_equal(v[0].cuda_graph, 0);
}

static void image_args_sweep_errors_name_the_option(void **state)
{
    (void)state;
    static image_args a;
    char err[256];
    const struct { const char *opt, *value, *needle; } bad[] = {
        {"--device", "cpu,tpu", "'tpu' is not cpu, cuda or cuda:N"},
        {"--device", "cuda:x", "'cuda:x' is not cpu, cuda or cuda:N"},
        {"--device", "cpu,cpu", "'cpu' is given twice"},
        {"--device", "cpu,,cuda", "--device"},
        {"--precision", "fp32,int8", "'int8' is not one of fp32, fp16, bf16"},
        {"--channels-last=2", NULL, "--channels-last"},
        {"--cuda-graph=1,1", NULL, "same value twice"},
        {"--cudnn-benchmark=yes", NULL, "--cudnn-benchmark"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *args[] = {bad[i].opt, bad[i].value};
        err[0] = '\0';
        assert_int_equal(parse(&a, err, args, bad[i].value ? 2 : 1), -1);
        if (!strstr(err, bad[i].needle))
            fail_msg("%s %s: '%s' lacks '%s'", bad[i].opt, bad[i].value ? bad[i].value : "", err,
                     bad[i].needle);
    }
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
        cmocka_unit_test(image_args_sweep_lists),
        cmocka_unit_test(image_args_one_configuration_is_not_a_sweep),
        cmocka_unit_test(image_args_sweep_errors_name_the_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
