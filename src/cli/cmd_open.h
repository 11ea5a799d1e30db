/* cmd_open.h — open the workload and the target an `image` or `tts` command line
 * asks for (photos or synthetic images / generated or read texts; the torch
 * target, or null / sleep:MS). Shared by `image`, `tts`, `stress` and `quick`. */
#ifndef LTB_CMD_OPEN_H
#define LTB_CMD_OPEN_H

#include "cli_run.h"
#include "cmd_image_args.h"
#include "cmd_run_args.h"
#include "cmd_tts_args.h"

/* The `image` and `tts` subcommands' frames (parse, open, ...), for a caller that
 * runs their command lines itself (qualify's battery). */
extern const cli_command cmd_image_command;
extern const cli_command cmd_tts_command;

/* 0 with w and t open (the caller closes t and frees w), or -1 with a one-line
 * err and nothing left open. */
int image_open_workload_target(const image_args *a, ltb_workload *w, ltb_target *t,
                               char *err, size_t errlen);
int tts_open_workload_target(const tts_args *a, ltb_workload *w, ltb_target *t, char *err,
                             size_t errlen);
/* `run`'s (cmd_run.c): the generic model and its tensor inputs. */
int run_open_workload_target(run_args *a, ltb_workload *w, ltb_target *t, char *err, size_t errlen);
#endif
