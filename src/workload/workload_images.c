/* workload_images.c — the image workload: photos from a directory or seeded
 * synthetic images, decoded and normalised before timing, and for each batch size
 * the batched input tensors a request points at (no copy inside the timed region). */
#define _POSIX_C_SOURCE 200809L
#include "ltbench.h"
#include "file_read.h"
#include "image_preprocess.h"
#include "rng.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stb_image_write.h>

#define MAX_IMAGE_FILE_BYTES (64u * 1024 * 1024)
#define MAX_IMAGES 4096

typedef struct image_set {
    int n, width, height;
    size_t plane;                     /* 3 * width * height */
    ltb_sample_info *info;
    char **names;
    unsigned char **encoded;          /* synthetic: NULL until a target needs files */
    size_t *encoded_len;
    unsigned char *rgb8;              /* synthetic: n * width * height * 3, to encode */
    float *pixels;                    /* n * plane */
    /* the prepared batch size */
    int batch, n_batches;
    float *batched;                   /* n_batches * batch * plane (NULL when batch 1) */
    const unsigned char **batch_encoded;   /* n_batches * batch */
    size_t *batch_encoded_len;
    int *batch_first;                 /* first sample of each batch */
} image_set;

static void image_set_free(image_set *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++) {
        free(s->names ? s->names[i] : NULL);
        free(s->encoded ? s->encoded[i] : NULL);
    }
    free(s->names);
    free(s->encoded);
    free(s->encoded_len);
    free(s->info);
    free(s->rgb8);
    free(s->pixels);
    free(s->batched);
    free(s->batch_encoded);
    free(s->batch_encoded_len);
    free(s->batch_first);
    free(s);
}

static int image_set_alloc(image_set *s, int n, int width, int height)
{
    s->n = n;
    s->width = width;
    s->height = height;
    s->plane = (size_t)3 * (size_t)width * (size_t)height;
    s->names = calloc((size_t)n, sizeof *s->names);
    s->encoded = calloc((size_t)n, sizeof *s->encoded);
    s->encoded_len = calloc((size_t)n, sizeof *s->encoded_len);
    s->info = calloc((size_t)n, sizeof *s->info);
    s->pixels = malloc((size_t)n * s->plane * sizeof(float));
    return (s->names && s->encoded && s->encoded_len && s->info && s->pixels) ? 0 : -1;
}

static int prepare_batch(ltb_workload *w, int batch, char *err, size_t errlen)
{
    image_set *s = w->self;
    free(s->batched);
    free(s->batch_encoded);
    free(s->batch_encoded_len);
    free(s->batch_first);
    s->batched = NULL;
    s->batch = batch;
    s->n_batches = batch == 1 ? s->n : (s->n + batch - 1) / batch;
    size_t slots = (size_t)s->n_batches * (size_t)batch;
    s->batch_encoded = malloc(slots * sizeof *s->batch_encoded);
    s->batch_encoded_len = malloc(slots * sizeof *s->batch_encoded_len);
    s->batch_first = malloc((size_t)s->n_batches * sizeof *s->batch_first);
    if (batch > 1)
        s->batched = malloc(slots * s->plane * sizeof(float));
    if (!s->batch_encoded || !s->batch_encoded_len || !s->batch_first ||
        (batch > 1 && !s->batched)) {
        snprintf(err, errlen, "out of memory preparing %d batches of %d images (%.0f MB)",
                 s->n_batches, batch, (double)slots * (double)s->plane * 4 / 1e6);
        return -1;
    }
    for (size_t k = 0; k < slots; k++) {
        int sample = (int)(k % (size_t)s->n);
        s->batch_encoded[k] = s->encoded[sample];
        s->batch_encoded_len[k] = s->encoded_len[sample];
        if (s->batched)
            memcpy(s->batched + k * s->plane, s->pixels + (size_t)sample * s->plane,
                   s->plane * sizeof(float));
    }
    for (int b = 0; b < s->n_batches; b++)
        s->batch_first[b] = (int)(((size_t)b * (size_t)batch) % (size_t)s->n);
    return 0;
}

static void fill(ltb_workload *w, int64_t id, int batch, ltb_request *req)
{
    image_set *s = w->self;
    (void)batch;
    int b = (int)((id < 0 ? -id : id) % s->n_batches);
    int first = s->batch_first[b];
    size_t slot = (size_t)b * (size_t)s->batch;
    req->sample = first;
    req->pixels = s->batched ? s->batched + slot * s->plane
                             : s->pixels + (size_t)first * s->plane;
    req->height = s->height;
    req->width = s->width;
    req->image_name = s->names[first];
    req->encoded = s->encoded[first];
    req->encoded_len = s->encoded_len[first];
    req->encoded_batch = s->batch_encoded + slot;
    req->encoded_batch_len = s->batch_encoded_len + slot;
}

