/* cmd_tts_args.h — the options of `ltbench tts`, parsed apart from running. */
#ifndef LTB_CMD_TTS_ARGS_H
#define LTB_CMD_TTS_ARGS_H

#include "cli_common.h"
#include "fleet_cli.h"
#include "http_cli.h"
#include "target_tts.h"

typedef struct tts_args {
    common_args common;
    ltb_tts_options tts;
    http_cli http;               /* http.opt.url set: a client of a model server */
    fleet_options fleet;         /* under mpirun / srun */
    const char *corpus;          /* sentences for the text generator */
    char corpus_buf[4096];
} tts_args;

int tts_args_parse(int argc, char **argv, tts_args *a, char *err, size_t errlen);
void tts_args_usage(FILE *out);
#endif
