/* texts.h — the TTS text workload: the seed's seeded generator (sentences from
 * a shipped public-domain corpus, cut at word boundaries to a length between
 * --min-text-length and --max-text-length) or one text per line of a UTF-8 file. */
#ifndef LTB_TEXTS_H
#define LTB_TEXTS_H

#include <stddef.h>
#include <stdint.h>

#define LTB_MAX_TEXT_CHARS 10000
#define LTB_MAX_TEXTS 100000

typedef struct ltb_texts {
    char **items;
    int n;
} ltb_texts;

/* `variations` texts of min_len..max_len characters built from the corpus file's
 * lines (one sentence per line). 0, or -1 with a one-line err. */
int ltb_texts_generate(const char *corpus_path, int min_len, int max_len, int variations,
                       uint64_t seed, ltb_texts *out, char *err, size_t errlen);
/* One text per non-empty line; CRLF accepted, control characters become spaces;
 * invalid UTF-8, over-long lines or no text at all are errors naming the file (and
 * line). */
int ltb_texts_read(const char *path, ltb_texts *out, char *err, size_t errlen);
/* Same, from a buffer (name is used in messages). */
int ltb_texts_parse(const char *data, size_t len, const char *name, ltb_texts *out, char *err,
                    size_t errlen);
/* Appends a copy of s[0..len); 0, or -1 when out of memory. */
int ltb_texts_push(ltb_texts *t, const char *s, size_t len);
void ltb_texts_free(ltb_texts *t);
#endif
