/* image_png.h — writing a generated image (planar float RGB in [0,1], the layout a
 * model returns) as an 8-bit RGB PNG with stb_image_write, atomically. */
#ifndef LTB_IMAGE_PNG_H
#define LTB_IMAGE_PNG_H

#include <stddef.h>
#include <stdint.h>

/* chw: 3 planes of height x width floats; each value v becomes round(255 v), clamped
 * to 0..255 (NaN as 0). 0, or -1 with err naming the file. */
int ltb_png_write_chw(const char *path, const float *chw, int width, int height, char *err,
                      size_t errlen);

/* The 8-bit value of v (the rule above). */
uint8_t ltb_png_unit_to_u8(float v);
#endif
