/* fuzz_vocab.c — libFuzzer target: text to ids through a TTS vocabulary (UTF-8
 * decoding of arbitrary bytes, unknown characters). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tts_vocab.h"

static ltb_vocab vocab;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        char path[] = "/tmp/ltbench-fuzz-vocab-XXXXXX";
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f)
            abort();
        fputs("<pad>\n<unk>\n<space>\na\nb\nc\n\xC3\xA9\n!\n", f);
        fclose(f);
        char err[256];
        if (ltb_vocab_load(path, 1, &vocab, err, sizeof err) != 0)
            abort();
        unlink(path);
        loaded = 1;
    }
    int64_t *ids = malloc((size + 1) * sizeof *ids);
    if (!ids)
        return 0;
    size_t n = ltb_vocab_encode(&vocab, (const char *)data, size, ids, size);
    for (size_t i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= vocab.size)
            abort();
    free(ids);
    return 0;
}
