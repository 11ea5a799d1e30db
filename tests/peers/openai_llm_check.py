"""openai_llm_check.py — the OpenAI Python client (not written here) against `ltbench
serve`'s completions routes (tests/e2e/test_serve_llm.c): for each endpoint and prompt,
one streamed request (stream_options.include_usage) and one whole request, greedy, the
same max_tokens; prints one JSON line per pair with what the client saw:
  {"endpoint", "prompt", "stream_text", "whole_text", "chunks", "content_chunks",
   "stream_usage": [prompt, completion] or null, "whole_usage": [prompt, completion],
   "stream_finish", "whole_finish"}

  openai_llm_check.py http://HOST:PORT/v1 MODEL MAX_TOKENS PROMPT...
"""
import json
import sys

import openai


def pair(client, endpoint, model, prompt, max_tokens):
    kwargs = dict(model=model, max_tokens=max_tokens, temperature=0)
    seen = {"endpoint": endpoint, "prompt": prompt, "stream_text": "", "chunks": 0,
            "content_chunks": 0, "stream_usage": None, "stream_finish": None}
    if endpoint == "chat":
        messages = [{"role": "user", "content": prompt}]
        chunks = client.chat.completions.create(messages=messages, stream=True,
                                                stream_options={"include_usage": True}, **kwargs)
        whole = client.chat.completions.create(messages=messages, **kwargs)
        seen["whole_text"] = whole.choices[0].message.content
    else:
        chunks = client.completions.create(prompt=prompt, stream=True,
                                           stream_options={"include_usage": True}, **kwargs)
        whole = client.completions.create(prompt=prompt, **kwargs)
        seen["whole_text"] = whole.choices[0].text
    seen["whole_usage"] = [whole.usage.prompt_tokens, whole.usage.completion_tokens]
    seen["whole_finish"] = whole.choices[0].finish_reason
    for chunk in chunks:
        seen["chunks"] += 1
        if chunk.usage is not None:
            seen["stream_usage"] = [chunk.usage.prompt_tokens, chunk.usage.completion_tokens]
        if not chunk.choices:
            continue
        choice = chunk.choices[0]
        text = choice.delta.content if endpoint == "chat" else choice.text
        if text:
            seen["content_chunks"] += 1
            seen["stream_text"] += text
        if choice.finish_reason:
            seen["stream_finish"] = choice.finish_reason
    return seen


def main() -> None:
    base, model, max_tokens, prompts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0)
    for endpoint in ("completions", "chat"):
        for prompt in prompts:
            print(json.dumps(pair(client, endpoint, model, prompt, max_tokens)), flush=True)


if __name__ == "__main__":
    main()
