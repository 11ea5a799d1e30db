/* cli_common.c — shared benchmark options and the combined getopt_long loop. */
#include "cli_common.h"
#include "cli_parse.h"
#include "cli_profile.h"
#include "cli_rate.h"
#include "profile_pass.h"
#include "paths.h"
#include "report_plots.h"
#include "thread_plan.h"

#include <string.h>

enum {
    OPT_WARMUP = 1000, OPT_TIMEOUT, OPT_DEVICE, OPT_PRECISION, OPT_SEED, OPT_NAME,
    OPT_OUTPUT_DIR, OPT_TARGET, OPT_INTEROP, OPT_OPTIMIZE, OPT_MIN_TIME, OPT_NO_PLOTS,
    OPT_CUDNN_BENCHMARK, OPT_DRAIN_TIMEOUT, OPT_PIN, OPT_RATE, OPT_ARRIVALS, OPT_SLO,
    OPT_PROFILE
};

static const struct option kCommon[] = {
    {"model", required_argument, NULL, 'm'},
    {"concurrency", required_argument, NULL, 'c'},
    {"iterations", required_argument, NULL, 'n'},
    {"warmup", required_argument, NULL, OPT_WARMUP},
    {"repetitions", required_argument, NULL, 'r'},
    {"min-time", required_argument, NULL, OPT_MIN_TIME},
    {"threads", required_argument, NULL, 't'},
    {"interop-threads", required_argument, NULL, OPT_INTEROP},
    {"pin", no_argument, NULL, OPT_PIN},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"drain-timeout", required_argument, NULL, OPT_DRAIN_TIMEOUT},
    {"device", required_argument, NULL, OPT_DEVICE},
    {"precision", required_argument, NULL, OPT_PRECISION},
    {"optimize", no_argument, NULL, OPT_OPTIMIZE},
    {"cudnn-benchmark", optional_argument, NULL, OPT_CUDNN_BENCHMARK},
    {"seed", required_argument, NULL, OPT_SEED},
    {"name", required_argument, NULL, OPT_NAME},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"output", required_argument, NULL, 'o'},
    {"target", required_argument, NULL, OPT_TARGET},
    {"quiet", no_argument, NULL, 'q'},
    {"no-plots", no_argument, NULL, OPT_NO_PLOTS},
    {"profile", optional_argument, NULL, OPT_PROFILE},
    {"help", no_argument, NULL, 'h'},
    {"rate", required_argument, NULL, OPT_RATE},
    {"arrivals", required_argument, NULL, OPT_ARRIVALS},
    {"slo", required_argument, NULL, OPT_SLO},
};
#define N_COMMON (sizeof kCommon / sizeof *kCommon)
#define MAX_OPTIONS 64

