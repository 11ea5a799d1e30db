/* http_cli.h — the options that turn `ltbench image` / `ltbench tts` into a
 * client of a model server (--url, --model-name, --token, --api, --no-keepalive,
 * --max-response-mb, --model-version; for images also --output-name, --binary-data,
 * --labels; for TTS also --voice, --sample-rate), shared by both subcommands: their option
 * table entries, their parser and their help text. */
#ifndef LTB_HTTP_CLI_H
#define LTB_HTTP_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "cli_common.h"
#include "target_http.h"

enum { OPT_HTTP_URL = 5000, OPT_HTTP_MODEL_NAME, OPT_HTTP_TOKEN, OPT_HTTP_API,
       OPT_HTTP_NO_KEEPALIVE, OPT_HTTP_VOICE, OPT_HTTP_SAMPLE_RATE, OPT_HTTP_MAX_RESPONSE_MB,
       OPT_HTTP_MODEL_VERSION, OPT_HTTP_OUTPUT, OPT_HTTP_BINARY_DATA, OPT_HTTP_LABELS };

/* Entries for a subcommand's struct option table. */
#define LTB_HTTP_CLI_OPTIONS                                                  \
    {"url", required_argument, NULL, OPT_HTTP_URL},                           \
    {"model-name", required_argument, NULL, OPT_HTTP_MODEL_NAME},             \
    {"token", required_argument, NULL, OPT_HTTP_TOKEN},                       \
    {"api", required_argument, NULL, OPT_HTTP_API},                           \
    {"no-keepalive", no_argument, NULL, OPT_HTTP_NO_KEEPALIVE},               \
    {"max-response-mb", required_argument, NULL, OPT_HTTP_MAX_RESPONSE_MB},   \
    {"model-version", required_argument, NULL, OPT_HTTP_MODEL_VERSION}
#define LTB_HTTP_IMAGE_CLI_OPTIONS                                            \
    {"output-name", required_argument, NULL, OPT_HTTP_OUTPUT},                \
    {"binary-data", no_argument, NULL, OPT_HTTP_BINARY_DATA},                 \
    {"labels", required_argument, NULL, OPT_HTTP_LABELS}
#define LTB_HTTP_TTS_CLI_OPTIONS                                              \
    {"voice", required_argument, NULL, OPT_HTTP_VOICE},                       \
    {"sample-rate", required_argument, NULL, OPT_HTTP_SAMPLE_RATE}

typedef struct http_cli {
    ltb_http_options opt;          /* opt.url NULL = in-process */
    const char *needs_url;         /* an HTTP option given (for the error without --url) */
    double max_response_mb;        /* 0 = LTB_HTTP_DEFAULT_MAX_RESPONSE_MB */
    char model_name[256];
    char labels_buf[4200];
} http_cli;

/* 0 handled, -1 error (err set), 1 not an HTTP option. */
int http_cli_option(int opt, const char *value, http_cli *h, char *err, size_t errlen);
/* After cli_parse: with --url, completes h->opt from the parsed config (task,
 * top-k, batch sizes, streaming, timeout; model name defaults to the model file's
 * name) and describes the run as remote in the config; without, refuses HTTP
 * options. 0, or -1 with a one-line err. */
int http_cli_finish(http_cli *h, common_args *c, char *err, size_t errlen);
void http_cli_usage(FILE *out, int tts);
#endif
