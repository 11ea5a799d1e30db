/* openai_prompt.h — the text prompt an OpenAI completions request sends for `ltbench
 * llm --url -p N`: the server tokenises text itself, so N prompt tokens are sent as N
 * words of a source text (one word is about one token for common BPE tokenizers; the
 * server's tokenizer decides the real count, which its usage.prompt_tokens reports),
 * the source's words repeated from the start when it has fewer; or, for servers with
 * a byte tokenizer, N characters. Pure, no I/O. */
#ifndef LTB_OPENAI_PROMPT_H
#define LTB_OPENAI_PROMPT_H

#include <stddef.h>

#define LTB_OPENAI_PROMPT_MAX_WORDS 1000000

/* n_words (>= 1) words of source (split at ASCII white space), joined by one space,
 * starting at word `skip` (mod the source's words); malloc'd, or NULL when out of
 * memory or when source has no word. */
char *ltb_openai_prompt_words(const char *source, int n_words, int skip);
/* n_chars (>= 1) characters (UTF-8 code points) of source, repeated from its start
 * with a space between repeats when it is shorter: exactly n_chars tokens for a byte
 * tokenizer on ASCII text (`ltbench serve`'s models); malloc'd, or NULL when out of
 * memory or when source is empty. */
char *ltb_openai_prompt_chars(const char *source, int n_chars);
#endif
