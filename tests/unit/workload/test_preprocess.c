/* test_preprocess.c — image decoding, resizing and normalisation, on PNGs made
 * here with known pixels and on the shipped photos; bad bytes give one-line errors. */
#include "testutil.h"
#include "image_preprocess.h"
#include "ltbench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image_write.h>

typedef struct sink { unsigned char *data; size_t len; } sink;

static void sink_write(void *ctx, void *data, int size)
{
    sink *s = ctx;
    s->data = realloc(s->data, s->len + (size_t)size);
    memcpy(s->data + s->len, data, (size_t)size);
    s->len += (size_t)size;
}

static sink make_png(const unsigned char *px, int w, int h, int comp)
{
    sink s = {0};
    assert_true(stbi_write_png_to_func(sink_write, &s, w, h, comp, px, w * comp));
    return s;
}

static float expected(int channel, int value)
{
    static const float mean[3] = {0.485f, 0.456f, 0.406f}, std[3] = {0.229f, 0.224f, 0.225f};
    return ((float)value / 255.0f - mean[channel]) / std[channel];
}

static void same_size_png_is_normalised_exactly_in_chw(void **state)
{
    (void)state;
    unsigned char px[2 * 2 * 3] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};
    sink png = make_png(px, 2, 2, 3);
    float out[12];
    char err[256];
    assert_int_equal(ltb_image_preprocess(png.data, png.len, "t.png", 2, 2, out, err, sizeof err), 0);
    for (int c = 0; c < 3; c++)
        for (int i = 0; i < 4; i++)
            assert_float_equal(out[c * 4 + i], expected(c, px[i * 3 + c]), 1e-6);
    free(png.data);
}

static void grey_png_becomes_three_equal_channels(void **state)
{
    (void)state;
    unsigned char px[4] = {0, 64, 128, 255};
    sink png = make_png(px, 2, 2, 1);
    float out[12];
    char err[256];
    assert_int_equal(ltb_image_preprocess(png.data, png.len, "g.png", 2, 2, out, err, sizeof err), 0);
    for (int c = 0; c < 3; c++)
        for (int i = 0; i < 4; i++)
            assert_float_equal(out[c * 4 + i], expected(c, px[i]), 1e-6);
    free(png.data);
}

static void resize_keeps_a_uniform_image_uniform(void **state)
{
    (void)state;
    enum { W = 37, H = 23 };
    unsigned char px[W * H * 3];
    for (int i = 0; i < W * H; i++) {
        px[i * 3] = 200;
        px[i * 3 + 1] = 100;
        px[i * 3 + 2] = 50;
    }
    sink png = make_png(px, W, H, 3);
    float *out = malloc(3 * 16 * 16 * sizeof(float));
    char err[256];
    assert_int_equal(ltb_image_preprocess(png.data, png.len, "u.png", 16, 16, out, err, sizeof err), 0);
    for (int i = 0; i < 256; i++) {
        assert_float_equal(out[i], expected(0, 200), 2e-2);
        assert_float_equal(out[256 + i], expected(1, 100), 2e-2);
        assert_float_equal(out[512 + i], expected(2, 50), 2e-2);
    }
    free(out);
    free(png.data);
}

/* Debian's stb asserts on its triangle filter for some ratios: sweep many. */
static void resize_survives_every_size_ratio(void **state)
{
    (void)state;
    unsigned char *px = calloc(300 * 3, 1);
    float *out = malloc(3 * 224 * 3 * sizeof(float));
    char err[256];
    for (int sw = 1; sw <= 300; sw += 13)
        for (int dw = 8; dw <= 224; dw += 27) {
            sink png = make_png(px, sw, 1, 3);
            assert_int_equal(ltb_image_preprocess(png.data, png.len, "r.png", dw, 3, out, err, sizeof err), 0);
            free(png.data);
        }
    free(out);
    free(px);
}

static void bad_bytes_fail_with_a_line_naming_the_file(void **state)
{
    (void)state;
    float out[3 * 8 * 8];
    char err[256];
    const unsigned char text[] = "this is not an image at all";
    assert_int_equal(ltb_image_preprocess(text, sizeof text, "notes.jpg", 8, 8, out, err, sizeof err), -1);
    assert_non_null(strstr(err, "notes.jpg"));
    assert_true(tu_is_one_line(err));
    assert_int_equal(ltb_image_preprocess(text, 0, "empty.png", 8, 8, out, err, sizeof err), -1);
    assert_non_null(strstr(err, "empty.png"));

    unsigned char px[4 * 4 * 3] = {0};
    sink png = make_png(px, 4, 4, 3);
    assert_int_equal(ltb_image_preprocess(png.data, png.len / 2, "half.png", 8, 8, out, err, sizeof err), -1);
    assert_non_null(strstr(err, "half.png"));
    free(png.data);
}

