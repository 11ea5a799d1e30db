/* workload_llm.c — the `ltbench llm` workload (see workload_llm.h). */
#define _POSIX_C_SOURCE 200809L
#include "workload_llm.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct llm_set {
    int n;                        /* prompt rows */
    int row;                      /* ids per row: max(max(-p), 1) */
    int64_t *ids;                 /* n x row */
    int64_t bos_id;
    int prompt[LTB_MAX_RUN_LEVELS], gen[LTB_MAX_RUN_LEVELS];
    int n_tests;
    int shape;                    /* current */
    char names[LTB_MAX_RUN_LEVELS][24];
    char (*sample_names)[24];
    char **texts;                 /* NULL for random prompts */
    ltb_sample_info *info;
} llm_set;

void ltb_llm_test_name(int p, int g, char *buf, size_t len)
{
    if (p > 0 && g > 0)
        snprintf(buf, len, "pp%d+tg%d", p, g);
    else if (p > 0)
        snprintf(buf, len, "pp%d", p);
    else
        snprintf(buf, len, "tg%d", g);
}

static void set_free(llm_set *s)
{
    if (!s)
        return;
    for (int i = 0; s->texts && i < s->n; i++)
        free(s->texts[i]);
    free(s->texts);
    free(s->ids);
    free(s->sample_names);
    free(s->info);
    free(s);
}

static void workload_free(ltb_workload *w)
{
    set_free(w->self);
    w->self = NULL;
}

static int prepare_batch(ltb_workload *w, int batch, char *err, size_t errlen)
{
    (void)w;
    if (batch < 1) {
        snprintf(err, errlen, "batch %d: a request decodes at least one sequence", batch);
        return -1;
    }
    return 0;
}

static void fill(ltb_workload *w, int64_t id, int batch, ltb_request *req)
{
    llm_set *s = w->self;
    int64_t k = id < 0 ? -id : id;
    req->sample = (int)((k % s->n) * (batch > 0 ? batch : 1) % s->n);
    req->text = s->texts ? s->texts[req->sample] : NULL;
    req->text_bytes = req->text ? strlen(req->text) : 0;
}

static int prepare_shape(ltb_workload *w, int shape, char *err, size_t errlen)
{
    llm_set *s = w->self;
    if (shape < 0 || shape >= s->n_tests) {
        snprintf(err, errlen, "no -p/-g combination %d", shape);
        return -1;
    }
    s->shape = shape;
    return 0;
}

static const char *shape_name(const ltb_workload *w, int shape)
{
    const llm_set *s = w->self;
    return shape >= 0 && shape < s->n_tests ? s->names[shape] : "";
}

void ltb_workload_llm_shape(const ltb_workload *w, int *prompt_tokens, int *gen_tokens)
{
    const llm_set *s = w->self;
    *prompt_tokens = s->prompt[s->shape];
    *gen_tokens = s->gen[s->shape];
}

const int64_t *ltb_workload_llm_prompt(const ltb_workload *w, int sample, int *n)
{
    const llm_set *s = w->self;
    int p = s->prompt[s->shape];
    int row = sample >= 0 && sample < s->n ? sample : 0;
    *n = p > 0 ? p : 1;
    return p > 0 ? s->ids + (size_t)row * (size_t)s->row : &s->bos_id;
}

/* Row i of ids from the text's bytes, repeated until full (a text of no bytes: BOS). */
static void tokenise_row(const char *text, int64_t bos, int64_t *ids, int row)
{
    size_t len = strlen(text);
    for (int j = 0; j < row; j++)
        ids[j] = len ? (int64_t)(unsigned char)text[(size_t)j % len] : bos;
}

static int check_spec(const ltb_llm_prompts_spec *p, char *err, size_t errlen)
{
    if (p->n_tests < 1 || p->n_tests > LTB_MAX_RUN_LEVELS) {
        snprintf(err, errlen, "-p x -g: %d tests (1 to %d)", p->n_tests, LTB_MAX_RUN_LEVELS);
        return -1;
    }
    if (p->vocab_size < 2 || p->bos_id < 0 || p->bos_id >= p->vocab_size) {
        snprintf(err, errlen, "vocabulary of %lld tokens has no BOS id %lld",
                 (long long)p->vocab_size, (long long)p->bos_id);
        return -1;
    }
    if (p->texts && p->vocab_size < 256) {
        snprintf(err, errlen, "--prompts: the byte-level tokenizer needs a vocabulary of at least "
                 "256 tokens, the model has %lld", (long long)p->vocab_size);
        return -1;
    }
    int n = p->texts ? p->n_texts : p->variations;
    if (n < 1 || n > LTB_LLM_MAX_PROMPTS) {
        snprintf(err, errlen, "%s: %d prompts (1 to %d)", p->texts ? "--prompts" : "--prompt-variations",
                 n, LTB_LLM_MAX_PROMPTS);
        return -1;
    }
    return 0;
}

int ltb_workload_llm(ltb_workload *w, const ltb_llm_prompts_spec *p, char *err, size_t errlen)
{
    if (check_spec(p, err, errlen) != 0)
        return -1;
    llm_set *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->n = p->texts ? p->n_texts : p->variations;
    s->bos_id = p->bos_id;
    s->n_tests = p->n_tests;
    s->row = 1;
    for (int i = 0; i < p->n_tests; i++) {
        s->prompt[i] = p->prompt_tokens[i];
        s->gen[i] = p->gen_tokens[i];
        if (s->prompt[i] > s->row)
            s->row = s->prompt[i];
        ltb_llm_test_name(s->prompt[i], s->gen[i], s->names[i], sizeof s->names[0]);
    }
    s->ids = malloc((size_t)s->n * (size_t)s->row * sizeof *s->ids);
    s->sample_names = calloc((size_t)s->n, sizeof *s->sample_names);
    s->info = calloc((size_t)s->n, sizeof *s->info);
    s->texts = p->texts ? calloc((size_t)s->n, sizeof *s->texts) : NULL;
    int ok = s->ids && s->sample_names && s->info && (!p->texts || s->texts);
    uint64_t rng = ltb_rng_state(p->seed, 0x11a);
    for (int i = 0; ok && i < s->n; i++) {
        int64_t *row = s->ids + (size_t)i * (size_t)s->row;
        snprintf(s->sample_names[i], sizeof s->sample_names[i], "prompt_%d", i);
        s->info[i].name = s->sample_names[i];
        if (p->texts) {
            ok = (s->texts[i] = strdup(p->texts[i] ? p->texts[i] : "")) != NULL;
            if (!ok)
                break;
            tokenise_row(s->texts[i], p->bos_id, row, s->row);
            s->info[i].text = s->texts[i];
            s->info[i].bytes = strlen(s->texts[i]);
        } else {
            for (int j = 0; j < s->row; j++)
                row[j] = (int64_t)(ltb_rng_next(&rng) % (uint64_t)p->vocab_size);
        }
        s->info[i].tokens = s->row;
    }
    if (!ok) {
        set_free(s);
        snprintf(err, errlen, "out of memory for %d prompts of %d tokens", p->texts ? p->n_texts
                 : p->variations, s->row);
        return -1;
    }
    memset(w, 0, sizeof *w);
    w->self = s;
    w->n_samples = s->n;
    w->samples = s->info;
    w->prepare_batch = prepare_batch;
    w->fill = fill;
    w->free = workload_free;
    w->n_shapes = p->n_tests;
    w->prepare_shape = prepare_shape;
    w->shape_name = shape_name;
    return 0;
}