static void workload_free(ltb_workload *w)
{
    image_set_free(w->self);
    w->self = NULL;
}

static void workload_init(ltb_workload *w, image_set *s)
{
    memset(w, 0, sizeof *w);
    w->self = s;
    w->n_samples = s->n;
    w->samples = s->info;
    w->width = s->width;
    w->height = s->height;
    w->prepare_batch = prepare_batch;
    w->fill = fill;
    w->free = workload_free;
}

static int set_sample_name(image_set *s, int i, const char *name)
{
    s->names[i] = strdup(name);
    if (!s->names[i])
        return -1;
    s->info[i].name = s->names[i];
    s->info[i].chars = strlen(name);
    s->info[i].bytes = strlen(name);
    s->info[i].tokens = 1;
    return 0;
}

/* ---- a directory of photos ------------------------------------------------------ */

static int has_image_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg") ||
                   !strcasecmp(dot, ".png"));
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted list of image file names in dir; returns the count or -1. */
static int list_images(const char *dir, char ***out, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "cannot open image directory '%s'", dir);
        return -1;
    }
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !has_image_extension(e->d_name))
            continue;
        if (n == MAX_IMAGES)
            break;
        char **grown = realloc(names, (size_t)(n + 1) * sizeof *names);
        if (!grown || !(grown[n] = strdup(e->d_name))) {
            names = grown ? grown : names;
            for (int i = 0; i < n; i++)
                free(names[i]);
            free(names);
            closedir(d);
            snprintf(err, errlen, "out of memory listing '%s'", dir);
            return -1;
        }
        names = grown;
        n++;
    }
    closedir(d);
    if (n == 0) {
        free(names);
        snprintf(err, errlen, "no .jpg/.jpeg/.png images in '%s'", dir);
        return -1;
    }
    qsort(names, (size_t)n, sizeof *names, compare_names);
    *out = names;
    return n;
}

