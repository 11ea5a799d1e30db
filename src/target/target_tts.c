/* target_tts.c — the in-process TTS target (see target_tts.h). */
#define _POSIX_C_SOURCE 200809L
#include "target_tts.h"
#include "kept_outputs.h"
#include "atomic_file.h"
#include "clock.h"
#include "lt_shim.h"
#include "target_torch.h"
#include "model_vocab.h"
#include "short_thread.h"
#include "texts.h"
#include "torch_run.h"
#include "tts_vocab.h"
#include "wav_write.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kept_audio {
    atomic_int claimed;
    int64_t request_id;
    float *samples;
    size_t n;
} kept_audio;

typedef struct tts_self {
    lt_model *model;
    ltb_tts_options opt;
    char model_path[1024];
    char device[64];
    char save_dir[4096];
    int64_t sample_rate, hop_length, n_mels;
    int n_texts;
    int64_t **ids;                /* per workload text */
    size_t *n_ids;
    kept_audio *kept;             /* per text, when saving */
} tts_self;

typedef struct tts_worker {
    lt_stream *stream;            /* CUDA: this worker's own stream; NULL on cpu */
    lt_tensor_buf out, mel;
    float *chunk;                 /* n_mels x (chunk + 2 context) */
    float *audio;                 /* this request's audio, when saving */
    size_t audio_len, audio_cap;
} tts_worker;

static int worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    tts_self *self = t->self;
    (void)worker;
    tts_worker *ws = calloc(1, sizeof *ws);
    size_t width = (size_t)self->opt.chunk_frames + 2 * (size_t)self->opt.context_frames;
    if (ws && self->opt.streaming)
        ws->chunk = malloc((size_t)self->n_mels * width * sizeof(float));
    if (!ws || (self->opt.streaming && !ws->chunk)) {
        if (ws)
            free(ws->chunk);
        free(ws);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (ltb_torch_stream_open(self->device, &ws->stream, err, errlen) != 0) {
        free(ws->chunk);
        free(ws);
        return -1;
    }
    *state = ws;
    return 0;
}

static void worker_close(ltb_target *t, void *state)
{
    (void)t;
    tts_worker *ws = state;
    lt_stream_destroy(ws->stream);
    lt_tensor_buf_free(&ws->out);
    lt_tensor_buf_free(&ws->mel);
    free(ws->chunk);
    free(ws->audio);
    free(ws);
}

static int sync_device(ltb_target *t, void *state)
{
    tts_self *self = t->self;
    return ltb_torch_sync(self->device, state ? ((tts_worker *)state)->stream : NULL);
}

static int keep_audio(tts_worker *ws, const float *samples, size_t n)
{
    if (ws->audio_len + n > ws->audio_cap) {
        size_t cap = (ws->audio_len + n) * 2;
        float *grown = realloc(ws->audio, cap * sizeof(float));
        if (!grown)
            return -1;
        ws->audio = grown;
        ws->audio_cap = cap;
    }
    memcpy(ws->audio + ws->audio_len, samples, n * sizeof(float));
    ws->audio_len += n;
    return 0;
}


static int synthesize_whole(tts_self *self, tts_worker *ws, const lt_tensor_view *in,
                            ltb_result *res, size_t *samples, int saving)
{
    lt_run_stats stats;
    lt_error e;
    lt_status st = lt_model_run_on(self->model, ws->stream, NULL, in, &ws->out, &stats, &e);
    if (st != LT_OK)
        return ltb_torch_fail(res, "forward", st, &e);
    ltb_torch_add_stats(res, &stats);
    *samples = ws->out.numel;
    if (saving && keep_audio(ws, ws->out.data, ws->out.numel) != 0) {
        snprintf(res->error, sizeof res->error, "out of memory keeping audio");
        return -1;
    }
    return 0;
}

