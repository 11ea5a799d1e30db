/* fleet_cli.c — the fleet options (see fleet_cli.h). */
#include "fleet_cli.h"
#include "cli_parse.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_TOLERANCE_PCT 5.0
#define DEFAULT_RANK_TIMEOUT_S 300.0

void fleet_cli_defaults(fleet_options *o)
{
    o->outlier_tolerance_pct = DEFAULT_TOLERANCE_PCT;
    o->rank_timeout_s = DEFAULT_RANK_TIMEOUT_S;
    o->delay_rank = -1;
    o->delay_ms = 0;
}

/* "RANK:MS", e.g. "1:20". */
static int parse_delay(const char *v, fleet_options *o, char *err, size_t errlen)
{
    const char *colon = strchr(v, ':');
    char rank[32];
    if (!colon || (size_t)(colon - v) >= sizeof rank || colon == v) {
        snprintf(err, errlen, "--rank-delay-ms: '%s' is not RANK:MS (e.g. 1:20)", v);
        return -1;
    }
    memcpy(rank, v, (size_t)(colon - v));
    rank[colon - v] = '\0';
    if (ltb_parse_int("--rank-delay-ms rank", rank, 0, 1000000, &o->delay_rank, err, errlen) != 0)
        return -1;
    return ltb_parse_double("--rank-delay-ms", colon + 1, 0, 3600000, &o->delay_ms, err, errlen);
}

int fleet_cli_option(int opt, const char *v, fleet_options *o, char *err, size_t errlen)
{
    switch (opt) {
    case OPT_FLEET_TOLERANCE:
        return ltb_parse_double("--outlier-tolerance", v, 0, 100, &o->outlier_tolerance_pct, err,
                                errlen);
    case OPT_FLEET_RANK_TIMEOUT:
        return ltb_parse_double("--rank-timeout", v, 0.1, 86400, &o->rank_timeout_s, err, errlen);
    case OPT_FLEET_RANK_DELAY:
        return parse_delay(v, o, err, errlen);
    default:
        return 1;
    }
}

void fleet_cli_usage(FILE *out)
{
    fprintf(out,
        "Fleet (one rank per device under mpirun / srun, in an LTBENCH_MPI build):\n"
        "      --outlier-tolerance PCT  flag a rank more than PCT%% below the fleet median\n"
        "                               throughput of a level (default %.0f)\n"
        "      --rank-timeout S         wait at most S seconds for a rank that lags at a\n"
        "                               level's barrier or at the end; then it is reported\n"
        "                               as late or missing (default %.0f)\n"
        "      --rank-delay-ms RANK:MS  testing/diagnosis: rank RANK adds MS to each of\n"
        "                               its requests (an injected slow rank)\n",
        DEFAULT_TOLERANCE_PCT, DEFAULT_RANK_TIMEOUT_S);
}
