/* prompts.h — the image-generation prompt workload: the seed's generator (a base
 * prompt plus style modifiers, seeded, each prompt between --min-prompt-length and
 * --max-prompt-length characters) or one prompt per line of a file (texts.h). */
#ifndef LTB_PROMPTS_H
#define LTB_PROMPTS_H

#include <stdint.h>

#include "texts.h"

#define LTB_MAX_PROMPT_CHARS 1000

/* `variations` prompts. Each: a target length drawn in [min_len, max_len]; a base
 * prompt (cut at a word boundary to max_len when longer); then ", <modifier>" of
 * distinct random style modifiers while shorter than the target and the modifier
 * still fits within max_len; a prompt still shorter than min_len is padded with
 * " " and the start of a modifier (only when min_len is within a few characters of
 * max_len). ASCII, so characters = bytes. 0, or -1 with a one-line err. */
int ltb_prompts_generate(int min_len, int max_len, int variations, uint64_t seed,
                         ltb_texts *out, char *err, size_t errlen);
#endif