/* Copies mel frames [from, to) of a [1, n_mels, frames] mel into ws->chunk. */
static void slice_mel(const tts_self *self, const tts_worker *ws, int64_t frames, int64_t from,
                      int64_t to)
{
    int64_t width = to - from;
    for (int64_t m = 0; m < self->n_mels; m++)
        memcpy(ws->chunk + m * width, ws->mel.data + m * frames + from,
               (size_t)width * sizeof(float));
}

static int synthesize_streaming(tts_self *self, tts_worker *ws, const lt_tensor_view *in,
                                ltb_result *res, size_t *samples, int saving)
{
    lt_run_stats stats;
    lt_error e;
    lt_status st = lt_model_run_on(self->model, ws->stream, "encode", in, &ws->mel, &stats, &e);
    if (st != LT_OK)
        return ltb_torch_fail(res, "encode", st, &e);
    ltb_torch_add_stats(res, &stats);
    if (ws->mel.ndim != 3 || ws->mel.shape[1] != self->n_mels) {
        snprintf(res->error, sizeof res->error, "encode returned %d dims, expected [1, %lld, frames]",
                 ws->mel.ndim, (long long)self->n_mels);
        return -1;
    }
    int64_t frames = ws->mel.shape[2], chunk = self->opt.chunk_frames, ctx = self->opt.context_frames;
    *samples = 0;
    for (int64_t c0 = 0; c0 < frames; c0 += chunk) {
        int64_t c1 = c0 + chunk < frames ? c0 + chunk : frames;
        int64_t left = c0 < ctx ? c0 : ctx;
        int64_t right = frames - c1 < ctx ? frames - c1 : ctx;
        slice_mel(self, ws, frames, c0 - left, c1 + right);
        lt_tensor_view mel = {.dtype = LT_FLOAT32, .ndim = 3,
                              .shape = {1, self->n_mels, c1 + right - (c0 - left)},
                              .data = ws->chunk};
        st = lt_model_run_on(self->model, ws->stream, "vocode", &mel, &ws->out, &stats, &e);
        if (st != LT_OK)
            return ltb_torch_fail(res, "vocode", st, &e);
        ltb_torch_add_stats(res, &stats);
        size_t want = (size_t)(c1 + right - (c0 - left)) * (size_t)self->hop_length;
        if (ws->out.numel != want) {
            snprintf(res->error, sizeof res->error,
                     "vocode returned %zu samples for %lld frames, expected frames x hop_length = %zu",
                     ws->out.numel, (long long)(c1 + right - (c0 - left)), want);
            return -1;
        }
        if (c0 == 0)
            res->first_result_ns = ltb_now_ns();
        size_t keep = (size_t)(c1 - c0) * (size_t)self->hop_length;
        *samples += keep;
        if (saving && keep_audio(ws, ws->out.data + (size_t)left * (size_t)self->hop_length, keep) != 0) {
            snprintf(res->error, sizeof res->error, "out of memory keeping audio");
            return -1;
        }
    }
    return 0;
}

/* The first timed request of each text hands its audio over to be written later. */
static void hand_over_audio(tts_self *self, tts_worker *ws, const ltb_request *req)
{
    kept_audio *k = &self->kept[req->sample];
    if (atomic_exchange(&k->claimed, 1))
        return;
    k->request_id = req->id;
    k->samples = ws->audio;
    k->n = ws->audio_len;
    ws->audio = NULL;
    ws->audio_len = ws->audio_cap = 0;
}

