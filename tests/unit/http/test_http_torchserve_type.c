/* test_http_torchserve_type.c — the Content-Type --api torchserve sends with an image
 * file's bytes: from the file's signature (the assets' real JPEG and PNG photos, and
 * each other signature), application/octet-stream for anything else, never JSON
 * (TorchServe's worker tries an application/json body as JSON first). */
#define _POSIX_C_SOURCE 200809L
#include "http_torchserve.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first bytes of an asset photo (at most cap); returns how many. */
static size_t asset_head(const char *name, unsigned char *buf, size_t cap)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/images/%s", tu_env("LTBENCH_ASSETS_DIR"), name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void photos_are_typed_by_their_bytes(void **state)
{
    (void)state;
    unsigned char head[64];
    size_t n = asset_head("coffee.jpg", head, sizeof head);
    assert_string_equal(ltb_torchserve_content_type(head, n), "image/jpeg");
    n = asset_head("chelsea_224.png", head, sizeof head);
    assert_string_equal(ltb_torchserve_content_type(head, n), "image/png");
    n = asset_head("camera_gray.png", head, sizeof head);
    assert_string_equal(ltb_torchserve_content_type(head, n), "image/png");
    /* a PNG's signature cut short is not a PNG */
    assert_string_equal(ltb_torchserve_content_type(head, 7), "application/octet-stream");
}

static void other_signatures_and_unknown_bytes(void **state)
{
    (void)state;
    static const struct { const char *bytes; size_t len; const char *type; } kCases[] = {
        {"GIF89a\x01\x00", 8, "image/gif"},
        {"GIF87a", 6, "image/gif"},
        {"BM\x36\x00\x00\x00", 6, "image/bmp"},
        {"RIFF\x10\x00\x00\x00WEBPVP8 ", 16, "image/webp"},
        {"RIFF\x10\x00\x00\x00WAVEfmt ", 16, "application/octet-stream"},
        {"{\"data\": [1, 2]}", 16, "application/octet-stream"},
        {"\xff\xd8", 2, "application/octet-stream"},
        {"", 0, "application/octet-stream"},
    };
    for (size_t i = 0; i < sizeof kCases / sizeof *kCases; i++)
        if (strcmp(ltb_torchserve_content_type((const unsigned char *)kCases[i].bytes, kCases[i].len),
                   kCases[i].type))
            fail_msg("case %zu: %s, want %s", i,
                     ltb_torchserve_content_type((const unsigned char *)kCases[i].bytes, kCases[i].len),
                     kCases[i].type);
    assert_string_equal(ltb_torchserve_content_type(NULL, 10), "application/octet-stream");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(photos_are_typed_by_their_bytes),
        cmocka_unit_test(other_signatures_and_unknown_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
