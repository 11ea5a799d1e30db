/* benchmark_my_function.c — the README's library example: benchmark your own C
 * function with ltbench's driver, metrics and reports (the way the seed's users
 * passed a Python function). Build against libltbench; run:
 *   benchmark_my_function [output-dir]                                          */
#include <ltbench.h>

#include <stdio.h>

/* "My classifier": the brightest channel of the image wins. */
static int my_classifier(const ltb_request *req, ltb_result *res, void *user)
{
    (void)user;
    size_t plane = (size_t)req->height * (size_t)req->width;
    double sums[3] = {0, 0, 0};
    for (int c = 0; c < 3; c++)
        for (size_t i = 0; i < plane; i++)
            sums[c] += req->pixels[(size_t)c * plane + i];
    int best = sums[1] > sums[0] ? 1 : 0;
    best = sums[2] > sums[best] ? 2 : best;
    res->topk_n = 1;
    res->topk_ids[0] = best;
    res->topk_scores[0] = (float)(sums[best] / (double)plane);
    return 0;                                   /* non-zero = failed request */
}

int main(int argc, char **argv)
{
    char err[256];
    ltb_config cfg;
    ltb_config_defaults(&cfg);
    cfg.name = "my_classifier";
    cfg.model_name = "my_classifier";
    cfg.output_dir = argc > 1 ? argv[1] : "my_results";
    cfg.concurrency[0] = 1;
    cfg.concurrency[1] = 2;
    cfg.n_concurrency = 2;
    cfg.iterations = 40;

    ltb_workload images;                        /* 8 seeded 224x224 images */
    if (ltb_workload_synthetic_images(&images, 8, 224, 224, cfg.seed, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    ltb_target target;
    ltb_target_callback(&target, my_classifier, NULL);

    static ltb_run run;
    int rc = ltb_run_benchmark(&cfg, &images, &target, &run, err, sizeof err);
    if (rc == 0)
        rc = ltb_write_reports(&run, stdout, err, sizeof err);   /* table, CSV, JSON */
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    ltb_run_free(&run);
    ltb_workload_free(&images);
    return rc == 0 ? 0 : 1;
}
