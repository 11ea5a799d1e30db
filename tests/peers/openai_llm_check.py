"""openai_llm_check.py — the OpenAI Python client (not written here) against `ltbench
serve`'s completions routes (tests/e2e/test_serve_llm.c): for each endpoint and prompt,
one streamed request (stream_options.include_usage) and one whole request, greedy, the
same max_tokens; prints one JSON line per pair with what the client saw:
  {"endpoint", "prompt", "stream_text", "whole_text", "chunks", "content_chunks",
   "stream_usage": [prompt, completion] or null, "whole_usage": [prompt, completion],
   "stream_finish", "whole_finish"}

  openai_llm_check.py http://HOST:PORT/v1 MODEL MAX_TOKENS PROMPT...
"""
import openai_completions as oc


def pair(client, endpoint, model, prompt, max_tokens):
    # the whole request is sent while the stream's answer is still unread: two at once
    chunks = oc.create(client, endpoint, model, prompt, max_tokens, stream=True)
    whole = oc.create(client, endpoint, model, prompt, max_tokens, stream=False)
    s = oc.read_stream(endpoint, chunks)
    return {"endpoint": endpoint, "prompt": prompt, "stream_text": s["text"],
            "chunks": s["chunks"], "content_chunks": s["content_chunks"],
            "stream_usage": s["usage"], "stream_finish": s["finish_reason"],
            "whole_text": oc.whole_text(endpoint, whole),
            "whole_usage": [whole.usage.prompt_tokens, whole.usage.completion_tokens],
            "whole_finish": whole.choices[0].finish_reason}


if __name__ == "__main__":
    oc.main(pair)
