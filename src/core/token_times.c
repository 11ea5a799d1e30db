/* token_times.c — LLM records' token times in target-owned chunks (see token_times.h). */
#include "token_times.h"

#include <stdlib.h>

#define TOKEN_TIMES_CHUNK 65536   /* token times per chunk (512 KiB) */

struct ltb_token_times_chunk {
    ltb_token_times_chunk *next;
    size_t cap;
    uint64_t t[];
};

void ltb_token_times_init(ltb_token_times *tt)
{
    pthread_mutex_init(&tt->lock, NULL);
    tt->chunks = NULL;
}

uint64_t *ltb_token_times_take(ltb_token_times *tt, ltb_token_times_cursor *cur, size_t n)
{
    if (!cur->chunk || cur->used + n > cur->chunk->cap) {
        size_t cap = n > TOKEN_TIMES_CHUNK ? n : TOKEN_TIMES_CHUNK;
        ltb_token_times_chunk *c = malloc(sizeof *c + cap * sizeof(uint64_t));
        if (!c)
            return NULL;
        c->cap = cap;
        pthread_mutex_lock(&tt->lock);
        c->next = tt->chunks;
        tt->chunks = c;
        pthread_mutex_unlock(&tt->lock);
        cur->chunk = c;
        cur->used = 0;
    }
    uint64_t *p = cur->chunk->t + cur->used;
    cur->used += n;
    return p;
}

void ltb_token_times_free(ltb_token_times *tt)
{
    for (ltb_token_times_chunk *c = tt->chunks, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    tt->chunks = NULL;
    pthread_mutex_destroy(&tt->lock);
}
