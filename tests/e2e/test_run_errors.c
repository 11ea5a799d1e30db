/* test_run_errors.c — bad input to `ltbench run` and `ltbench inspect`: each gives one
 * line on stderr naming the input (or file), exit code 2, before any timing: unknown
 * and missing inputs, a model without sidecar inputs, a scalar argument given a rank
 * or a dtype the schema does not declare, unreadable and malformed files, a file whose
 * shape differs from the sidecar's, a .npz without the entry, a torch.save'd dict, bad
 * SPECs, a .pt2 package that does not exist. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#define MULTI "run -m \"$LTBENCH_RUN_FIXTURES/run_multi.pt\" -c 1 -n 1 -q --no-plots --output-dir /tmp/ltb-run-errors "
#define BARE "run -m \"$LTBENCH_RUN_FIXTURES/run_multi_bare.pt\" -c 1 -n 1 -q --no-plots --output-dir /tmp/ltb-run-errors "

static void unknown_input_name(void **state)
{
    (void)state;
    tu_expect_usage_error(MULTI "--input foo:Nx16", "input 'foo'", "x: Tensor, ids: Tensor");
    tu_expect_usage_error(MULTI "--input 7:Nx16", "input '7'", "no such argument");
}

static void missing_input(void **state)
{
    (void)state;
    tu_expect_usage_error(BARE "--input x:Nx16", "input 'ids' is missing", "--input");
    tu_expect_usage_error(BARE, "no sidecar inputs", "x: Tensor, ids: Tensor");
    tu_expect_usage_error(MULTI "--input x:Nx16 --input x:Nx8", "input 'x'", "twice");
}

static void wrong_rank_or_dtype_for_schema(void **state)
{
    (void)state;
    tu_expect_usage_error(MULTI "--input scale:2x2:f32", "input 'scale'", "rank 2");
    tu_expect_usage_error(MULTI "--input scale::i64", "input 'scale'", "dtype i64");
    tu_expect_usage_error(MULTI "--input scale::bool", "input 'scale'", "dtype bool");
}

static void unreadable_or_malformed_files(void **state)
{
    (void)state;
    tu_expect_usage_error(MULTI "--input x=@/nonexistent/x.npy", "input 'x'", "/nonexistent/x.npy");
    tu_expect_usage_error(MULTI "--input x=@\"$LTBENCH_RUN_FIXTURES/bad.npy\"", "input 'x'", "truncated");
    tu_expect_usage_error(MULTI "--input x=@\"$LTBENCH_RUN_FIXTURES/run_multi.json\"", "input 'x'", NULL);
    tu_expect_usage_error(MULTI "--input ids=@\"$LTBENCH_RUN_FIXTURES/not_a_tensor.pt\"", "input 'ids'",
                          "not a single tensor");
    tu_expect_usage_error(MULTI "--input ids=@\"$LTBENCH_RUN_FIXTURES/inputs.npz:nope\"", "input 'ids'",
                          "no entry 'nope.npy'");
    tu_expect_usage_error(MULTI "--input ids=@\"$LTBENCH_RUN_FIXTURES/x_2x16.npy.npz\"", "input 'ids'", NULL);
}

static void file_shape_against_sidecar(void **state)
{
    (void)state;
    tu_expect_usage_error(MULTI "--input x=@\"$LTBENCH_RUN_FIXTURES/x_3d.npy\"", "input 'x'", "2x16x1 but the model's sidecar declares Nx16");
    tu_expect_usage_error(MULTI "--input x=@\"$LTBENCH_RUN_FIXTURES/ids_2x8.npy\"", "input 'x'", "2x8");
}

static void bad_specs(void **state)
{
    (void)state;
    tu_expect_usage_error(MULTI "--input 'x:Nx16:q8'", "x:Nx16:q8", "DTYPE");
    tu_expect_usage_error(MULTI "--input 'x:16xN'", "x:16xN", "first dimension");
    tu_expect_usage_error(MULTI "--input 'ids:Nx8:u8:0,999'", "ids:Nx8:u8:0,999", "does not fit");
    tu_expect_usage_error(MULTI "--input 'x:{1,2,3,4,5,6,7,8}x{1,2,3,4,5,6,7,8}x{1,2}'", "input 'x'", "64");
}

static void aoti_package_refused_by_run(void **state)
{
    (void)state;
    tu_expect_usage_error("run -m /tmp/some_model.pt2 -c 1 -n 1 -q", "some_model.pt2", ".pt2");
}

static void inspect_errors(void **state)
{
    (void)state;
    tu_expect_usage_error("inspect /nonexistent/model.pt", "/nonexistent/model.pt", NULL);
    tu_expect_usage_error("inspect \"$LTBENCH_RUN_FIXTURES/bad.npy\"", "bad.npy", "not a TorchScript");
    tu_expect_usage_error("inspect", "no FILE", NULL);
    tu_expect_usage_error("inspect \"$LTBENCH_RUN_FIXTURES/run_multi.pt\" -o xml", "-o", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_input_name),
        cmocka_unit_test(missing_input),
        cmocka_unit_test(wrong_rank_or_dtype_for_schema),
        cmocka_unit_test(unreadable_or_malformed_files),
        cmocka_unit_test(file_shape_against_sidecar),
        cmocka_unit_test(bad_specs),
        cmocka_unit_test(aoti_package_refused_by_run),
        cmocka_unit_test(inspect_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
