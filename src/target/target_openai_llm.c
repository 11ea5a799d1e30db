/* target_openai_llm.c — the OpenAI completions client target of `ltbench llm --url`
 * (see target_openai_llm.h). */
#define _POSIX_C_SOURCE 200809L
#include "target_openai_llm.h"
#include "http_curl.h"
#include "http_openai_curl.h"
#include "openai_prompt.h"
#include "target_http.h"
#include "workload_llm.h"
#include "token_times.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TESTS LTB_MAX_RUN_LEVELS

typedef struct openai_self {
    ltb_openai_llm_options opt;
    char base[2048], url[2200], model[256], token[1024];
    struct curl_slist *headers;
    ltb_workload *w;
    int n_tests, n_samples;
    int prompt[MAX_TESTS], gen[MAX_TESTS];
    char **bodies;                /* [test][sample] */
    ltb_token_times times;        /* what records' token_ns point into */
} openai_self;

typedef struct openai_worker {
    CURL *curl;
    ltb_openai_stream s;
    ltb_token_times_cursor times;
} openai_worker;

static int worker_init(const openai_self *self, openai_worker *ws)
{
    memset(ws, 0, sizeof *ws);
    ws->curl = curl_easy_init();
    if (!ws->curl || ltb_openai_stream_init(&ws->s, self->opt.endpoint, 0) != 0) {
        curl_easy_cleanup(ws->curl);
        return -1;
    }
    if (self->opt.no_keepalive) {
        curl_easy_setopt(ws->curl, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(ws->curl, CURLOPT_FRESH_CONNECT, 1L);
    }
    return 0;
}

static void worker_free(openai_worker *ws)
{
    curl_easy_cleanup(ws->curl);
    ltb_openai_stream_free(&ws->s);
}

static int worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    (void)worker;
    openai_worker *ws = malloc(sizeof *ws);
    if (!ws || worker_init(t->self, ws) != 0) {
        free(ws);
        snprintf(err, errlen, "cannot create a curl handle");
        return -1;
    }
    *state = ws;
    return 0;
}

static void worker_close(ltb_target *t, void *state)
{
    (void)t;
    worker_free(state);
    free(state);
}

static int test_index(const openai_self *self, int P, int G)
{
    for (int i = 0; i < self->n_tests; i++)
        if (self->prompt[i] == P && self->gen[i] == G)
            return i;
    return -1;
}

/* One streamed request of test i, sample j; the record filled per the LLM contract. */
static int request(openai_self *self, openai_worker *ws, int i, int j, ltb_result *res)
{
    res->prompt_tokens = self->prompt[i];
    res->gen_tokens = 0;
    uint64_t t0, t1;
    if (ltb_openai_stream_request(ws->curl, self->url, self->headers,
                                  self->bodies[(size_t)i * (size_t)self->n_samples + (size_t)j],
                                  self->opt.timeout_s, &ws->s, &t0, &t1) != 0) {
        snprintf(res->error, sizeof res->error, "%s", ws->s.error);
        return -1;
    }
    const ltb_openai_stream *s = &ws->s;
    if (s->prompt_tokens >= 0)
        res->prompt_tokens = (int)(s->prompt_tokens < 2147483647L ? s->prompt_tokens : 2147483647L);
    long g = ltb_openai_stream_tokens(s);
    res->gen_tokens = (int)(g < 2147483647L ? g : 2147483647L);
    if (s->content_events == 0) {
        snprintf(res->error, sizeof res->error, "the stream held no content event (no token came)");
        return -1;
    }
    uint64_t *times = ltb_token_times_take(&self->times, &ws->times, (size_t)s->content_events);
    if (!times) {
        snprintf(res->error, sizeof res->error, "out of memory for token times");
        return -1;
    }
    memcpy(times, s->token_ns, (size_t)s->content_events * sizeof *times);
    res->token_ns = times;
    res->n_token_ns = s->content_events;
    res->first_result_ns = s->first_token_ns;
    res->prefill_ns = s->first_token_ns - t0;
    res->decode_steps_ns = s->last_token_ns - s->first_token_ns;
    return 0;
}

static int run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    openai_self *self = t->self;
    int P, G;
    ltb_workload_llm_shape(self->w, &P, &G);
    int i = test_index(self, P, G);
    if (i < 0 || req->sample < 0 || req->sample >= self->n_samples) {
        snprintf(res->error, sizeof res->error, "no request body prepared for -p %d -g %d, prompt %d",
                 P, G, req->sample);
        return -1;
    }
    return request(self, state, i, req->sample, res);
}

static void close_target(ltb_target *t)
{
    openai_self *self = t->self;
    if (!self)
        return;
    for (size_t k = 0; self->bodies && k < (size_t)self->n_tests * (size_t)self->n_samples; k++)
        free(self->bodies[k]);
    free(self->bodies);
    curl_slist_free_all(self->headers);
    ltb_token_times_free(&self->times);
    free(self);
    t->self = NULL;
}

