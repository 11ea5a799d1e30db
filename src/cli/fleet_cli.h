/* fleet_cli.h — the options of a run across an MPI fleet (`mpirun -np N ltbench
 * image|tts|generate ...`): the outlier tolerance, the bound on waiting for a rank, and a
 * diagnostic delay that makes one rank slow on purpose. Accepted by every
 * subcommand that can run as a fleet (their option tables include
 * LTB_FLEET_CLI_OPTIONS), in every build: outside MPI the process is rank 0 of 1. */
#ifndef LTB_FLEET_CLI_H
#define LTB_FLEET_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "fleet.h"   /* fleet_options */

enum { OPT_FLEET_TOLERANCE = 6000, OPT_FLEET_RANK_TIMEOUT, OPT_FLEET_RANK_DELAY };

#define LTB_FLEET_CLI_OPTIONS                                                 \
    {"outlier-tolerance", required_argument, NULL, OPT_FLEET_TOLERANCE},      \
    {"rank-timeout", required_argument, NULL, OPT_FLEET_RANK_TIMEOUT},        \
    {"rank-delay-ms", required_argument, NULL, OPT_FLEET_RANK_DELAY}


void fleet_cli_defaults(fleet_options *o);
/* 0 handled, -1 error (err set), 1 not a fleet option. */
int fleet_cli_option(int opt, const char *value, fleet_options *o, char *err, size_t errlen);
void fleet_cli_usage(FILE *out);
#endif
