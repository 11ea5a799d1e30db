/* cmd_serve.c — `ltbench serve`: the reference torch-inference HTTP server, backed by
 * the same shim as the benchmarks, so serving overhead can be measured against a
 * server that does nothing but serve. Options, model loading, start, and a clean
 * stop on SIGINT/SIGTERM. */
#define _POSIX_C_SOURCE 200809L
#include "cli_parse.h"
#include "commands.h"
#include "lt_shim.h"
#include "serve_http.h"
#include "serve_routes.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERVE_MAX_MODELS 32

typedef struct serve_args {
    const char *models[SERVE_MAX_MODELS];
    int n_models;
    const char *host, *token, *device, *apis;
    int port, threads, torch_threads;
    int max_body;
} serve_args;

static void usage(FILE *out)
{
    fprintf(out,
        "usage: ltbench serve --model FILE.pt [--model FILE.pt ...] [options]\n"
        "The reference model server: both torch-inference API generations (python:\n"
        "/predict, /synthesize, /models, /tts/health; rust: /tts/synthesize, /tts/stream,\n"
        "/classify/batch), the Open Inference Protocol (v2: /v2/health/ready,\n"
        "/v2/models/{m}, /v2/models/{m}/infer; classification models) and OpenAI\n"
        "(openai: /v1/audio/speech, /v1/models; /v1/completions, /v1/chat/completions for\n"
        "language models, streamed with \"stream\": true, greedy, byte tokenizer). A model's\n"
        "name is its file name without .pt.\n\n"
        "  -m, --model FILE        a TorchScript model (classification, tts or llm);\n"
        "                          repeatable\n"
        "  -p, --port N            port (default 8000; 0 = any free port, printed)\n"
        "      --host ADDR         address to listen on (default 127.0.0.1)\n"
        "      --token T           require Authorization: Bearer T\n"
        "      --threads N         compute threads: requests computing at once (default\n"
        "                          4); every connection has its own thread, which hands\n"
        "                          its forward to them\n"
        "      --torch-threads N   LibTorch intra-op threads (default: LibTorch's)\n"
        "      --device D          cpu, cuda, cuda:N (default cpu)\n"
        "      --api LIST          the protocols answered, a comma list of v2, openai,\n"
        "                          python, rust (default all)\n"
        "      --max-body-bytes N  larger request bodies get 413 (default 16 MiB)\n");
}

enum { OPT_HOST = 256, OPT_TOKEN, OPT_THREADS, OPT_TORCH_THREADS, OPT_MAX_BODY, OPT_DEVICE,
       OPT_API };

static const struct option kOptions[] = {
    {"model", required_argument, NULL, 'm'},
    {"port", required_argument, NULL, 'p'},
    {"host", required_argument, NULL, OPT_HOST},
    {"token", required_argument, NULL, OPT_TOKEN},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"torch-threads", required_argument, NULL, OPT_TORCH_THREADS},
    {"max-body-bytes", required_argument, NULL, OPT_MAX_BODY},
    {"device", required_argument, NULL, OPT_DEVICE},
    {"api", required_argument, NULL, OPT_API},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_option(int opt, const char *v, serve_args *a, char *err, size_t errlen)
{
    switch (opt) {
    case 'm':
        if (a->n_models == SERVE_MAX_MODELS) {
            snprintf(err, errlen, "--model: at most %d models", SERVE_MAX_MODELS);
            return -1;
        }
        a->models[a->n_models++] = v;
        return 0;
    case 'p': return ltb_parse_int("--port", v, 0, 65535, &a->port, err, errlen);
    case OPT_HOST: a->host = v; return 0;
    case OPT_TOKEN: a->token = v; return 0;
    case OPT_DEVICE: a->device = v; return 0;
    case OPT_API: a->apis = v; return 0;
    case OPT_THREADS: return ltb_parse_int("--threads", v, 1, 4096, &a->threads, err, errlen);
    case OPT_TORCH_THREADS:
        return ltb_parse_int("--torch-threads", v, 1, 4096, &a->torch_threads, err, errlen);
    case OPT_MAX_BODY:
        return ltb_parse_int("--max-body-bytes", v, 1, 1L << 30, &a->max_body, err, errlen);
    default:
        snprintf(err, errlen, "unknown option (see ltbench serve --help)");
        return -1;
    }
}

