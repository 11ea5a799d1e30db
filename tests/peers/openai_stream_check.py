"""openai_stream_check.py — the OpenAI Python client (not written here) streaming
from an OpenAI-compatible server (transformers serve in tests/e2e/test_openai_peer.c):
for each endpoint and prompt, one request with stream=True and
stream_options.include_usage, temperature 0; prints one JSON line per request with
what the client saw, the independent reference ltbench's C reader is compared with:
  {"endpoint", "prompt", "chunks" (every chunk the client yielded), "content_chunks"
   (chunks with non-empty text / delta.content), "text", "finish_reason",
   "prompt_tokens", "completion_tokens" (usage, null when none)}

  openai_stream_check.py http://HOST:PORT/v1 MODEL MAX_TOKENS PROMPT...
"""
import openai_completions as oc


def stream_one(client, endpoint, model, prompt, max_tokens):
    s = oc.read_stream(endpoint, oc.create(client, endpoint, model, prompt, max_tokens, stream=True))
    usage = s["usage"] or [None, None]
    return {"endpoint": endpoint, "prompt": prompt, "chunks": s["chunks"],
            "content_chunks": s["content_chunks"], "text": s["text"],
            "finish_reason": s["finish_reason"], "prompt_tokens": usage[0],
            "completion_tokens": usage[1]}


if __name__ == "__main__":
    oc.main(stream_one)
