/* json_number.c — a JSON number token: cJSON's acceptance, strtod's value, a fast
 * exact path for the short decimals model inputs are made of (see json_number.h). */
#include "json_number.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int ltb_json_number_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.';
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

/* The digits from p[i]: their count, and, when m is not NULL, accumulated into *m
 * while it stays below 10^18 (so 19 significant digits fit), the digits that do not
 * fit counted in *dropped and any non-zero one flagged in *inexact. */
static size_t digits(const unsigned char *p, size_t i, size_t avail, uint64_t *m, long *dropped,
                     int *inexact)
{
    size_t start = i;
    if (!m) {
        while (i < avail && (unsigned)(p[i] - '0') < 10)
            i++;
        return i - start;
    }
    uint64_t v = *m;
    unsigned d;
    for (; i < avail && (d = (unsigned)(p[i] - '0')) < 10; i++) {
        if (v < 100000000000000000ull * 10) {
            v = v * 10 + d;
        } else {
            (*dropped)++;
            *inexact |= d != 0;
        }
    }
    *m = v;
    return i - start;
}

size_t ltb_json_number_read(const char *s, size_t avail, double *value)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int negative = 0, inexact = 0;
    uint64_t mantissa = 0;
    uint64_t *m = value ? &mantissa : NULL;
    long exp10 = 0, dropped = 0;
    if (avail == 0)
        return 0;
    if (p[0] == '-') {
        negative = 1;
        i++;
    }
    size_t whole = digits(p, i, avail, m, &dropped, &inexact), fraction = 0;
    i += whole;
    exp10 += dropped;   /* integer digits that did not fit still scale */
    if (i < avail && p[i] == '.') {
        dropped = 0;
        fraction = digits(p, i + 1, avail, m, &dropped, &inexact);
        i += 1 + fraction;
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
    if (i < avail && ltb_json_number_char(p[i]))
        return 0;                            /* the run goes on: cJSON fails there */
    if (!value)
        return i;
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
