/* error_type.c — the kind of a failed request from its message (see error_type.h). */
#include "error_type.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_WORDS 4

static size_t count_words(const char *s, size_t len)
{
    size_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < len; i++) {
        int space = isspace((unsigned char)s[i]);
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

static int has_digit(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (isdigit((unsigned char)w[i]))
            return 1;
    return 0;
}

static int all_digits(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)w[i]))
            return 0;
    return len > 0;
}

/* Length of the head of msg: up to the first ": ", or two parts as described. */
static size_t head_length(const char *msg)
{
    const char *colon = strstr(msg, ": ");
    if (!colon)
        return strlen(msg);
    size_t first = (size_t)(colon - msg);
    const char *next = colon + 2;
    const char *colon2 = strstr(next, ": ");
    size_t next_len = colon2 ? (size_t)(colon2 - next) : strlen(next);
    if (count_words(msg, first) == 1 && colon2 && count_words(next, next_len) <= 3)
        return (size_t)(colon2 - msg);
    return first;
}

void ltb_error_type(const char *msg, char *out, size_t cap)
{
    if (cap == 0)
        return;
    while (msg && isspace((unsigned char)*msg))
        msg++;
    if (!msg || !*msg) {
        snprintf(out, cap, "unknown error");
        return;
    }
    size_t head = head_length(msg), end = 0, i = 0;
    int words = 0;
    while (i < head && words < MAX_WORDS) {
        while (i < head && isspace((unsigned char)msg[i]))
            i++;
        size_t start = i;
        while (i < head && !isspace((unsigned char)msg[i]))
            i++;
        if (i == start)
            break;
        int number_second = words == 1 && all_digits(msg + start, i - start);
        int detail = has_digit(msg + start, i - start) || strchr("([{\"'", msg[start]);
        if (detail && !number_second && words > 0)
            break;
        end = i;
        words++;
    }
    while (end > 0 && strchr(",.;:-", msg[end - 1]))
        end--;
    if (end == 0)
        end = head;
    snprintf(out, cap, "%.*s", (int)(end < cap ? end : cap - 1), msg);
}
