/* test_input_spec.c — the --input SPEC grammar: names and positions, N / fixed / {..}
 * dims, scalars, dtypes, ranges, files and .npz entries; every malformed SPEC refused
 * with a message quoting it. */
#include "testutil.h"
#include "input_spec.h"

#include <stdio.h>
#include <string.h>

static ltb_input_spec parse_ok(const char *text)
{
    ltb_input_spec s;
    char err[512] = "";
    if (ltb_input_spec_parse(text, &s, err, sizeof err) != 0)
        fail_msg("'%s' refused: %s", text, err);
    return s;
}

static void refused(const char *text, const char *needle)
{
    ltb_input_spec s;
    char err[512] = "";
    if (ltb_input_spec_parse(text, &s, err, sizeof err) == 0)
        fail_msg("'%s' was accepted", text);
    if (!strstr(err, needle))
        fail_msg("'%s': message '%s' lacks '%s'", text, err, needle);
}

static void generated_with_batch_and_dtype(void **state)
{
    (void)state;
    ltb_input_spec s = parse_ok("ids:Nx128:i64:0,30522");
    assert_string_equal(s.name, "ids");
    assert_int_equal(s.position, -1);
    assert_int_equal(s.ndim, 2);
    assert_int_equal(s.dims[0].kind, LTB_DIM_BATCH);
    assert_int_equal(s.dims[1].kind, LTB_DIM_FIXED);
    assert_int_equal(s.dims[1].values[0], 128);
    assert_true(s.has_dtype);
    assert_int_equal(s.dtype, LTB_DT_I64);
    assert_true(s.has_range);
    assert_true(s.low == 0 && s.high == 30522);
    assert_false(s.from_file);
}

static void sweep_dims_and_defaults(void **state)
{
    (void)state;
    ltb_input_spec s = parse_ok("0:1x{128,256,512}x3");
    assert_string_equal(s.name, "0");
    assert_int_equal(s.position, 0);
    assert_int_equal(s.ndim, 3);
    assert_int_equal(s.dims[1].kind, LTB_DIM_SWEEP);
    assert_int_equal(s.dims[1].n_values, 3);
    assert_int_equal(s.dims[1].values[2], 512);
    assert_false(s.has_dtype);
    assert_false(s.has_range);
}

static void scalar_and_float_range(void **state)
{
    (void)state;
    ltb_input_spec s = parse_ok("scale::f64:0.5,2");
    assert_int_equal(s.ndim, 0);
    assert_int_equal(s.dtype, LTB_DT_F64);
    assert_true(s.low == 0.5 && s.high == 2);
    s = parse_ok("mask:Nx8:bool");
    assert_int_equal(s.dtype, LTB_DT_BOOL);
}

static void every_dtype_name(void **state)
{
    (void)state;
    const char *names[] = {"f32", "f16", "bf16", "f64", "i64", "i32", "i16", "i8", "u8", "bool"};
    for (int i = 0; i < 10; i++) {
        char text[64];
        snprintf(text, sizeof text, "x:2:%s", names[i]);
        ltb_input_spec s = parse_ok(text);
        assert_int_equal((int)s.dtype, i);
        assert_string_equal(ltb_dtype_name(s.dtype), names[i]);
    }
}

static void files_and_npz_entries(void **state)
{
    (void)state;
    ltb_input_spec s = parse_ok("x=@/tmp/a b/x.npy");
    assert_true(s.from_file);
    assert_string_equal(s.file, "/tmp/a b/x.npy");
    assert_string_equal(s.entry, "");
    s = parse_ok("ids=@in.npz:token_ids");
    assert_string_equal(s.file, "in.npz");
    assert_string_equal(s.entry, "token_ids");
    s = parse_ok("ids=@saved.pt");
    assert_string_equal(s.file, "saved.pt");
}

static void malformed_specs_refused(void **state)
{
    (void)state;
    refused("", "NAME");
    refused(":Nx3", "NAME");
    refused("x", "expected NAME:DIMS");
    refused("x-y:3", "NAME");
    refused("x:3xN", "first dimension");
    refused("x:0", "not N");
    refused("x:3x", "not N");
    refused("x:{1,2", "braces");
    refused("x:{1,{2}}", "braces");
    refused("x:{}", "in {..}");
    refused("x:{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}", "at most");
    refused("x:1x1x1x1x1x1x1x1x1", "at most 8");
    refused("x:3:f33", "DTYPE 'f33'");
    refused("x:3:i64:5", "LOW,HIGH");
    refused("x:3:i64:5,5", "empty");
    refused("x:3:u8:0,300", "does not fit");
    refused("x:3:i32:0.5,3", "integers");
    refused("x:3:f32:0,inf", "LOW,HIGH");
    refused("x=@", "FILE");
    refused("x=@a.npz:", "entry");
    refused("x:99999999999", "not N");
}

static void too_long_refused(void **state)
{
    (void)state;
    char text[LTB_SPEC_MAX_LEN + 10];
    memset(text, '1', sizeof text - 1);
    text[0] = 'x', text[1] = ':';
    text[sizeof text - 1] = '\0';
    refused(text, "longer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generated_with_batch_and_dtype), cmocka_unit_test(sweep_dims_and_defaults),
        cmocka_unit_test(scalar_and_float_range),        cmocka_unit_test(every_dtype_name),
        cmocka_unit_test(files_and_npz_entries),         cmocka_unit_test(malformed_specs_refused),
        cmocka_unit_test(too_long_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