static int build_bodies(openai_self *self, char *err, size_t errlen)
{
    unsigned flags = LTB_OPENAI_INCLUDE_USAGE | (self->opt.fixed_length ? LTB_OPENAI_FIXED_LENGTH : 0);
    self->bodies = calloc((size_t)self->n_tests * (size_t)self->n_samples, sizeof *self->bodies);
    for (int i = 0; self->bodies && i < self->n_tests; i++)
        for (int j = 0; j < self->n_samples; j++) {
            const char *source = self->w->samples[j].text;
            int n = self->prompt[i] > 0 ? self->prompt[i] : 1;
            const char *text = source && *source ? source : "Hello";
            char *prompt = self->opt.prompt_chars ? ltb_openai_prompt_chars(text, n)
                                                  : ltb_openai_prompt_words(text, n, 0);
            char *body = prompt ? ltb_openai_body(self->opt.endpoint, self->model, prompt,
                                                  self->gen[i], flags) : NULL;
            free(prompt);
            if (!body)
                goto oom;
            self->bodies[(size_t)i * (size_t)self->n_samples + (size_t)j] = body;
        }
    if (self->bodies)
        return 0;
oom:
    snprintf(err, errlen, "out of memory building the request bodies");
    return -1;
}

/* GET /v1/models, then the first body once: the protocol proved before timing. */
static int check_server(openai_self *self, char *err, size_t errlen)
{
    ltb_http_options h;
    memset(&h, 0, sizeof h);
    h.url = self->base;
    h.model_name = self->model;
    h.token = self->opt.token;
    h.api = LTB_HTTP_API_OPENAI;
    h.task = LTB_TASK_LLM;
    h.timeout_s = self->opt.timeout_s;
    h.max_response_bytes = 16u << 20;
    ltb_http_server_info info;
    if (ltb_http_check(&h, &info, err, errlen) != 0)
        return -1;
    openai_worker ws;
    if (worker_init(self, &ws) != 0) {
        snprintf(err, errlen, "cannot create a curl handle");
        return -1;
    }
    ltb_result res;
    memset(&res, 0, sizeof res);
    int rc = request(self, &ws, 0, 0, &res);
    if (rc != 0)
        snprintf(err, errlen, "--api openai: POST %s (model '%s') failed its first request: %s",
                 self->url, self->model, res.error);
    worker_free(&ws);
    return rc;
}

static int check_options(const ltb_openai_llm_options *o, const ltb_workload *w, char *err,
                         size_t errlen)
{
    if (!o->url || (strncmp(o->url, "http://", 7) && strncmp(o->url, "https://", 8))) {
        snprintf(err, errlen, "--url '%s' must start with http:// or https://", o->url ? o->url : "");
        return -1;
    }
    if (w->n_shapes < 1 || w->n_shapes > MAX_TESTS || w->n_samples < 1) {
        snprintf(err, errlen, "--url: no -p/-g test or no prompt to send");
        return -1;
    }
    return 0;
}

int ltb_target_openai_llm(ltb_target *t, const ltb_openai_llm_options *o, ltb_workload *w,
                          char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    if (check_options(o, w, err, errlen) != 0)
        return -1;
    ltb_http_global_init();
    openai_self *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ltb_token_times_init(&self->times);
    self->opt = *o;
    snprintf(self->base, sizeof self->base, "%s", o->url);
    size_t n = strlen(self->base);
    while (n > 0 && self->base[n - 1] == '/')
        self->base[--n] = '\0';
    snprintf(self->url, sizeof self->url, "%s%s", self->base, ltb_openai_path(o->endpoint));
    snprintf(self->model, sizeof self->model, "%s", o->model_name ? o->model_name : "");
    snprintf(self->token, sizeof self->token, "%s", o->token ? o->token : "");
    self->opt.token = self->token[0] ? self->token : NULL;
    self->w = w;
    self->n_samples = w->n_samples;
    self->n_tests = w->n_shapes;
    t->self = self;
    t->close = close_target;
    int rc = 0;
    for (int s = 0; rc == 0 && s < w->n_shapes; s++) {
        rc = w->prepare_shape(w, s, err, errlen);
        ltb_workload_llm_shape(w, &self->prompt[s], &self->gen[s]);
    }
    self->headers = rc == 0 ? ltb_http_headers(self->opt.token) : NULL;
    if (rc == 0 && !self->headers) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    rc = rc == 0 ? w->prepare_shape(w, 0, err, errlen) : rc;
    rc = rc == 0 ? build_bodies(self, err, errlen) : rc;
    rc = rc == 0 ? check_server(self, err, errlen) : rc;
    if (rc != 0) {
        close_target(t);
        return -1;
    }
    t->kind = "http";
    t->device = "remote";
    t->worker_open = worker_open;
    t->worker_close = worker_close;
    t->run = run;
    return 0;
}
