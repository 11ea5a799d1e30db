/* cli_quick.h — the frame of the quick tests (`ltbench quick`, `ltbench quick llm`):
 * a subcommand's command line with fixed defaults in front of the user's words,
 * parsed by that subcommand, refused when it asks for a sweep, run once with no files,
 * and its few lines printed. Below cmd_quick.c and cmd_quick_llm.c, which both use it. */
#ifndef LTB_CLI_QUICK_H
#define LTB_CLI_QUICK_H

#include "cli_run.h"

typedef struct cli_quick {
    const char *who;                       /* "ltbench quick": its messages' prefix */
    const cli_command *command;            /* whose parse and open it uses */
    const char *const *head;               /* the defaults: {"image", "-c", "1", ...} */
    int n_head;
    const char *usage;                     /* printed for --help */
    void (*print)(const ltb_run *run);     /* the lines of a finished run */
} cli_quick;

/* Runs the quick test with argv[1..] after q's defaults; the exit code. */
int cli_quick_main(const cli_quick *q, int argc, char **argv);
/* argv with head (n_head words) in front of the user's words argv[1..], *n words in
 * all (NULL-terminated; free the array, not the words), or NULL (out of memory). */
char **cli_with_defaults(const char *const *head, int n_head, int argc, char **argv, int *n);
#endif
