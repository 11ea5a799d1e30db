/* image_preprocess.h — encoded image bytes to a normalised float CHW tensor:
 * stb_image decode (JPEG/PNG, grey expanded to RGB), stb_image_resize to the
 * model's size, ImageNet mean/std normalisation. Used before timing for the
 * workload and, with --include-preprocess, inside each request. */
#ifndef LTB_IMAGE_PREPROCESS_H
#define LTB_IMAGE_PREPROCESS_H

#include <stddef.h>

#define LTB_IMAGE_MAX_SIDE 16384
#define LTB_IMAGE_MAX_PIXELS (100LL * 1000 * 1000)

/* Reads the dimensions from the header without decoding; 0 or -1 with err naming
 * `name` (unreadable, not an image, dimensions over the limits). */
int ltb_image_probe(const unsigned char *bytes, size_t len, const char *name,
                    int *width, int *height, char *err, size_t errlen);

/* Decodes bytes and writes 3*height*width floats (CHW) into out. */
int ltb_image_preprocess(const unsigned char *bytes, size_t len, const char *name,
                         int width, int height, float *out, char *err, size_t errlen);

/* RGB8 (interleaved, src_w x src_h) to normalised CHW floats at width x height;
 * an image already at the size is not resampled. 0, or -1 on allocation failure. */
int ltb_rgb8_to_tensor(const unsigned char *rgb, int src_w, int src_h, int width,
                       int height, float *out);
#endif
