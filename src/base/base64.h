/* base64.h — RFC 4648 base64 (standard alphabet, padded) for the HTTP API's
 * images and audio. */
#ifndef LTB_BASE64_H
#define LTB_BASE64_H

#include <stddef.h>

/* Encoded length without the terminating NUL. */
size_t ltb_base64_encoded_len(size_t n);
/* Writes ltb_base64_encoded_len(n) characters and a NUL into out. */
void ltb_base64_encode(const unsigned char *in, size_t n, char *out);
/* Decodes len characters (whitespace skipped, padding optional). *out is malloc'd.
 * 0, or -1 on a character outside the alphabet or a truncated group. */
int ltb_base64_decode(const char *in, size_t len, unsigned char **out, size_t *out_len);
#endif
