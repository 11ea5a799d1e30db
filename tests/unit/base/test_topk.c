/* test_topk.c — top-k selection: order, ties, k > n, NaN. */
#include "testutil.h"
#include "topk.h"

#include <math.h>

static void picks_highest_first(void **state)
{
    (void)state;
    float v[] = {0.1f, 5.0f, -2.0f, 3.0f, 4.0f, 3.5f, 0.0f};
    int32_t ids[5];
    float top[5];
    assert_int_equal(ltb_topk(v, 7, 5, ids, top), 5);
    int32_t want[] = {1, 4, 5, 3, 0};
    for (int i = 0; i < 5; i++)
        assert_int_equal(ids[i], want[i]);
    assert_true(top[0] == 5.0f && top[4] == 0.1f);
}

static void ties_prefer_lower_id_and_k_is_capped(void **state)
{
    (void)state;
    float v[] = {1.0f, 2.0f, 2.0f};
    int32_t ids[5];
    float top[5];
    assert_int_equal(ltb_topk(v, 3, 5, ids, top), 3);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 0);
}

static void nan_ranks_last(void **state)
{
    (void)state;
    float v[] = {NAN, 1.0f, NAN, 0.5f};
    int32_t ids[2];
    float top[2];
    assert_int_equal(ltb_topk(v, 4, 2, ids, top), 2);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picks_highest_first),
        cmocka_unit_test(ties_prefer_lower_id_and_k_is_capped),
        cmocka_unit_test(nan_ranks_last),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
