/* cmd_llm_args.h — the options of `ltbench llm`, parsed apart from running. */
#ifndef LTB_CMD_LLM_ARGS_H
#define LTB_CMD_LLM_ARGS_H

#include "cli_common.h"
#include "target_llm.h"

typedef struct llm_args {
    common_args common;
    ltb_llm_options llm;
    int prompt_variations;       /* random prompts: how many */
    int prompt[LTB_MAX_LEVELS], n_prompt;   /* -p, -g as given; cfg's tests are their product */
    int gen[LTB_MAX_LEVELS], n_gen;
} llm_args;

int llm_args_parse(int argc, char **argv, llm_args *a, char *err, size_t errlen);
void llm_args_usage(FILE *out);
#endif
