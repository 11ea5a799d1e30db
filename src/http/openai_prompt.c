/* openai_prompt.c — N words of a source text as an OpenAI request's prompt (see
 * openai_prompt.h). */
#include "openai_prompt.h"

#include <stdlib.h>
#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The start and length of each word; the count, or -1 when out of memory. */
static int split_words(const char *s, const char ***starts, size_t **lens)
{
    int n = 0, cap = 0;
    *starts = NULL;
    *lens = NULL;
    for (const char *p = s; *p;) {
        while (*p && is_space(*p))
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && !is_space(*p))
            p++;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            const char **gs = realloc(*starts, (size_t)cap * sizeof *gs);
            if (gs)
                *starts = gs;
            size_t *gl = gs ? realloc(*lens, (size_t)cap * sizeof *gl) : NULL;
            if (!gl)
                return -1;
            *lens = gl;
        }
        (*starts)[n] = w;
        (*lens)[n++] = (size_t)(p - w);
    }
    return n;
}

char *ltb_openai_prompt_words(const char *source, int n_words, int skip)
{
    if (!source || n_words < 1 || n_words > LTB_OPENAI_PROMPT_MAX_WORDS)
        return NULL;
    const char **starts;
    size_t *lens;
    int n = split_words(source, &starts, &lens);
    char *out = NULL;
    if (n > 0) {
        size_t total = 0;
        int first = (skip < 0 ? -skip : skip) % n;
        for (int i = 0; i < n_words; i++)
            total += lens[(first + i) % n] + 1;
        out = malloc(total);
        size_t at = 0;
        for (int i = 0; out && i < n_words; i++) {
            int k = (first + i) % n;
            if (i)
                out[at++] = ' ';
            memcpy(out + at, starts[k], lens[k]);
            at += lens[k];
        }
        if (out)
            out[at] = '\0';
    }
    free(starts);
    free(lens);
    return out;
}

char *ltb_openai_prompt_chars(const char *source, int n_chars)
{
    if (!source || !*source || n_chars < 1 || n_chars > LTB_OPENAI_PROMPT_MAX_WORDS)
        return NULL;
    size_t len = strlen(source);
    char *out = malloc((size_t)n_chars * 4 + 1);
    if (!out)
        return NULL;
    size_t at = 0, i = 0;
    for (int k = 0; k < n_chars; k++) {
        if (i == len) {                /* the end: a space, then from the start */
            out[at++] = ' ';
            i = 0;
            continue;
        }
        do                             /* one code point: a lead byte and its continuations */
            out[at++] = source[i++];
        while (i < len && ((unsigned char)source[i] & 0xC0) == 0x80);
    }
    out[at] = '\0';
    return out;
}
