/* stb_instrumented.c — stb_image and stb_image_resize compiled into the fuzzers
 * themselves (not Debian's prebuilt libstb), so libFuzzer sees their coverage and
 * ASan checks their memory accesses. */
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb_image.h>
#include <stb_image_resize.h>
