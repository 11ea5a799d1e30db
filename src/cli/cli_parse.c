/* cli_parse.c — strict number and list parsing for the command line. */
#include "cli_parse.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ltb_parse_int(const char *opt, const char *s, long lo, long hi, int *out, char *err,
                  size_t errlen)
{
    char *end = NULL;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || end == s || *end != '\0' || errno == ERANGE) {
        snprintf(err, errlen, "%s: '%s' is not a whole number", opt, s ? s : "");
        return -1;
    }
    if (v < lo || v > hi) {
        snprintf(err, errlen, "%s: %ld is out of range (%ld to %ld)", opt, v, lo, hi);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int ltb_parse_double(const char *opt, const char *s, double lo, double hi, double *out,
                     char *err, size_t errlen)
{
    char *end = NULL;
    errno = 0;
    double v = s ? strtod(s, &end) : 0;
    if (!s || !*s || end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        snprintf(err, errlen, "%s: '%s' is not a number", opt, s ? s : "");
        return -1;
    }
    if (v < lo || v > hi) {
        snprintf(err, errlen, "%s: %g is out of range (%g to %g)", opt, v, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

/* Splits s at commas into at most max items shorter than item_cap, calling
 * take(item, index, user) on each (0, or -1 with err set); "<opt>: empty list", "<opt>:
 * '<s>' is not a list like <example>", "<opt>: more than <max> values". The count,
 * or -1 with err. */
static int split_list(const char *opt, const char *s, const char *example, size_t item_cap,
                      int max, int (*take)(const char *item, int index, void *user), void *user,
                      char *err, size_t errlen)
{
    if (!s || !*s) {
        snprintf(err, errlen, "%s: empty list", opt);
        return -1;
    }
    int n = 0;
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[LTB_LIST_ITEM_LEN];
        if (len == 0 || len >= item_cap || len >= sizeof item) {
            snprintf(err, errlen, "%s: '%s' is not a list like %s", opt, s, example);
            return -1;
        }
        if (n == max) {
            snprintf(err, errlen, "%s: more than %d values", opt, max);
            return -1;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        if (take(item, n, user) != 0)
            return -1;
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

typedef struct int_list {
    const char *opt;
    long lo, hi;
    int *out;
    char *err;
    size_t errlen;
} int_list;

static int take_int(const char *item, int index, void *user)
{
    int_list *l = user;
    return ltb_parse_int(l->opt, item, l->lo, l->hi, &l->out[index], l->err, l->errlen);
}

int ltb_parse_int_list(const char *opt, const char *s, long lo, long hi, int *out, int max,
                       char *err, size_t errlen)
{
    int_list l = {opt, lo, hi, out, err, errlen};
    return split_list(opt, s, "1,2,4", 32, max, take_int, &l, err, errlen);
}

typedef struct item_list {
    const char *opt;
    char (*items)[LTB_LIST_ITEM_LEN];
    char *err;
    size_t errlen;
} item_list;

static int take_item(const char *item, int index, void *user)
{
    item_list *l = user;
    for (int i = 0; i < index; i++)
        if (!strcmp(l->items[i], item)) {
            snprintf(l->err, l->errlen, "%s: '%s' is given twice", l->opt, item);
            return -1;
        }
    snprintf(l->items[index], LTB_LIST_ITEM_LEN, "%s", item);
    return 0;
}

int ltb_parse_items(const char *opt, const char *s, char (*items)[LTB_LIST_ITEM_LEN], int max,
                    char *err, size_t errlen)
{
    item_list l = {opt, items, err, errlen};
    return split_list(opt, s, "a,b,c", LTB_LIST_ITEM_LEN, max, take_item, &l, err, errlen);
}

int ltb_parse_word_set(const char *opt, const char *s, const char *const *allowed, char *err,
                       size_t errlen)
{
    if (!s || !*s) {
        snprintf(err, errlen, "%s: empty list", opt);
        return -1;
    }
    int mask = 0;
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        int found = -1;
        for (int i = 0; allowed[i]; i++)
            if (strlen(allowed[i]) == len && !strncmp(allowed[i], p, len))
                found = i;
        if (found < 0) {
            char choices[256] = "";
            for (int i = 0; allowed[i]; i++) {
                strncat(choices, i ? ", " : "", sizeof choices - strlen(choices) - 1);
                strncat(choices, allowed[i], sizeof choices - strlen(choices) - 1);
            }
            snprintf(err, errlen, "%s: '%.*s' is not one of %s", opt, (int)len, p, choices);
            return -1;
        }
        mask |= 1 << found;
        if (!comma)
            break;
        p = comma + 1;
    }
    return mask;
}
