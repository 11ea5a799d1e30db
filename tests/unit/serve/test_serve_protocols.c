/* test_serve_protocols.c — `ltbench serve --api LIST`: the routes of the protocols
 * named, each once (python and rust share /models and /tts/health), none of the
 * others, and one line for a word that is not a protocol. */
#include "testutil.h"
#include "serve_routes.h"

#include <string.h>

static int has(const serve_route *routes, const char *method, const char *path)
{
    for (const serve_route *r = routes; r->path; r++)
        if (!strcmp(r->method, method) && !strcmp(r->path, path))
            return 1;
    return 0;
}

static int count(const serve_route *routes, const char *path)
{
    int n = 0;
    for (const serve_route *r = routes; r->path; r++)
        n += !strcmp(r->path, path);
    return n;
}

static void all_protocols_each_route_once(void **state)
{
    (void)state;
    serve_route routes[64];
    char err[128];
    assert_int_equal(serve_routes_select(SERVE_ALL_APIS, routes, 64, err, sizeof err), 0);
    assert_true(has(routes, "POST", "/predict"));
    assert_true(has(routes, "POST", "/classify/batch"));
    assert_true(has(routes, "GET", "/v2/health/ready"));
    assert_true(has(routes, "POST", "/v2/models/*"));
    assert_true(has(routes, "POST", "/v1/audio/speech"));
    assert_int_equal(count(routes, "/models"), 1);
    assert_int_equal(count(routes, "/tts/health"), 1);
}

static void one_protocol_only_its_routes(void **state)
{
    (void)state;
    serve_route routes[64];
    char err[128];
    assert_int_equal(serve_routes_select("v2", routes, 64, err, sizeof err), 0);
    assert_true(has(routes, "GET", "/v2/models/*"));
    assert_false(has(routes, "POST", "/predict"));
    assert_false(has(routes, "GET", "/models"));
    assert_int_equal(serve_routes_select("rust,openai", routes, 64, err, sizeof err), 0);
    assert_true(has(routes, "POST", "/tts/stream"));
    assert_true(has(routes, "GET", "/models"));
    assert_false(has(routes, "POST", "/synthesize"));
    assert_false(has(routes, "GET", "/v2/health/ready"));
}

static void unknown_protocol_is_named(void **state)
{
    (void)state;
    serve_route routes[64];
    char err[128];
    assert_int_equal(serve_routes_select("v2,grpc", routes, 64, err, sizeof err), -1);
    assert_non_null(strstr(err, "'grpc'"));
    assert_int_equal(serve_routes_select("", routes, 64, err, sizeof err), -1);
    assert_int_equal(serve_routes_select("python", routes, 3, err, sizeof err), -1);
    assert_non_null(strstr(err, "too many"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_protocols_each_route_once),
        cmocka_unit_test(one_protocol_only_its_routes),
        cmocka_unit_test(unknown_protocol_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
