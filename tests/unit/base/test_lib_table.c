/* test_lib_table.c — a library opened on first use and its functions taken into a table
 * (src/base/lib_table.h): a real library's function is taken and called (zlib's
 * zlibVersion, which ltbench links anyway), and a library that is not there, or lacks
 * the function asked for, is a NULL / -1 whose reason names the library and the symbol;
 * libsndfile's loader gives its table (sndfile_loader.h) and loads it once. */
#include "lib_table.h"
#include "sndfile_loader.h"
#include "testutil.h"

#include <string.h>
#include <zlib.h>

static void a_real_function_is_taken_and_called(void **state)
{
    (void)state;
    char why[512] = "";
    void *lib = ltb_lib_open("libz.so.1", why, sizeof why);
    assert_non_null(lib);
    const char *(*version)(void) = NULL;
    assert_int_equal(ltb_lib_take(lib, "libz.so.1", "zlibVersion", &version, sizeof version, why,
                                  sizeof why), 0);
    assert_non_null(version);
    assert_string_equal(version(), zlibVersion());   /* the same library as linked */
}

static void what_is_missing_is_named(void **state)
{
    (void)state;
    char why[512] = "";
    assert_null(ltb_lib_open("/nonexistent/libnothing.so.1", why, sizeof why));
    assert_non_null(strstr(why, "cannot load /nonexistent/libnothing.so.1 ("));
    void *lib = ltb_lib_open("libz.so.1", why, sizeof why);
    assert_non_null(lib);
    void (*fn)(void) = NULL;
    assert_int_equal(ltb_lib_take(lib, "libz.so.1", "sf_open", &fn, sizeof fn, why, sizeof why), -1);
    assert_string_equal(why, "cannot load libz.so.1 (it has no sf_open)");
    assert_null(fn);
}

static void sndfile_loads_once(void **state)
{
    (void)state;
    char why[512] = "";
    assert_int_equal(ltb_sndfile_loaded(), 0);   /* nothing in this process used a WAV yet */
    const ltb_sndfile_api *sf = ltb_sndfile(why, sizeof why);
    if (!sf)
        fail_msg("%s", why);
    assert_int_equal(ltb_sndfile_loaded(), 1);
    assert_non_null(sf->sf_open_virtual);
    assert_non_null(sf->sf_strerror(NULL));   /* a call through the table */
    assert_ptr_equal(ltb_sndfile(why, sizeof why), sf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_real_function_is_taken_and_called),
        cmocka_unit_test(what_is_missing_is_named),
        cmocka_unit_test(sndfile_loads_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
