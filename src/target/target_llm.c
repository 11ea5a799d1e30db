/* target_llm.c — the in-process text-generation target (see target_llm.h): the
 * ltb_target around an lt_llm, per-worker buffers, sampling in C, the token times kept
 * in chunks the target owns (so a record's res.token_ns stays valid until the target
 * closes, after the reports), and the tokens of the first timed request for
 * --save-tokens. */
#define _POSIX_C_SOURCE 200809L
#include "target_llm.h"
#include "clock.h"
#include "llm_sidecar.h"
#include "lt_shim.h"
#include "rng.h"
#include "short_thread.h"
#include "target_torch.h"
#include "torch_open.h"
#include "torch_run.h"
#include "workload_llm.h"
#include "token_times.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first timed request's ids, kept for --save-tokens. */
typedef struct kept_tokens {
    atomic_int claimed;
    int ready;
    int batch, prompt_len, gen;
    int64_t *prompts;             /* batch x prompt_len */
    int64_t *tokens;              /* batch x gen */
} kept_tokens;

typedef struct llm_self {
    lt_llm *model;
    lt_llm_info info;
    char device[64];
    char path[4096];
    char save_path[4096];
    double temperature;
    uint64_t seed;
    ltb_workload *w;              /* workload_llm: prompts and the current -p/-g */
    ltb_token_times times;        /* what records' token_ns point into */
    kept_tokens kept;
} llm_self;

typedef struct llm_worker {
    int64_t *ids;                 /* batch x prompt tokens (prefill), then batch (decode) */
    size_t ids_cap;
    int64_t *out_tokens;          /* batch x gen, when keeping */
    size_t out_cap;
    float *logits;                /* batch x vocab */
    size_t logits_cap;
    lt_llm_cache *cache;
    ltb_token_times_cursor times;
} llm_worker;

static int worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    (void)t;
    (void)worker;
    return ltb_worker_state_new(sizeof(llm_worker), state, err, errlen);
}

static void worker_free(llm_worker *ws)
{
    free(ws->ids);
    free(ws->out_tokens);
    free(ws->logits);
    lt_llm_cache_free(ws->cache);
    memset(ws, 0, sizeof *ws);
}

static void worker_close(ltb_target *t, void *state)
{
    (void)t;
    worker_free(state);
    free(state);
}

static int grow(void **buf, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return 0;
    void *p = realloc(*buf, n * size);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}

/* Greedy: the first largest logit. With a temperature: a draw from softmax(l / T). */
static int64_t sample_token(const float *l, int64_t V, double temperature, uint64_t *rng)
{
    int64_t best = 0;
    for (int64_t i = 1; i < V; i++)
        if (l[i] > l[best])
            best = i;
    if (temperature <= 0)
        return best;
    double sum = 0;
    for (int64_t i = 0; i < V; i++)
        sum += exp(((double)l[i] - (double)l[best]) / temperature);
    double u = (double)(ltb_rng_next(rng) >> 11) / 9007199254740992.0 * sum, acc = 0;
    for (int64_t i = 0; i < V; i++) {
        acc += exp(((double)l[i] - (double)l[best]) / temperature);
        if (u < acc)
            return i;
    }
    return best;
}

static void sample_all(const llm_self *self, const llm_worker *ws, int batch, uint64_t *rng,
                       int64_t *next)
{
    for (int j = 0; j < batch; j++)
        next[j] = sample_token(ws->logits + (size_t)j * (size_t)self->info.vocab_size,
                               self->info.vocab_size, self->temperature, rng);
}

static int fail_lt(ltb_result *res, const char *what, lt_status st, const lt_error *e)
{
    return ltb_torch_fail(res, what, st, e);
}

/* Copies the request's prompts and tokens when it is the first timed one. */
static void keep_tokens(llm_self *self, const llm_worker *ws, const ltb_request *req, int batch,
                        int plen, int gen)
{
    kept_tokens *k = &self->kept;
    if (!self->save_path[0] || req->id < 0 || atomic_load(&k->claimed) || atomic_exchange(&k->claimed, 1))
        return;
    k->prompts = malloc((size_t)batch * (size_t)plen * sizeof(int64_t));
    k->tokens = malloc((size_t)batch * (size_t)(gen > 0 ? gen : 1) * sizeof(int64_t));
    if (!k->prompts || !k->tokens)
        return;
    for (int j = 0; j < batch; j++) {
        int n;
        const int64_t *p = ltb_workload_llm_prompt(self->w, (req->sample + j) % self->w->n_samples, &n);
        memcpy(k->prompts + (size_t)j * (size_t)plen, p, (size_t)plen * sizeof(int64_t));
    }
    if (gen > 0)
        memcpy(k->tokens, ws->out_tokens, (size_t)batch * (size_t)gen * sizeof(int64_t));
    k->batch = batch;
    k->prompt_len = plen;
    k->gen = gen;
    k->ready = 1;
}

