/* duration_parse.c — "90", "90s", "500ms", "5m", "1h" into seconds. */
#include "duration_parse.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds per unit suffix; 0 for an unknown suffix. */
static double unit_seconds(const char *unit)
{
    static const struct { const char *suffix; double seconds; } kUnits[] = {
        {"", 1}, {"s", 1}, {"ms", 1e-3}, {"m", 60}, {"min", 60}, {"h", 3600},
    };
    for (size_t i = 0; i < sizeof kUnits / sizeof kUnits[0]; i++)
        if (!strcmp(unit, kUnits[i].suffix))
            return kUnits[i].seconds;
    return 0;
}

int ltb_parse_duration(const char *opt, const char *s, double lo_s, double hi_s,
                       double *seconds, char *err, size_t errlen)
{
    char *end = NULL;
    errno = 0;
    double v = s ? strtod(s, &end) : 0;
    double unit = end ? unit_seconds(end) : 0;
    if (!s || !*s || end == s || errno == ERANGE || !isfinite(v) || v < 0 || unit == 0 ||
        s[0] == '+' || s[0] == ' ') {
        snprintf(err, errlen, "%s: '%s' is not a duration like 90, 90s, 500ms, 5m or 1h", opt,
                 s ? s : "");
        return -1;
    }
    double total = v * unit;
    if (total < lo_s || total > hi_s) {
        snprintf(err, errlen, "%s: %s is out of range (%gs to %gs)", opt, s, lo_s, hi_s);
        return -1;
    }
    *seconds = total;
    return 0;
}
