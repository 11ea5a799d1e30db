/* serve_models.c — loading and running the server's models (see serve_models.h). */
#define _POSIX_C_SOURCE 200809L
#include "serve_models.h"
#include "paths.h"
#include "serve_compute.h"
#include "short_thread.h"
#include "file_read.h"
#include "image_preprocess.h"
#include "model_sidecar.h"
#include "serve_llm.h"
#include "topk.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SERVE_IMAGE_SIDE 224
#define SERVE_MAX_TOPK 1000

const char *serve_task_name(serve_task t)
{
    return t == SERVE_TASK_TTS ? "tts" : t == SERVE_TASK_LLM ? "llm" : "classification";
}

int serve_models_init(serve_models *ms, int compute_threads, char *err, size_t errlen)
{
    memset(ms, 0, sizeof *ms);
    if (compute_threads > 0 && !(ms->compute = serve_compute_start(compute_threads, err, errlen)))
        return -1;
    return 0;
}

/* fn(arg) on a compute thread (on this one when there are none). */
static int compute(serve_models *ms, int (*fn)(void *), void *arg)
{
    return ms && ms->compute ? serve_compute_call(ms->compute, fn, arg) : fn(arg);
}

/* "dir/resnet18.pt" -> "resnet18" (ltb_path_stem); "dir/resnet18.pt" -> "dir" */
static void split_path(const char *path, char *name, size_t nlen, char *dir, size_t dlen)
{
    const char *slash = strrchr(path, '/');
    ltb_path_stem(path, name, nlen);
    if (slash)
        snprintf(dir, dlen, "%.*s", (int)(slash - path), path);
    else
        snprintf(dir, dlen, ".");
}

/* imagenet_classes.txt beside the model: line i names class i. Absent is fine. */
static int load_labels(serve_model *m, const char *dir, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/imagenet_classes.txt", dir);
    if (access(path, R_OK) != 0)
        return 0;
    unsigned char *text;
    size_t len;
    if (ltb_read_file(path, 16u << 20, &text, &len, err, errlen) != 0)
        return -1;
    int lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    m->labels = calloc((size_t)lines, sizeof *m->labels);
    char *save = NULL;
    for (char *line = strtok_r((char *)text, "\n", &save); m->labels && line;
         line = strtok_r(NULL, "\n", &save)) {
        line[strcspn(line, "\r")] = '\0';
        m->labels[m->n_labels] = strdup(line);
        if (!m->labels[m->n_labels])
            break;
        m->n_labels++;
    }
    free(text);
    return 0;
}

static int probe_classifier(serve_model *m, char *err, size_t errlen)
{
    m->width = m->height = SERVE_IMAGE_SIDE;
    size_t plane = (size_t)3 * SERVE_IMAGE_SIDE * SERVE_IMAGE_SIDE;
    float *zeros = calloc(plane, sizeof(float));
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4,
                         .shape = {1, 3, SERVE_IMAGE_SIDE, SERVE_IMAGE_SIDE}, .data = zeros};
    lt_tensor_buf out = {0};
    lt_error e;
    lt_status st = zeros ? lt_model_run(m->model, &in, &out, NULL, &e) : LT_ERR_OOM;
    int ok = st == LT_OK && out.ndim == 2 && out.shape[0] == 1 && out.shape[1] > 0;
    if (st != LT_OK)
        snprintf(err, errlen, "model '%s' failed on a 224x224 image: %s", m->path,
                 zeros ? e.msg : "out of memory");
    else if (!ok)
        snprintf(err, errlen, "model '%s' did not return [1, classes] logits: not a classification model",
                 m->path);
    free(zeros);
    lt_tensor_buf_free(&out);
    return ok ? 0 : -1;
}

static int load_vocab(serve_model *m, const ltb_sidecar *side, const char *dir, char *err,
                      size_t errlen)
{
    char path[4200];
    if (side->vocab_path[0])
        snprintf(path, sizeof path, "%s", side->vocab_path);
    else
        snprintf(path, sizeof path, "%s/tts_vocab.txt", dir);
    return ltb_vocab_load(path, side->found ? side->lowercase : 1, &m->vocab, err, errlen);
}