/* Fills ws->ids with the batch's prompts ([batch, plen]). */
static int load_prompts(llm_self *self, llm_worker *ws, const ltb_request *req, int batch, int *plen,
                        ltb_result *res)
{
    int n = 0;
    ltb_workload_llm_prompt(self->w, 0, &n);
    if (grow((void **)&ws->ids, &ws->ids_cap, (size_t)batch * (size_t)n, sizeof(int64_t)) != 0) {
        snprintf(res->error, sizeof res->error, "out of memory");
        return -1;
    }
    for (int j = 0; j < batch; j++) {
        const int64_t *p = ltb_workload_llm_prompt(self->w, (req->sample + j) % self->w->n_samples, &n);
        memcpy(ws->ids + (size_t)j * (size_t)n, p, (size_t)n * sizeof(int64_t));
    }
    *plen = n;
    return 0;
}

static int run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    llm_self *self = t->self;
    llm_worker *ws = state;
    int batch = req->batch > 0 ? req->batch : 1, P, G, plen;
    ltb_workload_llm_shape(self->w, &P, &G);
    res->prompt_tokens = P;
    res->gen_tokens = G;
    size_t V = (size_t)self->info.vocab_size;
    int keep = self->save_path[0] && req->id >= 0 && !atomic_load(&self->kept.claimed);
    if (load_prompts(self, ws, req, batch, &plen, res) != 0 ||
        grow((void **)&ws->logits, &ws->logits_cap, (size_t)batch * V, sizeof(float)) != 0 ||
        (keep && grow((void **)&ws->out_tokens, &ws->out_cap, (size_t)batch * (size_t)(G > 0 ? G : 1),
                      sizeof(int64_t)) != 0)) {
        snprintf(res->error, sizeof res->error, "out of memory");
        return -1;
    }
    uint64_t *times = G > 0 ? ltb_token_times_take(&self->times, &ws->times, (size_t)G) : NULL;
    if (G > 0 && !times) {
        snprintf(res->error, sizeof res->error, "out of memory for token times");
        return -1;
    }
    uint64_t rng = ltb_rng_state(self->seed, (uint64_t)req->id * 7919u + 0x11au);
    lt_error e;
    uint64_t t0 = ltb_now_ns();
    lt_status st = lt_llm_prefill(self->model, ws->ids, batch, plen, ws->logits, &ws->cache, &e);
    if (st != LT_OK)
        return fail_lt(res, "prefill", st, &e);
    sample_all(self, ws, batch, &rng, ws->ids);    /* the next ids: [batch, 1] */
    uint64_t t1 = ltb_now_ns();
    res->first_result_ns = t1;
    res->prefill_ns = t1 - t0;
    if (G == 0) {
        keep_tokens(self, ws, req, batch, plen, 0);
        return 0;
    }
    times[0] = t1;
    res->token_ns = times;
    res->n_token_ns = 1;
    for (int s = 1; s <= G; s++) {
        if (keep)
            for (int j = 0; j < batch; j++)
                ws->out_tokens[(size_t)j * (size_t)G + (size_t)(s - 1)] = ws->ids[j];
        if (s == G)
            break;
        st = lt_llm_decode(self->model, ws->ids, batch, plen + s - 1, ws->cache, ws->logits, &e);
        if (st != LT_OK)
            return fail_lt(res, "decode", st, &e);
        sample_all(self, ws, batch, &rng, ws->ids);
        times[s] = ltb_now_ns();
        res->n_token_ns = s + 1;
    }
    res->decode_steps_ns = times[G - 1] - times[0];
    if (keep)
        keep_tokens(self, ws, req, batch, plen, G);
    return 0;
}

static void close_target(ltb_target *t)
{
    llm_self *self = t->self;
    if (!self)
        return;
    free(self->kept.prompts);
    free(self->kept.tokens);
    lt_llm_close(self->model);
    ltb_token_times_free(&self->times);
    free(self);
    t->self = NULL;
}

static void write_rows(FILE *f, const int64_t *ids, int rows, int cols)
{
    fputc('[', f);
    for (int j = 0; j < rows; j++) {
        fputs(j ? ", [" : "[", f);
        for (int i = 0; i < cols; i++)
            fprintf(f, "%s%lld", i ? ", " : "", (long long)ids[(size_t)j * (size_t)cols + (size_t)i]);
        fputc(']', f);
    }
    fputc(']', f);
}

