/* fuzz_options.c — libFuzzer target: option values from the command line (lists
 * like 1,2,4, word sets like table,csv, numbers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const words[] = {"table", "csv", "json", "md", NULL};
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    int list[32], n;
    double d;
    char err[256];
    ltb_parse_int_list("--concurrency", s, 1, 1024, list, 32, err, sizeof err);
    ltb_parse_word_set("--output", s, words, err, sizeof err);
    ltb_parse_int("--iterations", s, 1, 10000000, &n, err, sizeof err);
    ltb_parse_double("--timeout", s, 0.001, 86400, &d, err, sizeof err);
    free(s);
    return 0;
}
