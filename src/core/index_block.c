/* index_block.c — request indices claimed in blocks (see index_block.h). */
#include "index_block.h"

long ltb_block_size(long remaining, int workers, uint64_t last_ns)
{
    if (remaining <= 0 || last_ns == 0)
        return 1;
    uint64_t by_time = LTB_BLOCK_BUDGET_NS / last_ns;
    long size = by_time > LTB_BLOCK_MAX ? LTB_BLOCK_MAX : (long)by_time;
    long share = remaining / (2L * (workers > 0 ? workers : 1));
    if (size > share)
        size = share;
    return size > 0 ? size : 1;
}

long ltb_block_next(ltb_index_block *b, atomic_long *counter, long total, int workers,
                    uint64_t last_ns)
{
    if (b->next < b->end)
        return b->next++;
    long seen = atomic_load_explicit(counter, memory_order_relaxed);
    long size = ltb_block_size(total - seen, workers, last_ns);
    long first = atomic_fetch_add_explicit(counter, size, memory_order_relaxed);
    long end = first + size;
    /* another worker may have moved the counter since `seen`: never past the total */
    if (first < total && end > total)
        end = total;
    b->next = first + 1;
    b->end = first < total ? end : first + 1;
    return first;
}
