/* stress_cli.h — the `ltbench stress image|tts` command line, shared by
 * `stress` and `quick-stress`: the stress options are taken out of argv, the
 * rest is parsed as `image` or `tts` options. */
#ifndef LTB_STRESS_CLI_H
#define LTB_STRESS_CLI_H

/* argv[0] is "stress", argv[1] "image" or "tts". Runs the test, writes the
 * console summary, files and plots. Returns the exit code (0 ok, 1 some requests
 * failed, 2 usage, 130 interrupted) and sets *success_pct (-1 when it did not
 * run). */
int stress_cli_run(int argc, char **argv, double *success_pct);
#endif