/* 0 to run, 1 for --help, -1 with err. */
static int parse_args(int argc, char **argv, serve_args *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    a->host = "127.0.0.1";
    a->port = 8000;
    a->threads = 4;
    a->max_body = 16 << 20;
    a->apis = SERVE_ALL_APIS;
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":m:p:h", kOptions, NULL)) != -1) {
        if (opt == 'h')
            return 1;
        if (opt == ':' || opt == '?') {
            snprintf(err, errlen, "%s '%s' (see ltbench serve --help)",
                     opt == ':' ? "missing value for" : "unknown option", argv[optind - 1]);
            return -1;
        }
        if (parse_option(opt, optarg, a, err, errlen) != 0)
            return -1;
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument '%s' (see ltbench serve --help)", argv[optind]);
        return -1;
    }
    if (a->n_models == 0) {
        snprintf(err, errlen, "no model: pass --model FILE.pt (see ltbench serve --help)");
        return -1;
    }
    return 0;
}

static int load_models(const serve_args *a, serve_models *ms, char *err, size_t errlen)
{
    lt_error e;
    if (serve_models_init(ms, a->threads, err, errlen) != 0)
        return -1;
    if (a->torch_threads && lt_set_threads(a->torch_threads, 0, &e) != LT_OK) {
        snprintf(err, errlen, "--torch-threads: %s", e.msg);
        return -1;
    }
    for (int i = 0; i < a->n_models; i++)
        if (serve_models_add(ms, a->models[i], a->device, err, errlen) != 0)
            return -1;
    return 0;
}

static void print_listening(const serve_args *a, const serve_models *ms, int port)
{
    int v6 = strchr(a->host, ':') != NULL;
    fprintf(stderr, "ltbench serve: listening on http://%s%s%s:%d (", v6 ? "[" : "", a->host,
            v6 ? "]" : "", port);
    for (int i = 0; i < ms->n; i++)
        fprintf(stderr, "%s%s %s", i ? ", " : "", ms->list[i].name,
                serve_task_name(ms->list[i].task));
    fprintf(stderr, ")\n");
    fflush(stderr);
}

/* SIGINT/SIGTERM are blocked in every thread (the server's threads inherit the
 * mask); the first one is taken here. */
static void wait_for_stop(const sigset_t *stop)
{
    int sig;
    while (sigwait(stop, &sig) != 0)
        ;
}

int cmd_serve(int argc, char **argv)
{
    serve_args a;
    char err[1024];
    int rc = parse_args(argc, argv, &a, err, sizeof err);
    if (rc == 1) {
        usage(stdout);
        return LTB_EXIT_OK;
    }
    static serve_route routes[64];
    if (rc == 0)
        rc = serve_routes_select(a.apis, routes, 64, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "ltbench serve: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    serve_models ms;
    serve_server *server = NULL;
    int port = 0;
    serve_options opt = {.host = a.host, .port = a.port, .token = a.token,
                         .max_body = (size_t)a.max_body, .routes = routes};
    if (load_models(&a, &ms, err, sizeof err) != 0 ||
        serve_http_start(&ms, &opt, &server, &port, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench serve: %s\n", err);
        serve_models_close(&ms);
        return LTB_EXIT_USAGE;
    }
    print_listening(&a, &ms, port);
    wait_for_stop(&stop);
    fprintf(stderr, "ltbench serve: stopping (a second signal exits at once)\n");
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);   /* default action: requests in flight end */
    serve_http_stop(server);
    serve_models_close(&ms);
    return LTB_EXIT_OK;
}