static int open_tts(serve_model *m, const ltb_sidecar *side, const char *dir, char *err,
                    size_t errlen)
{
    lt_error e;
    if (lt_model_attr_int(m->model, "sample_rate", &m->sample_rate, &e) != LT_OK ||
        m->sample_rate <= 0) {
        snprintf(err, errlen, "model '%s' has no int attribute sample_rate: not a TTS model", m->path);
        return -1;
    }
    if (load_vocab(m, side, dir, err, errlen) != 0)
        return -1;
    m->can_stream = lt_model_has_method(m->model, "encode") &&
                    lt_model_has_method(m->model, "vocode") &&
                    lt_model_attr_int(m->model, "hop_length", &m->hop_length, &e) == LT_OK &&
                    lt_model_attr_int(m->model, "n_mels", &m->n_mels, &e) == LT_OK &&
                    m->hop_length > 0 && m->n_mels > 0;
    return 0;
}

static int detect_task(serve_model *m, const ltb_sidecar *side, char *err, size_t errlen)
{
    if (side->found && side->task[0]) {
        if (!strcmp(side->task, "llm")) {
            m->task = SERVE_TASK_LLM;
            return 0;
        }
        if (!strcmp(side->task, "classification") || !strcmp(side->task, "tts")) {
            m->task = !strcmp(side->task, "tts") ? SERVE_TASK_TTS : SERVE_TASK_CLASSIFICATION;
            return 0;
        }
        snprintf(err, errlen, "model '%s': task '%s' cannot be served (classification, tts or llm)",
                 m->path, side->task);
        return -1;
    }
    int64_t rate;
    lt_error e;
    m->task = lt_model_attr_int(m->model, "sample_rate", &rate, &e) == LT_OK ? SERVE_TASK_TTS
                                                                            : SERVE_TASK_CLASSIFICATION;
    return 0;
}

static void free_model(serve_model *m)
{
    for (int i = 0; i < m->n_labels; i++)
        free(m->labels[i]);
    free(m->labels);
    if (m->task == SERVE_TASK_TTS)
        ltb_vocab_free(&m->vocab);
    lt_model_close(m->model);
    lt_llm_close(m->llm);
    memset(m, 0, sizeof *m);
}

