/* test_duration_parse.c — durations on the command line: 90, 90s, 500ms, 5m, 1h,
 * decimals; everything else is refused with a message naming the option. */
#include "testutil.h"

#include "duration_parse.h"

#include <string.h>

static double parsed(const char *s)
{
    double v = -1;
    char err[256] = "";
    if (ltb_parse_duration("--duration", s, 0, 1e9, &v, err, sizeof err) != 0)
        fail_msg("'%s' refused: %s", s, err);
    return v;
}

static void refused(const char *s, double lo, double hi)
{
    double v = 12345;
    char err[256] = "";
    assert_int_equal(ltb_parse_duration("--ramp-up", s, lo, hi, &v, err, sizeof err), -1);
    assert_true(v == 12345);
    assert_non_null(strstr(err, "--ramp-up"));
}

static void units(void **state)
{
    (void)state;
    assert_true(parsed("90") == 90);
    assert_true(parsed("90s") == 90);
    assert_true(parsed("500ms") == 0.5);
    assert_true(parsed("5m") == 300);
    assert_true(parsed("5min") == 300);
    assert_true(parsed("1h") == 3600);
    assert_true(parsed("1.5m") == 90);
    assert_true(parsed("0") == 0);
    assert_true(parsed("0.25s") == 0.25);
}

static void bad_text_is_refused(void **state)
{
    (void)state;
    refused("", 0, 1e9);
    refused("s", 0, 1e9);
    refused("5x", 0, 1e9);
    refused("5 m", 0, 1e9);
    refused("-3s", 0, 1e9);
    refused("+3s", 0, 1e9);
    refused("nan", 0, 1e9);
    refused("inf", 0, 1e9);
    refused("1hh", 0, 1e9);
    refused("10sec", 0, 1e9);
}

static void range_is_checked_after_the_unit(void **state)
{
    (void)state;
    refused("2h", 0, 3600);
    refused("5ms", 0.01, 60);
    double v;
    char err[128];
    assert_int_equal(ltb_parse_duration("--x", "60m", 0, 3600, &v, err, sizeof err), 0);
    assert_true(v == 3600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(units),
        cmocka_unit_test(bad_text_is_refused),
        cmocka_unit_test(range_is_checked_after_the_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
