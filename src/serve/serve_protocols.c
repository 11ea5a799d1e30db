/* serve_protocols.c — which protocols `ltbench serve` speaks (--api): their route
 * tables joined into one (see serve_routes.h). */
#include "serve_routes.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    const serve_route *routes;
} kProtocols[] = {
    {"v2", serve_routes_v2},
    {"openai", serve_routes_openai},
    {"python", serve_routes_python},
    {"rust", serve_routes_rust},
};

static int has_route(const serve_route *out, int n, const serve_route *r)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(out[i].path, r->path) && !strcmp(out[i].method, r->method))
            return 1;
    return 0;
}

int serve_routes_select(const char *apis, serve_route *out, int cap, char *err, size_t errlen)
{
    int n = 0;
    const char *s = apis;
    while (1) {
        size_t len = strcspn(s, ",");
        size_t p = 0, count = sizeof kProtocols / sizeof *kProtocols;
        while (p < count && !(strlen(kProtocols[p].name) == len && !strncmp(kProtocols[p].name, s, len)))
            p++;
        if (p == count) {
            snprintf(err, errlen, "--api: '%.*s' is not one of v2, openai, python, rust", (int)len, s);
            return -1;
        }
        for (const serve_route *r = kProtocols[p].routes; r->path; r++) {
            if (has_route(out, n, r))
                continue;
            if (n + 1 >= cap) {
                snprintf(err, errlen, "--api: too many routes");
                return -1;
            }
            out[n++] = *r;
        }
        if (s[len] == '\0')
            break;
        s += len + 1;
    }
    out[n] = (serve_route){NULL, NULL, NULL};
    return 0;
}
