#!/usr/bin/env python3
"""The reference for `ltbench llm` (tests/e2e/test_llm_reference.c): the greedy loop
ltbench runs in C, written again in Python torch from the documented contract, on the
same TorchScript file.

    llm_reference.py --model M.pt --tokens SAVED.json [--text TEXT] [--threads 1]

SAVED.json is what `ltbench llm --save-tokens` wrote: the prompts (token ids, one list
per sequence) and the tokens ltbench generated. This script
  - with --text, tokenises TEXT with the byte-level tokenizer (token id = UTF-8 byte,
    repeated to the prompt length) and says whether ltbench's prompt is that;
  - prefills the same prompts, then decodes greedily (argmax, first index on ties) as
    many tokens as ltbench did, and says whether the tokens are equal;
  - at every step also recomputes the logits from scratch (prefill of the whole sequence
    so far) and reports the largest difference from the cached decode's logits.
Prints one JSON object: tokens_equal, first_mismatch (-1 none), n_tokens, prompt_equal
(null without --text), cache_max_abs_diff, python_tokens.
"""

import argparse
import json
import sys

import torch


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--text", default=None)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.tokens) as f:
        saved = json.load(f)
    prompts = torch.tensor(saved["prompts"], dtype=torch.long)
    want = saved["tokens"]
    gen = int(saved["gen_tokens"])
    model = torch.jit.load(args.model, map_location="cpu").eval()

    prompt_equal = None
    if args.text is not None:
        data = list(args.text.encode("utf-8"))
        row = [data[i % len(data)] for i in range(prompts.shape[1])]
        prompt_equal = all(p == row for p in saved["prompts"])

    got = [[] for _ in range(prompts.shape[0])]
    worst = 0.0
    with torch.inference_mode():
        logits, cache = model.prefill(prompts)
        seq = prompts
        for step in range(gen):
            nxt = torch.argmax(logits, dim=-1)        # first index of the largest, like C
            for j in range(prompts.shape[0]):
                got[j].append(int(nxt[j]))
            if step == gen - 1:
                break
            nxt = nxt.unsqueeze(1)
            logits, cache = model.decode(nxt, cache, seq.shape[1])
            seq = torch.cat((seq, nxt), dim=1)
            full, _ = model.prefill(seq)
            worst = max(worst, float((full - logits).abs().max()))

    first = -1
    for j in range(len(got)):
        for i in range(max(len(got[j]), len(want[j]) if j < len(want) else 0)):
            a = got[j][i] if i < len(got[j]) else None
            b = want[j][i] if j < len(want) and i < len(want[j]) else None
            if a != b:
                first = i if first < 0 else min(first, i)
                break
    print(json.dumps({"tokens_equal": first < 0, "first_mismatch": first, "n_tokens": gen,
                      "prompt_equal": prompt_equal, "cache_max_abs_diff": worst,
                      "python_tokens": got}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
