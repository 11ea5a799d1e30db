/* test_gpu_telemetry.c — the GPU measurement pieces that need no GPU: NVML loading
 * when the library is absent or is not NVML (one-line reasons, nothing crashes),
 * throttle reasons, folding NVML samples into a level's energy, power, clocks and
 * throttle flag, device names, and a CPU level measuring nothing. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "gpu_level.h"
#include "gpu_telemetry.h"
#include "metrics.h"
#include "nvml.h"

#include <stdlib.h>
#include <string.h>

static void nvml_absent_gives_a_one_line_reason(void **state)
{
    (void)state;
    char why[256] = "";
    setenv("LTBENCH_NVML_LIB", "/nonexistent/libnvidia-ml.so.1", 1);
    assert_null(ltb_nvml_open(NULL, 0, why, sizeof why));
    assert_non_null(strstr(why, "cannot load /nonexistent/libnvidia-ml.so.1"));
    assert_true(tu_is_one_line(why));
    unsetenv("LTBENCH_NVML_LIB");
}

static void a_library_that_is_not_nvml_is_refused(void **state)
{
    (void)state;
    char why[256] = "";
    setenv("LTBENCH_NVML_LIB", "libm.so.6", 1);   /* loads, but has no NVML entry points */
    assert_null(ltb_nvml_open("0000:3b:00.0", 0, why, sizeof why));
    assert_non_null(strstr(why, "libm.so.6 is not NVML (no nvmlInit_v2"));
    unsetenv("LTBENCH_NVML_LIB");
}

static void throttle_reasons_are_named(void **state)
{
    (void)state;
    char text[96];
    assert_false(ltb_nvml_throttled(0x1));          /* idle */
    assert_false(ltb_nvml_throttled(0x2 | 0x100));  /* application / display clock settings */
    assert_true(ltb_nvml_throttled(0x4));
    assert_true(ltb_nvml_throttled(0x40));
    ltb_nvml_throttle_text(0x4 | 0x40 | 0x1, text, sizeof text);
    assert_string_equal(text, "sw power cap, hw thermal slowdown");
    ltb_nvml_throttle_text(0, text, sizeof text);
    assert_string_equal(text, "");
    ltb_nvml_throttle_text(0xfc, text, 12);         /* cut to the buffer, still terminated */
    assert_true(strlen(text) < 12);
}

static ltb_nvml_sample sample(double watts, double energy_mj, unsigned long long reasons)
{
    ltb_nvml_sample s = {.power_w = watts, .temp_c = 50 + watts / 100, .sm_clock_mhz = 1980,
                         .mem_clock_mhz = 2619, .gpu_util_pct = 90, .energy_mj = energy_mj,
                         .throttle_reasons = reasons, .throttle_known = 1};
    return s;
}

static void samples_fold_into_energy_power_and_throttling(void **state)
{
    (void)state;
    ltb_telemetry_sums s;
    ltb_telemetry_sums_init(&s);
    const uint64_t SEC = 1000000000ULL;
    ltb_nvml_sample a = sample(300, 1000000, 0x1), b = sample(500, 1400000, 0x4), c = sample(400, 1800000, 0);
    ltb_telemetry_sums_add(&s, &a, 10 * SEC);
    ltb_telemetry_sums_add(&s, &b, 11 * SEC);
    ltb_telemetry_sums_add(&s, &c, 12 * SEC);
    ltb_gpu_metrics g;
    ltb_gpu_metrics_none(&g);
    ltb_telemetry_sums_finish(&s, &g);
    assert_int_equal(g.samples, 3);
    assert_float_equal(g.energy_j, 800.0, 1e-9);            /* the counter: 1.8e6 - 1.0e6 mJ */
    assert_float_equal(g.avg_power_w, 400.0, 1e-9);
    assert_float_equal(g.max_power_w, 500.0, 1e-9);
    assert_float_equal(g.max_temp_c, 55.0, 1e-9);
    assert_float_equal(g.avg_sm_clock_mhz, 1980.0, 1e-9);
    assert_float_equal(g.avg_util_pct, 90.0, 1e-9);
    assert_int_equal(g.throttled, 1);
    assert_string_equal(g.throttle_reasons, "sw power cap");

    /* no energy counter (older GPUs): power integrated over time, trapezoids */
    ltb_telemetry_sums_init(&s);
    a.energy_mj = b.energy_mj = c.energy_mj = -1;
    a.throttle_reasons = b.throttle_reasons = c.throttle_reasons = 0x1;
    ltb_telemetry_sums_add(&s, &a, 10 * SEC);
    ltb_telemetry_sums_add(&s, &b, 11 * SEC);
    ltb_telemetry_sums_add(&s, &c, 13 * SEC);
    ltb_gpu_metrics_none(&g);
    ltb_telemetry_sums_finish(&s, &g);
    assert_float_equal(g.energy_j, 400.0 + 900.0, 1e-9);    /* (300+500)/2*1 + (500+400)/2*2 */
    assert_int_equal(g.throttled, 0);

    /* samples without power: energy stays unknown */
    ltb_telemetry_sums_init(&s);
    ltb_nvml_sample blank = {.power_w = -1, .temp_c = -1, .sm_clock_mhz = -1, .mem_clock_mhz = -1,
                             .gpu_util_pct = -1, .energy_mj = -1};
    ltb_telemetry_sums_add(&s, &blank, SEC);
    ltb_gpu_metrics_none(&g);
    ltb_telemetry_sums_finish(&s, &g);
    assert_true(g.energy_j < 0);
    assert_true(g.avg_power_w < 0);
    assert_true(g.avg_sm_clock_mhz < 0);
}

