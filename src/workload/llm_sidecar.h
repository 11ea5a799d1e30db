/* llm_sidecar.h — what `ltbench llm` reads from a language model's JSON sidecar
 * (models/export_llm_models.py writes it): the byte-level tokenizer's BOS id and the
 * parameter count. Everything is optional; a value of the wrong type is an error. */
#ifndef LTB_LLM_SIDECAR_H
#define LTB_LLM_SIDECAR_H

#include <stddef.h>
#include <stdint.h>

#define LTB_LLM_SIDECAR_MAX_BYTES (1u << 20)

typedef struct ltb_llm_sidecar {
    int found;                    /* the model has a sidecar */
    int64_t bos_id;               /* tokenizer.bos_id; -1 none */
    int has_tokenizer;            /* a tokenizer object is there */
    int byte_tokenizer;           /* tokenizer.type == "bytes" */
    double params;                /* params; -1 none */
} ltb_llm_sidecar;

/* Parses a sidecar's text (name is used in messages). 0, or -1 with a one-line err. */
int ltb_llm_sidecar_parse(const char *data, size_t len, const char *name, ltb_llm_sidecar *out,
                          char *err, size_t errlen);
/* The sidecar beside model_path ("x.pt" -> "x.json"); none is 0 with found = 0. */
int ltb_llm_sidecar_read(const char *model_path, ltb_llm_sidecar *out, char *err, size_t errlen);
#endif