int ltb_workload_image_dir(ltb_workload *w, const char *dir, int width, int height, char *err,
                           size_t errlen)
{
    char **files = NULL;
    int n = list_images(dir, &files, err, errlen);
    if (n < 0)
        return -1;
    image_set *s = calloc(1, sizeof *s);
    int rc = (!s || image_set_alloc(s, n, width, height) != 0) ? -1 : 0;
    if (rc != 0)
        snprintf(err, errlen, "out of memory loading %d images from '%s'", n, dir);
    for (int i = 0; rc == 0 && i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        rc = ltb_read_file(path, MAX_IMAGE_FILE_BYTES, &s->encoded[i], &s->encoded_len[i], err,
                           errlen);
        if (rc == 0)
            rc = ltb_image_preprocess(s->encoded[i], s->encoded_len[i], path, width, height,
                                      s->pixels + (size_t)i * s->plane, err, errlen);
        if (rc == 0 && set_sample_name(s, i, files[i]) != 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
    }
    for (int i = 0; i < n; i++)
        free(files[i]);
    free(files);
    if (rc != 0) {
        image_set_free(s);
        return -1;
    }
    workload_init(w, s);
    return 0;
}

/* ---- seeded synthetic images ------------------------------------------------------ */

/* A smooth gradient with a few coloured rectangles: structure a model can react to.
 * diagonal: scratch of (width + height) * 3 bytes. */
static void draw_synthetic(unsigned char *rgb, unsigned char *diagonal, int width, int height,
                           uint64_t seed)
{
    uint64_t st = ltb_rng_state(seed, 1);
    int base[3], slope[3];
    for (int c = 0; c < 3; c++) {
        base[c] = (int)(ltb_rng_next(&st) % 256);
        slope[c] = (int)(ltb_rng_next(&st) % 7) - 3;
    }
    /* the gradient depends on x + y only: its values along one diagonal, then a copy
     * of width pixels from it per row */
    for (int k = 0; k < width + height - 1; k++)
        for (int c = 0; c < 3; c++)
            diagonal[(size_t)k * 3 + (size_t)c] = (unsigned char)((base[c] + slope[c] * k / 4) & 255);
    for (int y = 0; y < height; y++)
        memcpy(rgb + (size_t)y * (size_t)width * 3, diagonal + (size_t)y * 3, (size_t)width * 3);
    for (int r = 0; r < 6; r++) {
        int x0 = (int)(ltb_rng_next(&st) % (uint64_t)width), y0 = (int)(ltb_rng_next(&st) % (uint64_t)height);
        int x1 = x0 + 1 + (int)(ltb_rng_next(&st) % (uint64_t)(width / 2 + 1));
        int y1 = y0 + 1 + (int)(ltb_rng_next(&st) % (uint64_t)(height / 2 + 1));
        unsigned char col[3] = {(unsigned char)ltb_rng_next(&st), (unsigned char)ltb_rng_next(&st),
                                (unsigned char)ltb_rng_next(&st)};
        for (int y = y0; y < y1 && y < height; y++)
            for (int x = x0; x < x1 && x < width; x++)
                memcpy(rgb + ((size_t)y * (size_t)width + (size_t)x) * 3, col, 3);
    }
}

typedef struct png_sink {
    unsigned char *data;
    size_t len;
    int failed;
} png_sink;

static void png_write(void *ctx, void *data, int size)
{
    png_sink *sink = ctx;
    unsigned char *grown = realloc(sink->data, sink->len + (size_t)size);
    if (!grown) {
        sink->failed = 1;
        return;
    }
    memcpy(grown + sink->len, data, (size_t)size);
    sink->data = grown;
    sink->len += (size_t)size;
}

/* need_files for synthetic images: every image's PNG, made once. Fast PNGs, not small
 * ones: stb's default (level 8, five filters tried on every row) cost ~33 M
 * instructions per 224x224 image (callgrind). Targets that send tensors never call it. */
static int encode_synthetic(ltb_workload *w, char *err, size_t errlen)
{
    image_set *s = w->self;
    size_t rgb_len = (size_t)s->width * (size_t)s->height * 3;
    int level = stbi_write_png_compression_level, filter = stbi_write_force_png_filter;
    stbi_write_png_compression_level = 1;
    stbi_write_force_png_filter = 0;
    int rc = 0;
    for (int i = 0; rc == 0 && i < s->n; i++) {
        if (s->encoded[i])
            continue;
        png_sink sink = {0};
        if (!stbi_write_png_to_func(png_write, &sink, s->width, s->height, 3,
                                    s->rgb8 + (size_t)i * rgb_len, s->width * 3) ||
            sink.failed) {
            free(sink.data);
            snprintf(err, errlen, "out of memory encoding synthetic image %d as PNG", i);
            rc = -1;
            break;
        }
        s->encoded[i] = sink.data;
        s->encoded_len[i] = sink.len;
    }
    stbi_write_png_compression_level = level;
    stbi_write_force_png_filter = filter;
    return rc;
}

int ltb_workload_synthetic_images(ltb_workload *w, int n, int width, int height, uint64_t seed,
                                  char *err, size_t errlen)
{
    if (n < 1 || n > MAX_IMAGES || width < 1 || height < 1 || width > LTB_IMAGE_MAX_SIDE ||
        height > LTB_IMAGE_MAX_SIDE) {
        snprintf(err, errlen, "synthetic images: count 1..%d and size 1..%d required", MAX_IMAGES,
                 LTB_IMAGE_MAX_SIDE);
        return -1;
    }
    image_set *s = calloc(1, sizeof *s);
    size_t rgb_len = (size_t)width * (size_t)height * 3;
    unsigned char *diagonal = malloc(((size_t)width + (size_t)height) * 3);
    int rc = (!s || !diagonal || image_set_alloc(s, n, width, height) != 0 ||
              !(s->rgb8 = malloc((size_t)n * rgb_len))) ? -1 : 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        char name[64];
        unsigned char *rgb = s->rgb8 + (size_t)i * rgb_len;
        draw_synthetic(rgb, diagonal, width, height, seed + (uint64_t)i);
        ltb_rgb8_to_tensor(rgb, width, height, width, height, s->pixels + (size_t)i * s->plane);
        snprintf(name, sizeof name, "synthetic_%d.png", i);
        if (set_sample_name(s, i, name) != 0)
            rc = -1;
    }
    free(diagonal);
    if (rc != 0) {
        snprintf(err, errlen, "out of memory generating %d synthetic %dx%d images", n, width, height);
        image_set_free(s);
        return -1;
    }
    workload_init(w, s);
    w->need_files = encode_synthetic;
    return 0;
}

void ltb_workload_free(ltb_workload *w)
{
    if (w && w->free)
        w->free(w);
}
