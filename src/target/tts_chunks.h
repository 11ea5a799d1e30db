/* tts_chunks.h — streaming vocoding of a mel spectrogram: chunks of `chunk` frames,
 * each vocoded with up to `context` extra frames on both sides and then trimmed to
 * its own frames' samples, so the joined chunks equal the whole utterance's audio to
 * float rounding. Used by the server's /tts/stream; src/target/target_tts.c still runs its
 * own copy of the same loop (with per-worker buffers) and should move onto this. */
#ifndef LTB_TTS_CHUNKS_H
#define LTB_TTS_CHUNKS_H

#include <stddef.h>
#include <stdint.h>

#include "lt_shim.h"

typedef struct ltb_tts_chunker {
    lt_model *model;
    int64_t n_mels, hop_length;
    int64_t chunk, context;
    const float *mel;             /* [1, n_mels, frames], owned by the caller */
    int64_t frames;
    int64_t next;                 /* first frame of the next chunk */
    float *scratch;               /* n_mels x (chunk + 2 context) */
    lt_tensor_buf out;
} ltb_tts_chunker;

/* Prepares the schedule over mel (kept by pointer). 0, or -1 (out of memory). */
int ltb_tts_chunker_init(ltb_tts_chunker *c, lt_model *model, int64_t n_mels, int64_t hop_length,
                         int64_t chunk, int64_t context, const float *mel, int64_t frames);
/* 1 while chunks remain. */
int ltb_tts_chunker_more(const ltb_tts_chunker *c);
/* Vocodes the next chunk; *samples points at its trimmed audio (valid until the next
 * call), *n its length. stats (may be NULL) gets the vocode call's timings.
 * 0, or -1 with err ("vocode: ..."). */
int ltb_tts_chunker_next(ltb_tts_chunker *c, const float **samples, size_t *n,
                         lt_run_stats *stats, char *err, size_t errlen);
void ltb_tts_chunker_free(ltb_tts_chunker *c);
#endif
