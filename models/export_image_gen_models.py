#!/usr/bin/env python3
"""Export ltbench's default image-generation models as TorchScript files.

    export_image_gen_models.py --out DIR [--only dcgan,ldm_small] [--force]

Two models, both fully convolutional so one file serves any image size (a multiple of the
model's scale), with seeded random weights (the compute cost is the real one; the images
are textures, not pictures):

- dcgan: a DCGAN-style generator (transposed convolutions, BatchNorm, ReLU, tanh), one
  forward per image. Contract:
      forward(z: float[N, z_channels, H/z_scale, W/z_scale]) -> float[N,3,H,W] in [0,1]
  attributes steps = 1, z_channels, z_scale.
- ldm_small: a latent-diffusion pipeline in the shape of Stable Diffusion, scaled down: a
  character-level text encoder (embedding, learned positions, 2 pre-LN Transformer
  blocks), a UNet denoiser on 4-channel latents at 1/8 of the image resolution (ResNet
  blocks with a timestep embedding, cross-attention to the text at 1/2 and 1/4 of the
  latent resolution, self-attention at 1/4), a DDIM scheduler (scaled-linear betas, 1000
  training steps) with classifier-free guidance, and a convolutional decoder from latents
  to RGB (x8). The harness runs the step loop itself:
      encode_prompt(ids: int64[2N, context_length]) -> float[2N, L, text_dim]
          rows 0..N-1 the prompts, rows N..2N-1 the negative prompts (padded with id 0)
      denoise_step(latents: float[N,4,h,w], t: int64[1], t_prev: int64[1],
                   text: float[2N, L, text_dim], guidance: float[1]) -> float[N,4,h,w]
          one DDIM step (eta 0). guidance > 1: ONE UNet call on a batch of 2N (latents
          twice; prompt rows, then negative rows) and eps = eps_neg + g (eps_prompt -
          eps_neg); guidance <= 1: one call on the N prompt rows only (as diffusers)
      decode(latents: float[N,4,h,w]) -> float[N,3,8h,8w] in [0,1]
      forward(z: float[N,4,h,w]) -> float[N,3,8h,8w]: the whole pipeline, unconditional
          (empty prompt, guidance 1, `steps` steps), so the generic contract holds too
  attributes steps (default step count), guidance_scale, latent_channels, latent_scale,
  context_length, text_dim, num_train_timesteps.
  Timesteps for S steps (DDIM "leading" spacing, steps_offset 1, as Stable Diffusion's
  scheduler config): ratio = 1000 // S; step i (0-based) uses t = (S-1-i)*ratio + 1 and
  t_prev = t - ratio (t_prev < 0 means alpha_prev = 1).

Writes, per model, DIR/<name>.pt (scripted, unfrozen, CPU, fp32) and DIR/<name>.json (the
sidecar), plus DIR/gen_vocab.txt (the character vocabulary of ldm_small: line number = id,
`<pad>`, `<unk>`, `<space>` named). A model whose .pt and .json exist and whose sidecar
records this torch version and this script's sha256 is skipped unless --force. Same
script, same torch: byte-identical files. Run with an interpreter that has torch
(scripts/find-python prints one); works with torch 1.13 and 2.x.
"""

import json
import math
import os
import sys
import time
from typing import List

# TorchScript writes a module's constants in set order, which follows Python's string hash:
# fix the hash seed so the same weights give the same .pt bytes on every run.
if os.environ.get("PYTHONHASHSEED") != "0" and sys.executable:
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402 (after the re-exec above)
from torch import Tensor, nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import export_common  # noqa: E402
from export_common import write_atomic  # noqa: E402

# Character vocabulary of the text encoder: line number in gen_vocab.txt = id.
PAD, UNK = "<pad>", "<unk>"
VOCAB: List[str] = ([PAD, UNK, " "] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
                    + [str(d) for d in range(10)] + list(".,;:!?'\"-()&/+"))
LOWERCASE = True
VOCAB_FILE = "gen_vocab.txt"
TEXT_RULE = ("map ASCII A-Z to a-z, then look each character up in vocab_file (line "
             "number = id; the line '<space>' is ' '); any other character, a UTF-8 "
             "multi-byte sequence counting as one, is id 1 (<unk>); keep the first "
             "context_length ids and pad with id 0 (<pad>) to context_length")
