/* model_vocab.c — a model's vocabulary (see model_vocab.h). */
#include "model_vocab.h"
#include "model_sidecar.h"

#include <stdio.h>

int ltb_model_vocab_load(const char *model_path, const char *vocab_path, ltb_vocab *v,
                         char *err, size_t errlen)
{
    if (vocab_path)
        return ltb_vocab_load(vocab_path, 1, v, err, errlen);
    ltb_sidecar side;
    if (ltb_sidecar_read(model_path, &side, err, errlen) != 0)
        return -1;
    if (!side.vocab_path[0]) {
        snprintf(err, errlen, "model '%s' has no vocabulary (no sidecar .json naming vocab_file): "
                 "pass --vocab FILE", model_path);
        return -1;
    }
    return ltb_vocab_load(side.vocab_path, side.lowercase, v, err, errlen);
}
