/* run_metrics.c — the metrics of a finished run, computed after the driver returns
 * (the driver only runs and records), and ltb_run_benchmark: the driver, then these. */
#include "driver.h"
#include "metrics.h"
#include "slo_search.h"

/* The level's metrics from its records; what the driver measured around the records
 * (memory, GPU telemetry) is kept. */
static void compute_metrics(const ltb_run *run, ltb_level *lvl)
{
    ltb_metrics measured = lvl->metrics;
    const ltb_config *cfg = &run->config;
    if (cfg->task == LTB_TASK_TTS)
        ltb_metrics_tts(lvl->records, lvl->n_records, lvl->concurrency, run->samples,
                        run->n_samples, &lvl->metrics);
    else if (cfg->task == LTB_TASK_LLM)
        ltb_metrics_llm(lvl->records, lvl->n_records, lvl->concurrency, lvl->batch,
                        ltb_llm_level_prompt(cfg, lvl), ltb_llm_level_gen(cfg, lvl), &lvl->metrics);
    else if (cfg->task == LTB_TASK_GENERATE)
        ltb_metrics_generate(lvl->records, lvl->n_records, lvl->concurrency, lvl->batch, cfg,
                             run->samples, run->n_samples, &lvl->metrics);
    else
        ltb_metrics_image(lvl->records, lvl->n_records, lvl->concurrency, lvl->batch,
                          cfg->width, cfg->height, run->samples, run->n_samples, &lvl->metrics);
    lvl->metrics.peak_rss_mb = measured.peak_rss_mb;
    lvl->metrics.avg_rss_mb = measured.avg_rss_mb;
    lvl->metrics.gpu_mem_mb = measured.gpu_mem_mb;
    lvl->metrics.timed_cpu_s = measured.timed_cpu_s;
    lvl->metrics.cpu_ms_per_request = measured.timed_cpu_s > 0 && lvl->n_records > 0
                                          ? measured.timed_cpu_s * 1000.0 / (double)lvl->n_records
                                          : -1;
    double items = cfg->task == LTB_TASK_TTS ? lvl->metrics.total_audio_s : lvl->metrics.total_images;
    ltb_gpu_measured_copy(&lvl->metrics.gpu, &measured.gpu, items);
    if (lvl->rate > 0)
        ltb_metrics_rate(lvl->records, lvl->n_records, lvl->rate, &lvl->metrics.rate);
}

void ltb_run_metrics(ltb_run *run)
{
    for (int i = 0; i < run->n_levels; i++)
        compute_metrics(run, &run->levels[i]);
    /* the repetitions of one (batch, concurrency) point are consecutive levels */
    for (int first = 0; first < run->n_levels;) {
        int end = first + 1;
        while (end < run->n_levels && run->levels[end].batch == run->levels[first].batch &&
               run->levels[end].concurrency == run->levels[first].concurrency &&
               run->levels[end].rate == run->levels[first].rate &&
               run->levels[end].shape == run->levels[first].shape &&
               run->levels[end].repetition > run->levels[end - 1].repetition)
            end++;
        ltb_repetition_stats(&run->levels[first], end - first, run->config.task);
        first = end;
    }
}

int ltb_run_benchmark(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_run *run,
                      char *err, size_t errlen)
{
    if (cfg->slo_ms > 0)
        return ltb_slo_search(cfg, w, t, run, err, errlen);
    if (ltb_drive(cfg, w, t, run, err, errlen) != 0)
        return -1;
    ltb_run_metrics(run);
    return 0;
}
