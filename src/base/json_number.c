/* json_number.c — a JSON number token: cJSON's acceptance, strtod's value, a fast
 * exact path for the short decimals model inputs are made of (see json_number.h). */
#include "json_number.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline int number_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.';
}

int ltb_json_number_char(unsigned char c)
{
    return number_char(c);
}

/* 10^0 .. 10^22: every one exact in a double. */
static const double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod over the token's own copy, with the locale's decimal point as cJSON does;
 * 0 when a long token's copy cannot be allocated. */
static int slow_value(const char *s, size_t n, double *value)
{
    char small[64];
    char *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf)
        return 0;
    const char *point = localeconv()->decimal_point;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '.' && point && point[0])
            buf[i] = point[0];
    *value = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return 1;
}

/* Whether the 8 bytes at p are all digits (fast_float's and simdjson's SWAR test). */
static inline int eight_digits(const unsigned char *p, uint64_t *chunk)
{
    memcpy(chunk, p, 8);
    return !(((*chunk + 0x4646464646464646ull) | (*chunk - 0x3030303030303030ull)) &
             0x8080808080808080ull);
}

/* The value of 8 ASCII digits read little-endian (simdjson's parse_eight_digits). */
static inline uint32_t eight_digits_value(uint64_t chunk)
{
    uint64_t v = chunk - 0x3030303030303030ull;
    v = v * 10 + (v >> 8);
    v = (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
         (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
    return (uint32_t)v;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LTB_SWAR 1
#else
#define LTB_SWAR 0
#endif

/* The end of the digits from p[i] (only skipped). */
static inline size_t skip_digits(const unsigned char *p, size_t i, size_t avail)
{
    uint64_t chunk;
    while (LTB_SWAR && i + 8 <= avail && eight_digits(p + i, &chunk))
        i += 8;
    while (i < avail && (unsigned)(p[i] - '0') < 10)
        i++;
    return i;
}

/* The end of the digits from p[i], accumulated into *m while it stays below 10^18 (so
 * 19 significant digits fit); the digits that do not fit are counted in *dropped,
 * and *inexact set when one of them is not zero. */
static inline size_t add_digits(const unsigned char *p, size_t i, size_t avail, uint64_t *m,
                         long *dropped, int *inexact)
{
    uint64_t v = *m, chunk;
    unsigned d;
    while (LTB_SWAR && v < 10000000000ull && i + 8 <= avail && eight_digits(p + i, &chunk)) {
        v = v * 100000000ull + eight_digits_value(chunk);
        i += 8;
    }
    for (; i < avail && (d = (unsigned)(p[i] - '0')) < 10; i++) {
        if (v < 1000000000000000000ull) {
            v = v * 10 + d;
        } else {
            (*dropped)++;
            *inexact |= d != 0;
        }
    }
    *m = v;
    return i;
}

/* The token's grammar only: its length, or 0. */
static inline size_t token_length(const unsigned char *p, size_t avail)
{
    size_t i = p[0] == '-', start = i;
    i = skip_digits(p, i, avail);
    size_t whole = i - start, fraction = 0;
    if (i < avail && p[i] == '.') {
        size_t f = i + 1;
        i = skip_digits(p, f, avail);
        fraction = i - f;
    }
    if (whole + fraction == 0)
        return 0;
    if (i < avail && (p[i] == 'e' || p[i] == 'E')) {
        size_t j = i + 1;
        if (j < avail && (p[j] == '+' || p[j] == '-'))
            j++;
        if (j >= avail || (unsigned)(p[j] - '0') >= 10)
            return 0;                        /* "1e": strtod stops before the 'e' */
        i = skip_digits(p, j, avail);
    }
    return i < avail && number_char(p[i]) ? 0 : i;   /* a run going on fails */
}

size_t ltb_json_number_read(const char *s, size_t avail, double *value)
{
    const unsigned char *p = (const unsigned char *)s;
    if (avail == 0 || (p[0] != '-' && (unsigned)(p[0] - '0') >= 10))
        return 0;                            /* cJSON starts a number only so: not .5, +1 */
    if (!value)
        return token_length(p, avail);
    int negative = p[0] == '-', inexact = 0;
    size_t i = (size_t)negative;
    uint64_t mantissa = 0;
    long exp10 = 0, dropped = 0;
    size_t at = add_digits(p, i, avail, &mantissa, &dropped, &inexact);
    size_t whole = at - i, fraction = 0;
    i = at;
    exp10 += dropped;   /* integer digits that did not fit still scale */
    if (i < avail && p[i] == '.') {
        dropped = 0;
        at = add_digits(p, i + 1, avail, &mantissa, &dropped, &inexact);
        fraction = at - (i + 1);
        i = at;
        exp10 -= (long)fraction - dropped;   /* only the kept fraction digits scale */
    }
    if (whole + fraction == 0)
        return 0;
    if (i < avail && (p[i] == 'e' || p[i] == 'E')) {
        size_t j = i + 1;
        int exp_negative = 0;
        long e = 0;
        if (j < avail && (p[j] == '+' || p[j] == '-'))
            exp_negative = p[j++] == '-';
        if (j >= avail || p[j] < '0' || p[j] > '9')
            return 0;                        /* "1e": strtod stops before the 'e' */
        for (; j < avail && p[j] >= '0' && p[j] <= '9'; j++)
            if (e < 100000)
                e = e * 10 + (p[j] - '0');
        exp10 += exp_negative ? -e : e;
        i = j;
    }
    if (i < avail && number_char(p[i]))
        return 0;                            /* the run goes on: cJSON fails there */
    if (mantissa == 0 && !inexact) {
        *value = negative ? -0.0 : 0.0;
    } else if (!inexact && mantissa <= ((uint64_t)1 << 53) && exp10 >= -22 && exp10 <= 22) {
        double v = (double)mantissa;         /* exact, and so is 10^|exp10| */
        v = exp10 >= 0 ? v * kPow10[exp10] : v / kPow10[-exp10];
        *value = negative ? -v : v;
    } else if (!slow_value(s, i, value)) {
        return 0;
    }
    return i;
}
