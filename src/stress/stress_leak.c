/* stress_leak.c — the leak verdict of a stress run. In the hold phase (windows
 * that start after the ramp-up) fit RSS against cumulative requests by least
 * squares: the slope is the memory kept per request. "possible leak" when the
 * slope is above LTB_LEAK_THRESHOLD_MB_PER_1K per 1000 requests AND memory rises
 * in each third of the hold phase (each third's own fit has a positive slope), so
 * one step (a cache filling up once) is not called a leak. Fewer than six hold
 * samples: "not enough data". */
#include "stress.h"

#include <string.h>

/* Least-squares slope of y over x; 0 when x does not vary. */
static double slope(const ltb_stress_sample *s, int n)
{
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
        mx += (double)s[i].total_requests;
        my += s[i].rss_mb;
    }
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0;
    for (int i = 0; i < n; i++) {
        double dx = (double)s[i].total_requests - mx;
        sxy += dx * (s[i].rss_mb - my);
        sxx += dx * dx;
    }
    return sxx > 0 ? sxy / sxx : 0;
}

void ltb_stress_leak_check(ltb_stress_result *r)
{
    ltb_leak_verdict *v = &r->leak;
    memset(v, 0, sizeof *v);
    v->threshold_mb_per_1k = LTB_LEAK_THRESHOLD_MB_PER_1K;
    v->verdict = "not enough data";
    int first = 0;
    while (first < r->n_samples &&
           r->samples[first].t_s - r->samples[first].window_s < r->options.ramp_up_s - 1e-9)
        first++;
    const ltb_stress_sample *hold = r->samples + first;
    int n = r->n_samples - first;
    v->hold_samples = n;
    if (n < 6)
        return;
    v->growth_mb_per_1k = slope(hold, n) * 1000.0;
    v->hold_growth_mb = hold[n - 1].rss_mb - hold[0].rss_mb;
    v->rising_in_each_third = 1;
    for (int k = 0; k < 3; k++) {
        int lo = n * k / 3, hi = n * (k + 1) / 3;
        v->third_slopes_mb_per_1k[k] = slope(hold + lo, hi - lo) * 1000.0;
        if (v->third_slopes_mb_per_1k[k] <= 0)
            v->rising_in_each_third = 0;
    }
    v->verdict = v->growth_mb_per_1k > v->threshold_mb_per_1k && v->rising_in_each_third
                     ? "possible leak"
                     : "no leak detected";
}
