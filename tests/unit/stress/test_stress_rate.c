/* test_stress_rate.c — `stress --rate-ramp FROM:TO`: the offered rate ramps linearly
 * from FROM to TO over the ramp-up (the whole duration when the ramp-up is 0), then
 * holds TO; off (0) without a ramp. */
#include "testutil.h"

#include "stress.h"

static void the_rate_ramps_then_holds(void **state)
{
    (void)state;
    ltb_stress_options o = {.duration_s = 10, .ramp_up_s = 4, .sample_interval_s = 1,
                            .max_concurrency = 8, .rate_from = 10, .rate_to = 50};
    assert_float_equal(ltb_stress_rate_at(&o, 0), 10, 1e-12);
    assert_float_equal(ltb_stress_rate_at(&o, 1), 20, 1e-12);
    assert_float_equal(ltb_stress_rate_at(&o, 2), 30, 1e-12);
    assert_float_equal(ltb_stress_rate_at(&o, 4), 50, 1e-12);
    assert_float_equal(ltb_stress_rate_at(&o, 9), 50, 1e-12);
    assert_float_equal(ltb_stress_rate_at(&o, -1), 10, 1e-12);   /* before the start */
    o.ramp_up_s = 0;                                             /* over the whole test */
    assert_float_equal(ltb_stress_rate_at(&o, 5), 30, 1e-12);
    o.rate_from = 80, o.rate_to = 20;                            /* ramps down too */
    assert_float_equal(ltb_stress_rate_at(&o, 5), 50, 1e-12);
    o.rate_to = 0;                                               /* off */
    assert_float_equal(ltb_stress_rate_at(&o, 5), 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_rate_ramps_then_holds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
