/* cli_parse.h — parsing option values: integers and doubles with ranges, and
 * llama-bench style lists ("1,2,4") whose cartesian product a run sweeps. Every
 * failure is one line naming the option. */
#ifndef LTB_CLI_PARSE_H
#define LTB_CLI_PARSE_H

#include <stddef.h>

int ltb_parse_int(const char *opt, const char *s, long lo, long hi, int *out, char *err,
                  size_t errlen);
int ltb_parse_double(const char *opt, const char *s, double lo, double hi, double *out,
                     char *err, size_t errlen);
/* Comma-separated integers in [lo,hi], at most max of them, no empties; returns the
 * count (>= 1) or -1. */
int ltb_parse_int_list(const char *opt, const char *s, long lo, long hi, int *out, int max,
                       char *err, size_t errlen);
/* Comma-separated items copied into items (each < LTB_LIST_ITEM_LEN bytes), at most
 * max, no empties, no item twice; returns the count (>= 1) or -1. */
#define LTB_LIST_ITEM_LEN 32
int ltb_parse_items(const char *opt, const char *s, char (*items)[LTB_LIST_ITEM_LEN], int max,
                    char *err, size_t errlen);
/* Comma-separated words each one of allowed (NULL-terminated); returns a bit mask of
 * their indices, or -1. */
int ltb_parse_word_set(const char *opt, const char *s, const char *const *allowed, char *err,
                       size_t errlen);
#endif
