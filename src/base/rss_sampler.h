/* rss_sampler.h — a background thread that samples the process's resident memory
 * (/proc/self/statm) while a level runs: peak and average in MB. The peak is the
 * kernel's high-water mark, reset at the start, where /proc/self/clear_refs allows it
 * (then a sample every 250 ms, or interval_ms when longer, for the average); else the
 * largest sample, every interval_ms for the first second, then every 100 ms. */
#ifndef LTB_RSS_SAMPLER_H
#define LTB_RSS_SAMPLER_H

#include <pthread.h>

typedef struct rss_sampler {
    pthread_t thread;
    int running;
    volatile int stop;
    int interval_ms;
    double peak_mb, sum_mb;
    long samples;
    int fd;                      /* /proc/self/statm, open while sampling (-1: none) */
    int exact_peak;              /* the peak is the kernel's reset high-water mark */
} rss_sampler;

/* Current resident set size in MB, or -1 when unknown. */
double rss_current_mb(void);
int rss_sampler_start(rss_sampler *s, int interval_ms);
/* Stops the thread; peak/avg include one last sample. */
void rss_sampler_stop(rss_sampler *s, double *peak_mb, double *avg_mb);
#endif