static int open_model(serve_model *m, const char *path, const char *device, char *err,
                      size_t errlen)
{
    char dir[4096];
    split_path(path, m->name, sizeof m->name, dir, sizeof dir);
    snprintf(m->path, sizeof m->path, "%s", path);
    ltb_sidecar side;
    if (ltb_sidecar_read(path, &side, err, errlen) != 0)
        return -1;
    if (side.found && !strcmp(side.task, "llm")) {
        m->task = SERVE_TASK_LLM;
        return serve_llm_open(m, path, device, err, errlen);
    }
    lt_open_options opt = {.device = device ? device : "cpu"};
    lt_error e;
    if (lt_model_open(path, &opt, &m->model, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    if (detect_task(m, &side, err, errlen) != 0)
        return -1;
    if (m->task == SERVE_TASK_TTS) {
        if (open_tts(m, &side, dir, err, errlen) != 0)
            return -1;
        float *audio = NULL;
        size_t n = 0;
        char why[512];
        if (serve_synthesize(NULL, m, "hello world.", 12, &audio, &n, why, sizeof why) != SERVE_OK) {
            snprintf(err, errlen, "model '%s' failed on a probe text: %s", path, why);
            return -1;
        }
        free(audio);
        return 0;
    }
    if (load_labels(m, dir, err, errlen) != 0)
        return -1;
    return probe_classifier(m, err, errlen);
}

typedef struct open_call {
    serve_model *m;
    const char *path, *device;
    char *err;
    size_t errlen;
} open_call;

static int open_call_main(void *p)
{
    open_call *c = p;
    return open_model(c->m, c->path, c->device, c->err, c->errlen);
}

int serve_models_add(serve_models *ms, const char *path, const char *device, char *err,
                     size_t errlen)
{
    serve_model *grown = realloc(ms->list, (size_t)(ms->n + 1) * sizeof *grown);
    if (!grown) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ms->list = grown;
    serve_model *m = &ms->list[ms->n];
    memset(m, 0, sizeof *m);
    /* on a short-lived thread: no OpenMP pool left on this one (short_thread.h) */
    open_call c = {m, path, device, err, errlen};
    if (ltb_call_on_short_thread(open_call_main, &c) != 0) {
        free_model(m);
        return -1;
    }
    if (serve_models_find(ms, m->name)) {
        snprintf(err, errlen, "two models named '%s' (%s): model names are file names without .pt",
                 m->name, path);
        free_model(m);
        return -1;
    }
    ms->n++;
    return 0;
}

void serve_models_close(serve_models *ms)
{
    serve_compute_stop(ms->compute);   /* no forward runs after this */
    for (int i = 0; i < ms->n; i++)
        free_model(&ms->list[i]);
    free(ms->list);
    memset(ms, 0, sizeof *ms);
}

const serve_model *serve_models_find(const serve_models *ms, const char *name)
{
    for (int i = 0; i < ms->n; i++)
        if (!strcmp(ms->list[i].name, name))
            return &ms->list[i];
    return NULL;
}

const serve_model *serve_models_first(const serve_models *ms, serve_task task)
{
    for (int i = 0; i < ms->n; i++)
        if (ms->list[i].task == task)
            return &ms->list[i];
    return NULL;
}

/* Top k of one logits row with softmax probabilities over all the row's classes. */
static int predictions(const serve_model *m, const float *logits, int classes, int k,
                       serve_prediction *out)
{
    int32_t ids[SERVE_MAX_TOPK];
    float top[SERVE_MAX_TOPK];
    int got = ltb_topk(logits, classes, k, ids, top);
    float max = top[0];
    double sum = 0;
    for (int c = 0; c < classes; c++)
        sum += exp((double)logits[c] - (double)max);
    for (int i = 0; i < got; i++) {
        out[i].class_id = ids[i];
        out[i].confidence = (float)(exp((double)top[i] - (double)max) / sum);
        if (ids[i] < m->n_labels)
            snprintf(out[i].label, sizeof out[i].label, "%s", m->labels[ids[i]]);
        else
            snprintf(out[i].label, sizeof out[i].label, "class_%d", (int)ids[i]);
    }
    return got;
}

static serve_status classify_tensor(const serve_model *m, const float *pixels, int n, int k,
                                    serve_prediction *preds, int *k_out, char *err,
                                    size_t errlen)
{
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4, .shape = {n, 3, m->height, m->width},
                         .data = pixels};
    lt_tensor_buf out = {0};
    lt_error e;
    lt_status st = lt_model_run(m->model, &in, &out, NULL, &e);
    serve_status rc = SERVE_OK;
    if (st != LT_OK) {
        snprintf(err, errlen, "forward: %s: %s", lt_status_name(st), e.msg);
        rc = SERVE_MODEL_FAILED;
    } else if (out.ndim != 2 || out.shape[0] != n || out.shape[1] < 1) {
        snprintf(err, errlen, "model returned %d dims, expected [%d, classes]", out.ndim, n);
        rc = SERVE_MODEL_FAILED;
    } else {
        int classes = (int)out.shape[1];
        k = k < 1 ? 1 : k > SERVE_MAX_TOPK ? SERVE_MAX_TOPK : k;
        for (int i = 0; i < n; i++)
            *k_out = predictions(m, out.data + (size_t)i * (size_t)classes, classes, k,
                                 preds + (size_t)i * (size_t)k);
    }
    lt_tensor_buf_free(&out);
    return rc;
}

typedef struct classify_call {
    const serve_model *m;
    const float *pixels;
    int n, k;
    serve_prediction *preds;
    int *k_out;
    char *err;
    size_t errlen;
} classify_call;

static int classify_call_main(void *p)
{
    classify_call *c = p;
    return (int)classify_tensor(c->m, c->pixels, c->n, c->k, c->preds, c->k_out, c->err, c->errlen);
}

serve_status serve_classify(serve_models *ms, const serve_model *m,
                            const unsigned char *const *images, const size_t *lens, int n, int k,
                            serve_prediction *preds, int *k_out, char *err, size_t errlen)
{
    size_t plane = (size_t)3 * (size_t)m->width * (size_t)m->height;
    float *pixels = malloc(plane * (size_t)n * sizeof(float));
    if (!pixels) {
        snprintf(err, errlen, "out of memory for %d images", n);
        return SERVE_MODEL_FAILED;
    }
    serve_status rc = SERVE_OK;
    for (int i = 0; i < n && rc == SERVE_OK; i++) {   /* decoding: on the connection's thread */
        char name[32];                        /* the request field, for the message */
        snprintf(name, sizeof name, n == 1 ? "inputs" : "images[%d]", i);
        if (ltb_image_preprocess(images[i], lens[i], name, m->width, m->height,
                                 pixels + plane * (size_t)i, err, errlen) != 0)
            rc = SERVE_BAD_INPUT;
    }
    classify_call call = {m, pixels, n, k, preds, k_out, err, errlen};
    if (rc == SERVE_OK)
        rc = (serve_status)compute(ms, classify_call_main, &call);
    free(pixels);
    return rc;
}

typedef struct logits_call {
    const serve_model *m;
    const float *pixels;
    int n, height, width;
    float **logits;
    int *classes;
    char *err;
    size_t errlen;
} logits_call;

static int logits_call_main(void *p)
{
    logits_call *c = p;
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4,
                         .shape = {c->n, 3, c->height, c->width}, .data = c->pixels};
    lt_tensor_buf out = {0};
    lt_error e;
    lt_status st = lt_model_run(c->m->model, &in, &out, NULL, &e);
    serve_status rc = SERVE_OK;
    if (st != LT_OK) {
        snprintf(c->err, c->errlen, "forward: %s: %s", lt_status_name(st), e.msg);
        rc = SERVE_MODEL_FAILED;
    } else if (out.ndim != 2 || out.shape[0] != c->n || out.shape[1] < 1) {
        snprintf(c->err, c->errlen, "model returned %d dims, expected [%d, classes]", out.ndim, c->n);
        rc = SERVE_MODEL_FAILED;
    } else {
        size_t count = (size_t)c->n * (size_t)out.shape[1];
        *c->logits = malloc(count * sizeof(float));
        if (*c->logits) {
            memcpy(*c->logits, out.data, count * sizeof(float));
            *c->classes = (int)out.shape[1];
        } else {
            snprintf(c->err, c->errlen, "out of memory");
            rc = SERVE_MODEL_FAILED;
        }
    }
    lt_tensor_buf_free(&out);
    return (int)rc;
}

