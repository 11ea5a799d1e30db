#!/usr/bin/env python3
"""python_forward.py — the same TorchScript file run from Python torch, for the
ltbench/Python throughput ratio in scripts/perf (torch.jit.load, same threads, same
batch, inference_mode, same iteration count). Prints one JSON line.

  python_forward.py image MODEL --batch B --iters N --warmup W --threads T
  python_forward.py tts MODEL --texts FILE --vocab VOCAB --iters N --warmup W --threads T
"""
import argparse
import json
import time

import torch


def text_ids(text, vocab):
    ids = [vocab.get(ch, 1) for ch in text.lower()]
    return torch.tensor([ids], dtype=torch.int64)


def load_vocab(path):
    vocab = {}
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f.read().split("\n")):
            if line == "<space>":
                vocab[" "] = i
            elif line and not line.startswith("<"):
                vocab[line] = i
    return vocab


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["image", "tts"])
    p.add_argument("model")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--texts")
    p.add_argument("--vocab")
    p.add_argument("--iters", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    m = torch.jit.load(a.model)
    m.eval()
    if a.kind == "image":
        inputs = [torch.full((a.batch, 3, a.size, a.size), 0.5)]
    else:
        vocab = load_vocab(a.vocab)
        with open(a.texts, encoding="utf-8") as f:
            inputs = [text_ids(t.strip(), vocab) for t in f if t.strip()]
    sample_rate = int(getattr(m, "sample_rate", 0) or 0)
    with torch.inference_mode():
        for i in range(a.warmup):
            m(inputs[i % len(inputs)])
        audio = 0.0
        t0 = time.perf_counter()
        for i in range(a.iters):
            y = m(inputs[i % len(inputs)])
            if a.kind == "tts":
                audio += y.numel() / sample_rate
        wall = time.perf_counter() - t0
    out = {"iters": a.iters, "wall_s": wall, "mean_ms": 1000 * wall / a.iters,
           "rps": a.iters / wall}
    if a.kind == "image":
        out["ips"] = a.iters * a.batch / wall
    else:
        out["asps"] = audio / wall
        out["audio_s"] = audio
    print(json.dumps(out))


if __name__ == "__main__":
    main()
