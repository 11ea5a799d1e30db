/* cmd_generate_args.h — the options of `ltbench generate`, parsed apart from running. */
#ifndef LTB_CMD_GENERATE_ARGS_H
#define LTB_CMD_GENERATE_ARGS_H

#include "cli_common.h"
#include "fleet_cli.h"
#include "target_generate.h"

/* Options that only a text-conditioned (diffusion) model takes, by bit. */
enum { GEN_GIVEN_STEPS = 1, GEN_GIVEN_GUIDANCE = 2, GEN_GIVEN_NEGATIVE = 4,
       GEN_GIVEN_PREVIEW = 8, GEN_GIVEN_PROMPTS = 16 };

typedef struct generate_args {
    common_args common;
    ltb_generate_options gen;
    unsigned given;              /* GEN_GIVEN_* bits seen on the command line */
    fleet_options fleet;         /* under mpirun / srun */
} generate_args;

int generate_args_parse(int argc, char **argv, generate_args *a, char *err, size_t errlen);
void generate_args_usage(FILE *out);
/* The first diffusion-only option given ("--steps", ...), or NULL. */
const char *generate_args_conditional_option(const generate_args *a);
#endif
