/* json_number.h — one JSON number token read as cJSON reads it, its value exactly
 * what strtod gives: a fast exact path (Clinger's: at most 19 significant digits
 * whose mantissa fits 2^53 and a power of ten up to 22, both exact in a double, so
 * one rounding) and strtod for everything else. For the V2 data scanner, which reads
 * ~150 000 numbers a request; pure, no allocation. */
#ifndef LTB_JSON_NUMBER_H
#define LTB_JSON_NUMBER_H

#include <stddef.h>

/* Whether c may be part of a number token as cJSON collects it: 0-9 + - e E . */
int ltb_json_number_char(unsigned char c);

/* The number token at s (avail bytes readable): s[0] is '-' or a digit, the whole run
 * of number characters is one strtod decimal ('-'? (digits ('.' digits*)? | '.'
 * digits) ([eE] [+-]? digits)?), of any length (cJSON 1.7.15 as Debian patches it,
 * and 1.7.18 on, copy the whole run; older ones stopped at 63 characters). This is
 * cJSON's rule: a superset of JSON's (it also takes 007, 1. and -.5). Returns the
 * token's length and, when value is not NULL, sets *value to strtod's result
 * (+-HUGE_VAL past the range, like strtod; a token over 63 characters is copied to
 * the heap for strtod, and 0 is returned when that fails); 0 when s holds no such
 * token. */
size_t ltb_json_number_read(const char *s, size_t avail, double *value);
#endif