serve_status serve_logits(serve_models *ms, const serve_model *m, const float *pixels, int n,
                          int height, int width, float **logits, int *classes, char *err,
                          size_t errlen)
{
    *logits = NULL;
    logits_call call = {m, pixels, n, height, width, logits, classes, err, errlen};
    return (serve_status)compute(ms, logits_call_main, &call);
}

/* Text to ids with the model's vocabulary; *ids malloc'd. */
static serve_status text_ids(const serve_model *m, const char *text, size_t len, int64_t **ids,
                             size_t *n, char *err, size_t errlen)
{
    *ids = NULL;
    if (len > (size_t)SERVE_MAX_TEXT_CHARS * 4) {    /* UTF-8: at most 4 bytes a character */
        snprintf(err, errlen, "text is over %d characters", SERVE_MAX_TEXT_CHARS);
        return SERVE_BAD_INPUT;
    }
    *ids = malloc((len + 1) * sizeof(int64_t));
    if (!*ids) {
        snprintf(err, errlen, "out of memory");
        return SERVE_MODEL_FAILED;
    }
    *n = ltb_vocab_encode(&m->vocab, text, len, *ids, len);
    if (*n == 0 || *n > SERVE_MAX_TEXT_CHARS) {
        snprintf(err, errlen, *n ? "text is over %d characters" : "text is empty",
                 SERVE_MAX_TEXT_CHARS);
        free(*ids);
        *ids = NULL;
        return SERVE_BAD_INPUT;
    }
    return SERVE_OK;
}

typedef struct text_call {
    const serve_model *m;
    const char *method;
    const lt_tensor_view *in;
    lt_tensor_buf *out;
    lt_error *e;
} text_call;

