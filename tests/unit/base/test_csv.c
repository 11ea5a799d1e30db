/* test_csv.c — RFC 4180 quoting of CSV fields, number formatting, and the atomic
 * results file (nothing visible until commit; abort leaves nothing) and mkdir -p. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "atomic_file.h"
#include "csv.h"

/* ---- helpers ------------------------------------------------------------------ */

typedef struct memory_file {
    FILE *f;
    char *text;
    size_t len;
} memory_file;

static void memory_open(memory_file *m)
{
    m->text = NULL;
    m->len = 0;
    m->f = open_memstream(&m->text, &m->len);
    assert_non_null(m->f);
}

static void memory_close(memory_file *m)
{
    fclose(m->f);
    free(m->text);
}

/* What csv_write_field writes for s. */
static void assert_field(const char *s, const char *expected)
{
    memory_file m;
    memory_open(&m);
    csv_write_field(m.f, s);
    fflush(m.f);
    assert_string_equal(m.text, expected);
    memory_close(&m);
}

static void assert_double(double v, int decimals, const char *expected)
{
    memory_file m;
    memory_open(&m);
    csv_write_double(m.f, v, decimals);
    fflush(m.f);
    assert_string_equal(m.text, expected);
    memory_close(&m);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int make_temp_dir(void **state)
{
    char *dir = strdup("/tmp/ltbench_test_csv_XXXXXX");
    if (dir == NULL || mkdtemp(dir) == NULL)
        return -1;
    *state = dir;
    return 0;
}

static int remove_temp_dir(void **state)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", (char *)*state);
    int rc = system(cmd);
    free(*state);
    return rc == 0 ? 0 : -1;
}

/* ---- csv fields ------------------------------------------------------------------ */

static void plain_fields_are_written_as_is(void **state)
{
    (void)state;
    assert_field("cat.jpg", "cat.jpg");
    assert_field("", "");
    assert_field(NULL, "");
    assert_field("a b", "a b");
}

static void fields_with_separators_are_quoted(void **state)
{
    (void)state;
    assert_field("1,2,4", "\"1,2,4\"");
    assert_field("line\nbreak", "\"line\nbreak\"");
    assert_field("cr\rhere", "\"cr\rhere\"");
}

static void quotes_are_doubled(void **state)
{
    (void)state;
    assert_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    assert_field("\"", "\"\"\"\"");
}

static void edge_spaces_are_quoted(void **state)
{
    (void)state;
    assert_field(" lead", "\" lead\"");
    assert_field("trail ", "\"trail \"");
}

static void numbers_have_fixed_decimals(void **state)
{
    (void)state;
    assert_double(3.14159, 2, "3.14");
    assert_double(2.5, 0, "2");
    assert_double(-0.0, 3, "0.000");
    assert_double(1e6, 1, "1000000.0");
    assert_double(NAN, 3, "");
    assert_double(INFINITY, 3, "");
}

static void header_is_one_line_of_fields(void **state)
{
    (void)state;
    static const char *const names[] = {"Concurrency", "IPS", "Success_Rate_%", "a,b", NULL};
    memory_file m;
    memory_open(&m);
    csv_write_header(m.f, names);
    csv_write_int(m.f, -42);
    fflush(m.f);
    assert_string_equal(m.text, "Concurrency,IPS,Success_Rate_%,\"a,b\"\n-42");
    memory_close(&m);
}

/* ---- atomic file ----------------------------------------------------------------- */

static void file_appears_only_on_commit(void **state)
{
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/out.csv", (char *)*state);
    atomic_file af;
    assert_int_equal(atomic_file_open(&af, path, err, sizeof err), 0);
    fputs("a,b\n1,2\n", af.f);
    assert_false(exists(path));
    assert_true(exists(af.tmp_path));
    char tmp[4096];
    strcpy(tmp, af.tmp_path);
    assert_int_equal(atomic_file_commit(&af, err, sizeof err), 0);
    assert_true(exists(path));
    assert_false(exists(tmp));
    assert_string_equal(read_all(path), "a,b\n1,2\n");
}

static void commit_replaces_an_old_file(void **state)
{
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/replace.json", (char *)*state);
    FILE *old = fopen(path, "w");
    assert_non_null(old);
    fputs("old", old);
    fclose(old);
    atomic_file af;
    assert_int_equal(atomic_file_open(&af, path, err, sizeof err), 0);
    fputs("new", af.f);
    assert_string_equal(read_all(path), "old"); /* readers still see the old one */
    assert_int_equal(atomic_file_commit(&af, err, sizeof err), 0);
    assert_string_equal(read_all(path), "new");
}

static void abort_leaves_nothing(void **state)
{
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/aborted.csv", (char *)*state);
    atomic_file af;
    assert_int_equal(atomic_file_open(&af, path, err, sizeof err), 0);
    fputs("half", af.f);
    char tmp[4096];
    strcpy(tmp, af.tmp_path);
    atomic_file_abort(&af);
    assert_false(exists(path));
    assert_false(exists(tmp));
}

static void open_in_a_missing_dir_names_the_file(void **state)
{
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/no/such/dir/x.csv", (char *)*state);
    atomic_file af;
    assert_int_equal(atomic_file_open(&af, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot write '"));
    assert_non_null(strstr(err, "x.csv': "));
    assert_null(strchr(err, '\n'));
}

static void make_dirs_creates_nested_dirs_and_accepts_existing(void **state)
{
    char dir[512], err[256] = "";
    snprintf(dir, sizeof dir, "%s/a/b/c", (char *)*state);
    assert_int_equal(make_dirs(dir, err, sizeof err), 0);
    assert_true(exists(dir));
    assert_int_equal(make_dirs(dir, err, sizeof err), 0);
    strcat(dir, "/");
    assert_int_equal(make_dirs(dir, err, sizeof err), 0);
}

static void make_dirs_fails_on_a_file(void **state)
{
    char file[512], dir[600], err[256] = "";
    snprintf(file, sizeof file, "%s/plain_file", (char *)*state);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(make_dirs(file, err, sizeof err), -1);
    assert_non_null(strstr(err, "plain_file"));
    snprintf(dir, sizeof dir, "%s/below", file);
    assert_int_equal(make_dirs(dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot create directory '"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_fields_are_written_as_is),
        cmocka_unit_test(fields_with_separators_are_quoted),
        cmocka_unit_test(quotes_are_doubled),
        cmocka_unit_test(edge_spaces_are_quoted),
        cmocka_unit_test(numbers_have_fixed_decimals),
        cmocka_unit_test(header_is_one_line_of_fields),
        cmocka_unit_test_setup_teardown(file_appears_only_on_commit, make_temp_dir, remove_temp_dir),
        cmocka_unit_test_setup_teardown(commit_replaces_an_old_file, make_temp_dir, remove_temp_dir),
        cmocka_unit_test_setup_teardown(abort_leaves_nothing, make_temp_dir, remove_temp_dir),
        cmocka_unit_test_setup_teardown(open_in_a_missing_dir_names_the_file, make_temp_dir,
                                        remove_temp_dir),
        cmocka_unit_test_setup_teardown(make_dirs_creates_nested_dirs_and_accepts_existing,
                                        make_temp_dir, remove_temp_dir),
        cmocka_unit_test_setup_teardown(make_dirs_fails_on_a_file, make_temp_dir, remove_temp_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