CONTEXT_LENGTH = 128
NUM_TRAIN_TIMESTEPS = 1000
BETA_START, BETA_END = 0.00085, 0.012       # Stable Diffusion's scaled-linear schedule
DEFAULT_STEPS = 20
DEFAULT_GUIDANCE = 7.5
LATENT_CHANNELS, LATENT_SCALE = 4, 8
CALIB_SIZE = 64                              # image size of calibration and checks

SIZES = {
    "dcgan": dict(kind="gan", z_channels=64, widths=(128, 64, 32), seed=2001),
    "ldm_small": dict(kind="diffusion", text_dim=128, text_layers=2, heads=4, c0=64, c1=128,
                      temb=256, dec=(64, 32, 16, 8), seed=2002),
}


def text_to_ids(text: str) -> List[int]:
    """The rule TEXT_RULE describes; the C harness implements the same."""
    index = {c: i for i, c in enumerate(VOCAB)}
    if LOWERCASE:
        text = "".join(c.lower() if "A" <= c <= "Z" else c for c in text)
    ids = [index.get(c, 1) for c in text][:CONTEXT_LENGTH]
    return ids + [0] * (CONTEXT_LENGTH - len(ids))


def ddim_timesteps(steps: int) -> List[List[int]]:
    """[t, t_prev] of each step, the rule of the module docstring."""
    ratio = NUM_TRAIN_TIMESTEPS // steps
    return [[(steps - 1 - i) * ratio + 1, (steps - 1 - i) * ratio + 1 - ratio]
            for i in range(steps)]


def alphas_cumprod() -> List[float]:
    """Cumulative products of 1 - beta, scaled-linear betas, in double precision."""
    betas = torch.linspace(BETA_START ** 0.5, BETA_END ** 0.5, NUM_TRAIN_TIMESTEPS,
                           dtype=torch.float64) ** 2
    return torch.cumprod(1.0 - betas, dim=0).tolist()


