/* token_times.h — the memory behind LLM records' token times (res.token_ns): chunks a
 * target owns until it closes, handed out to its workers without a lock per request
 * (a worker takes from its own chunk; only a new chunk is linked under the lock). */
#ifndef LTB_TOKEN_TIMES_H
#define LTB_TOKEN_TIMES_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ltb_token_times_chunk ltb_token_times_chunk;

typedef struct ltb_token_times {
    pthread_mutex_t lock;             /* guards chunks */
    ltb_token_times_chunk *chunks;
} ltb_token_times;

typedef struct ltb_token_times_cursor {   /* one per worker */
    ltb_token_times_chunk *chunk;
    size_t used;
} ltb_token_times_cursor;

void ltb_token_times_init(ltb_token_times *tt);
/* Room for n token times from the worker's chunk (a new one when it is full); valid
 * until ltb_token_times_free. NULL when out of memory. */
uint64_t *ltb_token_times_take(ltb_token_times *tt, ltb_token_times_cursor *cur, size_t n);
void ltb_token_times_free(ltb_token_times *tt);
#endif
