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
import json
import sys

import openai


def stream_one(client, endpoint, model, prompt, max_tokens):
    kwargs = dict(model=model, max_tokens=max_tokens, temperature=0, stream=True,
                  stream_options={"include_usage": True})
    if endpoint == "chat":
        chunks = client.chat.completions.create(messages=[{"role": "user", "content": prompt}], **kwargs)
    else:
        chunks = client.completions.create(prompt=prompt, **kwargs)
    seen = {"endpoint": endpoint, "prompt": prompt, "chunks": 0, "content_chunks": 0, "text": "",
            "finish_reason": None, "prompt_tokens": None, "completion_tokens": None}
    for chunk in chunks:
        seen["chunks"] += 1
        if chunk.usage is not None:
            seen["prompt_tokens"] = chunk.usage.prompt_tokens
            seen["completion_tokens"] = chunk.usage.completion_tokens
        if not chunk.choices:
            continue
        choice = chunk.choices[0]
        text = choice.delta.content if endpoint == "chat" else choice.text
        if text:
            seen["content_chunks"] += 1
            seen["text"] += text
        if choice.finish_reason:
            seen["finish_reason"] = choice.finish_reason
    return seen


def main() -> None:
    base, model, max_tokens, prompts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0)
    for endpoint in ("completions", "chat"):
        for prompt in prompts:
            print(json.dumps(stream_one(client, endpoint, model, prompt, max_tokens)), flush=True)


if __name__ == "__main__":
    main()
