/* model_sidecar.h — the small JSON file exported beside a model ("resnet18.json",
 * "tts_small.json"): its task and, for TTS, where its vocabulary is. */
#ifndef LTB_MODEL_SIDECAR_H
#define LTB_MODEL_SIDECAR_H

#include <stddef.h>

typedef struct ltb_sidecar {
    int found;                 /* 0 when the model has no sidecar */
    char task[32];             /* "classification", "tts", "" */
    char vocab_path[4096];     /* absolute or relative to the cwd; "" if none */
    int lowercase;
} ltb_sidecar;

/* The sidecar's path: the model's path with its extension (.pt, .pt2) made ".json". */
void ltb_sidecar_path(const char *model_path, char *buf, size_t len);

/* The sidecar parsed: 1 with *out (the caller cJSON_Deletes it) and path filled, 0 when
 * there is none, -1 with err when it is unreadable, over 1 MiB or not a JSON object. */
struct cJSON;
int ltb_sidecar_json(const char *model_path, char *path, size_t path_len, struct cJSON **out,
                     char *err, size_t errlen);

/* Reads "{model without .pt}.json" if present. 0 (found or not), or -1 with err when
 * it exists but is not valid JSON. */
int ltb_sidecar_read(const char *model_path, ltb_sidecar *s, char *err, size_t errlen);
#endif