def groups(c: int) -> int:
    return min(32, max(1, c // 4))


# ---------------------------------------------------------------------------------------
# DCGAN-style generator

class DCGAN(nn.Module):
    """Four x2 transposed convolutions (kernel 4, stride 2, padding 1) from a spatial z at
    1/16 of the image: BatchNorm + ReLU between them, tanh at the end, mapped to [0,1]."""

    def __init__(self, z_channels: int, widths: List[int]):
        super().__init__()
        self.steps = 1
        self.z_channels = z_channels
        self.z_scale = 16
        layers: List[nn.Module] = []
        cin = z_channels
        for w in widths:
            layers += [nn.ConvTranspose2d(cin, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w),
                       nn.ReLU(inplace=True)]
            cin = w
        layers.append(nn.ConvTranspose2d(cin, 3, 4, 2, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, z: Tensor) -> Tensor:
        return (torch.tanh(self.net(z)) + 1.0) * 0.5


# ---------------------------------------------------------------------------------------
# Latent diffusion: text encoder, UNet, decoder

class Attention(nn.Module):
    """Multi-head attention of queries [B, Tq, dq] over keys/values [B, Tk, dkv]."""

    def __init__(self, dq: int, dkv: int, heads: int):
        super().__init__()
        self.heads = heads
        self.head_dim = dq // heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.q = nn.Linear(dq, dq, bias=False)
        self.k = nn.Linear(dkv, dq, bias=False)
        self.v = nn.Linear(dkv, dq, bias=False)
        self.out = nn.Linear(dq, dq)

    def forward(self, x: Tensor, ctx: Tensor) -> Tensor:
        b, tq, tk = x.size(0), x.size(1), ctx.size(1)
        q = self.q(x).view(b, tq, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(ctx).view(b, tk, self.heads, self.head_dim).transpose(1, 2)
        v = self.v(ctx).view(b, tk, self.heads, self.head_dim).transpose(1, 2)
        att = torch.softmax(torch.matmul(q, k.transpose(2, 3)) * self.scale, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, tq, self.heads * self.head_dim)
        return self.out(y)


class FeedForward(nn.Module):
    def __init__(self, d: int):
        super().__init__()
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class TextBlock(nn.Module):
    """Pre-LN Transformer block (CLIP's text encoder layout, without the causal mask)."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = Attention(d, d, heads)
        self.ln2 = nn.LayerNorm(d)
        self.ff = FeedForward(d)

    def forward(self, x: Tensor) -> Tensor:
        h = self.ln1(x)
        x = x + self.attn(h, h)
        return x + self.ff(self.ln2(x))


class TextEncoder(nn.Module):
    def __init__(self, d: int, layers: int, heads: int):
        super().__init__()
        self.embed = nn.Embedding(len(VOCAB), d)
        self.pos = nn.Parameter(torch.randn(CONTEXT_LENGTH, d) * 0.02)
        self.blocks = nn.ModuleList([TextBlock(d, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(d)

    def forward(self, ids: Tensor) -> Tensor:        # int64 [B, L] -> [B, L, d]
        h = self.embed(ids) + self.pos[: ids.size(1)].unsqueeze(0).to(self.embed.weight.dtype)
        for block in self.blocks:
            h = block(h)
        return self.ln(h)


def timestep_embedding(t: Tensor, dim: int) -> Tensor:
    """Sinusoidal embedding [B, dim] of integer timesteps t [B] (cos half, sin half)."""
    half = dim // 2
    freqs = torch.exp(torch.arange(half, dtype=torch.float32, device=t.device)
                      * (-math.log(10000.0) / half))
    args = t.to(torch.float32).unsqueeze(1) * freqs.unsqueeze(0)
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


class ResBlock(nn.Module):
    """GroupNorm, SiLU, conv 3x3, + timestep projection, GroupNorm, SiLU, conv 3x3; residual
    (1x1 conv when the width changes)."""

    def __init__(self, cin: int, cout: int, temb: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups(cin), cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.temb = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(groups(cout), cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x: Tensor, temb: Tensor) -> Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.temb(F.silu(temb)).unsqueeze(2).unsqueeze(3)
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class PlainResBlock(nn.Module):
    """The decoder's residual block: ResBlock without the timestep."""

    def __init__(self, c: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups(c), c)
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.norm2 = nn.GroupNorm(groups(c), c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        return x + self.conv2(F.silu(self.norm2(h)))


class SpatialAttention(nn.Module):
    """A Transformer block over the pixels of a feature map: self-attention (optional),
    cross-attention to the text, feed-forward; 1x1 convs in and out, residual."""

    def __init__(self, c: int, text_dim: int, heads: int, self_attention: bool):
        super().__init__()
        self.self_attention = self_attention
        self.norm = nn.GroupNorm(groups(c), c)
        self.proj_in = nn.Conv2d(c, c, 1)
        self.ln0 = nn.LayerNorm(c)
        self.attn0 = Attention(c, c, heads)
        self.ln1 = nn.LayerNorm(c)
        self.cross = Attention(c, text_dim, heads)
        self.ln2 = nn.LayerNorm(c)
        self.ff = FeedForward(c)
        self.proj_out = nn.Conv2d(c, c, 1)

    def forward(self, x: Tensor, text: Tensor) -> Tensor:
        b, c, h, w = x.size(0), x.size(1), x.size(2), x.size(3)
        y = self.proj_in(self.norm(x)).flatten(2).transpose(1, 2)     # [B, HW, C]
        if self.self_attention:
            z = self.ln0(y)
            y = y + self.attn0(z, z)
        y = y + self.cross(self.ln1(y), text)
        y = y + self.ff(self.ln2(y))
        return x + self.proj_out(y.transpose(1, 2).reshape(b, c, h, w))


class UNet(nn.Module):
    """Two resolution levels and a middle: latent h -> h/2 -> h/4 and back, skips by
    concatenation; text enters by cross-attention at h/2 and h/4."""

    def __init__(self, c0: int, c1: int, temb: int, text_dim: int, heads: int):
        super().__init__()
        self.c0 = c0
        self.time_mlp = nn.Sequential(nn.Linear(c0, temb), nn.SiLU(), nn.Linear(temb, temb))
        self.conv_in = nn.Conv2d(LATENT_CHANNELS, c0, 3, padding=1)
        self.down0 = ResBlock(c0, c0, temb)
        self.downsample0 = nn.Conv2d(c0, c0, 3, stride=2, padding=1)
        self.down1 = ResBlock(c0, c1, temb)
        self.down1_attn = SpatialAttention(c1, text_dim, heads, False)
        self.downsample1 = nn.Conv2d(c1, c1, 3, stride=2, padding=1)
        self.mid1 = ResBlock(c1, c1, temb)
        self.mid_attn = SpatialAttention(c1, text_dim, heads, True)
        self.mid2 = ResBlock(c1, c1, temb)
        self.upsample1 = nn.Conv2d(c1, c1, 3, padding=1)
        self.up1 = ResBlock(2 * c1, c1, temb)
        self.up1_attn = SpatialAttention(c1, text_dim, heads, False)
        self.upsample0 = nn.Conv2d(c1, c1, 3, padding=1)
        self.up0 = ResBlock(c1 + c0, c0, temb)
        self.norm_out = nn.GroupNorm(groups(c0), c0)
        self.conv_out = nn.Conv2d(c0, LATENT_CHANNELS, 3, padding=1)

    def forward(self, x: Tensor, t: Tensor, text: Tensor) -> Tensor:
        temb = self.time_mlp(timestep_embedding(t, self.c0).to(x.dtype))
        h0 = self.down0(self.conv_in(x), temb)
        h1 = self.down1_attn(self.down1(self.downsample0(h0), temb), text)
        m = self.mid1(self.downsample1(h1), temb)
        m = self.mid2(self.mid_attn(m, text), temb)
        u = self.upsample1(F.interpolate(m, size=[h1.size(2), h1.size(3)], mode="nearest"))
        u = self.up1_attn(self.up1(torch.cat([u, h1], 1), temb), text)
        u = self.upsample0(F.interpolate(u, size=[h0.size(2), h0.size(3)], mode="nearest"))
        u = self.up0(torch.cat([u, h0], 1), temb)
        return self.conv_out(F.silu(self.norm_out(u)))


class DecoderStage(nn.Module):
    """A residual block, then nearest x2 upsampling and a conv 3x3 to the next width."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.block = PlainResBlock(cin)
        self.up = nn.Conv2d(cin, cout, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        return self.up(F.interpolate(self.block(x), scale_factor=2.0, mode="nearest"))


class Decoder(nn.Module):
    """Latents [N,4,h,w] -> RGB [N,3,8h,8w] in [0,1]: conv in, three stages (a residual
    block at h, 2h and 4h, each followed by x2 upsampling and a conv that narrows the
    width), GroupNorm, SiLU and the output conv at 8h."""

    def __init__(self, widths: List[int]):
        super().__init__()
        self.conv_in = nn.Conv2d(LATENT_CHANNELS, widths[0], 3, padding=1)
        self.stages = nn.ModuleList([DecoderStage(widths[i], widths[i + 1]) for i in range(3)])
        self.norm_out = nn.GroupNorm(groups(widths[3]), widths[3])
        self.conv_out = nn.Conv2d(widths[3], 3, 3, padding=1)

    def pre_tanh(self, z: Tensor) -> Tensor:
        x = self.conv_in(z)
        for stage in self.stages:
            x = stage(x)
        return self.conv_out(F.silu(self.norm_out(x)))

    def forward(self, z: Tensor) -> Tensor:
        return (torch.tanh(self.pre_tanh(z)) + 1.0) * 0.5


class LatentDiffusion(nn.Module):
    """The pipeline's TorchScript contract: see the module docstring and models/README.md."""

    def __init__(self, text: TextEncoder, unet: UNet, decoder: Decoder, text_dim: int):
        super().__init__()
        self.steps = DEFAULT_STEPS
        self.guidance_scale = DEFAULT_GUIDANCE
        self.latent_channels = LATENT_CHANNELS
        self.latent_scale = LATENT_SCALE
        self.context_length = CONTEXT_LENGTH
        self.text_dim = text_dim
        self.num_train_timesteps = NUM_TRAIN_TIMESTEPS
        self.text = text
        self.unet = unet
        self.decoder = decoder
        # A list of Python floats, not a buffer: casting the module to fp16/bf16 leaves the
        # scheduler's arithmetic in double precision.
        self.alphas_cumprod: List[float] = alphas_cumprod()

    @torch.jit.export
    def encode_prompt(self, ids: Tensor) -> Tensor:
        return self.text(ids)

    @torch.jit.export
    def denoise_step(self, latents: Tensor, t: Tensor, t_prev: Tensor, text: Tensor,
                     guidance: Tensor) -> Tensor:
        n = latents.size(0)
        g = float(guidance.reshape(-1)[0].item())
        step = t.reshape(-1)[:1]
        if g > 1.0:
            eps2 = self.unet(torch.cat([latents, latents], 0), step.expand(2 * n),
                             text[: 2 * n].to(latents.dtype))
            eps_prompt, eps_neg = eps2[:n], eps2[n:]
            eps = eps_neg + g * (eps_prompt - eps_neg)
        else:
            eps = self.unet(latents, step.expand(n), text[:n].to(latents.dtype))
        a_t = self.alphas_cumprod[int(step[0].item())]
        prev = int(t_prev.reshape(-1)[0].item())
        a_prev = self.alphas_cumprod[prev] if prev >= 0 else 1.0
        x = latents.to(torch.float32)
        e = eps.to(torch.float32)
        x0 = (x - math.sqrt(1.0 - a_t) * e) / math.sqrt(a_t)
        return (math.sqrt(a_prev) * x0 + math.sqrt(1.0 - a_prev) * e).to(latents.dtype)

    @torch.jit.export
    def decode(self, latents: Tensor) -> Tensor:
        return self.decoder(latents)

    def forward(self, z: Tensor) -> Tensor:
        n = z.size(0)
        ids = torch.zeros(2 * n, self.context_length, dtype=torch.long, device=z.device)
        text = self.encode_prompt(ids)
        ratio = self.num_train_timesteps // self.steps
        one = torch.ones(1, dtype=z.dtype, device=z.device)
        x = z
        for i in range(self.steps):
            t = (self.steps - 1 - i) * ratio + 1
            x = self.denoise_step(x, torch.tensor([t], device=z.device),
                                  torch.tensor([t - ratio], device=z.device), text, one)
        return self.decode(x)


# ---------------------------------------------------------------------------------------
# Building, calibrating, checking

def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def seeded_normal(shape: List[int], seed: int) -> Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


@torch.no_grad()
def calibrate_gan(model: DCGAN) -> None:
    """BatchNorm running statistics measured on seeded z (cumulative average of 4 train-mode
    passes at the calibration size), then the output conv scaled so the pre-tanh values
    have std 1: images use the [0,1] range without saturating."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    side = CALIB_SIZE // model.z_scale
    for i in range(4):
        model(seeded_normal([4, model.z_channels, side, side], 100 + i))
    model.eval()
    last = model.net[-1]
    x = seeded_normal([4, model.z_channels, side, side], 200)
    y = model.net(x)
    last.weight.mul_(1.0 / y.std())
    last.bias.sub_(model.net(x).mean(dim=[0, 2, 3]))


@torch.no_grad()
def calibrate_diffusion(model: LatentDiffusion) -> None:
    """UNet output (the predicted noise) scaled to std 1 on seeded latents, timesteps and
    prompts; decoder output scaled so pre-tanh values have std 1 and mean 0 on seeded
    latents."""
    side = CALIB_SIZE // LATENT_SCALE
    x = seeded_normal([4, LATENT_CHANNELS, side, side], 300)
    ids = torch.tensor([text_to_ids(p) for p in CHECK_PROMPTS], dtype=torch.long)
    text = model.text(ids)
    t = torch.tensor([1, 250, 500, 981])
    eps = model.unet(x, t, text)
    model.unet.conv_out.weight.mul_(1.0 / eps.std())
    model.unet.conv_out.bias.sub_(model.unet(x, t, text).mean(dim=[0, 2, 3]))
    dec = model.decoder
    y = dec.pre_tanh(x)
    dec.conv_out.weight.mul_(1.0 / y.std())
    dec.conv_out.bias.sub_(dec.pre_tanh(x).mean(dim=[0, 2, 3]))


CHECK_PROMPTS = [
    "A serene mountain landscape at sunrise, oil painting",
    "A futuristic city skyline at night, neon lights, highly detailed",
    "A portrait of an old fisherman, dramatic lighting",
    "",
]


def check_image(img: Tensor, n: int, size: int) -> None:
    assert img.shape == (n, 3, size, size), img.shape
    assert bool(torch.isfinite(img).all()), "image not finite"
    assert float(img.min()) >= 0.0 and float(img.max()) <= 1.0
    assert float(img.std()) > 0.01, "flat image"


@torch.no_grad()
def check(name: str, scripted: torch.jit.ScriptModule) -> None:
    """The contract on the scripted module at the calibration size and an odd one."""
    if SIZES[name]["kind"] == "gan":
        for size in (CALIB_SIZE, 48):
            z = seeded_normal([2, scripted.z_channels, size // 16, size // 16], 400)
            check_image(scripted(z), 2, size)
        return
    for size in (CALIB_SIZE, 40):
        side = size // LATENT_SCALE
        n = 2
        ids = torch.tensor([text_to_ids(p) for p in CHECK_PROMPTS[:n]]
                           + [text_to_ids("")] * n, dtype=torch.long)
        text = scripted.encode_prompt(ids)
        assert text.shape == (2 * n, CONTEXT_LENGTH, scripted.text_dim), text.shape
        x = seeded_normal([n, LATENT_CHANNELS, side, side], 500)
        for g in (DEFAULT_GUIDANCE, 1.0):
            y = x
            for t, t_prev in ddim_timesteps(4):
                y = scripted.denoise_step(y, torch.tensor([t]), torch.tensor([t_prev]), text,
                                          torch.tensor([g]))
                assert y.shape == x.shape and bool(torch.isfinite(y).all())
            img = scripted.decode(y)
            check_image(img, n, size)
        a = scripted.decode(y)
        assert torch.equal(a, img), "decode is not deterministic"
    check_image(scripted(seeded_normal([1, LATENT_CHANNELS, 4, 4], 600)), 1, 32)


def build(name: str) -> nn.Module:
    cfg = SIZES[name]
    torch.manual_seed(cfg["seed"])
    if cfg["kind"] == "gan":
        model = DCGAN(cfg["z_channels"], list(cfg["widths"]))
        calibrate_gan(model)
        return model.eval()
    text = TextEncoder(cfg["text_dim"], cfg["text_layers"], cfg["heads"])
    unet = UNet(cfg["c0"], cfg["c1"], cfg["temb"], cfg["text_dim"], cfg["heads"])
    decoder = Decoder(list(cfg["dec"]))
    model = LatentDiffusion(text, unet, decoder, cfg["text_dim"]).eval()
    calibrate_diffusion(model)
    return model


def sidecar(name: str, model: nn.Module, sha: str) -> dict:
    cfg = SIZES[name]
    meta = {"name": name, "task": "image_generation", "kind": cfg["kind"]}
    if cfg["kind"] == "gan":
        meta.update({
            "contract": "forward(z: float[N,z_channels,H/z_scale,W/z_scale]) -> float[N,3,H,W] in [0,1]",
            "steps": 1, "z_channels": cfg["z_channels"], "z_scale": 16,
            "params": n_params(model),
        })
    else:
        meta.update({
            "contract": "encode_prompt(ids int64[2N,L]) -> [2N,L,D]; denoise_step(latents "
                        "[N,4,h,w], t int64[1], t_prev int64[1], text [2N,L,D], guidance [1]) "
                        "-> [N,4,h,w]; decode(latents) -> [N,3,8h,8w] in [0,1]; forward(z) "
                        "-> [N,3,8h,8w] (unconditional)",
            "steps": DEFAULT_STEPS, "guidance_scale": DEFAULT_GUIDANCE,
            "latent_channels": LATENT_CHANNELS, "latent_scale": LATENT_SCALE,
            "context_length": CONTEXT_LENGTH, "text_dim": cfg["text_dim"],
            "vocab_file": VOCAB_FILE, "lowercase": LOWERCASE, "pad_id": 0, "unk_id": 1,
            "text_rule": TEXT_RULE,
            "scheduler": "DDIM (eta 0), scaled-linear betas %g..%g, %d training steps"
                         % (BETA_START, BETA_END, NUM_TRAIN_TIMESTEPS),
            "timesteps_rule": "ratio = 1000 // steps; step i: t = (steps-1-i)*ratio + 1, "
                              "t_prev = t - ratio (< 0: alpha_prev = 1)",
            "guidance_rule": "guidance > 1: one UNet call on 2N rows (prompts, then negative "
                             "prompts), eps = eps_neg + g (eps_prompt - eps_neg); else N rows",
            "params_text_encoder": n_params(model.text),
            "params_unet": n_params(model.unet),
            "params_decoder": n_params(model.decoder),
        })
    meta.update({
        "seed": cfg["seed"],
        "weights": "seeded random (compute cost real; images are textures, not pictures)",
        "torch_version": torch.__version__,
        "script_sha256": sha,
        "exported_by": "models/export_image_gen_models.py",
    })
    return meta


def export(out: str, name: str, sha: str) -> None:
    start = time.perf_counter()
    with torch.no_grad():
        model = build(name)
        scripted = torch.jit.script(model)
        check(name, scripted)
    pt = os.path.join(out, name + ".pt")
    tmp = "%s.tmp%d" % (pt, os.getpid())
    torch.jit.save(scripted, tmp)
    os.replace(tmp, pt)
    write_atomic(os.path.join(out, name + ".json"),
                 (json.dumps(sidecar(name, model, sha), indent=2) + "\n").encode())
    print("wrote %s: %.2f M params, %.1f s"
          % (pt, n_params(model) / 1e6, time.perf_counter() - start))


def main() -> int:
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    return export_common.main("Export ltbench's image-generation models.", list(SIZES),
                              torch.__version__, __file__, export, VOCAB_FILE, VOCAB,
                              "image generation models")


if __name__ == "__main__":
    sys.exit(main())