static int text_call_main(void *p)
{
    text_call *c = p;
    return strcmp(c->method, "forward")
               ? (int)lt_model_run_method(c->m->model, c->method, c->in, c->out, NULL, c->e)
               : (int)lt_model_run(c->m->model, c->in, c->out, NULL, c->e);
}

/* method ("forward" or a named method) on the text's ids, into out. */
static serve_status run_on_text(serve_models *ms, const serve_model *m, const char *method,
                                const char *text, size_t len, lt_tensor_buf *out, char *err,
                                size_t errlen)
{
    int64_t *ids;
    size_t n_ids;
    serve_status rc = text_ids(m, text, len, &ids, &n_ids, err, errlen);
    if (rc != SERVE_OK)
        return rc;
    lt_tensor_view in = {.dtype = LT_INT64, .ndim = 2, .shape = {1, (int64_t)n_ids}, .data = ids};
    lt_error e;
    text_call call = {m, method, &in, out, &e};
    lt_status st = (lt_status)compute(ms, text_call_main, &call);
    free(ids);
    if (st != LT_OK) {
        snprintf(err, errlen, "%s: %s: %s", method, lt_status_name(st), e.msg);
        return SERVE_MODEL_FAILED;
    }
    return SERVE_OK;
}

serve_status serve_synthesize(serve_models *ms, const serve_model *m, const char *text,
                              size_t len, float **samples, size_t *n, char *err, size_t errlen)
{
    lt_tensor_buf out = {0};
    serve_status rc = run_on_text(ms, m, "forward", text, len, &out, err, errlen);
    if (rc == SERVE_OK && out.numel == 0) {
        snprintf(err, errlen, "model returned no audio");
        rc = SERVE_MODEL_FAILED;
    }
    if (rc != SERVE_OK) {
        lt_tensor_buf_free(&out);
        return rc;
    }
    *samples = out.data;          /* the buffer is plain malloc'd floats */
    *n = out.numel;
    return SERVE_OK;
}

serve_status serve_stream_begin(serve_models *ms, const serve_model *m, const char *text,
                                size_t len, serve_tts_stream *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->models = ms;
    if (!m->can_stream) {
        snprintf(err, errlen, "model '%s' cannot stream (no encode/vocode, hop_length, n_mels)",
                 m->name);
        return SERVE_BAD_INPUT;
    }
    serve_status rc = run_on_text(ms, m, "encode", text, len, &s->mel, err, errlen);
    if (rc != SERVE_OK)
        return rc;
    if (s->mel.ndim != 3 || s->mel.shape[0] != 1 || s->mel.shape[1] != m->n_mels) {
        snprintf(err, errlen, "encode returned %d dims, expected [1, %lld, frames]", s->mel.ndim,
                 (long long)m->n_mels);
        return SERVE_MODEL_FAILED;
    }
    if (ltb_tts_chunker_init(&s->chunker, m->model, m->n_mels, m->hop_length,
                             SERVE_STREAM_CHUNK_FRAMES, SERVE_STREAM_CONTEXT_FRAMES, s->mel.data,
                             s->mel.shape[2]) != 0) {
        snprintf(err, errlen, "out of memory");
        return SERVE_MODEL_FAILED;
    }
    return SERVE_OK;
}

typedef struct chunk_call {
    serve_tts_stream *s;
    const float **samples;
    size_t *n;
    char *err;
    size_t errlen;
} chunk_call;

static int chunk_call_main(void *p)
{
    chunk_call *c = p;
    return ltb_tts_chunker_next(&c->s->chunker, c->samples, c->n, NULL, c->err, c->errlen);
}

int serve_stream_next(serve_tts_stream *s, const float **samples, size_t *n, char *err,
                      size_t errlen)
{
    if (!ltb_tts_chunker_more(&s->chunker))
        return 0;
    chunk_call call = {s, samples, n, err, errlen};
    return compute(s->models, chunk_call_main, &call) == 0 ? 1 : -1;
}

void serve_stream_free(serve_tts_stream *s)
{
    ltb_tts_chunker_free(&s->chunker);
    lt_tensor_buf_free(&s->mel);
}
