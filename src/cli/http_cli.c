/* http_cli.c — the HTTP client options of `ltbench image` and `ltbench tts`
 * (see http_cli.h). */
#include "http_cli.h"
#include "paths.h"
#include "cli_parse.h"

#include <string.h>
#include <unistd.h>

int http_cli_option(int opt, const char *v, http_cli *h, char *err, size_t errlen)
{
    switch (opt) {
    case OPT_HTTP_URL: h->opt.url = v; return 0;
    case OPT_HTTP_MODEL_NAME: h->needs_url = "--model-name"; h->opt.model_name = v; return 0;
    case OPT_HTTP_TOKEN: h->needs_url = "--token"; h->opt.token = v; return 0;
    case OPT_HTTP_NO_KEEPALIVE: h->needs_url = "--no-keepalive"; h->opt.no_keepalive = 1; return 0;
    case OPT_HTTP_VOICE: h->needs_url = "--voice"; h->opt.voice = v; return 0;
    case OPT_HTTP_API:
        h->needs_url = "--api";
        if (ltb_http_api_parse(v, &h->opt.api) != 0) {
            snprintf(err, errlen, "--api: '%s' is not one of python, rust, v2, torchserve, openai", v);
            return -1;
        }
        return 0;
    case OPT_HTTP_MAX_RESPONSE_MB:
        h->needs_url = "--max-response-mb";
        return ltb_parse_double("--max-response-mb", v, 0.001, 1048576, &h->max_response_mb, err,
                                errlen);
    case OPT_HTTP_MODEL_VERSION: h->needs_url = "--model-version"; h->opt.model_version = v; return 0;
    case OPT_HTTP_OUTPUT: h->needs_url = "--output-name"; h->opt.output_name = v; return 0;
    case OPT_HTTP_BINARY_DATA: h->needs_url = "--binary-data"; h->opt.binary_data = 1; return 0;
    case OPT_HTTP_LABELS: h->needs_url = "--labels"; h->opt.labels_path = v; return 0;
    case OPT_HTTP_SAMPLE_RATE:
        h->needs_url = "--sample-rate";
        return ltb_parse_int("--sample-rate", v, 1000, 768000, &h->opt.sample_rate, err, errlen);
    default: return 1;
    }
}

int http_cli_finish(http_cli *h, common_args *c, char *err, size_t errlen)
{
    ltb_config *cfg = &c->cfg;
    if (!h->opt.url) {
        if (h->needs_url)
            snprintf(err, errlen, "%s needs --url (it configures the HTTP client)", h->needs_url);
        return h->needs_url ? -1 : 0;
    }
    if (strcmp(c->target, "torch")) {
        snprintf(err, errlen, "--url and --target %s cannot be combined", c->target);
        return -1;
    }
    if (!h->opt.model_name)
        ltb_path_stem(c->model_buf, h->model_name, sizeof h->model_name);
    else
        snprintf(h->model_name, sizeof h->model_name, "%s", h->opt.model_name);
    h->opt.model_name = h->model_name;
    if (h->opt.api == LTB_HTTP_API_TORCHSERVE && !h->opt.labels_path) {
        /* the class names beside the model file, else the models directory's (-m
         * resnet18 names the served model, not a file here), when there are any */
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", c->model_buf);
        char *slash = strrchr(dir, '/');
        snprintf(h->labels_buf, sizeof h->labels_buf, "%.*s%simagenet_classes.txt",
                 slash ? (int)(slash - dir) : 0, dir, slash ? "/" : "");
        if (access(h->labels_buf, R_OK) != 0)
            snprintf(h->labels_buf, sizeof h->labels_buf, "%s/imagenet_classes.txt", ltb_models_dir());
        h->opt.labels_path = access(h->labels_buf, R_OK) == 0 ? h->labels_buf : NULL;
    }
    h->opt.task = cfg->task;
    h->opt.top_k = cfg->top_k;
    h->opt.batches = cfg->batch;
    h->opt.n_batches = cfg->n_batch;
    h->opt.streaming = cfg->streaming;
    h->opt.timeout_s = cfg->timeout_s;
    double mb = h->max_response_mb > 0 ? h->max_response_mb : LTB_HTTP_DEFAULT_MAX_RESPONSE_MB;
    h->opt.max_response_bytes = (size_t)(mb * 1024.0 * 1024.0);
    c->target = "http";
    cfg->model_path = h->opt.url;
    cfg->model_name = h->model_name;
    cfg->device = "remote";
    if (!c->name_given)   /* don't overwrite the in-process run's files of the same model */
        snprintf(c->name_buf, sizeof c->name_buf, "%s_http", h->model_name);
    if (h->opt.sample_rate > 0)
        cfg->sample_rate = h->opt.sample_rate;
    return 0;
}

void http_cli_usage(FILE *out, int tts)
{
    fprintf(out,
        "HTTP client (benchmark a model server instead of an in-process model):\n"
        "      --url URL             server base, e.g. http://127.0.0.1:8000\n"
        "      --api API             python (%s), rust (%s), %s\n"
        "                            (default python)\n"
        "      --model-name NAME     the model asked for (default: model file name)\n"
        "      --model-version V     v2/torchserve: the model version in the path (default none)\n"
        "      --token T             Authorization: Bearer T\n"
        "      --no-keepalive        a new connection per request (set-up inside the latency)\n"
        "      --max-response-mb M   a longer response fails its request (default %d)\n",
        tts ? "/synthesize" : "/predict", tts ? "/tts/synthesize, /tts/stream" : "/classify/batch",
        tts ? "openai (/v1/audio/speech)"
            : "v2 (Open Inference Protocol: /v2/models/{m}/infer),\n"
              "                            torchserve (/predictions/{m})",
        LTB_HTTP_DEFAULT_MAX_RESPONSE_MB);
    if (!tts)
        fprintf(out,
            "      --output-name NAME    v2: the output read back (default: the metadata's first)\n"
            "      --binary-data         v2: the binary tensor extension (default JSON data)\n"
            "      --labels FILE         torchserve: class names, one a line (default: the\n"
            "                            imagenet_classes.txt beside --model, else the\n"
            "                            models directory's, if any)\n");
    if (tts)
        fprintf(out,
            "      --voice V             voice sent with each request (default: the server's)\n"
            "      --sample-rate HZ      rate of the raw PCM16 stream of --streaming (default:\n"
            "                            /tts/health's sample_rate, else 22050); with --api\n"
            "                            openai: ask for response_format pcm at this rate\n"
            "                            (default wav)\n");
}
