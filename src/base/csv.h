/* csv.h — RFC 4180 field writing: quote a field when it holds a comma, quote,
 * CR or LF (or leading/trailing space); double the quotes inside. */
#ifndef LTB_CSV_H
#define LTB_CSV_H

#include <stdio.h>

void csv_write_field(FILE *f, const char *s);        /* NULL writes an empty field */
void csv_write_double(FILE *f, double v, int decimals);
void csv_write_int(FILE *f, long long v);
/* Writes a header line from a NULL-terminated list, each field quoted if needed. */
void csv_write_header(FILE *f, const char *const *names);
/* The same fields without the line's end (for a header that goes on). */
void csv_write_header_fields(FILE *f, const char *const *names);
#endif
