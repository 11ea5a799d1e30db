/* workload_texts.c — a text workload from given strings (copied): request i gets
 * text i mod n. The TTS generator and --texts FILE build on this. */
#define _POSIX_C_SOURCE 200809L
#include "ltbench.h"
#include "text_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text_set {
    int n;
    char **texts;
    char **names;
    ltb_sample_info *info;
} text_set;

static void text_set_free(text_set *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++) {
        free(s->texts ? s->texts[i] : NULL);
        free(s->names ? s->names[i] : NULL);
    }
    free(s->texts);
    free(s->names);
    free(s->info);
    free(s);
}

static int prepare_batch(ltb_workload *w, int batch, char *err, size_t errlen)
{
    (void)w;
    if (batch != 1) {
        snprintf(err, errlen, "text workloads run one text per request (batch 1), not %d", batch);
        return -1;
    }
    return 0;
}

static void fill(ltb_workload *w, int64_t id, int batch, ltb_request *req)
{
    text_set *s = w->self;
    (void)batch;
    int i = (int)((id < 0 ? -id : id) % s->n);
    req->sample = i;
    req->text = s->texts[i];
    req->text_bytes = s->info[i].bytes;
}

static void workload_free(ltb_workload *w)
{
    text_set_free(w->self);
    w->self = NULL;
}

int ltb_workload_texts(ltb_workload *w, const char *const *texts, int n, char *err,
                       size_t errlen)
{
    if (n < 1) {
        snprintf(err, errlen, "no texts to run");
        return -1;
    }
    text_set *s = calloc(1, sizeof *s);
    if (s) {
        s->n = n;
        s->texts = calloc((size_t)n, sizeof *s->texts);
        s->names = calloc((size_t)n, sizeof *s->names);
        s->info = calloc((size_t)n, sizeof *s->info);
    }
    int ok = s && s->texts && s->names && s->info;
    for (int i = 0; ok && i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "text_%d", i);
        s->texts[i] = strdup(texts[i] ? texts[i] : "");
        s->names[i] = strdup(name);
        ok = s->texts[i] && s->names[i];
        if (ok) {
            size_t bytes = strlen(s->texts[i]);
            s->info[i] = (ltb_sample_info){.name = s->names[i], .text = s->texts[i],
                                           .chars = ltb_utf8_chars(s->texts[i], bytes),
                                           .bytes = bytes,
                                           .tokens = ltb_word_count(s->texts[i], bytes)};
        }
    }
    if (!ok) {
        text_set_free(s);
        snprintf(err, errlen, "out of memory copying %d texts", n);
        return -1;
    }
    memset(w, 0, sizeof *w);
    w->self = s;
    w->n_samples = n;
    w->samples = s->info;
    w->prepare_batch = prepare_batch;
    w->fill = fill;
    w->free = workload_free;
    return 0;
}
