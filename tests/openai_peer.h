/* openai_peer.h — an OpenAI-compatible streaming server nobody here wrote, for the
 * end-to-end tests: Hugging Face `transformers serve` from the peers' virtual
 * environment (.venv-peers, scripts/peers) on a tiny seeded Llama written offline by
 * models/make_hf_tiny_llm.py (no end-of-sequence token: every answer is max_tokens
 * long). One server serves test_openai_peer.c and test_llm_http.c: ctest's fixture
 * openai_peer starts it with scripts/openai-peer (its state folder in
 * LTBENCH_OPENAI_PEER) and stops it after both; a test run on its own starts its own. */
#ifndef LTB_OPENAI_PEER_H
#define LTB_OPENAI_PEER_H

/* Attaches to the fixture's server, or starts one; NULL when it is up, else why the
 * peer cannot run here (the test then exits 77). A server that fails to start is an
 * error: its log on stderr and exit 1. */
const char *tu_openai_peer_open(void);
/* Stops the server this process started (none: nothing to do). */
void tu_openai_peer_close(void);
/* "http://127.0.0.1:PORT", and the name the server knows its model by (its folder). */
const char *tu_openai_peer_url(void);
const char *tu_openai_peer_model(void);
#endif
