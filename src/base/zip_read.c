/* zip_read.c — a zip archive's central directory and entries, from memory. */
#include "zip_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t u64(const unsigned char *p) { return (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32; }

/* ZIP64 extra field (id 1): the 8-byte values of the fields that read 0xffffffff. */
static void zip64_sizes(const unsigned char *extra, size_t len, ltb_zip_entry *e)
{
    size_t i = 0;
    while (i + 4 <= len) {
        uint16_t id = u16(extra + i), size = u16(extra + i + 2);
        const unsigned char *f = extra + i + 4;
        if (i + 4 + size > len)
            return;
        if (id == 1) {
            size_t at = 0;
            if (e->size == 0xffffffffu && at + 8 <= size)
                e->size = u64(f + at), at += 8;
            if (e->compressed_size == 0xffffffffu && at + 8 <= size)
                e->compressed_size = u64(f + at), at += 8;
            if (e->local_offset == 0xffffffffu && at + 8 <= size)
                e->local_offset = u64(f + at);
            return;
        }
        i += 4 + (size_t)size;
    }
}

int ltb_zip_list(const unsigned char *buf, size_t len, ltb_zip_entry **entries, int *n,
                 char *err, size_t errlen)
{
    *entries = NULL;
    *n = 0;
    if (len < 22) {
        snprintf(err, errlen, "not a zip archive (too short)");
        return -1;
    }
    /* the end-of-central-directory record: in the last 64 KiB + 22 bytes */
    size_t lowest = len > 65557 ? len - 65557 : 0, eocd = (size_t)-1;
    for (size_t i = len - 22 + 1; i-- > lowest;)
        if (u32(buf + i) == 0x06054b50u) {
            eocd = i;
            break;
        }
    if (eocd == (size_t)-1) {
        snprintf(err, errlen, "not a zip archive (no end of central directory)");
        return -1;
    }
    uint64_t count = u16(buf + eocd + 10), cd_offset = u32(buf + eocd + 16);
    /* ZIP64: the locator sits right before the record */
    if ((count == 0xffff || cd_offset == 0xffffffffu) && eocd >= 20 &&
        u32(buf + eocd - 20) == 0x07064b50u) {
        uint64_t at = u64(buf + eocd - 20 + 8);
        if (len < 56 || at > len - 56 || u32(buf + at) != 0x06064b50u) {
            snprintf(err, errlen, "corrupt zip archive (ZIP64 end record)");
            return -1;
        }
        count = u64(buf + at + 32);
        cd_offset = u64(buf + at + 48);
    }
    if (count > LTB_ZIP_MAX_ENTRIES) {
        snprintf(err, errlen, "zip archive has too many entries (%llu; at most %d)",
                 (unsigned long long)count, LTB_ZIP_MAX_ENTRIES);
        return -1;
    }
    ltb_zip_entry *list = calloc(count ? count : 1, sizeof *list);
    if (!list) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    uint64_t at = cd_offset;
    for (uint64_t k = 0; k < count; k++) {
        if (at > len || len - at < 46 || u32(buf + at) != 0x02014b50u) {
            free(list);
            snprintf(err, errlen, "corrupt zip archive (central directory entry %llu)",
                     (unsigned long long)k);
            return -1;
        }
        const unsigned char *h = buf + at;
        size_t name_len = u16(h + 28), extra_len = u16(h + 30), comment_len = u16(h + 32);
        if (len - at - 46 < name_len + extra_len + comment_len) {
            free(list);
            snprintf(err, errlen, "corrupt zip archive (truncated central directory)");
            return -1;
        }
        ltb_zip_entry *e = &list[k];
        e->method = u16(h + 10);
        e->compressed_size = u32(h + 20);
        e->size = u32(h + 24);
        e->local_offset = u32(h + 42);
        size_t copy = name_len < sizeof e->name - 1 ? name_len : sizeof e->name - 1;
        memcpy(e->name, h + 46, copy);
        e->name[copy] = '\0';
        zip64_sizes(h + 46 + name_len, extra_len, e);
        at += 46 + name_len + extra_len + comment_len;
    }
    *entries = list;
    *n = (int)count;
    return 0;
}

const ltb_zip_entry *ltb_zip_find(const ltb_zip_entry *entries, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(entries[i].name, name))
            return &entries[i];
    return NULL;
}

static int inflate_raw(const unsigned char *src, size_t src_len, unsigned char *dst, size_t dst_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return -1;
    size_t in_done = 0, out_done = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        uInt in_chunk = (uInt)((src_len - in_done) > 0x40000000u ? 0x40000000u : src_len - in_done);
        uInt out_chunk = (uInt)((dst_len - out_done) > 0x40000000u ? 0x40000000u : dst_len - out_done);
        z.next_in = (Bytef *)(src + in_done);
        z.avail_in = in_chunk;
        z.next_out = dst + out_done;
        z.avail_out = out_chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        in_done += in_chunk - z.avail_in;
        out_done += out_chunk - z.avail_out;
        if (rc == Z_OK && z.avail_in == in_chunk && z.avail_out == out_chunk)
            rc = Z_DATA_ERROR;   /* no progress: truncated */
        if (rc == Z_BUF_ERROR)
            rc = Z_DATA_ERROR;
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END && out_done == dst_len ? 0 : -1;
}

int ltb_zip_extract(const unsigned char *buf, size_t len, const ltb_zip_entry *e,
                    size_t max_bytes, unsigned char **out, size_t *out_len, char *err,
                    size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    uint64_t at = e->local_offset;
    if (at > len || len - at < 30 || u32(buf + at) != 0x04034b50u) {
        snprintf(err, errlen, "zip entry '%s': corrupt local header", e->name);
        return -1;
    }
    uint64_t data = at + 30 + u16(buf + at + 26) + u16(buf + at + 28);
    if (data > len || len - data < e->compressed_size) {
        snprintf(err, errlen, "zip entry '%s': truncated", e->name);
        return -1;
    }
    if (e->size > max_bytes) {
        snprintf(err, errlen, "zip entry '%s': too large (%llu bytes; limit %zu)", e->name,
                 (unsigned long long)e->size, max_bytes);
        return -1;
    }
    if (e->method != 0 && e->method != 8) {
        snprintf(err, errlen, "zip entry '%s': compression method %d is not supported", e->name,
                 e->method);
        return -1;
    }
    if (e->method == 0 && e->compressed_size != e->size) {
        snprintf(err, errlen, "zip entry '%s': stored sizes disagree", e->name);
        return -1;
    }
    unsigned char *dst = malloc(e->size ? (size_t)e->size : 1);
    if (!dst) {
        snprintf(err, errlen, "zip entry '%s': out of memory", e->name);
        return -1;
    }
    if (e->method == 0) {
        memcpy(dst, buf + data, (size_t)e->size);
    } else if (inflate_raw(buf + data, (size_t)e->compressed_size, dst, (size_t)e->size) != 0) {
        free(dst);
        snprintf(err, errlen, "zip entry '%s': corrupt deflated data", e->name);
        return -1;
    }
    *out = dst;
    *out_len = (size_t)e->size;
    return 0;
}
