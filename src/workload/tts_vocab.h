/* tts_vocab.h — a TTS model's character vocabulary (the file shipped beside the
 * model: line i is the token of id i; `<pad>`, `<unk>`, `<space>` are named) and
 * text -> int64 ids in C. Unknown characters map to `<unk>`. */
#ifndef LTB_TTS_VOCAB_H
#define LTB_TTS_VOCAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct ltb_vocab {
    int64_t ascii[128];            /* id per ASCII character, -1 = unknown */
    uint32_t *codepoints;          /* non-ASCII characters ... */
    int64_t *codepoint_ids;        /* ... and their ids */
    int n_codepoints;
    int64_t unk_id, pad_id;
    int size;
    int lowercase;                 /* map A-Z to a-z before lookup */
} ltb_vocab;

/* 0, or -1 with an err naming the file and line. */
int ltb_vocab_load(const char *path, int lowercase, ltb_vocab *v, char *err, size_t errlen);
/* Writes one id per code point of text (invalid bytes count as unknown); returns
 * the count written (<= max). */
size_t ltb_vocab_encode(const ltb_vocab *v, const char *text, size_t len, int64_t *ids,
                        size_t max);
void ltb_vocab_free(ltb_vocab *v);
#endif
