/* image_png.c — generated images to PNG files (see image_png.h). */
#include "image_png.h"
#include "atomic_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <stb_image_write.h>

uint8_t ltb_png_unit_to_u8(float v)
{
    if (!(v > 0.0f))
        return 0;
    if (v >= 1.0f)
        return 255;
    return (uint8_t)lrintf(v * 255.0f);
}

static void write_to_file(void *ctx, void *data, int size)
{
    fwrite(data, 1, (size_t)size, (FILE *)ctx);
}

int ltb_png_write_chw(const char *path, const float *chw, int width, int height, char *err,
                      size_t errlen)
{
    if (width < 1 || height < 1) {
        snprintf(err, errlen, "cannot write '%s': image is %dx%d", path, width, height);
        return -1;
    }
    size_t plane = (size_t)width * (size_t)height;
    uint8_t *rgb = malloc(plane * 3);
    if (rgb == NULL) {
        snprintf(err, errlen, "cannot write '%s': out of memory", path);
        return -1;
    }
    for (size_t i = 0; i < plane; i++)
        for (size_t c = 0; c < 3; c++)
            rgb[i * 3 + c] = ltb_png_unit_to_u8(chw[c * plane + i]);
    atomic_file af;
    int rc = atomic_file_open(&af, path, err, errlen);
    if (rc == 0) {
        if (!stbi_write_png_to_func(write_to_file, af.f, width, height, 3, rgb, width * 3)) {
            snprintf(err, errlen, "cannot write '%s': PNG encoding failed", path);
            atomic_file_abort(&af);
            rc = -1;
        } else {
            rc = atomic_file_commit(&af, err, errlen);
        }
    }
    free(rgb);
    return rc;
}
