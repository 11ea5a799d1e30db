/* stress_errors.c — failures of a stress run counted by type, in a fixed-size
 * table per worker (no allocation, no lock), merged after the run. */
#include "error_type.h"
#include "stress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ltb_error_count *find_or_add(ltb_error_table *t, const char *type, const char *example)
{
    for (int i = 0; i < t->n; i++)
        if (!strcmp(t->items[i].type, type))
            return &t->items[i];
    if (t->n == LTB_STRESS_MAX_ERROR_TYPES)
        return NULL;
    ltb_error_count *e = &t->items[t->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->type, sizeof e->type, "%s", type);
    snprintf(e->example, sizeof e->example, "%s", example);
    return e;
}

void ltb_error_table_add(ltb_error_table *t, const char *message)
{
    char type[64];
    ltb_error_type(message, type, sizeof type);
    ltb_error_count *e = find_or_add(t, type, message ? message : "");
    if (e)
        e->count++;
    else
        t->other++;
}

static int by_count_desc(const void *a, const void *b)
{
    const ltb_error_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->type, y->type);
}

void ltb_error_table_merge(ltb_error_table *dst, const ltb_error_table *src)
{
    for (int i = 0; i < src->n; i++) {
        ltb_error_count *e = find_or_add(dst, src->items[i].type, src->items[i].example);
        if (e)
            e->count += src->items[i].count;
        else
            dst->other += src->items[i].count;
    }
    dst->other += src->other;
    qsort(dst->items, (size_t)dst->n, sizeof dst->items[0], by_count_desc);
}
