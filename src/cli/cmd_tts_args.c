/* cmd_tts_args.c — `ltbench tts`'s own options on top of the common ones. */
#include "cmd_tts_args.h"
#include "cli_parse.h"
#include "http_cli.h"
#include "paths.h"
#include "texts.h"

#include <string.h>

enum { OPT_TEXTS = 3000, OPT_MIN_LEN, OPT_MAX_LEN, OPT_VARIATIONS, OPT_STREAMING, OPT_CHUNK,
       OPT_CONTEXT, OPT_VOCAB, OPT_SAVE_AUDIO, OPT_CORPUS };

#define DEFAULT_CHUNK_FRAMES 32
#define DEFAULT_CONTEXT_FRAMES 16

static const struct option kTtsOptions[] = {
    {"texts", required_argument, NULL, OPT_TEXTS},
    {"min-text-length", required_argument, NULL, OPT_MIN_LEN},
    {"max-text-length", required_argument, NULL, OPT_MAX_LEN},
    {"text-variations", required_argument, NULL, OPT_VARIATIONS},
    {"corpus", required_argument, NULL, OPT_CORPUS},
    {"streaming", no_argument, NULL, OPT_STREAMING},
    {"chunk-frames", required_argument, NULL, OPT_CHUNK},
    {"context-frames", required_argument, NULL, OPT_CONTEXT},
    {"vocab", required_argument, NULL, OPT_VOCAB},
    {"save-audio", required_argument, NULL, OPT_SAVE_AUDIO},
    LTB_HTTP_CLI_OPTIONS,
    LTB_HTTP_TTS_CLI_OPTIONS,
    LTB_FLEET_CLI_OPTIONS,
    {NULL, 0, NULL, 0},
};

void tts_args_usage(FILE *out)
{
    fprintf(out, "usage: ltbench tts [options]\n"
                 "Benchmark a TorchScript text-to-speech model in-process (ASPS, RTF, RPS, CPS, TTFA).\n");
    cli_common_usage(out, "tts_small.pt");
    fprintf(out,
        "      --texts FILE          one text per line (UTF-8) instead of generated texts\n"
        "      --min-text-length N   generated texts: at least N characters (default 50)\n"
        "      --max-text-length N   generated texts: at most N characters (default 200)\n"
        "      --text-variations N   generated texts: how many (default 20)\n"
        "      --corpus FILE         sentences the generator draws from (default %s/texts/corpus.txt)\n"
        "      --streaming           encode, then vocode the mel in chunks: TTFA = first chunk\n"
        "      --chunk-frames N      mel frames per streamed chunk (default %d)\n"
        "      --context-frames N    extra frames vocoded each side of a chunk (default %d)\n"
        "      --vocab FILE          character vocabulary (default: from the model's .json)\n"
        "      --save-audio DIR      write each distinct text's audio as 16-bit WAV\n"
        "Iterations default to 20 per level.\n",
        ltb_assets_dir(), DEFAULT_CHUNK_FRAMES, DEFAULT_CONTEXT_FRAMES);
    http_cli_usage(out, 1);
    fleet_cli_usage(out);
}

static int parse_tts_option(int opt, const char *v, void *ctx, char *err, size_t errlen)
{
    tts_args *a = ctx;
    ltb_config *c = &a->common.cfg;
    switch (opt) {
    case OPT_TEXTS: c->texts_file = v; return 0;
    case OPT_MIN_LEN:
        return ltb_parse_int("--min-text-length", v, 1, LTB_MAX_TEXT_CHARS, &c->min_text_length, err, errlen);
    case OPT_MAX_LEN:
        return ltb_parse_int("--max-text-length", v, 1, LTB_MAX_TEXT_CHARS, &c->max_text_length, err, errlen);
    case OPT_VARIATIONS:
        return ltb_parse_int("--text-variations", v, 1, LTB_MAX_TEXTS, &c->text_variations, err, errlen);
    case OPT_CORPUS: snprintf(a->corpus_buf, sizeof a->corpus_buf, "%s", v); return 0;
    case OPT_STREAMING: c->streaming = 1; return 0;
    case OPT_CHUNK: return ltb_parse_int("--chunk-frames", v, 1, 100000, &c->chunk_frames, err, errlen);
    case OPT_CONTEXT: return ltb_parse_int("--context-frames", v, 0, 10000, &c->context_frames, err, errlen);
    case OPT_VOCAB: a->tts.vocab_path = v; return 0;
    case OPT_SAVE_AUDIO: a->tts.save_audio_dir = v; return 0;
    default: {
        int rc = http_cli_option(opt, v, &a->http, err, errlen);
        return rc == 1 ? fleet_cli_option(opt, v, &a->fleet, err, errlen) : rc;
    }
    }
}

int tts_args_parse(int argc, char **argv, tts_args *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    cli_common_defaults(&a->common, LTB_TASK_TTS, "tts_small.pt");
    fleet_cli_defaults(&a->fleet);
    ltb_config *c = &a->common.cfg;
    c->iterations = 20;
    c->min_text_length = 50;
    c->max_text_length = 200;
    c->text_variations = 20;
    c->chunk_frames = DEFAULT_CHUNK_FRAMES;
    c->context_frames = DEFAULT_CONTEXT_FRAMES;
    c->bit_depth = 16;
    snprintf(a->corpus_buf, sizeof a->corpus_buf, "%s/texts/corpus.txt", ltb_assets_dir());
    if (cli_parse(argc, argv, "tts", kTtsOptions, "", parse_tts_option, a, &a->common, err,
                  errlen) != 0)
        return -1;
    if (http_cli_finish(&a->http, &a->common, err, errlen) != 0)
        return -1;
    if (a->http.opt.url && a->tts.save_audio_dir) {
        snprintf(err, errlen, "--save-audio works in-process only, not with --url");
        return -1;
    }
    if (c->min_text_length > c->max_text_length) {
        snprintf(err, errlen, "--min-text-length %d is more than --max-text-length %d",
                 c->min_text_length, c->max_text_length);
        return -1;
    }
    a->corpus = a->corpus_buf;
    a->tts.model_path = c->model_path;
    a->tts.device = c->device;
    a->tts.precision = c->precision;
    a->tts.threads = c->threads;
    a->tts.interop_threads = cli_interop_threads(&a->common);
    a->tts.cudnn_benchmark = a->common.sweep.cudnn_benchmark[0];
    a->tts.streaming = c->streaming;
    a->tts.chunk_frames = c->chunk_frames;
    a->tts.context_frames = c->context_frames;
    return 0;
}