void cli_common_usage(FILE *out, const char *default_model)
{
    fprintf(out,
        "  -m, --model PATH[,PATH]   TorchScript file, or AOTInductor package (.pt2)\n"
        "                            (default: %s/%s); a list sweeps\n"
        "  -c, --concurrency LIST    workers per level, e.g. 1,2,4 (default 1,2,4)\n"
        "  -n, --iterations N        timed requests per level\n"
        "      --warmup N            warm-up requests per level (default max(5, concurrency);\n"
        "                            N > 0 is raised to the concurrency; 0 = none)\n"
        "  -r, --repetitions N       run each level N times; report mean +- stddev (default 1)\n"
        "      --min-time S          keep a level running until both the iterations and S\n"
        "                            seconds are done (like MLPerf LoadGen)\n"
        "  -t, --threads N|auto      intra-op threads per worker (default auto: at each\n"
        "                            level max(1, cores / concurrency), inter-op 1)\n"
        "      --pin                 pin worker w's threads to its own cores\n"
        "      --interop-threads N   inter-op threads\n"
        "      --timeout S           a request slower than S seconds fails (default 30)\n"
        "      --drain-timeout S     after Ctrl-C, wait at most S seconds for the requests\n"
        "                            in flight, then record them as interrupted (default 5)\n"
        "      --device LIST         cpu, cuda, cuda:N (default cpu); a list sweeps\n"
        "      --precision LIST      fp32, fp16, bf16 (default fp32); a list sweeps\n"
        "      --cudnn-benchmark[=0,1]  cuDNN autotuning on CUDA (=0,1 runs both)\n"
        "      --optimize            freeze + optimize_for_inference after loading\n"
        "      --seed N              seed of generated inputs (default 42)\n"
        "      --name NAME           base name of result files (default: model file name)\n"
        "      --output-dir DIR      where files go (default ltbench_results)\n"
        "  -o, --output LIST         table,csv,json,md (default table,csv,json)\n"
        "      --target KIND         torch (default), null (no work: the harness's own cost)\n"
        "                            or sleep:MS (a fixed service time: driver scaling)\n"
        "  -q, --quiet               no console table\n"
        "      --no-plots            no PNG/SVG plots\n"
        "      --rate LIST           open loop: requests per second, e.g. 50,100 (a level\n"
        "                            axis); -c is then the in-flight cap (default 64) and\n"
        "                            latency counts from each request's scheduled time\n"
        "      --arrivals KIND       poisson (default), constant or gamma:CV (bursty)\n"
        "      --slo pXX:MS          find the highest rate whose pXX latency <= MS\n"
        "                            (doubling from --rate or 10/s, then bisection to 5 %%)\n"
        "      --profile [K]         after the timed levels, K more requests (default 10) under\n"
        "                            LibTorch's profiler: top operators by self time on the\n"
        "                            console and in {name}_profile.csv, Chrome trace (Perfetto)\n"
        "                            in {name}_profile.json\n",
        ltb_models_dir(), default_model);
}

void cli_common_defaults(common_args *c, ltb_task task, const char *default_model)
{
    memset(c, 0, sizeof *c);
    ltb_config_defaults(&c->cfg);
    c->cfg.task = task;
    c->target = "torch";
    cli_sweep_defaults(&c->sweep);
    c->cfg.device = c->sweep.devices[0];
    c->cfg.precision = c->sweep.precisions[0];
    ltb_default_model(default_model, c->model_buf, sizeof c->model_buf);
}

int cli_common_single(const common_args *c, const char *cmd, char *err, size_t errlen)
{
    if (!cli_sweep_is_list(&c->sweep))
        return 0;
    snprintf(err, errlen, "%s runs one configuration: give one model file, one --device, one --precision and "
             "switches without =0,1 (ltbench image and tts sweep lists)", cmd);
    return -1;
}

static int parse_outputs(const char *s, unsigned *outputs, char *err, size_t errlen)
{
    static const char *const kWords[] = {"table", "csv", "json", "md", NULL};
    static const unsigned kBits[] = {LTB_OUT_TABLE, LTB_OUT_CSV, LTB_OUT_JSON, LTB_OUT_MD};
    int mask = ltb_parse_word_set("--output", s, kWords, err, errlen);
    if (mask < 0)
        return -1;
    *outputs = 0;
    for (int i = 0; kWords[i]; i++)
        if (mask & (1 << i))
            *outputs |= kBits[i];
    return 0;
}

static int one_of(const char *opt, const char *v, const char *const *allowed, char *err,
                  size_t errlen)
{
    return ltb_parse_word_set(opt, v, allowed, err, errlen) < 0 || strchr(v, ',') ? -1 : 0;
}

