/* target_tts.h — the in-process TTS target: text -> ids (before timing) -> the
 * model's forward (non-streaming), or encode then vocode of the mel in chunks with
 * context frames on each side (streaming: TTFA = first chunk's audio ready). */
#ifndef LTB_TARGET_TTS_H
#define LTB_TARGET_TTS_H

#include "ltbench.h"

typedef struct ltb_tts_options {
    const char *model_path;
    const char *device;
    const char *precision;
    int threads, interop_threads;
    int cudnn_benchmark;       /* cuDNN autotuning (process-wide) */
    int streaming;
    int chunk_frames;          /* mel frames per streamed chunk */
    int context_frames;        /* extra frames vocoded on each side, then trimmed */
    const char *vocab_path;    /* NULL = from the model's sidecar */
    const char *save_audio_dir;/* NULL = keep no audio */
} ltb_tts_options;

/* Opens the model, checks the TTS contract with one probe synthesis, and maps every
 * workload text to ids. 0, or -1 with a one-line err naming the model. */
int ltb_target_torch_tts(ltb_target *t, const ltb_tts_options *o, ltb_workload *w, char *err,
                         size_t errlen);
/* After a run: writes each distinct text's audio (first timed request that used it)
 * to save_audio_dir/req_<id>.wav. Returns the number of files, or -1 with err. */
int ltb_target_tts_save_audio(ltb_target *t, char *err, size_t errlen);
/* The model's sample rate. */
int ltb_target_tts_sample_rate(const ltb_target *t);
#endif
