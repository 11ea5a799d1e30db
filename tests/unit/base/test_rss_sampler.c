/* test_rss_sampler.c — the level's memory: a peak between two samples is still the
 * peak (the kernel's high-water mark, reset at the start), a peak from before the
 * start is not, and the average stays within [first sample, peak]. */
#define _DEFAULT_SOURCE
#include "testutil.h"
#include "rss_sampler.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define BURST_MB 96

/* Maps, touches and unmaps BURST_MB: the resident size rises and falls at once. */
static void burst(void)
{
    size_t bytes = (size_t)BURST_MB << 20;
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(p != MAP_FAILED);
    memset(p, 1, bytes);
    munmap(p, bytes);
}

static void a_peak_between_samples_is_the_peak(void **state)
{
    (void)state;
    burst();   /* before the start: must not count */
    double before = rss_current_mb();
    assert_true(before > 0);
    rss_sampler s;
    assert_int_equal(rss_sampler_start(&s, 1000), 0);   /* no sample for a second */
    double peak, avg;
    rss_sampler_stop(&s, &peak, &avg);
    if (!s.exact_peak)
        skip();   /* /proc/self/clear_refs is not writable here */
    /* nothing happened during the level: the burst before it is not its peak */
    assert_true(peak < before + BURST_MB / 2);
    assert_int_equal(rss_sampler_start(&s, 1000), 0);
    burst();
    rss_sampler_stop(&s, &peak, &avg);
    assert_true(peak >= before + BURST_MB * 0.9);
    assert_true(avg > 0 && avg <= peak);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_peak_between_samples_is_the_peak),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
