/* serve_llm.c — language models in `ltbench serve`: opening, greedy generation on the
 * compute threads, the byte tokenizer's text (see serve_llm.h). */
#include "serve_llm.h"
#include "llm_sidecar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct step_call {
    serve_llm_gen *g;
    int prefill;
    lt_error e;
    lt_status st;
} step_call;

static int step_main(void *p)
{
    step_call *c = p;
    serve_llm_gen *g = c->g;
    lt_llm *llm = g->m->llm;
    if (c->prefill)
        c->st = lt_llm_prefill(llm, g->ids, 1, g->n_prompt, g->logits, &g->cache, &c->e);
    else
        c->st = lt_llm_decode(llm, &g->next, 1, g->n_prompt + g->produced - 1, g->cache, g->logits,
                              &c->e);
    if (c->st != LT_OK)
        return -1;
    int64_t best = 0;
    for (int64_t i = 1; i < g->m->vocab_size; i++)
        if (g->logits[i] > g->logits[best])
            best = i;
    g->next = best;
    return 0;
}

/* One prefill or decode step on a compute thread: g->next is the new token. */
static int step(serve_llm_gen *g, int prefill, char *err, size_t errlen)
{
    step_call c = {g, prefill, {{0}}, LT_OK};
    int rc = g->models && g->models->compute ? serve_compute_call(g->models->compute, step_main, &c)
                                             : step_main(&c);
    if (rc != 0)
        snprintf(err, errlen, "%s of '%s' failed: %s", prefill ? "prefill" : "decode", g->m->name,
                 c.e.msg);
    return rc;
}

void serve_llm_token_text(int64_t id, char *buf, size_t cap)
{
    if (id >= 32 && id < 127)
        snprintf(buf, cap, "%c", (char)id);
    else
        snprintf(buf, cap, "<%lld>", (long long)id);
}

serve_status serve_llm_begin(serve_models *ms, const serve_model *m, const char *text,
                             int max_tokens, serve_llm_gen *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->models = ms;
    g->m = m;
    g->max_tokens = max_tokens;
    size_t len = strlen(text);
    g->n_prompt = len ? (int)len : 1;
    if (max_tokens < 1 || (int64_t)g->n_prompt + max_tokens - 1 > m->max_seq_len) {
        snprintf(err, errlen, "the prompt's %d tokens and max_tokens %d need %lld positions; model "
                 "'%s' has max_seq_len %lld", g->n_prompt, max_tokens,
                 (long long)g->n_prompt + max_tokens - 1, m->name, (long long)m->max_seq_len);
        return SERVE_BAD_INPUT;
    }
    g->ids = malloc((size_t)g->n_prompt * sizeof *g->ids);
    g->logits = malloc((size_t)m->vocab_size * sizeof *g->logits);
    if (!g->ids || !g->logits) {
        snprintf(err, errlen, "out of memory");
        return SERVE_MODEL_FAILED;
    }
    for (int i = 0; i < g->n_prompt; i++)
        g->ids[i] = len ? (int64_t)(unsigned char)text[i] : m->bos_id;
    return step(g, 1, err, errlen) == 0 ? SERVE_OK : SERVE_MODEL_FAILED;
}

int serve_llm_next(serve_llm_gen *g, char *buf, size_t cap, char *err, size_t errlen)
{
    if (g->produced >= g->max_tokens)
        return 0;
    if (g->produced > 0 && step(g, 0, err, errlen) != 0)
        return -1;
    g->produced++;
    serve_llm_token_text(g->next, buf, cap);
    return 1;
}

void serve_llm_end(serve_llm_gen *g)
{
    lt_llm_cache_free(g->cache);
    free(g->ids);
    free(g->logits);
    memset(g, 0, sizeof *g);
}

int serve_llm_open(serve_model *m, const char *path, const char *device, char *err,
                   size_t errlen)
{
    ltb_llm_sidecar side;
    if (ltb_llm_sidecar_read(path, &side, err, errlen) != 0)
        return -1;
    lt_open_options opt = {.device = device ? device : "cpu"};
    lt_error e;
    if (lt_llm_open(path, &opt, &m->llm, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    lt_llm_info info;
    lt_llm_get_info(m->llm, &info);
    m->vocab_size = info.vocab_size;
    m->max_seq_len = info.max_seq_len;
    m->bos_id = side.bos_id >= 0 && side.bos_id < info.vocab_size ? side.bos_id
                : info.vocab_size > 256 ? 256 : info.vocab_size - 1;
    serve_llm_gen g;
    char tok[32], why[512];
    int rc = serve_llm_begin(NULL, m, "hello", 1, &g, why, sizeof why) == SERVE_OK &&
                     serve_llm_next(&g, tok, sizeof tok, why, sizeof why) == 1
                 ? 0 : -1;
    serve_llm_end(&g);
    if (rc != 0)
        snprintf(err, errlen, "model '%s' failed on a probe prompt: %s", path, why);
    return rc;
}
