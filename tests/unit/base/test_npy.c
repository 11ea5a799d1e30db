/* test_npy.c — .npy write/parse round trips for every dtype (bf16 written as f32), the
 * header numpy writes (64-byte aligned, its dict), and malformed files refused: bad
 * magic, version, dtype, Fortran order, truncated header or data, size limit. The zip
 * reader on an archive built here by hand: stored entries listed and extracted,
 * deflated ones (zlib) inflated, corrupt archives refused. */
#include "testutil.h"
#include "dtype.h"
#include "npy.h"
#include "zip_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void round_trip_every_dtype(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = tu_path(dir, "a.npy");
    for (int d = 0; d < LTB_DT_COUNT; d++) {
        int64_t shape[3] = {2, 3, 1};
        unsigned char data[6 * 8];
        for (size_t i = 0; i < sizeof data; i++)
            data[i] = (unsigned char)(i * 7 + 1);
        if (d == LTB_DT_BOOL)
            for (size_t i = 0; i < sizeof data; i++)
                data[i] &= 1;
        if (d == LTB_DT_F16 || d == LTB_DT_BF16)   /* finite halves: small exponents */
            for (size_t i = 1; i < sizeof data; i += 2)
                data[i] = 0x3c;
        char err[256];
        assert_int_equal(ltb_npy_write(path, (ltb_dtype)d, 3, shape, data, err, sizeof err), 0);
        size_t len;
        unsigned char *buf = slurp(path, &len);
        assert_int_equal((10 + (buf[8] | buf[9] << 8)) % 64, 0);   /* numpy's alignment */
        ltb_array a;
        if (ltb_npy_parse(buf, len, 1 << 20, &a, err, sizeof err) != 0)
            fail_msg("dtype %s: %s", ltb_dtype_name((ltb_dtype)d), err);
        assert_int_equal(a.ndim, 3);
        assert_int_equal(a.shape[0], 2);
        assert_int_equal(a.shape[1], 3);
        if (d == LTB_DT_BF16) {
            assert_int_equal(a.dtype, LTB_DT_F32);
            const float *f = a.data;
            uint32_t bits;
            memcpy(&bits, &f[0], 4);
            assert_int_equal(bits >> 16, data[0] | data[1] << 8);
        } else {
            assert_int_equal(a.dtype, d);
            assert_memory_equal(a.data, data, 6 * ltb_dtype_size((ltb_dtype)d));
        }
        ltb_array_free(&a);
        free(buf);
    }
    free(path);
    free(dir);
}

static void scalar_and_one_dim_headers(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = tu_path(dir, "s.npy");
    char err[256];
    float v = 2.5f;
    assert_int_equal(ltb_npy_write(path, LTB_DT_F32, 0, NULL, &v, err, sizeof err), 0);
    char *text = tu_read_file(path);
    assert_non_null(strstr(text + 10, "'shape': ()"));
    free(text);
    int64_t n = 4;
    float four[4] = {1, 2, 3, 4};
    assert_int_equal(ltb_npy_write(path, LTB_DT_F32, 1, &n, four, err, sizeof err), 0);
    text = tu_read_file(path);
    assert_non_null(strstr(text + 10, "'shape': (4,)"));
    free(text);
    free(path);
    free(dir);
}

static void refuse(const char *bytes, size_t len, size_t limit, const char *needle)
{
    ltb_array a;
    char err[256] = "";
    if (ltb_npy_parse((const unsigned char *)bytes, len, limit, &a, err, sizeof err) == 0)
        fail_msg("accepted (expected '%s')", needle);
    if (!strstr(err, needle))
        fail_msg("message '%s' lacks '%s'", err, needle);
}

/* a v1 .npy with header dict h and body bytes of data */
static size_t make_npy(char *out, const char *h, size_t body)
{
    size_t hl = strlen(h);
    memcpy(out, "\x93NUMPY\x01\x00", 8);
    out[8] = (char)(hl & 0xff);
    out[9] = (char)(hl >> 8);
    memcpy(out + 10, h, hl);
    memset(out + 10 + hl, 0, body);
    return 10 + hl + body;
}

static void malformed_refused(void **state)
{
    (void)state;
    char buf[512];
    refuse("hello world!", 12, 1 << 20, "magic");
    size_t n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
    buf[6] = 9;
    refuse(buf, n, 1 << 20, "version");
    n = make_npy(buf, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8);
    refuse(buf, n, 1 << 20, "not supported");
    n = make_npy(buf, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16);
    refuse(buf, n, 1 << 20, "not supported");
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8);
    refuse(buf, n, 1 << 20, "Fortran");
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 8);
    refuse(buf, n, 1 << 20, "truncated");
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000,), }", 0);
    refuse(buf, n, 64, "too large");
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999, 99999999999), }", 0);
    refuse(buf, n, (size_t)1 << 40, "too large");
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (a,), }", 0);
    refuse(buf, n, 1 << 20, "shape");
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 4);
    refuse(buf, n, 1 << 20, "dimensions");
    n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
    buf[8] = (char)0xff;   /* header length past the end */
    refuse(buf, n, 1 << 20, "truncated");
}

/* ---- zip ---------------------------------------------------------------------------- */