static void cuda_device_names_parse(void **state)
{
    (void)state;
    assert_int_equal(ltb_cuda_index("cuda"), 0);
    assert_int_equal(ltb_cuda_index("cuda:3"), 3);
    assert_int_equal(ltb_cuda_index("cpu"), -1);
    assert_int_equal(ltb_cuda_index("remote"), -1);
    assert_int_equal(ltb_cuda_index("cuda:x"), -1);
    assert_int_equal(ltb_cuda_index(NULL), -1);
}

static void a_cpu_level_measures_nothing(void **state)
{
    (void)state;
    ltb_gpu_level g;
    ltb_metrics m;
    memset(&m, 0, sizeof m);
    m.gpu_mem_mb = -1;
    ltb_gpu_metrics_none(&m.gpu);
    ltb_gpu_level_begin(&g, "cpu", 1);
    ltb_gpu_level_timed(&g, 1);
    ltb_gpu_level_end(&g, &m);
    assert_true(m.gpu_mem_mb < 0);
    assert_int_equal(m.gpu.samples, 0);
    assert_true(m.gpu.mem_peak_reserved_mb < 0);
    char why[256];
    assert_null(ltb_gpu_nvml(-1, 1, why, sizeof why));
}

static void measured_numbers_join_the_request_times(void **state)
{
    (void)state;
    ltb_gpu_metrics from_records, measured;
    ltb_gpu_metrics_none(&from_records);
    ltb_gpu_metrics_none(&measured);
    from_records.compute.n = 5;
    from_records.compute.mean = 2.0;
    from_records.mean_enqueue_ms = 0.5;
    measured.energy_j = 30.0;
    measured.mem_peak_allocated_mb = 100.0;
    ltb_gpu_measured_copy(&from_records, &measured, 60.0);
    assert_int_equal((int)from_records.compute.n, 5);          /* kept */
    assert_float_equal(from_records.mean_enqueue_ms, 0.5, 1e-12);
    assert_float_equal(from_records.mem_peak_allocated_mb, 100.0, 1e-12);
    assert_float_equal(from_records.joules_per_item, 0.5, 1e-12);   /* 30 J / 60 images */
    measured.energy_j = -1;
    ltb_gpu_measured_copy(&from_records, &measured, 60.0);
    assert_true(from_records.joules_per_item < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nvml_absent_gives_a_one_line_reason),
        cmocka_unit_test(a_library_that_is_not_nvml_is_refused),
        cmocka_unit_test(throttle_reasons_are_named),
        cmocka_unit_test(samples_fold_into_energy_power_and_throttling),
        cmocka_unit_test(cuda_device_names_parse),
        cmocka_unit_test(a_cpu_level_measures_nothing),
        cmocka_unit_test(measured_numbers_join_the_request_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