static int run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    tts_self *self = t->self;
    tts_worker *ws = state;
    if (req->sample < 0 || req->sample >= self->n_texts || self->n_ids[req->sample] == 0) {
        snprintf(res->error, sizeof res->error, "empty text");
        return -1;
    }
    lt_tensor_view in = {.dtype = LT_INT64, .ndim = 2,
                         .shape = {1, (int64_t)self->n_ids[req->sample]},
                         .data = self->ids[req->sample]};
    int saving = self->kept && req->id >= 0 && !atomic_load(&self->kept[req->sample].claimed);
    ws->audio_len = 0;
    size_t samples = 0;
    int rc = self->opt.streaming ? synthesize_streaming(self, ws, &in, res, &samples, saving)
                                 : synthesize_whole(self, ws, &in, res, &samples, saving);
    if (rc != 0)
        return rc;
    if (samples == 0) {
        snprintf(res->error, sizeof res->error, "model returned no audio");
        return -1;
    }
    res->audio_seconds = (double)samples / (double)self->sample_rate;
    res->sample_rate = (int)self->sample_rate;
    res->bit_depth = 16;
    if (saving)
        hand_over_audio(self, ws, req);
    return 0;
}

static void close_target(ltb_target *t)
{
    tts_self *self = t->self;
    if (!self)
        return;
    for (int i = 0; i < self->n_texts; i++) {
        free(self->ids[i]);
        if (self->kept)
            free(self->kept[i].samples);
    }
    free(self->ids);
    free(self->n_ids);
    free(self->kept);
    lt_model_close(self->model);
    free(self);
    t->self = NULL;
}

int ltb_target_tts_sample_rate(const ltb_target *t)
{
    const tts_self *self = t->self;
    return self ? (int)self->sample_rate : 0;
}

/* --save-audio: text i's kept audio as {dir}/req_{request id}.wav. */
static int save_audio(void *target, int i, const char *dir, char *err, size_t errlen)
{
    tts_self *self = target;
    kept_audio *k = &self->kept[i];
    if (!atomic_load(&k->claimed) || !k->samples)
        return 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/req_%lld.wav", dir, (long long)k->request_id);
    return ltb_wav_write_pcm16(path, k->samples, k->n, (int)self->sample_rate, err, errlen) != 0
               ? -1 : 1;
}

int ltb_target_tts_save_audio(ltb_target *t, char *err, size_t errlen)
{
    tts_self *self = t->self;
    if (!self || !self->kept)
        return 0;
    return ltb_kept_outputs_save(self->save_dir, self->n_texts, save_audio, self, err, errlen);
}

/* Model attributes of the TTS contract. */
static int read_contract(tts_self *self, char *err, size_t errlen)
{
    lt_error e;
    if (lt_model_attr_int(self->model, "sample_rate", &self->sample_rate, &e) != LT_OK ||
        self->sample_rate <= 0) {
        snprintf(err, errlen, "model '%s' has no int attribute sample_rate: not a TTS model",
                 self->model_path);
        return -1;
    }
    if (!self->opt.streaming)
        return 0;
    if (!lt_model_has_method(self->model, "encode") || !lt_model_has_method(self->model, "vocode")) {
        snprintf(err, errlen, "model '%s' has no encode/vocode methods: it cannot stream (run without --streaming)",
                 self->model_path);
        return -1;
    }
    if (lt_model_attr_int(self->model, "hop_length", &self->hop_length, &e) != LT_OK ||
        self->hop_length <= 0 ||
        lt_model_attr_int(self->model, "n_mels", &self->n_mels, &e) != LT_OK || self->n_mels <= 0) {
        snprintf(err, errlen, "model '%s' needs int attributes hop_length and n_mels to stream",
                 self->model_path);
        return -1;
    }
    return 0;
}

static int encode_texts(tts_self *self, const ltb_workload *w, const ltb_vocab *v, char *err,
                        size_t errlen)
{
    self->n_texts = w->n_samples;
    self->ids = calloc((size_t)w->n_samples, sizeof *self->ids);
    self->n_ids = calloc((size_t)w->n_samples, sizeof *self->n_ids);
    if (self->opt.save_audio_dir)
        self->kept = calloc((size_t)w->n_samples, sizeof *self->kept);
    if (!self->ids || !self->n_ids || (self->opt.save_audio_dir && !self->kept)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < w->n_samples; i++) {
        const ltb_sample_info *s = &w->samples[i];
        self->ids[i] = malloc((s->bytes + 1) * sizeof(int64_t));
        if (!self->ids[i]) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        self->n_ids[i] = ltb_vocab_encode(v, s->text, s->bytes, self->ids[i], s->bytes);
    }
    return 0;
}

