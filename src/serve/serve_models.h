/* serve_models.h — the models `ltbench serve` holds: loaded once at start (task from
 * the sidecar or the model, labels, vocabulary, one probe run), then shared by every
 * connection thread. Classification of encoded images (one batch), whole-utterance
 * synthesis, and streamed synthesis (encode, then vocode chunk by chunk). Every
 * forward runs on one of the server's compute threads (serve_compute.h): at most
 * that many requests compute at once. */
#ifndef LTB_SERVE_MODELS_H
#define LTB_SERVE_MODELS_H

#include <stddef.h>
#include <stdint.h>

#include "lt_shim.h"
#include "serve_compute.h"
#include "tts_chunks.h"
#include "tts_vocab.h"

#define SERVE_MAX_TEXT_CHARS 10000
#define SERVE_STREAM_CHUNK_FRAMES 32
#define SERVE_STREAM_CONTEXT_FRAMES 16

typedef enum { SERVE_TASK_CLASSIFICATION = 0, SERVE_TASK_TTS = 1, SERVE_TASK_LLM = 2 } serve_task;

/* What went wrong, for the HTTP status: bad input is the client's (400), a model
 * failure the server's (500). */
typedef enum { SERVE_OK = 0, SERVE_BAD_INPUT = 1, SERVE_MODEL_FAILED = 2 } serve_status;

typedef struct serve_model {
    char name[256];              /* file name without .pt */
    char path[4096];
    serve_task task;
    lt_model *model;
    /* classification */
    char **labels;               /* one per class id, from imagenet_classes.txt; may be NULL */
    int n_labels;
    int width, height;
    /* tts */
    ltb_vocab vocab;
    int64_t sample_rate, hop_length, n_mels;
    int can_stream;
    /* llm (serve_llm.h): a decoder-only model behind the shim's llm API */
    lt_llm *llm;
    int64_t vocab_size, max_seq_len, bos_id;
} serve_model;

typedef struct serve_models {
    serve_model *list;
    int n;
    serve_compute *compute;      /* NULL: forwards run on the caller's thread */
} serve_models;

typedef struct serve_prediction {
    int32_t class_id;
    float confidence;            /* softmax probability over all classes */
    char label[128];
} serve_prediction;

const char *serve_task_name(serve_task t);

/* Empty, with compute_threads compute threads (0: forwards on the caller's thread).
 * 0, or -1 with a one-line err. */
int serve_models_init(serve_models *ms, int compute_threads, char *err, size_t errlen);
/* Loads path on device. 0, or -1 with a one-line err naming the file. */
int serve_models_add(serve_models *ms, const char *path, const char *device, char *err,
                     size_t errlen);
void serve_models_close(serve_models *ms);
const serve_model *serve_models_find(const serve_models *ms, const char *name);
/* The first model of a task (endpoints that name no model), or NULL. */
const serve_model *serve_models_first(const serve_models *ms, serve_task task);

/* n encoded images (JPEG/PNG...) as one batch; preds gets n rows of *k_out entries,
 * *k_out = min(k, classes); preds must hold n * k entries. */
serve_status serve_classify(serve_models *ms, const serve_model *m,
                            const unsigned char *const *images, const size_t *lens, int n, int k,
                            serve_prediction *preds, int *k_out, char *err, size_t errlen);

/* n images given as pixels [n, 3, height, width] through forward: the raw output
 * [n, *classes] (the logits), *logits malloc'd (the Open Inference Protocol route). */
serve_status serve_logits(serve_models *ms, const serve_model *m, const float *pixels, int n,
                          int height, int width, float **logits, int *classes, char *err,
                          size_t errlen);

/* The whole utterance through forward(ids); *samples malloc'd. */
serve_status serve_synthesize(serve_models *ms, const serve_model *m, const char *text,
                              size_t len, float **samples, size_t *n, char *err, size_t errlen);

/* A streamed synthesis: begin encodes the text to a mel; next vocodes one chunk. */
typedef struct serve_tts_stream {
    serve_models *models;
    lt_tensor_buf mel;
    ltb_tts_chunker chunker;
} serve_tts_stream;

serve_status serve_stream_begin(serve_models *ms, const serve_model *m, const char *text,
                                size_t len, serve_tts_stream *s, char *err, size_t errlen);
/* 1 with a chunk's samples (valid until the next call), 0 at the end, -1 with err. */
int serve_stream_next(serve_tts_stream *s, const float **samples, size_t *n, char *err,
                      size_t errlen);
void serve_stream_free(serve_tts_stream *s);
#endif
