/* csv.c — RFC 4180 field writing for the result files. A field is quoted when it
 * holds a comma, a quote, CR or LF, or starts/ends with a space; quotes inside are
 * doubled. Numbers are written with a fixed number of decimals; a non-finite number
 * is written as an empty field so a NaN never reaches a parser. */
#include "csv.h"

#include <math.h>
#include <string.h>

static int csv_needs_quotes(const char *s)
{
    size_t len = strlen(s);
    if (len == 0)
        return 0;
    if (s[0] == ' ' || s[len - 1] == ' ')
        return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

void csv_write_field(FILE *f, const char *s)
{
    if (s == NULL)
        return;
    if (!csv_needs_quotes(s)) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void csv_write_double(FILE *f, double v, int decimals)
{
    if (!isfinite(v))
        return;
    if (decimals < 0)
        decimals = 0;
    if (v == 0.0)
        v = 0.0; /* no "-0.000" */
    fprintf(f, "%.*f", decimals, v);
}

void csv_write_int(FILE *f, long long v)
{
    fprintf(f, "%lld", v);
}

void csv_write_header_fields(FILE *f, const char *const *names)
{
    for (size_t i = 0; names[i] != NULL; i++) {
        if (i > 0)
            fputc(',', f);
        csv_write_field(f, names[i]);
    }
}

void csv_write_header(FILE *f, const char *const *names)
{
    csv_write_header_fields(f, names);
    fputc('\n', f);
}
