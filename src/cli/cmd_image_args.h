/* cmd_image_args.h — the options of `ltbench image`, parsed into a config and the
 * torch target's options (kept apart from running, so tests can parse alone). */
#ifndef LTB_CMD_IMAGE_ARGS_H
#define LTB_CMD_IMAGE_ARGS_H

#include "cli_common.h"
#include "fleet_cli.h"
#include "http_cli.h"
#include "target_torch.h"

typedef struct image_args {
    common_args common;
    ltb_torch_options torch;
    http_cli http;               /* http.opt.url set: a client of a model server */
    fleet_options fleet;         /* under mpirun / srun */
    const char *images_dir;      /* NULL with synthetic > 0 */
    int synthetic;               /* > 0: that many seeded generated images */
    char images_buf[4096];
} image_args;

/* Fills defaults, then argv[1..] (argv[0] is the subcommand). 0, or -1 with a
 * one-line err (exit code 2). */
int image_args_parse(int argc, char **argv, image_args *a, char *err, size_t errlen);
void image_args_usage(FILE *out);
#endif
