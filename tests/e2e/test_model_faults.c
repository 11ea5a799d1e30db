/* test_model_faults.c — a model that fails part-way through a sweep, through the
 * real CLI on real TorchScript fixtures (tests/unit/make_shim_fixtures.py): a
 * forward that raises for one batch size, and a batch too large for memory
 * (the allocation fails inside LibTorch). The failing levels count every request
 * as failed with the model's reason in the detailed CSV and a warning naming it;
 * the sweep goes on to the next level with correct numbers; exit code 1. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITERATIONS 4

typedef struct sweep {
    char *dir;
    cJSON *json;
    char *detailed;               /* the detailed CSV's text */
    tu_output out;
} sweep;

/* ltbench image on fixture `model` over batches (concurrency 1,2), expecting exit 1. */
static void run_sweep(const char *model, const char *batches, sweep *s)
{
    s->dir = tu_tempdir();
    char args[2048];
    snprintf(args, sizeof args,
             "image -m \"$LTBENCH_SHIM_FIXTURES/%s\" --synthetic 2 --width 32 --height 32 "
             "-b %s -c 1,2 -n %d --warmup 1 -o table,csv,json --no-plots --output-dir '%s' --name run",
             model, batches, ITERATIONS, s->dir);
    int code = tu_run_cli(args, &s->out);
    if (code != 1)
        fail_msg("ltbench %s\n  exit %d (want 1), stderr: %s", args, code, s->out.err);
    s->json = tu_read_json(s->dir, "run.json");
    char *path = tu_path(s->dir, "run_detailed.csv");
    s->detailed = tu_read_file(path);
    assert_non_null(s->detailed);
    free(path);
}

static void sweep_free(sweep *s)
{
    cJSON_Delete(s->json);
    free(s->detailed);
    tu_output_free(&s->out);
    free(s->dir);
}

static int occurrences(const char *text, const char *needle)
{
    int n = 0;
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
        n++;
    return n;
}

/* Every level of the sweep: those of bad_batch failed entirely with `reason`
 * (JSON records and metrics), the others ran every request with the right totals. */
static void check_levels(const sweep *s, int bad_batch, int n_levels, const char *reason)
{
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(s->json, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), n_levels);
    const cJSON *lvl;
    int bad_levels = 0;
    cJSON_ArrayForEach(lvl, levels) {
        int batch = (int)tu_json_number(lvl, "batch");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        const cJSON *records = cJSON_GetObjectItemCaseSensitive(lvl, "records");
        assert_int_equal(cJSON_GetArraySize(records), ITERATIONS);
        assert_int_equal((int)tu_json_number(m, "total_requests"), ITERATIONS);
        if (batch == bad_batch) {
            bad_levels++;
            assert_int_equal((int)tu_json_number(m, "failed_requests"), ITERATIONS);
            assert_int_equal((int)tu_json_number(m, "ok_requests"), 0);
            const cJSON *r;
            cJSON_ArrayForEach(r, records) {
                const cJSON *e = cJSON_GetObjectItemCaseSensitive(r, "error");
                assert_true(cJSON_IsString(e));
                if (!strstr(e->valuestring, reason))
                    fail_msg("batch %d: error '%s' does not say '%s'", batch, e->valuestring, reason);
            }
        } else {
            assert_int_equal((int)tu_json_number(m, "failed_requests"), 0);
            assert_int_equal((int)tu_json_number(m, "ok_requests"), ITERATIONS);
            assert_int_equal((int)tu_json_number(m, "total_images"), ITERATIONS * batch);
            double ips = tu_json_number(m, "ips"), wall = tu_json_number(m, "wall_s");
            assert_true(ips > 0);
            assert_float_equal(ips * wall, ITERATIONS * batch, 1e-6 * ITERATIONS * batch);
        }
    }
    assert_int_equal(bad_levels, 2);   /* at concurrency 1 and 2 */
    /* the detailed CSV: a row per request, the failed ones with the model's reason */
    char *path = tu_path(s->dir, "run_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(path), 1 + n_levels * ITERATIONS);
    free(path);
    assert_int_equal(occurrences(s->detailed, reason), 2 * ITERATIONS);
    /* the console names each failing level and why */
    char warning[128];
    snprintf(warning, sizeof warning, "b=%d: success rate 0.0%% is below 95%% (%d of %d failed; the first: ",
             bad_batch, ITERATIONS, ITERATIONS);
    assert_int_equal(occurrences(s->out.out, warning), 2);
}

static void a_forward_that_raises_for_one_batch_fails_that_level_only(void **state)
{
    (void)state;
    sweep s;
    run_sweep("fixture_fails_at_batch4.pt", "1,4,2", &s);
    check_levels(&s, 4, 6, "fixture refuses a batch of 4");
    sweep_free(&s);
}

/* Out of memory is found in the level's warm-up: the level is skipped with the reason
 * (no timed request would fare better, and on a GPU each would refill the allocator),
 * the console says so, the exit code shows it, and the next batch runs in full. */
static void a_batch_too_large_for_memory_is_reported_and_the_sweep_goes_on(void **state)
{
    (void)state;
    sweep s;
    run_sweep("fixture_oom_from_batch8.pt", "1,8,2", &s);
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(s.json, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 6);
    int skipped = 0;
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, levels) {
        int batch = (int)tu_json_number(lvl, "batch");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        const cJSON *records = cJSON_GetObjectItemCaseSensitive(lvl, "records");
        const cJSON *is_skipped = cJSON_GetObjectItemCaseSensitive(lvl, "skipped");
        if (batch == 8) {
            skipped++;
            assert_true(cJSON_IsTrue(is_skipped));
            const cJSON *note = cJSON_GetObjectItemCaseSensitive(lvl, "note");
            assert_true(cJSON_IsString(note));
            if (!strstr(note->valuestring, "out of memory at batch 8"))
                fail_msg("batch 8: note '%s' does not say it ran out of memory", note->valuestring);
            assert_int_equal(cJSON_GetArraySize(records), 0);
        } else {
            assert_false(cJSON_IsTrue(is_skipped));
            assert_int_equal(cJSON_GetArraySize(records), ITERATIONS);
            assert_int_equal((int)tu_json_number(m, "ok_requests"), ITERATIONS);
            double ips = tu_json_number(m, "ips"), wall = tu_json_number(m, "wall_s");
            assert_float_equal(ips * wall, ITERATIONS * batch, 1e-6 * ITERATIONS * batch);
        }
    }
    assert_int_equal(skipped, 2);   /* at concurrency 1 and 2 */
    assert_int_equal(occurrences(s.out.out, "b=8: skipped: out of memory at batch 8"), 2);
    sweep_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_forward_that_raises_for_one_batch_fails_that_level_only),
        cmocka_unit_test(a_batch_too_large_for_memory_is_reported_and_the_sweep_goes_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
