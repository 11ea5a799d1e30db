/* cmd_llm_args.c — `ltbench llm`'s own options on top of the common ones: llama-bench's
 * -p/-g/-b lists (a cartesian product with -c and --rate), prompts, sampling. */
#include "cmd_llm_args.h"
#include "cli_parse.h"
#include "workload_llm.h"

#include <string.h>

enum { OPT_PROMPTS = 4100, OPT_VARIATIONS, OPT_TEMPERATURE, OPT_SAVE_TOKENS, OPT_ENDPOINT,
       OPT_FIXED_LENGTH, OPT_PROMPT_UNIT };

#define MAX_TOKENS 1000000
#define DEFAULT_TIMEOUT_S 600.0

static const struct option kLlmOptions[] = {
    {"n-prompt", required_argument, NULL, 'p'},
    {"n-gen", required_argument, NULL, 'g'},
    {"batch", required_argument, NULL, 'b'},
    {"prompts", required_argument, NULL, OPT_PROMPTS},
    {"prompt-variations", required_argument, NULL, OPT_VARIATIONS},
    {"temperature", required_argument, NULL, OPT_TEMPERATURE},
    {"save-tokens", required_argument, NULL, OPT_SAVE_TOKENS},
    LTB_HTTP_CLI_OPTIONS,
    {"endpoint", required_argument, NULL, OPT_ENDPOINT},
    {"fixed-length", no_argument, NULL, OPT_FIXED_LENGTH},
    {"prompt-unit", required_argument, NULL, OPT_PROMPT_UNIT},
    {NULL, 0, NULL, 0},
};

void llm_args_usage(FILE *out)
{
    fprintf(out, "usage: ltbench llm [options]\n"
                 "Benchmark a decoder-only language model in-process: llama-bench's prefill (pp)\n"
                 "and decode (tg) tokens/s and the serving measures per request (TTFT, ITL,\n"
                 "TPOT, end-to-end latency, output tokens/s). The model's contract:\n"
                 "prefill(ids) -> (logits, cache), decode(ids, cache, pos) -> (logits, cache),\n"
                 "attributes vocab_size and max_seq_len (README.md \"ltbench llm\"); or an\n"
                 "AOTInductor package (.pt2) holding the compiled models prefill and decode.\n");
    cli_common_usage(out, "llama_tiny.pt");
    fprintf(out,
        "  -p, --n-prompt LIST       prompt tokens per sequence, e.g. 128,512 (default 512);\n"
        "                            0 = a one-token (BOS) prompt: a pure tg test\n"
        "  -g, --n-gen LIST          tokens generated per sequence, e.g. 32,128 (default 128;\n"
        "                            0 = prefill only: a pure pp test). -p x -g x -b x -c\n"
        "                            (x --rate) is the cartesian product of levels\n"
        "  -b, --batch LIST          sequences decoded together per request (default 1)\n"
        "      --prompts FILE        one text per line, tokenised by the model's byte-level\n"
        "                            tokenizer and repeated to -p tokens (default: random ids,\n"
        "                            as llama-bench)\n"
        "      --prompt-variations N random prompts: how many (default 8)\n"
        "      --temperature T       sample from softmax(logits / T), seeded by --seed\n"
        "                            (default 0: greedy)\n"
        "      --save-tokens FILE    write the first timed request's prompt and generated\n"
        "                            token ids as JSON\n"
        "Concurrency defaults to 1, iterations to 5 per level, warm-up to one request per\n"
        "worker, --timeout to %.0f s.\n", DEFAULT_TIMEOUT_S);
    fprintf(out,
        "OpenAI completions client (benchmark a server instead of an in-process model):\n"
        "      --url URL             server base, e.g. http://127.0.0.1:8000; streamed\n"
        "                            requests (server-sent events): TTFT = the first content\n"
        "                            event, ITL = between events, tokens from usage\n"
        "      --api openai          the protocol (the only one ltbench llm speaks)\n"
        "      --endpoint E          completions (POST /v1/completions, default) or chat\n"
        "                            (POST /v1/chat/completions)\n"
        "      --model-name NAME     \"model\" of every request (default: model file name)\n"
        "      --token T             Authorization: Bearer T\n"
        "      --no-keepalive        a new connection per request\n"
        "      --fixed-length        ask for exactly -g tokens (ignore_eos, min_tokens: vLLM,\n"
        "                            SGLang; strict servers refuse these fields)\n"
        "      --prompt-unit U       words (default) or chars: -p N sends N words (about N\n"
        "                            BPE tokens) or N characters (N tokens for a byte\n"
        "                            tokenizer, as ltbench serve's models) of the prompt text\n"
        "                            (--prompts FILE, else assets/texts/corpus.txt); the\n"
        "                            server's tokenizer decides the real count (its\n"
        "                            usage.prompt_tokens is the detailed CSV's Prompt_Tokens)\n");
}

