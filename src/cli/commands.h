/* commands.h — the CLI's subcommands; each returns the process exit code
 * (0 ok, 1 some requests failed, 2 bad input or usage, 3 the fleet failed (MPI runs),
 * 130 interrupted). */
#ifndef LTB_COMMANDS_H
#define LTB_COMMANDS_H

#include "run_exit_code.h"   /* LTB_EXIT_*: the codes a command returns */

int cmd_image(int argc, char **argv);
int cmd_tts(int argc, char **argv);
/* `ltbench generate`: image generation (diffusion step loop or one-forward GAN). */
int cmd_generate(int argc, char **argv);
/* `ltbench llm`: a decoder-only language model (prefill/decode tokens/s, TTFT, ITL). */
int cmd_llm(int argc, char **argv);
int cmd_info(int argc, char **argv);
/* `ltbench run`: any TorchScript model (inputs from --input SPECs, files or its sidecar). */
int cmd_run(int argc, char **argv);
/* `ltbench inspect FILE`: what a TorchScript file or .pt2 package holds. */
int cmd_inspect(int argc, char **argv);
/* `ltbench compare A.json B.json...`: side by side, and the serving overhead vs A. */
int cmd_compare(int argc, char **argv);
/* `ltbench serve`: the reference torch-inference HTTP server (runs until SIGINT/SIGTERM). */
int cmd_serve(int argc, char **argv);
/* `ltbench stress image|tts`: ramping load test, time series, leak verdict. */
int cmd_stress(int argc, char **argv);
/* `ltbench quick` / `ltbench quick-stress`: the seed's quick tests. */
int cmd_quick(int argc, char **argv);
int cmd_quick_stress(int argc, char **argv);
/* `ltbench qualify`: the GPU qualification battery, its profile, PASS/FAIL vs a reference. */
int cmd_qualify(int argc, char **argv);
/* `ltbench` with no arguments: the quick default job. */
int cmd_default(const char *argv0);
#endif