int ltb_target_llm_save_tokens(ltb_target *t, char *err, size_t errlen)
{
    llm_self *self = t->self;
    if (!self || !self->save_path[0] || !self->kept.ready)
        return 0;
    const kept_tokens *k = &self->kept;
    FILE *f = fopen(self->save_path, "w");
    if (!f) {
        snprintf(err, errlen, "--save-tokens: cannot write '%s'", self->save_path);
        return -1;
    }
    fprintf(f, "{\"prompt_tokens\": %d, \"gen_tokens\": %d, \"batch\": %d, \"temperature\": %g,\n"
               " \"prompts\": ", k->prompt_len, k->gen, k->batch, self->temperature);
    write_rows(f, k->prompts, k->batch, k->prompt_len);
    fputs(",\n \"tokens\": ", f);
    write_rows(f, k->tokens, k->batch, k->gen);
    fputs("}\n", f);
    if (fclose(f) != 0) {
        snprintf(err, errlen, "--save-tokens: cannot write '%s'", self->save_path);
        return -1;
    }
    return 1;
}

/* ---- opening ---------------------------------------------------------------------- */

/* One request at the first -p/-g with one sequence: proves the contract before timing. */
static int probe(ltb_target *t, char *err, size_t errlen)
{
    llm_self *self = t->self;
    llm_worker ws;
    memset(&ws, 0, sizeof ws);
    ltb_request req;
    ltb_result res;
    memset(&req, 0, sizeof req);
    memset(&res, 0, sizeof res);
    req.id = -1;
    req.batch = 1;
    int rc = run(t, &ws, &req, &res);
    if (rc != 0)
        snprintf(err, errlen, "model '%s' failed its first request: %s", self->path, res.error);
    worker_free(&ws);
    return rc;
}

int ltb_target_llm_attach(ltb_target *t, ltb_workload *w, char *err, size_t errlen)
{
    llm_self *self = t->self;
    self->w = w;
    int rc = 0;
    for (int s = 0; rc == 0 && s < w->n_shapes; s++) {
        int P, G;
        w->prepare_shape(w, s, err, errlen);
        ltb_workload_llm_shape(w, &P, &G);
        int need = (P > 0 ? P : 1) + (G > 0 ? G - 1 : 0);
        if (need > self->info.max_seq_len) {
            snprintf(err, errlen, "-p %d -g %d: %d positions, over the max_seq_len %lld of '%s'",
                     P, G, need, (long long)self->info.max_seq_len, self->path);
            rc = -1;
        }
    }
    if (rc == 0)
        rc = w->prepare_shape(w, 0, err, errlen);
    if (rc == 0)
        rc = ltb_target_call_on_short_thread(probe, t, err, errlen);   /* model code: no pool left here */
    if (rc != 0)
        close_target(t);
    return rc;
}

static void read_facts(llm_self *self, ltb_llm_facts *f)
{
    f->vocab_size = self->info.vocab_size;
    f->max_seq_len = self->info.max_seq_len;
    f->max_batch = self->info.max_batch;
    f->params = (double)self->info.params;
    f->param_bytes = (double)self->info.param_bytes;
    f->bos_id = self->info.vocab_size > 256 ? 256 : self->info.vocab_size - 1;
}

static int open_here(ltb_target *t, const void *options, void *context, char *err, size_t errlen)
{
    const ltb_llm_options *o = options;
    ltb_llm_facts *facts = context;
    memset(t, 0, sizeof *t);
    ltb_llm_sidecar side;
    if (ltb_llm_sidecar_read(o->model_path, &side, err, errlen) != 0)
        return -1;
    ltb_torch_open_spec spec = {o->device, o->precision, o->optimize, o->threads, o->interop_threads};
    lt_open_options open_opt;
    llm_self *self = ltb_torch_open_begin(t, &spec, sizeof *self, close_target, &open_opt, err, errlen);
    if (!self)
        return -1;
    ltb_token_times_init(&self->times);
    snprintf(self->path, sizeof self->path, "%s", o->model_path);
    snprintf(self->save_path, sizeof self->save_path, "%s", o->save_tokens_path ? o->save_tokens_path : "");
    self->temperature = o->temperature;
    self->seed = o->seed;
    lt_error e;
    lt_status st = lt_llm_open(o->model_path, &open_opt, &self->model, &e);
    if (st != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        close_target(t);
        return -1;
    }
    lt_llm_get_info(self->model, &self->info);
    snprintf(self->device, sizeof self->device, "%s", lt_llm_device(self->model));
    read_facts(self, facts);
    if (side.bos_id >= 0 && side.bos_id < facts->vocab_size)
        facts->bos_id = side.bos_id;
    if (facts->params <= 0 && side.params > 0)
        facts->params = side.params;
    facts->bytes_tokenizer = !side.has_tokenizer || side.byte_tokenizer;
    ltb_torch_open_end(t, self->device, worker_open, worker_close, run);
    return 0;
}

/* Opens on a short-lived thread, so no OpenMP pool stays behind on the caller's thread
 * to slow the measured workers (short_thread.h). */
int ltb_target_torch_llm(ltb_target *t, const ltb_llm_options *o, ltb_llm_facts *facts, char *err,
                         size_t errlen)
{
    return ltb_open_target_on_short_thread(open_here, t, o, facts, err, errlen);
}