static int parse_common(int opt, const char *v, common_args *a, char *err, size_t errlen)
{
    static const char *const kTargets[] = {"torch", "null", NULL};
    ltb_config *c = &a->cfg;
    int n, seed;
    switch (opt) {
    case 'm':
        a->sweep.n_models = 0;
        if (strchr(v, ',')) {   /* a list: a sweep of model files */
            if (cli_sweep_parse_models(&a->sweep, v, err, errlen) != 0)
                return -1;
            v = a->sweep.models[0];
        }
        snprintf(a->model_buf, sizeof a->model_buf, "%s", v);
        return 0;
    case 'c':
        n = ltb_parse_int_list("--concurrency", v, 1, 1024, c->concurrency, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        c->n_concurrency = n;
        a->concurrency_given = 1;
        return 0;
    case 'n': return ltb_parse_int("--iterations", v, 1, 10000000, &c->iterations, err, errlen);
    case OPT_WARMUP: return ltb_parse_int("--warmup", v, 0, 1000000, &c->warmup, err, errlen);
    case 'r': return ltb_parse_int("--repetitions", v, 1, 100, &c->repetitions, err, errlen);
    case OPT_MIN_TIME:
        return ltb_parse_double("--min-time", v, 0, 86400, &c->min_time_s, err, errlen);
    case 't':
        if (strcmp(v, "auto") == 0) {
            c->threads = 0;
            return 0;
        }
        return ltb_parse_int("--threads", v, 1, 1024, &c->threads, err, errlen);
    case OPT_PIN: c->pin = 1; return 0;
    case OPT_INTEROP:
        return ltb_parse_int("--interop-threads", v, 1, 1024, &a->interop_threads, err, errlen);
    case OPT_TIMEOUT: return ltb_parse_double("--timeout", v, 0.001, 86400, &c->timeout_s, err, errlen);
    case OPT_DRAIN_TIMEOUT:
        return ltb_parse_double("--drain-timeout", v, 0, 86400, &c->drain_timeout_s, err, errlen);
    case OPT_DEVICE:
        if (cli_sweep_parse_devices(&a->sweep, v, err, errlen) != 0)
            return -1;
        c->device = a->sweep.devices[0];
        return 0;
    case OPT_PRECISION:
        if (cli_sweep_parse_precisions(&a->sweep, v, err, errlen) != 0)
            return -1;
        c->precision = a->sweep.precisions[0];
        return 0;
    case OPT_CUDNN_BENCHMARK:
        return cli_sweep_parse_switch("--cudnn-benchmark", v, a->sweep.cudnn_benchmark,
                                      &a->sweep.n_cudnn_benchmark, err, errlen);
    case OPT_OPTIMIZE: a->optimize = 1; return 0;
    case OPT_SEED:
        if (ltb_parse_int("--seed", v, 0, 2147483647L, &seed, err, errlen) != 0)
            return -1;
        c->seed = (uint64_t)seed;
        return 0;
    case OPT_NAME:
        if (!*v || strchr(v, '/')) {
            snprintf(err, errlen, "--name: '%s' must be a non-empty file name without '/'", v);
            return -1;
        }
        snprintf(a->name_buf, sizeof a->name_buf, "%s", v);
        a->name_given = 1;
        return 0;
    case OPT_OUTPUT_DIR: c->output_dir = v; return 0;
    case 'o': return parse_outputs(v, &c->outputs, err, errlen);
    case OPT_TARGET:
        if (!strncmp(v, "sleep:", 6)) {
            double ms;
            if (ltb_parse_double("--target sleep", v + 6, 0.001, 3600000, &ms, err, errlen) != 0)
                return -1;
            a->sleep_us = (long)(ms * 1000.0);
            a->target = "sleep";
            return 0;
        }
        if (one_of("--target", v, kTargets, err, errlen) != 0) {
            snprintf(err, errlen, "--target: '%s' is not one of torch, null, sleep:MS", v);
            return -1;
        }
        a->target = v;
        return 0;
    case 'q': c->quiet = 1; return 0;
    case OPT_NO_PLOTS: a->no_plots = 1; return 0;
    case OPT_PROFILE:
        if (!v) {
            c->profile_requests = LTB_PROFILE_DEFAULT_REQUESTS;
            return 0;
        }
        return ltb_parse_int("--profile", v, 1, LTB_PROFILE_MAX_REQUESTS, &c->profile_requests, err,
                             errlen);
    case 'h': a->help = 1; return 0;
    case OPT_RATE: return cli_parse_rate(v, c, err, errlen);
    case OPT_ARRIVALS: return cli_parse_arrivals(v, c, err, errlen);
    case OPT_SLO: return cli_parse_slo(v, c, err, errlen);
    default: return 1;
    }
}

/* A word of decimal digits only (1..6 of them). */
static int is_count(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 6)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int cli_parse(int argc, char **argv, const char *cmd, const struct option *own,
              const char *own_short, cli_option_fn fn, void *ctx, common_args *c, char *err,
              size_t errlen)
{
    struct option all[MAX_OPTIONS];
    size_t n = 0;
    for (size_t i = 0; i < N_COMMON; i++)
        all[n++] = kCommon[i];
    for (size_t i = 0; own && own[i].name && n < MAX_OPTIONS - 1; i++)
        all[n++] = own[i];
    memset(&all[n], 0, sizeof all[n]);
    char shorts[64];
    snprintf(shorts, sizeof shorts, ":m:c:n:r:t:o:qh%s", own_short ? own_short : "");

    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
        if (opt == '?' || opt == ':') {
            snprintf(err, errlen, opt == '?' ? "unknown option '%s' (see ltbench %s --help)"
                                             : "option '%s' needs a value (see ltbench %s --help)",
                     argv[optind - 1], cmd);
            return -1;
        }
        const char *value = optarg;
        if (opt == OPT_PROFILE && !value && optind < argc && is_count(argv[optind]))
            value = argv[optind++];   /* "--profile K": K is the next word when it is a number */
        int rc = parse_common(opt, value, c, err, errlen);
        if (rc == 1)
            rc = fn ? fn(opt, optarg, ctx, err, errlen) : 1;
        if (rc == 1) {
            snprintf(err, errlen, "option '%s' is not handled", argv[optind - 1]);
            return -1;
        }
        if (rc != 0)
            return -1;
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument '%s' (see ltbench %s --help)", argv[optind], cmd);
        return -1;
    }
    if (cli_rate_finish(&c->cfg, c->concurrency_given, err, errlen) != 0)
        return -1;
    c->cfg.model_path = c->model_buf;
    if (!c->name_buf[0])
        ltb_path_stem(strcmp(c->target, "torch") ? c->target : c->model_buf, c->name_buf,
                              sizeof c->name_buf);
    c->cfg.name = c->name_buf;
    c->cfg.model_name = c->name_buf;
    if (c->no_plots)
        c->cfg.outputs |= LTB_OUT_NO_PLOTS;
    return 0;
}

