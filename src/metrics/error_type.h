/* error_type.h — group failed requests by kind: the first words of the error
 * message ("timeout", "HTTP 503", "forward: run error"), without the details
 * (numbers, paths, the library's text) that make each message unique. */
#ifndef LTB_ERROR_TYPE_H
#define LTB_ERROR_TYPE_H

#include <stddef.h>

/* Writes the type of msg into out (at most cap-1 bytes; "unknown error" for an
 * empty message). Rules: the part before the first ": " (plus the next part when
 * the first is one word and the next at most three words: "forward: run error");
 * of that, at most four words, stopping at the first word with a digit or an
 * opening bracket or quote, unless it is a bare number second word ("HTTP 503");
 * trailing punctuation dropped. */
void ltb_error_type(const char *msg, char *out, size_t cap);
#endif
