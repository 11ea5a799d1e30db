/* record_store.c — segmented, on-demand record storage (see record_store.h). */
#include "record_store.h"

#include <stdlib.h>
#include <string.h>

/* Writes one byte of every page, so the kernel maps the records' memory now, not
 * inside the timed requests (a page fault on calloc'd memory every ~11 records is
 * harness overhead). */
static void touch_pages(void *p, size_t bytes)
{
    volatile char *c = p;
    for (size_t i = 0; i < bytes; i += 4096)
        c[i] = 0;
}

int record_store_init(record_store *s, size_t expected, size_t max_records)
{
    memset(s, 0, sizeof *s);
    s->capacity = max_records;
    s->n_segments = (max_records + LTB_RECORD_SEGMENT - 1) / LTB_RECORD_SEGMENT;
    s->segments = calloc(s->n_segments ? s->n_segments : 1, sizeof *s->segments);
    if (!s->segments)
        return -1;
    pthread_mutex_init(&s->lock, NULL);
    size_t wanted = expected < max_records ? expected : max_records;
    for (size_t i = 0; i < wanted; i += LTB_RECORD_SEGMENT) {
        ltb_record *seg = record_store_at(s, i);
        if (!seg)
            return -1;
        /* the expected records' pages only: a whole segment is 2.3 MB */
        size_t n = wanted - i < LTB_RECORD_SEGMENT ? wanted - i : LTB_RECORD_SEGMENT;
        touch_pages(seg, n * sizeof *seg);
    }
    return 0;
}

ltb_record *record_store_at(record_store *s, size_t i)
{
    if (i >= s->capacity)
        return NULL;
    size_t seg = i / LTB_RECORD_SEGMENT;
    ltb_record *base = __atomic_load_n(&s->segments[seg], __ATOMIC_ACQUIRE);
    if (!base) {
        pthread_mutex_lock(&s->lock);
        base = s->segments[seg];
        if (!base) {
            base = calloc(LTB_RECORD_SEGMENT, sizeof *base);
            __atomic_store_n(&s->segments[seg], base, __ATOMIC_RELEASE);
        }
        pthread_mutex_unlock(&s->lock);
        if (!base)
            return NULL;
    }
    return &base[i % LTB_RECORD_SEGMENT];
}

ltb_record *record_store_compact(record_store *s, size_t taken, size_t *n)
{
    if (taken > s->capacity)
        taken = s->capacity;
    ltb_record *out = malloc((taken ? taken : 1) * sizeof *out);
    size_t kept = 0;
    for (size_t i = 0; out && i < taken; i++) {
        const ltb_record *r = s->segments[i / LTB_RECORD_SEGMENT]
                                  ? &s->segments[i / LTB_RECORD_SEGMENT][i % LTB_RECORD_SEGMENT]
                                  : NULL;
        if (r && r->t_end_ns != 0)
            out[kept++] = *r;
    }
    for (size_t k = 0; k < s->n_segments; k++)
        free(s->segments[k]);
    free(s->segments);
    pthread_mutex_destroy(&s->lock);
    memset(s, 0, sizeof *s);
    *n = out ? kept : 0;
    return out;
}