static int parse_llm_option(int opt, const char *v, void *ctx, char *err, size_t errlen)
{
    llm_args *a = ctx;
    ltb_config *c = &a->common.cfg;
    int n;
    switch (opt) {
    case 'p':
        n = ltb_parse_int_list("-p/--n-prompt", v, 0, MAX_TOKENS, a->prompt, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        a->n_prompt = n;
        return 0;
    case 'g':
        n = ltb_parse_int_list("-g/--n-gen", v, 0, MAX_TOKENS, a->gen, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        a->n_gen = n;
        return 0;
    case 'b':
        n = ltb_parse_int_list("--batch", v, 1, 4096, c->batch, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        c->n_batch = n;
        return 0;
    case OPT_PROMPTS: c->prompts_file = v; return 0;
    case OPT_VARIATIONS:
        return ltb_parse_int("--prompt-variations", v, 1, LTB_LLM_MAX_PROMPTS, &a->prompt_variations,
                             err, errlen);
    case OPT_TEMPERATURE:
        return ltb_parse_double("--temperature", v, 0, 100, &c->temperature, err, errlen);
    case OPT_SAVE_TOKENS: a->llm.save_tokens_path = v; return 0;
    case OPT_ENDPOINT:
        a->http.needs_url = "--endpoint";
        if (ltb_openai_endpoint_parse(v, &a->openai.endpoint) != 0) {
            snprintf(err, errlen, "--endpoint: '%s' is not one of completions, chat", v);
            return -1;
        }
        return 0;
    case OPT_PROMPT_UNIT:
        a->http.needs_url = "--prompt-unit";
        if (strcmp(v, "words") && strcmp(v, "chars")) {
            snprintf(err, errlen, "--prompt-unit: '%s' is not one of words, chars", v);
            return -1;
        }
        a->openai.prompt_chars = !strcmp(v, "chars");
        return 0;
    case OPT_FIXED_LENGTH: a->http.needs_url = "--fixed-length"; a->openai.fixed_length = 1; return 0;
    case OPT_HTTP_API: a->api_given = 1; return http_cli_option(opt, v, &a->http, err, errlen);
    default: return http_cli_option(opt, v, &a->http, err, errlen);
    }
}

int llm_args_parse(int argc, char **argv, llm_args *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    cli_common_defaults(&a->common, LTB_TASK_LLM, "llama_tiny.pt");
    ltb_config *c = &a->common.cfg;
    c->iterations = 5;
    c->warmup = 1;               /* raised to the concurrency: one warm-up per worker */
    c->timeout_s = DEFAULT_TIMEOUT_S;
    c->n_concurrency = 1;
    a->prompt[0] = 512;
    a->n_prompt = 1;
    a->gen[0] = 128;
    a->n_gen = 1;
    a->prompt_variations = 8;
    if (cli_parse(argc, argv, "llm", kLlmOptions, "p:g:b:", parse_llm_option, a, &a->common, err,
                  errlen) != 0)
        return -1;
    /* the tests: -p x -g in order, less -p 0 with -g 0 (llama-bench's pp and tg tests are
     * -p P -g 0 and -p 0 -g G) */
    c->n_llm_tests = 0;
    for (int i = 0; i < a->n_prompt; i++)
        for (int j = 0; j < a->n_gen; j++)
            if (a->prompt[i] > 0 || a->gen[j] > 0) {
                c->llm_prompt[c->n_llm_tests] = a->prompt[i];
                c->llm_gen[c->n_llm_tests++] = a->gen[j];
            }
    if (c->n_llm_tests == 0) {
        snprintf(err, errlen, "-p 0 with -g 0 runs nothing: give prompt or generated tokens");
        return -1;
    }
    if (llm_http_finish(a, err, errlen) != 0)
        return -1;
    a->llm = (ltb_llm_options){
        .model_path = c->model_path, .device = c->device, .precision = c->precision,
        .threads = c->threads, .interop_threads = cli_interop_threads(&a->common),
        .optimize = a->common.optimize, .temperature = c->temperature, .seed = c->seed,
        .save_tokens_path = a->llm.save_tokens_path};
    return 0;
}