static void huge_dimensions_are_refused_before_decoding(void **state)
{
    (void)state;
    unsigned char px[3] = {1, 2, 3};
    sink png = make_png(px, 1, 1, 3);
    /* IHDR width/height live at bytes 16..23: claim 100000 x 100000. */
    unsigned char dims[8] = {0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0};
    memcpy(png.data + 16, dims, 8);
    int w, h;
    char err[256];
    assert_int_equal(ltb_image_probe(png.data, png.len, "huge.png", &w, &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "huge.png"));
    assert_non_null(strstr(err, "100000x100000"));
    free(png.data);
}

static void shipped_photos_all_load(void **state)
{
    (void)state;
    char *dir = tu_path(tu_env("LTBENCH_ASSETS_DIR"), "images");
    ltb_workload w;
    char err[512];
    assert_int_equal(ltb_workload_image_dir(&w, dir, 224, 224, err, sizeof err), 0);
    assert_true(w.n_samples >= 4);
    assert_int_equal(w.prepare_batch(&w, 3, err, sizeof err), 0);
    ltb_request req;
    memset(&req, 0, sizeof req);
    w.fill(&w, 1, 3, &req);
    assert_non_null(req.pixels);
    assert_non_null(req.encoded_batch[2]);
    assert_int_equal(req.width, 224);
    for (int i = 0; i < 3 * 224 * 224 * 3; i++)
        assert_true(isfinite(req.pixels[i]) && req.pixels[i] > -3 && req.pixels[i] < 3);
    ltb_workload_free(&w);
    free(dir);
}

static void synthetic_images_follow_the_seed(void **state)
{
    (void)state;
    ltb_workload a, b, c;
    char err[256];
    assert_int_equal(ltb_workload_synthetic_images(&a, 3, 32, 32, 7, err, sizeof err), 0);
    assert_int_equal(ltb_workload_synthetic_images(&b, 3, 32, 32, 7, err, sizeof err), 0);
    assert_int_equal(ltb_workload_synthetic_images(&c, 3, 32, 32, 8, err, sizeof err), 0);
    ltb_request ra, rb, rc;
    memset(&ra, 0, sizeof ra);
    memset(&rb, 0, sizeof rb);
    memset(&rc, 0, sizeof rc);
    b.prepare_batch(&b, 1, err, sizeof err);
    c.prepare_batch(&c, 1, err, sizeof err);
    b.fill(&b, 2, 1, &rb);
    c.fill(&c, 2, 1, &rc);
    /* no PNG is made for a target that sends tensors */
    assert_null(rb.encoded);
    assert_int_equal(rb.encoded_len, 0);
    /* a target that sends files asks for them before it prepares its batches */
    assert_non_null(a.need_files);
    assert_int_equal(a.need_files(&a, err, sizeof err), 0);
    a.prepare_batch(&a, 1, err, sizeof err);
    a.fill(&a, 2, 1, &ra);
    assert_non_null(ra.encoded);
    assert_memory_equal(ra.pixels, rb.pixels, 3 * 32 * 32 * sizeof(float));
    assert_memory_not_equal(ra.pixels, rc.pixels, 3 * 32 * 32 * sizeof(float));
    /* the encoded PNG decodes to the same tensor */
    float *dec = malloc(3 * 32 * 32 * sizeof(float));
    assert_int_equal(ltb_image_preprocess(ra.encoded, ra.encoded_len, "s", 32, 32, dec, err, sizeof err), 0);
    assert_memory_equal(dec, ra.pixels, 3 * 32 * 32 * sizeof(float));
    free(dec);
    ltb_workload_free(&a);
    ltb_workload_free(&b);
    ltb_workload_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_size_png_is_normalised_exactly_in_chw),
        cmocka_unit_test(grey_png_becomes_three_equal_channels),
        cmocka_unit_test(resize_keeps_a_uniform_image_uniform),
        cmocka_unit_test(resize_survives_every_size_ratio),
        cmocka_unit_test(bad_bytes_fail_with_a_line_naming_the_file),
        cmocka_unit_test(huge_dimensions_are_refused_before_decoding),
        cmocka_unit_test(shipped_photos_all_load),
        cmocka_unit_test(synthetic_images_follow_the_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
