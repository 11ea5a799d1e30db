#!/usr/bin/env python3
"""python_forward.py — the same TorchScript file run from Python torch, for the
ltbench/Python throughput ratio in scripts/perf and scripts/gpu-check (torch.jit.load,
same threads, same batch, inference_mode, same iteration count). Prints one JSON line.

  python_forward.py image MODEL --batch B --iters N --warmup W --threads T
                    [--device cuda:0] [--precision fp16] [--out-dir DIR]
  (--batch and --precision take lists, e.g. 1,32,256 and fp32,fp16: one JSON line per
  combination, also written to DIR/python_<precision>_b<batch>.json with --out-dir)
  python_forward.py tts MODEL --texts FILE --vocab VOCAB --iters N --warmup W --threads T

On CUDA the input goes to the device and the output comes back to the host inside each
timed iteration (as ltbench does), and the device is synchronised around the timing.
Besides the throughput over the whole loop, "p50_ms" is the median iteration (each one
timed and synchronised on its own, as ltbench times a request): scripts/perf compares it
with ltbench's latency p50, which a descheduled moment on a shared machine moves far less.
"""
import argparse
import json
import os
import statistics
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


DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def measure(a, model_path, device, precision, batch):
    """One timed loop: warm-up, then a.iters forwards (input to the device and output
    back to the host inside each, as ltbench does), the device synchronised around."""
    dtype = DTYPES[precision]
    m = torch.jit.load(model_path, map_location=device)
    m.eval()
    if dtype != torch.float32:
        m = m.to(dtype)
    cuda = device.type == "cuda"

    def sync():
        if cuda:
            torch.cuda.synchronize(device)

    def run(x):
        if a.kind == "image":
            x = x.to(device=device, dtype=dtype)
        else:
            x = x.to(device)
        return m(x).float().cpu()

    if a.kind == "image":
        inputs = [torch.full((batch, 3, a.size, a.size), 0.5)]
    else:
        vocab = load_vocab(a.vocab)
        with open(a.texts, encoding="utf-8") as f:
            inputs = [text_ids(t.strip(), vocab) for t in f if t.strip()]
    sample_rate = int(getattr(m, "sample_rate", 0) or 0)
    with torch.inference_mode():
        for i in range(a.warmup):
            run(inputs[i % len(inputs)])
        audio = 0.0
        sync()
        t0 = time.perf_counter()
        times = []
        for i in range(a.iters):
            t_i = time.perf_counter()
            y = run(inputs[i % len(inputs)])
            sync()
            times.append(time.perf_counter() - t_i)
            if a.kind == "tts":
                audio += y.numel() / sample_rate
        sync()
        wall = time.perf_counter() - t0
    out = {"iters": a.iters, "wall_s": wall, "mean_ms": 1000 * wall / a.iters,
           "rps": a.iters / wall, "device": str(device), "precision": precision,
           "batch": batch, "torch": torch.__version__,
           "p50_ms": 1000 * statistics.median(times)}
    if a.kind == "image":
        out["ips"] = a.iters * batch / wall
    else:
        out["asps"] = audio / wall
        out["audio_s"] = audio
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["image", "tts"])
    p.add_argument("model")
    p.add_argument("--batch", default="1", help="a batch size or a list: 1,32,256")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--texts")
    p.add_argument("--vocab")
    p.add_argument("--iters", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--precision", default="fp32", help="fp32, fp16, bf16 or a list")
    p.add_argument("--out-dir", help="also write DIR/python_<precision>_b<batch>.json")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    batches = [int(b) for b in a.batch.split(",")]
    precisions = a.precision.split(",")
    bad = [x for x in precisions if x not in DTYPES]
    if bad:
        p.error("--precision: %s is not fp32, fp16 or bf16" % ",".join(bad))
    device = torch.device(a.device)
    for precision in precisions:
        for batch in batches:
            out = measure(a, a.model, device, precision, batch)
            line = json.dumps(out)
            print(line, flush=True)
            if a.out_dir:
                with open(os.path.join(a.out_dir, "python_%s_b%d.json" % (precision, batch)), "w") as f:
                    f.write(line + "\n")


if __name__ == "__main__":
    main()
