/* text_stats.c — UTF-8 character and word counts of texts and prompts. */
#include "text_stats.h"

size_t ltb_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

size_t ltb_utf8_cstr_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int ltb_word_count(const char *s, size_t len)
{
    int words = 0, in_word = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_space(s[i]))
            in_word = 0;
        else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return words;
}
