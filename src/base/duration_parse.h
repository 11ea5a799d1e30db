/* duration_parse.h — parse a time span given on the command line: "90" or "90s"
 * (seconds), "500ms", "5m", "1h", decimals allowed ("1.5m"). */
#ifndef LTB_DURATION_PARSE_H
#define LTB_DURATION_PARSE_H

#include <stddef.h>

/* Parses s into seconds within [lo_s, hi_s]; 0, or -1 with a one-line err naming
 * opt. A bare number is seconds. */
int ltb_parse_duration(const char *opt, const char *s, double lo_s, double hi_s,
                       double *seconds, char *err, size_t errlen);
#endif
