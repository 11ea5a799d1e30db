#!/usr/bin/env python3
"""Independent reference for ltbench's image-generation path: the same image, made in
Python torch, compared with the PNG ltbench saved.

    generate_reference.py --model M.pt --png prompt_0.png [--prompt TEXT] [--negative TEXT]
                          [--vocab FILE] [--width 64] [--height 64] [--steps 3]
                          [--guidance G] [--seed 42] [--stream 0] [--threads 1]

Prints one line of JSON: {"kind": "diffusion"|"one-forward", "pixels": N, "max_diff": M,
"mean_diff": D, "mismatched": K}: M is the largest difference in 8-bit levels between the
PNG and this script's image, D the mean, K the values that differ at all.

Written from the documented contract (models/README.md), not from the C sources:
  1. noise: xorshift64 (x ^= x << 13; x ^= x >> 7; x ^= x << 17 on 64 bits) from state
     seed * 0x9E3779B97F4A7C15 + stream (0 becomes 0x2545F4914F6CDD1D); per pair of
     draws u1 = ((x1 >> 11) + 1) / 2^53, u2 = (x2 >> 11) / 2^53, r = sqrt(-2 ln u1),
     values r cos(2 pi u2), r sin(2 pi u2), in double, stored as float32;
  2. one forward (a model without denoise_step): image = forward(z), z [1, z_channels,
     H/z_scale, W/z_scale];
  3. diffusion: ids of the prompt and of the negative prompt (the vocabulary file: line
     number = id, "<space>" is " ", A-Z lowercased, other characters id 1, cut and padded
     with 0 to context_length); text = encode_prompt([prompt; negative]); latents = noise
     [1, latent_channels, H/latent_scale, W/latent_scale]; for i in 0..steps-1: ratio =
     num_train_timesteps // steps, t = (steps-1-i)*ratio + 1, t_prev = t - ratio,
     latents = denoise_step(latents, [t], [t_prev], text, [guidance]); image =
     decode(latents);
  4. 8-bit: round(255 v) clamped to 0..255.
Runs under torch.inference_mode with --threads intra-op threads. Works with torch 1.13
and 2.x.
"""

import argparse
import json
import math
import sys

import numpy as np
import torch
from PIL import Image

MASK = (1 << 64) - 1


def noise(n: int, seed: int, stream: int) -> torch.Tensor:
    state = (seed * 0x9E3779B97F4A7C15 + stream) & MASK
    if state == 0:
        state = 0x2545F4914F6CDD1D

    def draw() -> int:
        nonlocal state
        x = state
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        state = x
        return x

    out = []
    while len(out) < n:
        u1 = ((draw() >> 11) + 1) * 2.0 ** -53
        u2 = (draw() >> 11) * 2.0 ** -53
        r = math.sqrt(-2.0 * math.log(u1))
        out += [r * math.cos(2.0 * math.pi * u2), r * math.sin(2.0 * math.pi * u2)]
    return torch.tensor(out[:n], dtype=torch.float32)


def read_vocab(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    index = {}
    for i, line in enumerate(lines):
        if line == "<space>":
            index[" "] = i
        elif len(line) == 1:
            index[line] = i
    return index


def ids_of(text: str, index: dict, length: int) -> list:
    text = "".join(c.lower() if "A" <= c <= "Z" else c for c in text)
    ids = [index.get(c, 1) for c in text][:length]
    return ids + [0] * (length - len(ids))


def generate(m, a) -> torch.Tensor:
    if not hasattr(m, "denoise_step"):
        zc, zs = int(m.z_channels), int(m.z_scale)
        shape = [1, zc, a.height // zs, a.width // zs]
        return m(noise(math.prod(shape), a.seed, a.stream).reshape(shape))
    index = read_vocab(a.vocab)
    length = int(m.context_length)
    ids = torch.tensor([ids_of(a.prompt, index, length), ids_of(a.negative, index, length)],
                       dtype=torch.long)
    text = m.encode_prompt(ids)
    scale, channels = int(m.latent_scale), int(m.latent_channels)
    shape = [1, channels, a.height // scale, a.width // scale]
    latents = noise(math.prod(shape), a.seed, a.stream).reshape(shape)
    ratio = int(m.num_train_timesteps) // a.steps
    guidance = torch.tensor([a.guidance], dtype=torch.float32)
    for i in range(a.steps):
        t = (a.steps - 1 - i) * ratio + 1
        latents = m.denoise_step(latents, torch.tensor([t]), torch.tensor([t - ratio]), text,
                                 guidance)
    return m.decode(latents)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--png", required=True)
    ap.add_argument("--prompt", default="")
    ap.add_argument("--negative", default="")
    ap.add_argument("--vocab", default=None)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--height", type=int, default=64)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--guidance", type=float, default=7.5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--stream", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    m = torch.jit.load(a.model, map_location="cpu").eval()
    if a.vocab is None and hasattr(m, "denoise_step"):
        a.vocab = a.model[: -len(".pt")] + ".json"
        with open(a.vocab) as f:
            a.vocab = a.model[: a.model.rfind("/") + 1] + json.load(f)["vocab_file"]
    with torch.inference_mode():
        img = generate(m, a)[0]                                  # [3, H, W]
    ours = torch.round(img.clamp(0, 1) * 255.0).to(torch.int64).permute(1, 2, 0).numpy()
    theirs = np.asarray(Image.open(a.png).convert("RGB"), dtype=np.int64)
    if theirs.shape != ours.shape:
        print(json.dumps({"error": "PNG is %s, reference %s" % (theirs.shape, ours.shape)}))
        return 1
    diff = np.abs(ours - theirs)
    print(json.dumps({"kind": "diffusion" if hasattr(m, "denoise_step") else "one-forward",
                      "pixels": int(diff.size), "max_diff": int(diff.max()),
                      "mean_diff": float(diff.mean()), "mismatched": int((diff > 0).sum())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
