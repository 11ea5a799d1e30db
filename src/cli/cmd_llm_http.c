/* cmd_llm_http.c — `ltbench llm --url URL --api openai`: the options of the OpenAI
 * completions client checked (one request = one sequence, at least one token, greedy
 * as the server does it), and its workload: text prompts, since the server tokenises
 * — each prompt is a source text of which -p N sends N words (openai_prompt.h): the
 * lines of --prompts FILE, else the shipped corpus (assets/texts/corpus.txt) joined
 * and rotated by a seeded number of lines per variation. */
#include "cli_common.h"
#include "cmd_llm_args.h"
#include "paths.h"
#include "rng.h"
#include "texts.h"
#include "workload_llm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BYTE_VOCAB 257            /* the workload's byte tokenizer + BOS (ids unused here) */

int llm_http_finish(llm_args *a, char *err, size_t errlen)
{
    ltb_config *c = &a->common.cfg;
    if (!a->http.opt.url && a->http.needs_url) {
        snprintf(err, errlen, "%s needs --url (it configures the OpenAI completions client)",
                 a->http.needs_url);
        return -1;
    }
    if (!a->http.opt.url)
        return 0;
    if (a->api_given && a->http.opt.api != LTB_HTTP_API_OPENAI) {
        snprintf(err, errlen, "--api %s: ltbench llm --url speaks --api openai (POST "
                 "/v1/completions, /v1/chat/completions)", ltb_http_api_name(a->http.opt.api));
        return -1;
    }
    a->http.opt.api = LTB_HTTP_API_OPENAI;
    for (int i = 0; i < c->n_batch; i++)
        if (c->batch[i] != 1) {
            snprintf(err, errlen, "--batch %d: over --url a request is one sequence (one prompt); "
                     "use -c for concurrent sequences", c->batch[i]);
            return -1;
        }
    for (int i = 0; i < c->n_llm_tests; i++)
        if (c->llm_gen[i] < 1) {
            snprintf(err, errlen, "-g 0: over --url a request generates at least one token "
                     "(max_tokens >= 1); TTFT is the prefill's time");
            return -1;
        }
    if (c->temperature > 0 || a->llm.save_tokens_path) {
        snprintf(err, errlen, "%s: over --url the server samples (requests ask for temperature 0) "
                 "and gives text, not token ids", c->temperature > 0 ? "--temperature" : "--save-tokens");
        return -1;
    }
    if (http_cli_finish(&a->http, &a->common, err, errlen) != 0)
        return -1;
    a->openai.url = a->http.opt.url;
    a->openai.model_name = a->http.opt.model_name;
    a->openai.token = a->http.opt.token;
    a->openai.no_keepalive = a->http.opt.no_keepalive;
    a->openai.timeout_s = c->timeout_s;
    c->precision = "server";
    return 0;
}

/* The corpus as `variations` texts: all its lines, starting at a seeded line each. */
static int corpus_texts(int variations, uint64_t seed, ltb_texts *out, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/texts/corpus.txt", ltb_assets_dir());
    ltb_texts lines;
    if (ltb_texts_read(path, &lines, err, errlen) != 0)
        return -1;
    size_t total = 0;
    for (int i = 0; i < lines.n; i++)
        total += strlen(lines.items[i]) + 1;
    char *joined = malloc(total + 1);
    memset(out, 0, sizeof *out);
    uint64_t rng = ltb_rng_state(seed, 0x0a1);
    int rc = joined ? 0 : -1;
    for (int v = 0; rc == 0 && v < variations; v++) {
        int first = v == 0 ? 0 : (int)(ltb_rng_next(&rng) % (uint64_t)lines.n);
        size_t at = 0;
        for (int k = 0; k < lines.n; k++) {
            const char *l = lines.items[(first + k) % lines.n];
            size_t n = strlen(l);
            memcpy(joined + at, l, n);
            at += n;
            joined[at++] = ' ';
        }
        rc = ltb_texts_push(out, joined, at ? at - 1 : 0);
    }
    free(joined);
    ltb_texts_free(&lines);
    if (rc != 0) {
        ltb_texts_free(out);
        snprintf(err, errlen, "out of memory for the prompts");
    }
    return rc;
}

int llm_open_http(llm_args *a, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    const ltb_config *c = &a->common.cfg;
    ltb_texts texts;
    memset(&texts, 0, sizeof texts);
    int rc = c->prompts_file ? ltb_texts_read(c->prompts_file, &texts, err, errlen)
                             : corpus_texts(a->prompt_variations, c->seed, &texts, err, errlen);
    if (rc != 0)
        return -1;
    ltb_llm_prompts_spec spec = {
        .prompt_tokens = c->llm_prompt, .gen_tokens = c->llm_gen, .n_tests = c->n_llm_tests,
        .vocab_size = BYTE_VOCAB, .bos_id = BYTE_VOCAB - 1, .variations = texts.n, .seed = c->seed,
        .texts = (const char *const *)texts.items, .n_texts = texts.n};
    rc = ltb_workload_llm(w, &spec, err, errlen);
    ltb_texts_free(&texts);
    if (rc != 0)
        return -1;
    if (ltb_target_openai_llm(t, &a->openai, w, err, errlen) != 0) {
        ltb_workload_free(w);
        return -1;
    }
    return 0;
}
