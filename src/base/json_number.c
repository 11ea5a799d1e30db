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

size_t ltb_json_number_read(const char *s, size_t avail, double *value)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int negative = 0, any_digit = 0, digits = 0, inexact = 0;
    uint64_t mantissa = 0;
    long exp10 = 0;
    if (avail == 0)
        return 0;
    if (p[0] == '-') {
        negative = 1;
        i++;
    }
    for (; i < avail && p[i] >= '0' && p[i] <= '9'; i++) {
        unsigned d = p[i] - '0';
        any_digit = 1;
        if (mantissa == 0 && d == 0)
            continue;                        /* a leading zero */
        if (digits < 19) {
            mantissa = mantissa * 10 + d;
            digits++;
        } else {
            exp10++;
            inexact |= d != 0;
        }
    }
    if (i < avail && p[i] == '.') {
        for (i++; i < avail && p[i] >= '0' && p[i] <= '9'; i++) {
            unsigned d = p[i] - '0';
            any_digit = 1;
            if (mantissa == 0 && d == 0) {
                exp10--;                     /* 0.00x: shifts, not significant */
            } else if (digits < 19) {
                mantissa = mantissa * 10 + d;
                digits++;
                exp10--;
            } else {
                inexact |= d != 0;
            }
        }
    }
    if (!any_digit)
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
    if (mantissa == 0) {
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
