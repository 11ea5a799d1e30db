/* image_preprocess.c — decode (stb_image), resize (stb_image_resize: Mitchell
 * when shrinking, Catmull-Rom when enlarging, clamped edges) and normalise
 * (ImageNet mean/std) into CHW floats. Not the triangle filter: Debian's stb
 * build asserts (aborts) on it for some size ratios, e.g. 37 -> 16 px. */
#include "image_preprocess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>
#include <stb_image_resize.h>

static const float kMean[3] = {0.485f, 0.456f, 0.406f};
static const float kStd[3] = {0.229f, 0.224f, 0.225f};

/* PNG width and height straight from the IHDR chunk (stb refuses, with a
 * generic message, a PNG whose pixels would not fit in 1 GiB). 0 when not a PNG. */
static int png_header_size(const unsigned char *b, size_t len, long long *w, long long *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (len < 24 || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
        return 0;
    *w = (long long)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
    *h = (long long)b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
    return 1;
}

int ltb_image_probe(const unsigned char *bytes, size_t len, const char *name, int *width,
                    int *height, char *err, size_t errlen)
{
    int w = 0, h = 0, comp = 0;
    if (len == 0) {
        snprintf(err, errlen, "image '%s' is empty (0 bytes)", name);
        return -1;
    }
    if (len > (size_t)0x7fffffff) {
        snprintf(err, errlen, "image '%s' is larger than 2 GiB", name);
        return -1;
    }
    if (!stbi_info_from_memory(bytes, (int)len, &w, &h, &comp)) {
        long long pw, ph;
        if (png_header_size(bytes, len, &pw, &ph) &&
            (pw > LTB_IMAGE_MAX_SIDE || ph > LTB_IMAGE_MAX_SIDE || pw * ph > LTB_IMAGE_MAX_PIXELS))
            snprintf(err, errlen, "image '%s' is %lldx%lld, over the %dx%d / %lld-pixel limit", name,
                     pw, ph, LTB_IMAGE_MAX_SIDE, LTB_IMAGE_MAX_SIDE, LTB_IMAGE_MAX_PIXELS);
        else
            snprintf(err, errlen, "image '%s' cannot be read: %s", name, stbi_failure_reason());
        return -1;
    }
    if (w <= 0 || h <= 0 || w > LTB_IMAGE_MAX_SIDE || h > LTB_IMAGE_MAX_SIDE ||
        (long long)w * h > LTB_IMAGE_MAX_PIXELS) {
        snprintf(err, errlen, "image '%s' is %dx%d, over the %dx%d / %lld-pixel limit", name,
                 w, h, LTB_IMAGE_MAX_SIDE, LTB_IMAGE_MAX_SIDE, LTB_IMAGE_MAX_PIXELS);
        return -1;
    }
    *width = w;
    *height = h;
    return 0;
}

static void normalise_hwc_to_chw(const unsigned char *rgb, int width, int height, float *out)
{
    size_t plane = (size_t)width * (size_t)height;
    float table[3][256];   /* every byte's value, computed as before: the same floats */
    for (int c = 0; c < 3; c++)
        for (int v = 0; v < 256; v++)
            table[c][v] = ((float)v / 255.0f - kMean[c]) / kStd[c];
    for (size_t i = 0; i < plane; i++)
        for (int c = 0; c < 3; c++)
            out[(size_t)c * plane + i] = table[c][rgb[i * 3 + (size_t)c]];
}

int ltb_rgb8_to_tensor(const unsigned char *rgb, int src_w, int src_h, int width, int height,
                       float *out)
{
    if (src_w == width && src_h == height) {
        normalise_hwc_to_chw(rgb, width, height, out);
        return 0;
    }
    unsigned char *resized = malloc((size_t)width * (size_t)height * 3);
    if (!resized)
        return -1;
    stbir_resize_uint8_generic(rgb, src_w, src_h, 0, resized, width, height, 0, 3,
                               STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP,
                               STBIR_FILTER_DEFAULT, STBIR_COLORSPACE_LINEAR, NULL);
    normalise_hwc_to_chw(resized, width, height, out);
    free(resized);
    return 0;
}

int ltb_image_preprocess(const unsigned char *bytes, size_t len, const char *name, int width,
                         int height, float *out, char *err, size_t errlen)
{
    int w, h, comp;
    if (ltb_image_probe(bytes, len, name, &w, &h, err, errlen) != 0)
        return -1;
    unsigned char *rgb = stbi_load_from_memory(bytes, (int)len, &w, &h, &comp, 3);
    if (!rgb) {
        snprintf(err, errlen, "image '%s' cannot be decoded: %s", name, stbi_failure_reason());
        return -1;
    }
    int rc = ltb_rgb8_to_tensor(rgb, w, h, width, height, out);
    stbi_image_free(rgb);
    if (rc != 0) {
        snprintf(err, errlen, "image '%s': out of memory while resizing", name);
        return -1;
    }
    return 0;
}