/* One synthesis of the first text: proves the model runs and meets the contract. */
static int probe(ltb_target *t, char *err, size_t errlen)
{
    tts_self *self = t->self;
    void *state = NULL;
    if (worker_open(t, 0, &state, err, errlen) != 0)
        return -1;
    ltb_request req;
    ltb_result res;
    memset(&req, 0, sizeof req);
    memset(&res, 0, sizeof res);
    req.id = -1;
    req.batch = 1;
    int rc = run(t, state, &req, &res);
    if (rc != 0)
        snprintf(err, errlen, "model '%s' failed on the first text: %s", self->model_path, res.error);
    worker_close(t, state);
    return rc;
}

static int open_here(ltb_target *t, const void *options, void *context, char *err,
                     size_t errlen)
{
    const ltb_tts_options *o = options;
    ltb_workload *w = context;
    memset(t, 0, sizeof *t);
    lt_open_options open_opt = {.device = o->device ? o->device : "cpu"};
    if (o->precision && strcmp(o->precision, "fp32")) {
        /* CPU ConvTranspose1d in bf16 errors out or, worse, returns the wrong length
         * (LibTorch 1.13), and fp16 convolutions are not implemented on CPU. */
        if (!strcmp(open_opt.device, "cpu")) {
            snprintf(err, errlen, "%s TTS on cpu is unsupported (HiFi-GAN's ConvTranspose1d has no "
                     "reliable CPU %s kernel): use fp32, or a CUDA device", o->precision, o->precision);
            return -1;
        }
        open_opt.precision = !strcmp(o->precision, "fp16") ? LT_FP16 : LT_BF16;
    }
    lt_error e;
    if (lt_set_threads(o->threads, o->interop_threads, &e) != LT_OK ||
        lt_set_cudnn_benchmark(o->cudnn_benchmark, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    ltb_vocab vocab;
    if (ltb_model_vocab_load(o->model_path, o->vocab_path, &vocab, err, errlen) != 0)
        return -1;
    tts_self *self = calloc(1, sizeof *self);
    if (!self) {
        ltb_vocab_free(&vocab);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    self->opt = *o;
    snprintf(self->model_path, sizeof self->model_path, "%s", o->model_path);
    if (o->save_audio_dir)
        snprintf(self->save_dir, sizeof self->save_dir, "%s", o->save_audio_dir);
    t->self = self;
    t->close = close_target;
    if (lt_model_open(o->model_path, &open_opt, &self->model, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        ltb_vocab_free(&vocab);
        close_target(t);
        return -1;
    }
    snprintf(self->device, sizeof self->device, "%s", lt_model_device(self->model));
    t->kind = "torch";
    t->device = self->device;
    t->worker_open = worker_open;
    t->worker_close = worker_close;
    t->worker_threads = ltb_torch_worker_threads;
    t->sync = sync_device;
    t->run = run;
    int rc = read_contract(self, err, errlen);
    if (rc == 0)
        rc = encode_texts(self, w, &vocab, err, errlen);
    ltb_vocab_free(&vocab);
    if (rc == 0)
        rc = probe(t, err, errlen);
    if (rc != 0)
        close_target(t);
    return rc;
}

/* Opens and probes on a short-lived thread, so no OpenMP pool stays behind on the
 * caller's thread to slow the measured workers (short_thread.h). */
int ltb_target_torch_tts(ltb_target *t, const ltb_tts_options *o, ltb_workload *w, char *err,
                         size_t errlen)
{
    return ltb_open_target_on_short_thread(open_here, t, o, w, err, errlen);
}
