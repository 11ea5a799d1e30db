/* zip_read.h — read a zip archive held in memory: its entries (central directory,
 * ZIP64 sizes included) and one entry's bytes, stored or deflated (zlib). Enough for
 * numpy's .npz, TorchScript archives and AOTInductor .pt2 packages. */
#ifndef LTB_ZIP_READ_H
#define LTB_ZIP_READ_H

#include <stddef.h>
#include <stdint.h>

#define LTB_ZIP_MAX_ENTRIES 65536

typedef struct ltb_zip_entry {
    char name[256];            /* truncated when longer */
    int method;                /* 0 stored, 8 deflated */
    uint64_t compressed_size, size, local_offset;
} ltb_zip_entry;

/* The archive's entries (malloc'd array into *entries, count into *n; free it). 0, or
 * -1 with a one-line err (not a zip, truncated, too many entries). */
int ltb_zip_list(const unsigned char *buf, size_t len, ltb_zip_entry **entries, int *n,
                 char *err, size_t errlen);
/* The entry named name, or NULL. */
const ltb_zip_entry *ltb_zip_find(const ltb_zip_entry *entries, int n, const char *name);
/* One entry's bytes (malloc'd into *out, at most max_bytes). 0, or -1 with err. */
int ltb_zip_extract(const unsigned char *buf, size_t len, const ltb_zip_entry *e,
                    size_t max_bytes, unsigned char **out, size_t *out_len, char *err,
                    size_t errlen);
#endif
