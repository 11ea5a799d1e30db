/* text_stats.h — counting a text the way the reports need: UTF-8 characters (not
 * bytes: the seed reported bytes as characters) and whitespace-separated words. */
#ifndef LTB_TEXT_STATS_H
#define LTB_TEXT_STATS_H

#include <stddef.h>

/* Code points in s[0..len) (continuation bytes 10xxxxxx are not counted). */
size_t ltb_utf8_chars(const char *s, size_t len);
/* Code points of a NUL-terminated string; 0 for NULL. */
size_t ltb_utf8_cstr_chars(const char *s);
/* Whitespace-separated words. */
int ltb_word_count(const char *s, size_t len);
#endif