static void put16(unsigned char *p, unsigned v) { p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8); }
static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xffff));
    put16(p + 2, (unsigned)(v >> 16));
}

/* A zip of one entry name holding data (deflated when deflate), into out; its size. */
static size_t make_zip(unsigned char *out, const char *name, const unsigned char *data, size_t len,
                       int packed_deflate)
{
    unsigned char packed[4096];
    size_t plen = len;
    if (packed_deflate) {
        z_stream z;
        memset(&z, 0, sizeof z);
        assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
        z.next_in = (Bytef *)data, z.avail_in = (uInt)len;
        z.next_out = packed, z.avail_out = sizeof packed;
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        plen = sizeof packed - z.avail_out;
        deflateEnd(&z);
    } else {
        memcpy(packed, data, len);
    }
    size_t nl = strlen(name), at = 0;
    unsigned char *lh = out;
    memset(lh, 0, 30);
    put32(lh, 0x04034b50), put16(lh + 8, packed_deflate ? 8 : 0), put32(lh + 18, plen), put32(lh + 22, len);
    put16(lh + 26, (unsigned)nl);
    memcpy(lh + 30, name, nl);
    memcpy(lh + 30 + nl, packed, plen);
    at = 30 + nl + plen;
    unsigned char *cd = out + at;
    memset(cd, 0, 46);
    put32(cd, 0x02014b50), put16(cd + 10, packed_deflate ? 8 : 0), put32(cd + 20, plen), put32(cd + 24, len);
    put16(cd + 28, (unsigned)nl), put32(cd + 42, 0);
    memcpy(cd + 46, name, nl);
    size_t cd_len = 46 + nl;
    unsigned char *end = cd + cd_len;
    memset(end, 0, 22);
    put32(end, 0x06054b50), put16(end + 8, 1), put16(end + 10, 1), put32(end + 12, cd_len), put32(end + 16, at);
    return at + cd_len + 22;
}

static void zip_stored_and_deflated(void **state)
{
    (void)state;
    unsigned char data[1000], zip[8192];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i % 17);
    for (int deflated = 0; deflated < 2; deflated++) {
        size_t len = make_zip(zip, "x.npy", data, sizeof data, deflated);
        ltb_zip_entry *e;
        int n;
        char err[256];
        assert_int_equal(ltb_zip_list(zip, len, &e, &n, err, sizeof err), 0);
        assert_int_equal(n, 1);
        const ltb_zip_entry *x = ltb_zip_find(e, n, "x.npy");
        assert_non_null(x);
        assert_null(ltb_zip_find(e, n, "y.npy"));
        unsigned char *out;
        size_t out_len;
        assert_int_equal(ltb_zip_extract(zip, len, x, 1 << 20, &out, &out_len, err, sizeof err), 0);
        assert_int_equal(out_len, sizeof data);
        assert_memory_equal(out, data, sizeof data);
        free(out);
        assert_int_equal(ltb_zip_extract(zip, len, x, 10, &out, &out_len, err, sizeof err), -1);
        assert_non_null(strstr(err, "too large"));
        if (deflated) {   /* corrupt the deflated bytes */
            zip[30 + 5 + 2] ^= 0xff;
            zip[30 + 5 + 3] ^= 0xff;
            int rc = ltb_zip_extract(zip, len, x, 1 << 20, &out, &out_len, err, sizeof err);
            if (rc == 0) {   /* a flip may still inflate: then the bytes differ */
                assert_true(memcmp(out, data, sizeof data) != 0);
                free(out);
            }
        }
        free(e);
    }
}

static void zip_corrupt_refused(void **state)
{
    (void)state;
    unsigned char data[16] = {1, 2, 3}, zip[1024];
    size_t len = make_zip(zip, "a", data, sizeof data, 0);
    ltb_zip_entry *e;
    int n;
    char err[256];
    assert_int_equal(ltb_zip_list((const unsigned char *)"short", 5, &e, &n, err, sizeof err), -1);
    assert_int_equal(ltb_zip_list(zip, len - 1, &e, &n, err, sizeof err), -1);   /* no end record */
    unsigned char bad[1024];
    memcpy(bad, zip, len);
    put32(bad + len - 22 + 16, 900);   /* central directory offset past the end */
    assert_int_equal(ltb_zip_list(bad, len, &e, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "corrupt"));
    /* a ZIP64 locator in an archive shorter than a ZIP64 end record (56 bytes), pointing
     * far past the end (the fuzzer's find: an unsigned len - 56 wrapped around) */
    unsigned char tiny[46];
    memset(tiny, 0, sizeof tiny);
    put32(tiny + 4, 0x07064b50u);                   /* locator at 4, the end record at 24 */
    put32(tiny + 4 + 8, 0xffffff00u);               /* its ZIP64 end record's offset */
    put32(tiny + 24, 0x06054b50u);
    put16(tiny + 24 + 10, 0xffff);                  /* count: see ZIP64 */
    put32(tiny + 24 + 16, 0xffffffffu);
    assert_int_equal(ltb_zip_list(tiny, sizeof tiny, &e, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "ZIP64"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_every_dtype), cmocka_unit_test(scalar_and_one_dim_headers),
        cmocka_unit_test(malformed_refused),      cmocka_unit_test(zip_stored_and_deflated),
        cmocka_unit_test(zip_corrupt_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
