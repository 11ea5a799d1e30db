/* openai_peer.h — an OpenAI-compatible streaming server nobody here wrote, for the
 * end-to-end tests: Hugging Face `transformers serve` from the peers' virtual
 * environment (.venv-peers, scripts/peers) on a tiny seeded Llama written offline by
 * models/make_hf_tiny_llm.py (no end-of-sequence token: every answer is max_tokens
 * long). Shared by test_openai_peer.c and test_llm_http.c. */
#ifndef LTB_OPENAI_PEER_H
#define LTB_OPENAI_PEER_H

#include "serve_fixture.h"

/* NULL when the peer can run here, else why not (the test then exits 77). */
const char *tu_openai_peer_missing(void);
/* Writes the model into a new temporary directory (*model_dir, malloc'd: the name
 * the server knows it by) and starts the server on s; fails the test on error. */
void tu_openai_peer_start(tu_server *s, char **model_dir);
/* Stops the server and removes the model directory; 0, or -1. */
int tu_openai_peer_stop(tu_server *s, char *model_dir);
#endif
