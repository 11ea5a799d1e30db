/* test_driver_shapes.c — the driver's shape axis (`run`'s {..} dims) with a real
 * callback target: every shape x batch x concurrency x repetition level runs, in that
 * order, each shape prepared before its batches, each level labelled with its shape;
 * a shape that cannot be prepared skips its levels with the reason; the tensor
 * workload's shape combinations (input_spec + workload_tensors) in mixed radix. */
#include "testutil.h"
#include "driver.h"
#include "input_spec.h"
#include "workload_tensors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct shape_log {
    int calls[64];             /* prepare_shape(s) then prepare_batch(b): s * 100 + b */
    int n;
    int shape;
    int fail_shape;            /* this shape's prepare fails (-1: none) */
} shape_log;

static int prepare_shape(ltb_workload *w, int shape, char *err, size_t errlen)
{
    shape_log *l = w->self;
    l->shape = shape;
    if (shape == l->fail_shape) {
        snprintf(err, errlen, "shape %d refused", shape);
        return -1;
    }
    return 0;
}

static int prepare_batch(ltb_workload *w, int batch, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    shape_log *l = w->self;
    l->calls[l->n++] = l->shape * 100 + batch;
    return 0;
}

static const char *shape_name(const ltb_workload *w, int shape)
{
    (void)w;
    static const char *names[] = {"x.1=4", "x.1=8", "x.1=16"};
    return names[shape];
}

static void fill(ltb_workload *w, int64_t id, int batch, ltb_request *req)
{
    (void)w, (void)id, (void)batch;
    req->sample = 0;
}

static int ok(const ltb_request *req, ltb_result *res, void *user)
{
    (void)req, (void)res, (void)user;
    return 0;
}

static ltb_sample_info kSample = {.name = "s"};

static void run_shapes(shape_log *l, ltb_run *run)
{
    ltb_workload w = {.self = l, .n_samples = 1, .samples = &kSample, .prepare_batch = prepare_batch,
                      .fill = fill, .n_shapes = 3, .prepare_shape = prepare_shape,
                      .shape_name = shape_name};
    ltb_target t;
    ltb_target_callback(&t, ok, NULL);
    ltb_config c;
    ltb_config_defaults(&c);
    c.concurrency[0] = 1, c.concurrency[1] = 2, c.n_concurrency = 2;
    c.batch[0] = 1, c.batch[1] = 3, c.n_batch = 2;
    c.iterations = 2;
    c.warmup = 0;
    c.output_dir = NULL;
    char err[256];
    assert_int_equal(ltb_drive(&c, &w, &t, run, err, sizeof err), 0);
}

static void every_shape_batch_concurrency(void **state)
{
    (void)state;
    shape_log l = {.fail_shape = -1};
    ltb_run *run = calloc(1, sizeof *run);
    run_shapes(&l, run);
    assert_int_equal(run->n_levels, 3 * 2 * 2);
    const int want_calls[] = {1, 3, 101, 103, 201, 203};
    assert_int_equal(l.n, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(l.calls[i], want_calls[i]);
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *lv = &run->levels[i];
        assert_int_equal(lv->shape, i / 4);
        assert_string_equal(lv->shape_name, shape_name(NULL, i / 4));
        assert_int_equal(lv->batch, (i / 2) % 2 ? 3 : 1);
        assert_int_equal(lv->concurrency, i % 2 ? 2 : 1);
        assert_false(lv->skipped);
        assert_int_equal(lv->n_records, 2);
    }
    ltb_run_free(run);
    free(run);
}

static void unprepared_shape_skips_its_levels(void **state)
{
    (void)state;
    shape_log l = {.fail_shape = 1};
    ltb_run *run = calloc(1, sizeof *run);
    run_shapes(&l, run);
    assert_int_equal(run->n_levels, 12);
    for (int i = 0; i < 12; i++) {
        assert_int_equal(run->levels[i].skipped, i / 4 == 1);
        if (i / 4 == 1)
            assert_non_null(strstr(run->levels[i].note, "shape 1 refused"));
    }
    ltb_run_free(run);
    free(run);
}

static void tensor_workload_combinations(void **state)
{
    (void)state;
    ltb_input_spec a, b;
    char err[256];
    assert_int_equal(ltb_input_spec_parse("ids:Nx{4,8}:i64:0,5", &a, err, sizeof err), 0);
    assert_int_equal(ltb_input_spec_parse("mask:{1,2,3}xN:bool", &b, err, sizeof err), -1);   /* N first only */
    assert_int_equal(ltb_input_spec_parse("mask:{1,2,3}x2:bool", &b, err, sizeof err), 0);
    ltb_tensor_input in[2];
    memset(in, 0, sizeof in);
    const ltb_input_spec *specs[2] = {&a, &b};
    for (int i = 0; i < 2; i++) {
        snprintf(in[i].name, sizeof in[i].name, "%s", specs[i]->name);
        in[i].arg = i;
        in[i].dtype = specs[i]->dtype;
        in[i].ndim = specs[i]->ndim;
        memcpy(in[i].dims, specs[i]->dims, sizeof in[i].dims);
        in[i].has_range = specs[i]->has_range, in[i].low = specs[i]->low, in[i].high = specs[i]->high;
    }
    ltb_workload w;
    assert_int_equal(ltb_workload_tensors(&w, in, 2, 7, err, sizeof err), 0);
    assert_int_equal(w.n_shapes, 6);
    assert_string_equal(w.shape_name(&w, 0), "ids.1=4 mask.0=1");
    assert_string_equal(w.shape_name(&w, 1), "ids.1=4 mask.0=2");
    assert_string_equal(w.shape_name(&w, 5), "ids.1=8 mask.0=3");
    assert_int_equal(w.prepare_shape(&w, 4, err, sizeof err), 0);   /* ids 8, mask 2 */
    assert_int_equal(w.prepare_batch(&w, 3, err, sizeof err), 0);
    int n;
    const ltb_level_tensor *lv = ltb_workload_tensors_level(&w, &n);
    assert_int_equal(n, 2);
    assert_int_equal(lv[0].shape[0], 3);
    assert_int_equal(lv[0].shape[1], 8);
    assert_int_equal(lv[0].bytes, 3 * 8 * 8);
    const int64_t *ids = lv[0].data;
    for (int i = 0; i < 24; i++)
        assert_true(ids[i] >= 0 && ids[i] < 5);
    assert_int_equal(lv[1].shape[0], 2);
    assert_int_equal(lv[1].shape[1], 2);
    assert_string_equal(ltb_workload_tensors_shape_tag(&w), "_ids.1-8_mask.0-2");
    /* the same seed gives the same values */
    int64_t first[24];
    memcpy(first, ids, sizeof first);
    assert_int_equal(w.prepare_batch(&w, 3, err, sizeof err), 0);
    lv = ltb_workload_tensors_level(&w, &n);
    assert_memory_equal(lv[0].data, first, sizeof first);
    ltb_workload_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_shape_batch_concurrency),
        cmocka_unit_test(unprepared_shape_skips_its_levels),
        cmocka_unit_test(tensor_workload_combinations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
