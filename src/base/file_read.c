/* file_read.c — whole-file reads with a size limit and one-line errors. */
#define _POSIX_C_SOURCE 200809L
#include "file_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ltb_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len,
                  char *err, size_t errlen)
{
    struct stat st;
    *data = NULL;
    *len = 0;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot read '%s': not a regular file", path);
        return -1;
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        snprintf(err, errlen, "cannot read '%s': %lld bytes, over the %zu-byte limit", path,
                 (long long)st.st_size, max_bytes);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *buf = malloc(size + 1);
    if (!buf) {
        fclose(f);
        snprintf(err, errlen, "cannot read '%s': out of memory", path);
        return -1;
    }
    size_t got = fread(buf, 1, size, f);
    int failed = ferror(f);
    fclose(f);
    if (failed || got != size) {
        free(buf);
        snprintf(err, errlen, "cannot read '%s': short read", path);
        return -1;
    }
    buf[size] = 0;
    *data = buf;
    *len = size;
    return 0;
}
