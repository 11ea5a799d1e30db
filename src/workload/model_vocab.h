/* model_vocab.h — the character vocabulary a text-taking model (TTS, a diffusion
 * pipeline's text encoder) ships with: --vocab FILE when given, else the file its
 * sidecar .json names (with the sidecar's lowercase rule). */
#ifndef LTB_MODEL_VOCAB_H
#define LTB_MODEL_VOCAB_H

#include <stddef.h>

#include "tts_vocab.h"

/* 0, or -1 with a one-line err (no sidecar naming vocab_file: "pass --vocab FILE"). */
int ltb_model_vocab_load(const char *model_path, const char *vocab_path, ltb_vocab *v,
                         char *err, size_t errlen);
#endif
