#!/usr/bin/env python3
"""Export decoder-only transformers for `ltbench llm` as TorchScript (issue #23).

    export_llm_models.py --out DIR [--only gpt2_tiny,llama_tiny,gpt2_small] [--force]

Two published layouts with SEEDED RANDOM weights (torch.manual_seed; the compute cost is
the real one, the tokens they produce mean nothing):
  gpt2_tiny    GPT-2's layout (learned positions, pre-LayerNorm, GELU MLP, multi-head
               attention, tied embedding) at d=256, 4 layers, 4 heads, vocab 4096
  llama_tiny   a Llama layout (RMSNorm, rotary embeddings, grouped-query attention with
               8 query and 2 key/value heads, SwiGLU MLP, untied head) at d=256, 4 layers,
               vocab 4096
  gpt2_small   on demand (--only gpt2_small): GPT-2 small's published shape (d=768,
               12 layers, 12 heads, vocab 50257, 1024 positions; 124 M parameters)
The default export (the first two) takes seconds and writes a few MB.

The contract `ltbench llm` runs (README.md "ltbench llm"):
  prefill(ids: int64[B,T]) -> (logits float[B,V] of the last position, cache)
  decode(ids: int64[B,1], cache, pos: int) -> (logits float[B,V], cache)
  attributes vocab_size: int, max_seq_len: int
The cache is one tensor [layers, 2, B, kv_heads, max_seq_len, head_dim] that prefill
allocates and decode writes in place at `pos` (the position of ids): ltbench only passes
it back. Sampling (greedy or seeded) happens in C, outside the model.

Each model's sidecar DIR/<name>.json has task "llm", the contract, vocab_size,
max_seq_len, the layout and a byte-level tokenizer: token id = byte value (0..255), BOS
= 256 (`ltbench llm --prompts FILE` tokenises text with it). Before saving, the script
checks that decoding with the cache equals a full recompute (prefill of the longer
sequence) within 1e-3; tests/reference/llm_reference.py asserts the same.
A model whose .pt and .json record this torch version and this script's sha256 is
skipped unless --force.
"""

import os
import sys

# TorchScript writes a module's constants in set order, which follows Python's string hash.
if os.environ.get("PYTHONHASHSEED") != "0" and sys.executable:
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402
from typing import Dict, List, Tuple  # noqa: E402

import torch  # noqa: E402
from torch import Tensor, nn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_common  # noqa: E402

BOS_ID = 256

CONFIGS: Dict[str, dict] = {
    "gpt2_tiny": dict(layout="gpt2", d=256, layers=4, heads=4, kv_heads=4, ffn=1024,
                      vocab=4096, max_seq_len=1024, seed=23),
    "llama_tiny": dict(layout="llama", d=256, layers=4, heads=8, kv_heads=2, ffn=688,
                       vocab=4096, max_seq_len=1024, seed=24),
    "gpt2_small": dict(layout="gpt2", d=768, layers=12, heads=12, kv_heads=12, ffn=3072,
                       vocab=50257, max_seq_len=1024, seed=25),
}
DEFAULT = ["gpt2_tiny", "llama_tiny"]