int cli_simple_target(const common_args *c, ltb_target *t)
{
    if (!strcmp(c->target, "null")) {
        ltb_target_null(t);
        return 1;
    }
    if (!strcmp(c->target, "sleep")) {
        ltb_target_sleep(t, c->sleep_us);
        return 1;
    }
    return 0;
}

/* ", intra-op threads per worker 2,1,1 (auto: cores 2 / concurrency)[, pinned]" */
static void cli_print_threads(const ltb_config *c)
{
    int cores = ltb_cores_available();
    fprintf(stderr, ", intra-op threads per worker");
    for (int i = 0; i < c->n_concurrency; i++)
        fprintf(stderr, "%s%d", i ? "," : " ",
                ltb_level_intra_threads(c->threads, cores, c->concurrency[i]));
    if (c->threads == 0)
        fprintf(stderr, " (auto: %d cores / concurrency)", cores);
    if (c->pin)
        fprintf(stderr, ", pinned");
}

int cli_interop_threads(const common_args *c)
{
    if (c->interop_threads > 0)
        return c->interop_threads;
    return c->cfg.threads == 0 ? 1 : 0;
}

void cli_print_levels(const ltb_config *c, int with_batch)
{
    fprintf(stderr, " concurrency");
    for (int i = 0; i < c->n_concurrency; i++)
        fprintf(stderr, "%s%d", i ? "," : " ", c->concurrency[i]);
    if (with_batch) {
        fprintf(stderr, " x batch");
        for (int i = 0; i < c->n_batch; i++)
            fprintf(stderr, "%s%d", i ? "," : " ", c->batch[i]);
    }
    char rate[160];
    cli_rate_plan(c, rate, sizeof rate);
    fprintf(stderr, "%s, %d requests per level", rate, c->iterations);
    if (!c->device || strcmp(c->device, "remote"))   /* a server's threads are its own */
        cli_print_threads(c);
    fprintf(stderr, "\n");
}
