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

int ltb_parse_int_list(const char *opt, const char *s, long lo, long hi, int *out, int max,
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
        char item[32];
        if (len == 0 || len >= sizeof item) {
            snprintf(err, errlen, "%s: '%s' is not a list like 1,2,4", opt, s);
            return -1;
        }
        if (n == max) {
            snprintf(err, errlen, "%s: more than %d values", opt, max);
            return -1;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        if (ltb_parse_int(opt, item, lo, hi, &out[n], err, errlen) != 0)
            return -1;
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

int ltb_parse_items(const char *opt, const char *s, char (*items)[LTB_LIST_ITEM_LEN], int max,
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
        if (len == 0 || len >= LTB_LIST_ITEM_LEN) {
            snprintf(err, errlen, "%s: '%s' is not a list like a,b,c", opt, s);
            return -1;
        }
        if (n == max) {
            snprintf(err, errlen, "%s: more than %d values", opt, max);
            return -1;
        }
        memcpy(items[n], p, len);
        items[n][len] = '\0';
        for (int i = 0; i < n; i++)
            if (!strcmp(items[i], items[n])) {
                snprintf(err, errlen, "%s: '%s' is given twice", opt, items[n]);
                return -1;
            }
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
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
