/* histogram.c — the log-bucketed latency histogram (see histogram.h). */
#include "histogram.h"

#include <math.h>
#include <string.h>

#define LOAD(x) atomic_load_explicit(&(x), memory_order_relaxed)
#define STORE(x, v) atomic_store_explicit(&(x), (v), memory_order_relaxed)

void ltb_hist_init(ltb_histogram *h)
{
    for (int i = 0; i < LTB_HIST_BUCKETS; i++)
        atomic_init(&h->counts[i], 0);
    atomic_init(&h->n, 0);
    atomic_init(&h->sum_ns, 0);
    atomic_init(&h->min_ns, UINT64_MAX);
    atomic_init(&h->max_ns, 0);
}

int ltb_hist_bucket(uint64_t ns)
{
    if ((double)ns < LTB_HIST_MIN_NS * LTB_HIST_RATIO)
        return 0;
    int b = (int)floor(log((double)ns / LTB_HIST_MIN_NS) / log(LTB_HIST_RATIO));
    return b >= LTB_HIST_BUCKETS ? LTB_HIST_BUCKETS - 1 : b;
}

double ltb_hist_bucket_low_ns(int bucket)
{
    return LTB_HIST_MIN_NS * pow(LTB_HIST_RATIO, bucket);
}

/* Single writer: a relaxed load + store is an atomic increment for readers. */
void ltb_hist_record(ltb_histogram *h, uint64_t ns)
{
    int b = ltb_hist_bucket(ns);
    STORE(h->counts[b], LOAD(h->counts[b]) + 1);
    STORE(h->sum_ns, LOAD(h->sum_ns) + ns);
    if (ns < LOAD(h->min_ns))
        STORE(h->min_ns, ns);
    if (ns > LOAD(h->max_ns))
        STORE(h->max_ns, ns);
    STORE(h->n, LOAD(h->n) + 1);
}

void ltb_hist_merge(ltb_histogram *dst, const ltb_histogram *src)
{
    ltb_histogram *s = (ltb_histogram *)src; /* relaxed loads only */
    for (int i = 0; i < LTB_HIST_BUCKETS; i++) {
        uint64_t c = LOAD(s->counts[i]);
        if (c)
            STORE(dst->counts[i], LOAD(dst->counts[i]) + c);
    }
    STORE(dst->n, LOAD(dst->n) + LOAD(s->n));
    STORE(dst->sum_ns, LOAD(dst->sum_ns) + LOAD(s->sum_ns));
    if (LOAD(s->min_ns) < LOAD(dst->min_ns))
        STORE(dst->min_ns, LOAD(s->min_ns));
    if (LOAD(s->max_ns) > LOAD(dst->max_ns))
        STORE(dst->max_ns, LOAD(s->max_ns));
}

void ltb_hist_window(ltb_histogram *out, const ltb_histogram *now, const ltb_histogram *before)
{
    ltb_histogram *a = (ltb_histogram *)now, *b = (ltb_histogram *)before;
    ltb_hist_init(out);
    uint64_t n = 0;
    int first = -1, last = -1;
    for (int i = 0; i < LTB_HIST_BUCKETS; i++) {
        uint64_t c = LOAD(a->counts[i]) - LOAD(b->counts[i]);
        STORE(out->counts[i], c);
        n += c;
        if (c && first < 0)
            first = i;
        if (c)
            last = i;
    }
    STORE(out->n, n);
    STORE(out->sum_ns, LOAD(a->sum_ns) - LOAD(b->sum_ns));
    if (n) {
        STORE(out->min_ns, (uint64_t)ltb_hist_bucket_low_ns(first));
        STORE(out->max_ns, (uint64_t)ltb_hist_bucket_low_ns(last + 1));
    }
}

uint64_t ltb_hist_count(const ltb_histogram *h)
{
    return LOAD(((ltb_histogram *)h)->n);
}

/* The geometric middle of a bucket: within sqrt(RATIO)-1 (0.5%) of any value in it. */
static double bucket_middle_ns(int b)
{
    return ltb_hist_bucket_low_ns(b) * sqrt(LTB_HIST_RATIO);
}

double ltb_hist_percentile_ms(const ltb_histogram *hc, double q)
{
    ltb_histogram *h = (ltb_histogram *)hc;
    uint64_t n = 0;
    for (int i = 0; i < LTB_HIST_BUCKETS; i++)
        n += LOAD(h->counts[i]);
    if (n == 0)
        return 0;
    double r = floor(q * (double)n);
    uint64_t rank = r < 0 ? 0 : (uint64_t)r;
    if (rank > n - 1)
        rank = n - 1;
    uint64_t seen = 0;
    int b = LTB_HIST_BUCKETS - 1;
    for (int i = 0; i < LTB_HIST_BUCKETS; i++) {
        seen += LOAD(h->counts[i]);
        if (seen > rank) {
            b = i;
            break;
        }
    }
    double v = bucket_middle_ns(b);
    double lo = (double)LOAD(h->min_ns), hi = (double)LOAD(h->max_ns);
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return v / 1e6;
}

double ltb_hist_mean_ms(const ltb_histogram *h)
{
    uint64_t n = ltb_hist_count(h);
    return n ? (double)LOAD(((ltb_histogram *)h)->sum_ns) / (double)n / 1e6 : 0;
}

double ltb_hist_min_ms(const ltb_histogram *h)
{
    return ltb_hist_count(h) ? (double)LOAD(((ltb_histogram *)h)->min_ns) / 1e6 : 0;
}

double ltb_hist_max_ms(const ltb_histogram *h)
{
    return ltb_hist_count(h) ? (double)LOAD(((ltb_histogram *)h)->max_ns) / 1e6 : 0;
}