class RMSNorm(nn.Module):
    def __init__(self, d: int, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x: Tensor) -> Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x: Tensor) -> Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Attention(nn.Module):
    """Causal self-attention over the model's cache (multi-head when kv_heads == heads,
    grouped-query otherwise), rotary embeddings when rotary is set."""

    def __init__(self, d: int, heads: int, kv_heads: int, max_seq_len: int, rotary: bool,
                 bias: bool):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, d // heads
        self.rotary = rotary
        self.q = nn.Linear(d, heads * self.head_dim, bias=bias)
        self.k = nn.Linear(d, kv_heads * self.head_dim, bias=bias)
        self.v = nn.Linear(d, kv_heads * self.head_dim, bias=bias)
        self.o = nn.Linear(heads * self.head_dim, d, bias=bias)
        inv = 1.0 / (10000.0 ** (torch.arange(0, self.head_dim, 2).float() / self.head_dim))
        ang = torch.outer(torch.arange(max_seq_len).float(), inv)
        ang = torch.cat((ang, ang), dim=-1)
        self.register_buffer("cos", ang.cos(), persistent=True)
        self.register_buffer("sin", ang.sin(), persistent=True)

    def forward(self, x: Tensor, cache: Tensor, layer: int, pos: int) -> Tensor:
        B, T, _ = x.shape
        q = self.q(x).view(B, T, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(x).view(B, T, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v(x).view(B, T, self.kv_heads, self.head_dim).transpose(1, 2)
        if self.rotary:
            cos = self.cos[pos:pos + T].to(q.dtype)
            sin = self.sin[pos:pos + T].to(q.dtype)
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
        cache[layer, 0, :, :, pos:pos + T] = k.to(cache.dtype)
        cache[layer, 1, :, :, pos:pos + T] = v.to(cache.dtype)
        keys = cache[layer, 0, :, :, :pos + T]
        values = cache[layer, 1, :, :, :pos + T]
        if self.kv_heads != self.heads:
            keys = keys.repeat_interleave(self.heads // self.kv_heads, dim=1)
            values = values.repeat_interleave(self.heads // self.kv_heads, dim=1)
        scores = torch.matmul(q, keys.transpose(-1, -2)) / math.sqrt(self.head_dim)
        kpos = torch.arange(pos + T, device=x.device)
        qpos = torch.arange(pos, pos + T, device=x.device)
        mask = kpos.unsqueeze(0) > qpos.unsqueeze(1)
        scores = scores.masked_fill(mask, float("-inf"))
        out = torch.matmul(torch.softmax(scores.float(), dim=-1).to(values.dtype), values)
        return self.o(out.transpose(1, 2).reshape(B, T, self.heads * self.head_dim))


class GPT2Block(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        self.ln1 = nn.LayerNorm(c["d"])
        self.attn = Attention(c["d"], c["heads"], c["kv_heads"], c["max_seq_len"], False, True)
        self.ln2 = nn.LayerNorm(c["d"])
        self.fc = nn.Linear(c["d"], c["ffn"])
        self.proj = nn.Linear(c["ffn"], c["d"])
        self.act = nn.GELU(approximate="tanh")

    def forward(self, x: Tensor, cache: Tensor, layer: int, pos: int) -> Tensor:
        x = x + self.attn(self.ln1(x), cache, layer, pos)
        return x + self.proj(self.act(self.fc(self.ln2(x))))


class LlamaBlock(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        self.norm1 = RMSNorm(c["d"])
        self.attn = Attention(c["d"], c["heads"], c["kv_heads"], c["max_seq_len"], True, False)
        self.norm2 = RMSNorm(c["d"])
        self.gate = nn.Linear(c["d"], c["ffn"], bias=False)
        self.up = nn.Linear(c["d"], c["ffn"], bias=False)
        self.down = nn.Linear(c["ffn"], c["d"], bias=False)

    def forward(self, x: Tensor, cache: Tensor, layer: int, pos: int) -> Tensor:
        x = x + self.attn(self.norm1(x), cache, layer, pos)
        h = self.norm2(x)
        return x + self.down(torch.nn.functional.silu(self.gate(h)) * self.up(h))


class DecoderLM(nn.Module):
    """The contract's prefill/decode around a stack of blocks."""
    vocab_size: int
    max_seq_len: int

    def __init__(self, c: dict):
        super().__init__()
        self.vocab_size = c["vocab"]
        self.max_seq_len = c["max_seq_len"]
        self.n_layers, self.kv_heads = c["layers"], c["kv_heads"]
        self.head_dim = c["d"] // c["heads"]
        self.learned_positions = c["layout"] == "gpt2"
        self.embed = nn.Embedding(c["vocab"], c["d"])
        self.positions = nn.Embedding(c["max_seq_len"] if self.learned_positions else 1, c["d"])
        block = GPT2Block if self.learned_positions else LlamaBlock
        self.blocks = nn.ModuleList([block(c) for _ in range(c["layers"])])
        self.norm = nn.LayerNorm(c["d"]) if self.learned_positions else RMSNorm(c["d"])
        self.head = nn.Linear(c["d"], c["vocab"], bias=False)
        if self.learned_positions:
            self.head.weight = self.embed.weight   # GPT-2 ties them
        # GPT-2's published init for its embeddings (std 0.02); the Llama layout's at std 1,
        # where its greedy tokens vary more (the weights are random either way)
        embed_std = 0.02 if self.learned_positions else 1.0
        for name, p in self.named_parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=embed_std if "embed" in name or "positions" in name
                                else 1.0 / math.sqrt(p.shape[1]))

    def run(self, ids: Tensor, cache: Tensor, pos: int) -> Tensor:
        x = self.embed(ids)
        if self.learned_positions:
            x = x + self.positions(torch.arange(pos, pos + ids.shape[1], device=ids.device))
        layer = 0
        for blk in self.blocks:
            x = blk(x, cache, layer, pos)
            layer += 1
        return self.head(self.norm(x[:, -1])).float()

    @torch.jit.export
    def prefill(self, ids: Tensor) -> Tuple[Tensor, Tensor]:
        B = ids.shape[0]
        dtype = self.embed.weight.dtype
        cache = torch.zeros(self.n_layers, 2, B, self.kv_heads, self.max_seq_len, self.head_dim,
                            dtype=dtype, device=ids.device)
        return self.run(ids, cache, 0), cache

    @torch.jit.export
    def decode(self, ids: Tensor, cache: Tensor, pos: int) -> Tuple[Tensor, Tensor]:
        return self.run(ids, cache, pos), cache

    def forward(self, ids: Tensor) -> Tensor:
        return self.prefill(ids)[0]


def check_cache(model: torch.jit.ScriptModule, vocab: int, steps: int = 6) -> float:
    """Largest |logits| difference between cached decoding and a full recompute."""
    g = torch.Generator().manual_seed(1)
    ids = torch.randint(0, vocab, (2, 5), generator=g)
    worst = 0.0
    with torch.inference_mode():
        logits, cache = model.prefill(ids)
        seq = ids
        for _ in range(steps):
            nxt = logits.argmax(-1, keepdim=True)
            logits, cache = model.decode(nxt, cache, seq.shape[1])
            seq = torch.cat((seq, nxt), dim=1)
            full, _ = model.prefill(seq)
            worst = max(worst, (full - logits).abs().max().item())
    return worst


def export(out: str, name: str, sha: str) -> None:
    c = CONFIGS[name]
    t0 = time.time()
    torch.manual_seed(c["seed"])
    model = DecoderLM(c).eval()
    scripted = torch.jit.script(model)
    params = sum(p.numel() for p in model.parameters())
    worst = check_cache(scripted, c["vocab"])
    if worst > 1e-3:
        raise SystemExit("%s: cached decoding differs from a full recompute by %g" % (name, worst))
    path = os.path.join(out, name + ".pt")
    tmp = path + ".tmp%d" % os.getpid()
    scripted.save(tmp)
    os.replace(tmp, path)
    meta = {
        "task": "llm",
        "layout": c["layout"],
        "contract": "prefill(ids: int64[B,T]) -> (logits float[B,V], cache); "
                    "decode(ids: int64[B,1], cache, pos: int) -> (logits float[B,V], cache)",
        "vocab_size": c["vocab"], "max_seq_len": c["max_seq_len"],
        "d_model": c["d"], "layers": c["layers"], "heads": c["heads"],
        "kv_heads": c["kv_heads"], "ffn": c["ffn"], "params": params,
        "tokenizer": {"type": "bytes", "bos_id": BOS_ID,
                      "note": "token id = UTF-8 byte value (0..255); BOS = 256"},
        "weights": "seeded random (torch.manual_seed(%d))" % c["seed"],
        "cache_check_max_abs_diff": worst,
        "torch_version": torch.__version__, "script_sha256": sha,
    }
    export_common.write_atomic(os.path.join(out, name + ".json"),
                               (json.dumps(meta, indent=2) + "\n").encode())
    print("wrote %s: %s layout, %.2f M parameters, cache check %.2g, %.1f s"
          % (path, c["layout"], params / 1e6, worst, time.time() - t0))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--only", default=",".join(DEFAULT),
                    help="comma-separated subset of %s" % ",".join(CONFIGS))
    ap.add_argument("--force", action="store_true", help="re-export even if up to date")
    args = ap.parse_args()
    names: List[str] = [n.strip() for n in args.only.split(",") if n.strip()]
    bad = [n for n in names if n not in CONFIGS]
    if bad or not names:
        ap.error("--only: unknown model %s (choose from %s)"
                 % (",".join(bad) or "''", ",".join(CONFIGS)))
    os.makedirs(args.out, exist_ok=True)
    sha = export_common.script_sha256(__file__)
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    wrote = False
    for name in names:
        if args.force or not export_common.up_to_date(args.out, name, torch.__version__, sha):
            export(args.out, name, sha)
            wrote = True
    if not wrote:
        print("llm models up to date in %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
