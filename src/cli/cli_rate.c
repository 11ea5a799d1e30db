/* cli_rate.c — parsing --rate, --arrivals and --slo (see cli_rate.h). */
#include "cli_rate.h"
#include "arrival_schedule.h"
#include "cli_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLO_START_RPS 10.0        /* --slo without --rate starts its doubling here */

int cli_parse_rate(const char *v, ltb_config *cfg, char *err, size_t errlen)
{
    char items[LTB_MAX_LEVELS][LTB_LIST_ITEM_LEN];
    int n = ltb_parse_items("--rate", v, items, LTB_MAX_LEVELS, err, errlen);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (ltb_parse_double("--rate", items[i], 1e-6, CLI_RATE_MAX, &cfg->rate[i], err,
                             errlen) != 0)
            return -1;
    cfg->n_rate = n;
    return 0;
}

int cli_parse_rate_ramp(const char *v, double *from, double *to, char *err, size_t errlen)
{
    const char *colon = strchr(v, ':');
    char first[32];
    if (!colon || colon == v || (size_t)(colon - v) >= sizeof first) {
        snprintf(err, errlen, "--rate-ramp: '%s' is not FROM:TO (requests per second, e.g. 10:200)", v);
        return -1;
    }
    memcpy(first, v, (size_t)(colon - v));
    first[colon - v] = '\0';
    return ltb_parse_double("--rate-ramp FROM", first, 1e-6, CLI_RATE_MAX, from, err, errlen) != 0 ||
                   ltb_parse_double("--rate-ramp TO", colon + 1, 1e-6, CLI_RATE_MAX, to, err, errlen) != 0
               ? -1
               : 0;
}

int cli_parse_arrivals(const char *v, ltb_config *cfg, char *err, size_t errlen)
{
    return ltb_arrivals_parse(v, &cfg->arrivals, &cfg->arrival_cv, err, errlen);
}

int cli_parse_slo(const char *v, ltb_config *cfg, char *err, size_t errlen)
{
    const char *colon = strchr(v, ':');
    char pct[32];
    if (v[0] != 'p' || !colon || (size_t)(colon - v - 1) >= sizeof pct || colon == v + 1) {
        snprintf(err, errlen, "--slo: '%s' is not pXX:MS (e.g. p99:50: p99 latency at most 50 ms)", v);
        return -1;
    }
    memcpy(pct, v + 1, (size_t)(colon - v - 1));
    pct[colon - v - 1] = '\0';
    double q, ms;
    if (ltb_parse_double("--slo percentile", pct, 0.001, 99.999, &q, err, errlen) != 0 ||
        ltb_parse_double("--slo bound (ms)", colon + 1, 0.001, 3600000, &ms, err, errlen) != 0)
        return -1;
    cfg->slo_quantile = q / 100.0;
    cfg->slo_ms = ms;
    return 0;
}

int cli_rate_finish(ltb_config *cfg, int concurrency_given, char *err, size_t errlen)
{
    if (cfg->slo_ms > 0) {
        if (cfg->n_rate > 1) {
            snprintf(err, errlen, "--slo searches the rate: give at most one --rate (its start)");
            return -1;
        }
        if (cfg->n_rate == 0)
            cfg->rate[0] = SLO_START_RPS, cfg->n_rate = 1;
    }
    if (cfg->n_rate > 0 && !concurrency_given) {
        cfg->concurrency[0] = CLI_RATE_DEFAULT_CAP;
        cfg->n_concurrency = 1;
    }
    return 0;
}

void cli_rate_plan(const ltb_config *cfg, char *buf, size_t len)
{
    buf[0] = '\0';
    if (cfg->n_rate == 0)
        return;
    char arrivals[32];
    ltb_arrivals_label(cfg->arrivals, cfg->arrival_cv, arrivals, sizeof arrivals);
    size_t k;
    if (cfg->slo_ms > 0) {
        k = (size_t)snprintf(buf, len, " searching the rate for p%g <= %g ms from %g",
                             cfg->slo_quantile * 100, cfg->slo_ms, cfg->rate[0]);
    } else {
        k = (size_t)snprintf(buf, len, " at rate");
        for (int i = 0; i < cfg->n_rate && k < len; i++)
            k += (size_t)snprintf(buf + k, len - k, "%s%g", i ? "," : " ", cfg->rate[i]);
    }
    if (k < len)
        snprintf(buf + k, len - k, "/s (%s arrivals; -c is the in-flight cap)", arrivals);
}
