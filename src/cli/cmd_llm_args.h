/* cmd_llm_args.h — the options of `ltbench llm`, parsed apart from running. */
#ifndef LTB_CMD_LLM_ARGS_H
#define LTB_CMD_LLM_ARGS_H

#include "cli_common.h"
#include "cli_run.h"
#include "http_cli.h"
#include "target_llm.h"
#include "target_openai_llm.h"

typedef struct llm_args {
    common_args common;
    ltb_llm_options llm;
    int prompt_variations;       /* random prompts: how many */
    int prompt[LTB_MAX_LEVELS], n_prompt;   /* -p, -g as given; cfg's tests are their product */
    int gen[LTB_MAX_LEVELS], n_gen;
    http_cli http;               /* --url: a client of an OpenAI completions server */
    int api_given;               /* --api was on the command line */
    ltb_openai_llm_options openai;   /* with --url (cmd_llm_http.c) */
} llm_args;

int llm_args_parse(int argc, char **argv, llm_args *a, char *err, size_t errlen);
void llm_args_usage(FILE *out);
/* cmd_llm.c: opens the model (its facts into the config), the prompts and binds them
 * (llm_args *args); 0, or -1 with a one-line err and nothing left open. */
int llm_open_workload_target(void *args, ltb_workload *w, ltb_target *t, char *err,
                             size_t errlen);
/* `ltbench llm`'s frame (parse, open, ...; cmd_llm.c), for `ltbench quick llm`. */
extern const cli_command cmd_llm_command;
/* `ltbench quick llm` (cmd_quick_llm.c): the default language model, -p 64 -g 16, c 1,
 * 3 requests: prefill and decode tokens/s, TTFT, ITL, success rate. */
int cmd_quick_llm(int argc, char **argv);
/* cmd_llm_http.c: with --url, the text prompts (--prompts FILE, else the shipped
 * corpus) and the OpenAI completions client target; 0, or -1 with a one-line err. */
int llm_open_http(llm_args *a, ltb_workload *w, ltb_target *t, char *err, size_t errlen);
/* cmd_llm_http.c: after parsing, the --url options checked and completed; 0, or -1. */
int llm_http_finish(llm_args *a, char *err, size_t errlen);
#endif
