/* record_store.h — where a level's workers write their records: a fixed
 * iteration count is one preallocated array; with --min-time the count is not
 * known ahead, so records live in fixed-size segments allocated on demand (a
 * worker only takes a lock when it is the first into a new segment), then are
 * compacted into one array after the level's timing has ended. */
#ifndef LTB_RECORD_STORE_H
#define LTB_RECORD_STORE_H

#include <pthread.h>
#include <stddef.h>

#include "ltbench.h"

#define LTB_RECORD_SEGMENT 4096
#define LTB_MAX_RECORDS_PER_LEVEL (10 * 1000 * 1000)

typedef struct record_store {
    ltb_record **segments;
    size_t n_segments;          /* slots in segments */
    size_t capacity;            /* records that may be stored */
    pthread_mutex_t lock;
} record_store;

/* Room for up to max_records (the first `expected` allocated and their pages
 * mapped now). 0 or -1. */
int record_store_init(record_store *s, size_t expected, size_t max_records);
/* The record for index i (< capacity), allocating its segment if needed; NULL when
 * out of memory. Safe from many threads. */
ltb_record *record_store_at(record_store *s, size_t i);
/* Moves the written records (t_end_ns != 0) of indices [0, taken) into one
 * malloc'd array, in index order; frees the store. *n gets the count. */
ltb_record *record_store_compact(record_store *s, size_t taken, size_t *n);
#endif
