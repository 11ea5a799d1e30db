/* tts_chunks.c — the streaming vocoder schedule (see tts_chunks.h). */
#include "tts_chunks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ltb_tts_chunker_init(ltb_tts_chunker *c, lt_model *model, int64_t n_mels, int64_t hop_length,
                         int64_t chunk, int64_t context, const float *mel, int64_t frames)
{
    memset(c, 0, sizeof *c);
    c->model = model;
    c->n_mels = n_mels;
    c->hop_length = hop_length;
    c->chunk = chunk;
    c->context = context;
    c->mel = mel;
    c->frames = frames;
    c->scratch = malloc((size_t)n_mels * (size_t)(chunk + 2 * context) * sizeof(float));
    return c->scratch ? 0 : -1;
}

int ltb_tts_chunker_more(const ltb_tts_chunker *c)
{
    return c->next < c->frames;
}

/* Copies frames [from, to) of every mel channel into the scratch chunk. */
static void slice_mel(ltb_tts_chunker *c, int64_t from, int64_t to)
{
    int64_t width = to - from;
    for (int64_t m = 0; m < c->n_mels; m++)
        memcpy(c->scratch + m * width, c->mel + m * c->frames + from, (size_t)width * sizeof(float));
}

int ltb_tts_chunker_next(ltb_tts_chunker *c, const float **samples, size_t *n,
                         lt_run_stats *stats, char *err, size_t errlen)
{
    int64_t c0 = c->next, c1 = c0 + c->chunk < c->frames ? c0 + c->chunk : c->frames;
    int64_t left = c0 < c->context ? c0 : c->context;
    int64_t right = c->frames - c1 < c->context ? c->frames - c1 : c->context;
    int64_t width = c1 + right - (c0 - left);
    slice_mel(c, c0 - left, c1 + right);
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 3, .shape = {1, c->n_mels, width},
                         .data = c->scratch};
    lt_error e;
    lt_status st = lt_model_run_method(c->model, "vocode", &in, &c->out, stats, &e);
    if (st != LT_OK) {
        snprintf(err, errlen, "vocode: %s: %s", lt_status_name(st), e.msg);
        return -1;
    }
    size_t want = (size_t)width * (size_t)c->hop_length;
    if (c->out.numel != want) {
        snprintf(err, errlen,
                 "vocode returned %zu samples for %lld frames, expected frames x hop_length = %zu",
                 c->out.numel, (long long)width, want);
        return -1;
    }
    *samples = c->out.data + (size_t)left * (size_t)c->hop_length;
    *n = (size_t)(c1 - c0) * (size_t)c->hop_length;
    c->next = c1;
    return 0;
}

void ltb_tts_chunker_free(ltb_tts_chunker *c)
{
    free(c->scratch);
    lt_tensor_buf_free(&c->out);
    c->scratch = NULL;
}
