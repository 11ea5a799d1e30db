/* test_shim_entries.c — the forwarders of src/base/shim_loader.c and the shim's table are
 * made from one list, shim/lt_shim_entries.h: every function shim/lt_shim.h declares must
 * be on it, and nothing else. The header's declarations are found by reading its text
 * (comments, the C++-only blocks and preprocessor lines dropped; statements at brace depth
 * 0 that are not typedefs, named by their first identifier before a parenthesis), so a
 * function added to lt_shim.h but not to the list fails here; a made-up header with one
 * unlisted function shows the check catching it. Nothing here loads the shim. */
#include "testutil.h"
#include "lt_shim.h"
#include "shim_loader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const kListed[] = {
#define LT_SHIM_FN(ret, name, params, args) #name,
#define LT_SHIM_VOID(name, params, args) #name,
#include "lt_shim_entries.h"
#undef LT_SHIM_FN
#undef LT_SHIM_VOID
};
#define N_LISTED ((int)(sizeof kListed / sizeof *kListed))

enum { MAX_DECLARED = 256, NAME_LEN = 64 };
typedef struct {
    char names[MAX_DECLARED][NAME_LEN];
    int n;
} declared;

/* text with comments and preprocessor lines blanked, and the lines between
 * "#ifdef __cplusplus" and its "#endif" (extern "C" { ... }) dropped too. */
static void strip(char *text)
{
    for (char *p = text; *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            char *end = strstr(p + 2, "*/");
            char *stop = end ? end + 2 : p + strlen(p);
            memset(p, ' ', (size_t)(stop - p));
            p = stop - 1;
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                *p++ = ' ';
            if (!*p)
                break;
        }
    }
    int in_cplusplus = 0;
    char *line = text;
    while (*line) {
        char *eol = strchr(line, '\n');
        if (eol)
            *eol = '\0';                    /* the line alone while it is looked at */
        size_t len = strlen(line);
        char *first = line;
        while (first < line + len && isspace((unsigned char)*first))
            first++;
        int directive = first < line + len && *first == '#';
        if (directive && strstr(first, "__cplusplus") && strstr(first, "ifdef"))
            in_cplusplus = 1;
        int blank = directive || in_cplusplus;
        if (directive && in_cplusplus && strncmp(first, "#endif", 6) == 0)
            in_cplusplus = 0;
        if (blank)
            memset(line, ' ', len);
        if (!eol)
            break;
        *eol = '\n';
        line = eol + 1;
    }
}

/* The functions a header's text declares (stripped as above). */
static void find_declarations(char *text, declared *d)
{
    strip(text);
    d->n = 0;
    int depth = 0;
    char *stmt = text;
    for (char *p = text; *p; p++) {
        if (*p == '{') {
            depth++;
        } else if (*p == '}') {
            depth--;
        } else if (*p == ';' && depth == 0) {
            char *s = stmt;
            stmt = p + 1;
            while (s < p && isspace((unsigned char)*s))
                s++;
            if (strncmp(s, "typedef", 7) == 0)
                continue;
            /* the first identifier followed by '(' */
            for (char *q = s; q < p; q++) {
                if (!(isalpha((unsigned char)*q) || *q == '_') ||
                    (q > s && (isalnum((unsigned char)q[-1]) || q[-1] == '_')))
                    continue;
                char *e = q;
                while (e < p && (isalnum((unsigned char)*e) || *e == '_'))
                    e++;
                char *after = e;
                while (after < p && isspace((unsigned char)*after))
                    after++;
                if (*after == '(') {
                    assert_true(d->n < MAX_DECLARED);
                    snprintf(d->names[d->n++], NAME_LEN, "%.*s", (int)(e - q), q);
                    break;
                }
            }
        }
    }
}

static int listed(const char *name)
{
    for (int i = 0; i < N_LISTED; i++)
        if (!strcmp(kListed[i], name))
            return 1;
    return 0;
}

static int declared_has(const declared *d, const char *name)
{
    for (int i = 0; i < d->n; i++)
        if (!strcmp(d->names[i], name))
            return 1;
    return 0;
}

/* How many names differ between the header's declarations and the list; each printed. */
static int differences(const declared *d)
{
    int n = 0;
    for (int i = 0; i < d->n; i++)
        if (!listed(d->names[i])) {
            print_error("lt_shim.h declares %s, which shim/lt_shim_entries.h does not list\n",
                        d->names[i]);
            n++;
        }
    for (int i = 0; i < N_LISTED; i++)
        if (!declared_has(d, kListed[i])) {
            print_error("shim/lt_shim_entries.h lists %s, which lt_shim.h does not declare\n",
                        kListed[i]);
            n++;
        }
    return n;
}

static void list_matches_lt_shim_h(void **state)
{
    (void)state;
    char *path = tu_path(tu_env("LTBENCH_SOURCE_DIR"), "shim/lt_shim.h");
    char *text = tu_read_file(path);
    assert_non_null(text);
    declared d;
    find_declarations(text, &d);
    assert_true(d.n >= 10);                 /* the reading found the declarations at all */
    assert_true(declared_has(&d, "lt_get_info"));
    assert_true(declared_has(&d, "lt_status_name"));
    assert_false(declared_has(&d, "lt_info")); /* a typedef is not a function */
    assert_int_equal(differences(&d), 0);
    assert_int_equal(d.n, N_LISTED);
    free(text);
    free(path);
}

/* The real header with one more function: the check must name it. */
static void an_unlisted_function_is_caught(void **state)
{
    (void)state;
    char *path = tu_path(tu_env("LTBENCH_SOURCE_DIR"), "shim/lt_shim.h");
    char *text = tu_read_file(path);
    assert_non_null(text);
    const char *extra = "\n/* new */\nlt_status lt_brand_new(const char *device,\n"
                        "                        lt_error *err);\n";
    char *more = malloc(strlen(text) + strlen(extra) + 1);
    assert_non_null(more);
    char *end = strstr(text, "#ifdef __cplusplus\n}");
    assert_non_null(end);                   /* before the closing extern "C" block */
    size_t head = (size_t)(end - text);
    memcpy(more, text, head);
    strcpy(more + head, extra);
    strcat(more, end);
    declared d;
    find_declarations(more, &d);
    assert_true(declared_has(&d, "lt_brand_new"));
    assert_int_equal(differences(&d), 1);
    free(more);
    free(text);
    free(path);
}

/* This process called no lt_* function: the loader has not mapped the shim. */
static void nothing_called_nothing_loaded(void **state)
{
    (void)state;
    assert_int_equal(ltb_shim_loaded(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_matches_lt_shim_h),
        cmocka_unit_test(an_unlisted_function_is_caught),
        cmocka_unit_test(nothing_called_nothing_loaded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
