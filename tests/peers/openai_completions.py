"""openai_completions.py — what openai_stream_check.py and openai_llm_check.py share:
the OpenAI Python client (not written here) asked for one completion, greedy
(temperature 0), on /v1/completions or /v1/chat/completions, and what it saw of a
streamed answer (stream_options.include_usage); and their command line, which prints
one JSON line per endpoint and prompt:

  SCRIPT http://HOST:PORT/v1 MODEL MAX_TOKENS PROMPT...
"""
import json
import sys

import openai


def create(client, endpoint, model, prompt, max_tokens, stream):
    """Sends one request ("completions" or "chat"); a stream is read with read_stream."""
    kwargs = dict(model=model, max_tokens=max_tokens, temperature=0)
    if stream:
        kwargs.update(stream=True, stream_options={"include_usage": True})
    if endpoint == "chat":
        return client.chat.completions.create(messages=[{"role": "user", "content": prompt}], **kwargs)
    return client.completions.create(prompt=prompt, **kwargs)


def whole_text(endpoint, answer):
    """The text of a whole (not streamed) answer."""
    choice = answer.choices[0]
    return choice.message.content if endpoint == "chat" else choice.text


def read_stream(endpoint, chunks):
    """Every chunk the client yielded ("chunks"), those with non-empty text / delta.content
    ("content_chunks"), their "text", the last "finish_reason" and "usage"
    ([prompt, completion] tokens, None when no chunk carried it)."""
    seen = {"chunks": 0, "content_chunks": 0, "text": "", "finish_reason": None, "usage": None}
    for chunk in chunks:
        seen["chunks"] += 1
        if chunk.usage is not None:
            seen["usage"] = [chunk.usage.prompt_tokens, chunk.usage.completion_tokens]
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


def main(one) -> None:
    """For each endpoint and prompt of the command line, prints one(client, endpoint,
    model, prompt, max_tokens) as a JSON line."""
    base, model, max_tokens, prompts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0)
    for endpoint in ("completions", "chat"):
        for prompt in prompts:
            print(json.dumps(one(client, endpoint, model, prompt, max_tokens)), flush=True)
