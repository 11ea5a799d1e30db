/* index_block.h — how the workers of a level share out request indices without
 * writing a shared cache line per request: a worker claims a block of consecutive
 * indices from the level's one counter (one atomic add) and runs them before it
 * touches the counter again. A block is about LTB_BLOCK_BUDGET_NS of requests at the
 * worker's last request time (slow requests: 1, the one-at-a-time order of before),
 * at most LTB_BLOCK_MAX, and at most remaining / (2 x workers) (guided
 * self-scheduling), so the workers of a level end within about one request of each
 * other. Every index below the total is handed out exactly once. */
#ifndef LTB_INDEX_BLOCK_H
#define LTB_INDEX_BLOCK_H

#include <stdatomic.h>
#include <stdint.h>

#define LTB_BLOCK_BUDGET_NS 20000u    /* a block's requests take about this long */
#define LTB_BLOCK_MAX 256

/* One worker's claimed, not yet run indices [next, end). Start with {0, 0}. */
typedef struct ltb_index_block {
    long next, end;
} ltb_index_block;

/* The block size for a worker whose last request took last_ns (0 = none yet: 1),
 * with `remaining` indices below the total left (<= 0: 1) and `workers` workers. */
long ltb_block_size(long remaining, int workers, uint64_t last_ns);

/* The worker's next index: from its own block, or from a new block claimed from
 * *counter. An index >= total means the fixed count is used up (a --min-time level
 * may go on past it, one index at a time). */
long ltb_block_next(ltb_index_block *b, atomic_long *counter, long total, int workers,
                    uint64_t last_ns);
#endif
