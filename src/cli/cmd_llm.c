/* cmd_llm.c — `ltbench llm`: open the model (its vocabulary and max_seq_len), build
 * the prompts (random ids or tokenised texts, before timing), run the -p x -g x -b x -c
 * levels, write the reports and, with --save-tokens, the first request's tokens. */
#include "cli_common.h"
#include "cli_run.h"
#include "cmd_llm_args.h"
#include "commands.h"
#include "texts.h"
#include "workload_llm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every test's positions and every batch fit the model (checked before the prompts are
 * built, so an absurd -p costs no memory, and before any timing). */
static int check_lengths(const ltb_config *c, const ltb_llm_facts *f, char *err, size_t errlen)
{
    for (int i = 0; f->max_batch > 0 && i < c->n_batch; i++)
        if (c->batch[i] > f->max_batch) {
            snprintf(err, errlen, "-b %d: over the largest batch %lld '%s' was compiled for",
                     c->batch[i], (long long)f->max_batch, c->model_path);
            return -1;
        }
    for (int i = 0; i < c->n_llm_tests; i++) {
        long need = (long)(c->llm_prompt[i] > 0 ? c->llm_prompt[i] : 1) +
                    (c->llm_gen[i] > 0 ? c->llm_gen[i] - 1 : 0);
        if (need > f->max_seq_len) {
            snprintf(err, errlen, "-p %d -g %d: %ld positions, over the max_seq_len %lld of '%s'",
                     c->llm_prompt[i], c->llm_gen[i], need, (long long)f->max_seq_len, c->model_path);
            return -1;
        }
    }
    return 0;
}

static int open_prompts(const llm_args *a, const ltb_llm_facts *f, ltb_workload *w, char *err,
                        size_t errlen)
{
    const ltb_config *c = &a->common.cfg;
    if (check_lengths(c, f, err, errlen) != 0)
        return -1;
    ltb_texts texts;
    memset(&texts, 0, sizeof texts);
    if (c->prompts_file && !f->bytes_tokenizer) {
        snprintf(err, errlen, "--prompts %s: the sidecar of '%s' names a tokenizer other than "
                 "the byte-level one ltbench has (token id = UTF-8 byte)", c->prompts_file,
                 c->model_path);
        return -1;
    }
    if (c->prompts_file && ltb_texts_read(c->prompts_file, &texts, err, errlen) != 0)
        return -1;
    ltb_llm_prompts_spec spec = {
        .prompt_tokens = c->llm_prompt, .gen_tokens = c->llm_gen, .n_tests = c->n_llm_tests,
        .vocab_size = f->vocab_size, .bos_id = f->bos_id,
        .variations = a->prompt_variations, .seed = c->seed,
        .texts = c->prompts_file ? (const char *const *)texts.items : NULL, .n_texts = texts.n};
    int rc = ltb_workload_llm(w, &spec, err, errlen);
    ltb_texts_free(&texts);
    return rc;
}

int llm_open_workload_target(void *args, ltb_workload *w, ltb_target *t, char *err,
                             size_t errlen)
{
    llm_args *a = args;
    ltb_config *c = &a->common.cfg;
    if (a->http.opt.url)
        return llm_open_http(a, w, t, err, errlen);
    if (strcmp(a->common.target, "torch")) {
        snprintf(err, errlen, "--target %s: ltbench llm runs a model (--target torch)", a->common.target);
        return -1;
    }
    ltb_llm_facts f;
    a->llm.device = c->device;     /* as a fleet or sweep bound it */
    a->llm.threads = c->threads;
    if (ltb_target_torch_llm(t, &a->llm, &f, err, errlen) != 0)
        return -1;
    c->llm_params = f.params;
    c->llm_param_bytes = f.param_bytes;
    if (open_prompts(a, &f, w, err, errlen) != 0) {
        t->close(t);
        return -1;
    }
    if (ltb_target_llm_attach(t, w, err, errlen) != 0) {   /* closes t on failure */
        ltb_workload_free(w);
        return -1;
    }
    return 0;
}

static void print_plan(const void *args, const ltb_workload *w)
{
    const llm_args *a = args;
    const ltb_config *c = &a->common.cfg;
    if (a->http.opt.url) {
        fprintf(stderr, "ltbench llm: %s%s (model '%s', OpenAI streamed), %d test%s (-p x -g), %d "
                "prompt%s (%s, -p N = N words),", a->openai.url, ltb_openai_path(a->openai.endpoint),
                a->openai.model_name, c->n_llm_tests, c->n_llm_tests == 1 ? "" : "s", w->n_samples,
                w->n_samples == 1 ? "" : "s", c->prompts_file ? c->prompts_file : "corpus text");
        cli_print_levels(c, 0);
        return;
    }
    fprintf(stderr, "ltbench llm: %s (%.2f M parameters) on %s (%s), %d test%s (-p x -g), %d prompt%s "
            "(%s), %s,", c->model_path, c->llm_params / 1e6, c->device, c->precision,
            c->n_llm_tests, c->n_llm_tests == 1 ? "" : "s",
            w->n_samples, w->n_samples == 1 ? "" : "s", c->prompts_file ? c->prompts_file : "random ids",
            c->temperature > 0 ? "seeded sampling" : "greedy");
    cli_print_levels(c, 1);
}

static int parse_llm(int argc, char **argv, void *args, char *err, size_t errlen)
{
    return llm_args_parse(argc, argv, args, err, errlen);
}

static cli_after_run_fn after_llm(const void *args)
{
    const llm_args *a = args;
    return a->llm.save_tokens_path ? ltb_target_llm_save_tokens : NULL;
}

const cli_command cmd_llm_command = {"llm", sizeof(llm_args), parse_llm, llm_args_usage,
                                     llm_open_workload_target, print_plan, after_llm, NULL, NULL,
                                     NULL};

int cmd_llm(int argc, char **argv)
{
    return cli_command_main(&cmd_llm_command, argc, argv);
}
