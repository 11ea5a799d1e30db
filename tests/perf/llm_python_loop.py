#!/usr/bin/env python3
"""llm_python_loop.py — prefill and decode tokens/s of a language model's TorchScript
file in a plain Python torch loop, the reference beside `ltbench llm` in scripts/perf
(issue #23: "ltbench vs a plain Python torch loop over the same file"). The same
contract and the same measures as ltbench (README.md "ltbench llm"):

  - a request prefills B random prompts of P tokens (P = 0: a one-token prompt, id 0),
    then decodes greedily (argmax in the loop, as ltbench's C does) until G tokens are
    out; the first token comes from the prefill's logits;
  - prefill tokens/s = B x P / prefill time; decode tokens/s = B x (G - 1) / the time of
    the G - 1 decode steps; both averaged over the timed requests, as ltbench averages
    its records.

  llm_python_loop.py MODEL.pt -p P -g G [-b B] [-n N] [--warmup W] [--threads T]
                     [--seed S]

Prints one JSON line: prefill_tps, decode_tps, requests, torch. Wall-clock numbers:
on a shared machine they move with the load.
"""
import argparse
import json
import statistics
import sys
import time

import torch


def request(model, prompt, gen):
    """One request: (prefill seconds, decode-steps seconds)."""
    t0 = time.perf_counter()
    logits, cache = model.prefill(prompt)
    nxt = torch.argmax(logits, dim=-1)
    t1 = time.perf_counter()
    pos = prompt.shape[1]
    for _ in range(gen - 1):
        logits, cache = model.decode(nxt.unsqueeze(1), cache, pos)
        nxt = torch.argmax(logits, dim=-1)
        pos += 1
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("-p", type=int, default=512, help="prompt tokens (0: one BOS token)")
    ap.add_argument("-g", type=int, default=128, help="generated tokens")
    ap.add_argument("-b", type=int, default=1, help="sequences per request")
    ap.add_argument("-n", type=int, default=5, help="timed requests")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
        torch.set_num_interop_threads(1)
    model = torch.jit.load(a.model, map_location="cpu").eval()
    vocab = int(model.vocab_size)
    g = torch.Generator().manual_seed(a.seed)
    n_prompt = max(a.p, 1)
    prompts = [torch.randint(0, vocab, (a.b, n_prompt), generator=g) if a.p > 0
               else torch.zeros((a.b, 1), dtype=torch.long) for _ in range(8)]
    pre, dec = [], []
    with torch.inference_mode():
        for i in range(a.warmup + a.n):
            p_s, d_s = request(model, prompts[i % len(prompts)], max(a.g, 1))
            if i < a.warmup:
                continue
            if a.p > 0:
                pre.append(a.b * a.p / p_s)
            if a.g > 1:
                dec.append(a.b * (a.g - 1) / d_s)
    print(json.dumps({"prefill_tps": statistics.mean(pre) if pre else -1,
                      "decode_tps": statistics.mean(dec) if dec else -1,
                      "requests": a.n, "torch": torch.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
