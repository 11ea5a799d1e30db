#!/usr/bin/env python3
"""Export ltbench's default TTS models as TorchScript files.

    export_tts_models.py --out DIR [--only tts_tiny,tts_small,tts_v1] [--force]

Each model is a FastSpeech2-style acoustic model (character embedding, sinusoidal
positions, FFT-block encoder, duration predictor, length regulator, FFT-block decoder,
linear projection to an 80-bin mel) followed by a HiFi-GAN V1 generator (upsampling
8,8,2,2; MRF resblocks of type 1, kernels 3,7,11, dilations 1,3,5). Weights are seeded
random: the compute cost is the real one, the audio is noise, not speech. See TTS.md.

Writes, per model, DIR/<name>.pt (a scripted, unfrozen module) and DIR/<name>.json (the
sidecar), plus DIR/tts_vocab.txt shared by all sizes. A model whose .pt and .json exist and
whose sidecar records this torch version and this script's sha256 is skipped unless
--force. Run with an interpreter that has torch (scripts/find-python prints one); works
with torch 1.13 and 2.x.
"""

import json
import math
import os
import sys
import time
import warnings
from typing import List

import torch
from torch import Tensor, nn
import torch.nn.functional as F

import export_common
from export_common import write_atomic

SAMPLE_RATE = 22050
HOP_LENGTH = 256
N_MELS = 80
MIN_FRAMES, MAX_FRAMES = 1, 20          # clamp on each character's duration, in mel frames
TARGET_FRAMES = 6.0                     # mean duration per character: ~14 chars/s of audio
LOG_DUR_STD = 0.25                      # spread of log-duration across characters
MEL_MEAN, MEL_STD = -5.0, 2.0           # log-mel range a real acoustic model produces
WAVE_STD = 0.3                          # pre-tanh waveform std after calibration

# Fixed character vocabulary: line number in tts_vocab.txt = id.
PAD, UNK = "<pad>", "<unk>"
VOCAB: List[str] = ([PAD, UNK, " "] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
                    + [str(d) for d in range(10)] + list(".,;:!?'\"-()"))
LOWERCASE = True
TEXT_RULE = ("map ASCII A-Z to a-z, then look each character up in vocab_file "
             "(line number = id; the line '<space>' is ' '); every other character, "
             "a UTF-8 multi-byte sequence counting as one, is id 1 (<unk>); id 0 (<pad>) "
             "is never produced from text")

CALIBRATION_TEXT = ("the quick brown fox jumps over the lazy dog, while 42 wizards "
                    "quietly box jackdaws; is that not odd? yes: \"very\" (mostly).")
CHECK_TEXTS = [
    "Hello world, this is a test of the text to speech benchmark.",
    "In 1998, the committee met twice; nobody agreed on anything!",
    "Streaming synthesis needs a vocoder that can work on chunks of mel frames.",
    "Why? Because latency-sensitive users hear the first word before the last one.",
]

SIZES = {
    # name: acoustic hidden, encoder/decoder FFT blocks, heads, conv filter; HiFi-GAN width
    "tts_tiny":  dict(hidden=64,  enc=1, dec=1, heads=2, filt=256,  channels=32,  seed=1001),
    "tts_small": dict(hidden=192, enc=2, dec=2, heads=2, filt=768,  channels=128, seed=1002),
    "tts_v1":    dict(hidden=256, enc=4, dec=4, heads=2, filt=1024, channels=512, seed=1003),
}


def text_to_ids(text: str) -> List[int]:
    """The rule TEXT_RULE describes; the C harness implements the same."""
    index = {c: i for i, c in enumerate(VOCAB)}
    if LOWERCASE:
        text = "".join(c.lower() if "A" <= c <= "Z" else c for c in text)
    return [index.get(c, 1) for c in text]


def sinusoid(n: int, d: int, device: torch.device, dtype: torch.dtype) -> Tensor:
    """Transformer positions [n, d]: sin on even channels, cos on odd."""
    pos = torch.arange(n, device=device, dtype=torch.float32).unsqueeze(1)
    freq = torch.exp(torch.arange(0, d, 2, device=device, dtype=torch.float32)
                     * (-math.log(10000.0) / d))
    angle = pos * freq
    return torch.stack([torch.sin(angle), torch.cos(angle)], dim=2).reshape(n, d).to(dtype)


# ---------------------------------------------------------------------------------------
# FastSpeech2-style acoustic model

class FFTBlock(nn.Module):
    """Feed-forward Transformer block: self-attention and a 1-D conv feed-forward (kernel
    9 then 1), each with a residual and a post layer norm, as FastSpeech/FastSpeech2."""

    def __init__(self, d: int, heads: int, filt: int, kernel: int = 9):
        super().__init__()
        self.heads = heads
        self.head_dim = d // heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d)
        self.conv1 = nn.Conv1d(d, filt, kernel, padding=(kernel - 1) // 2)
        self.conv2 = nn.Conv1d(filt, d, 1)
        self.ln2 = nn.LayerNorm(d)

    def forward(self, x: Tensor) -> Tensor:          # x: [B, T, d]
        b, t, d = x.size(0), x.size(1), x.size(2)
        qkv = self.qkv(x).view(b, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]             # [B, heads, T, head_dim]
        att = torch.softmax(torch.matmul(q, k.transpose(2, 3)) * self.scale, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, t, d)
        x = self.ln1(x + self.proj(y))
        y = self.conv2(torch.relu(self.conv1(x.transpose(1, 2)))).transpose(1, 2)
        return self.ln2(x + y)


class DurationPredictor(nn.Module):
    """FastSpeech2 variance predictor: 2 x (conv k=3, ReLU, layer norm), linear -> log
    duration per character."""

    def __init__(self, d: int, filt: int):
        super().__init__()
        self.conv1 = nn.Conv1d(d, filt, 3, padding=1)
        self.ln1 = nn.LayerNorm(filt)
        self.conv2 = nn.Conv1d(filt, filt, 3, padding=1)
        self.ln2 = nn.LayerNorm(filt)
        self.linear = nn.Linear(filt, 1)

    def features(self, x: Tensor) -> Tensor:        # [B, T, d] -> [B, T, filt]
        y = self.ln1(torch.relu(self.conv1(x.transpose(1, 2))).transpose(1, 2))
        return self.ln2(torch.relu(self.conv2(y.transpose(1, 2))).transpose(1, 2))

    def forward(self, x: Tensor) -> Tensor:          # -> [B, T] log duration (frames)
        return self.linear(self.features(x)).squeeze(2)


class Acoustic(nn.Module):
    def __init__(self, hidden: int, enc: int, dec: int, heads: int, filt: int):
        super().__init__()
        self.hidden = hidden
        self.embed = nn.Embedding(len(VOCAB), hidden, padding_idx=0)
        self.encoder = nn.ModuleList([FFTBlock(hidden, heads, filt) for _ in range(enc)])
        self.duration = DurationPredictor(hidden, hidden)
        self.decoder = nn.ModuleList([FFTBlock(hidden, heads, filt) for _ in range(dec)])
        self.mel = nn.Linear(hidden, N_MELS)
        self.min_frames = MIN_FRAMES
        self.max_frames = MAX_FRAMES

    def encoder_out(self, ids: Tensor) -> Tensor:  # [1, T] -> [1, T, hidden]
        h = self.embed(ids)
        h = h + sinusoid(ids.size(1), self.hidden, h.device, h.dtype).unsqueeze(0)
        for block in self.encoder:
            h = block(h)
        return h

    def durations(self, h: Tensor) -> Tensor:       # -> [T] int64 frames per character
        log_dur = self.duration(h)[0].float()
        frames = torch.clamp(torch.round(torch.exp(log_dur)),
                             float(self.min_frames), float(self.max_frames))
        return frames.to(torch.long)

    def decoder_out(self, h: Tensor, frames: Tensor) -> Tensor:  # -> [1, F, hidden]
        h = torch.repeat_interleave(h, frames, dim=1)    # length regulator (batch 1)
        h = h + sinusoid(h.size(1), self.hidden, h.device, h.dtype).unsqueeze(0)
        for block in self.decoder:
            h = block(h)
        return h

    def forward(self, ids: Tensor) -> Tensor:        # [1, T] -> [1, n_mels, F]
        h = self.encoder_out(ids)
        return self.mel(self.decoder_out(h, self.durations(h))).transpose(1, 2)


# ---------------------------------------------------------------------------------------
# HiFi-GAN V1 generator (Kong et al. 2020), weight norm removed as at inference

class DilatedPair(nn.Module):
    def __init__(self, ch: int, kernel: int, dilation: int):
        super().__init__()
        self.c1 = nn.Conv1d(ch, ch, kernel, dilation=dilation,
                            padding=dilation * (kernel - 1) // 2)
        self.c2 = nn.Conv1d(ch, ch, kernel, padding=(kernel - 1) // 2)

    def forward(self, x: Tensor) -> Tensor:
        y = self.c1(F.leaky_relu(x, 0.1))
        y = self.c2(F.leaky_relu(y, 0.1))
        return x + y


class ResBlock1(nn.Module):
    def __init__(self, ch: int, kernel: int, dilations: List[int]):
        super().__init__()
        self.pairs = nn.ModuleList([DilatedPair(ch, kernel, d) for d in dilations])

    def forward(self, x: Tensor) -> Tensor:
        for pair in self.pairs:
            x = pair(x)
        return x


class UpStage(nn.Module):
    """leaky ReLU, transposed conv (stride u, kernel k, padding (k-u)//2: exactly u x the
    length), then the multi-receptive-field fusion: mean of resblocks k=3,7,11."""

    def __init__(self, cin: int, cout: int, rate: int, kernel: int,
                 kernels: List[int], dilations: List[int]):
        super().__init__()
        assert (kernel - rate) % 2 == 0
        self.up = nn.ConvTranspose1d(cin, cout, kernel, rate, padding=(kernel - rate) // 2)
        self.blocks = nn.ModuleList([ResBlock1(cout, k, dilations) for k in kernels])
        self.inv_n = 1.0 / len(kernels)

    def forward(self, x: Tensor) -> Tensor:
        x = self.up(F.leaky_relu(x, 0.1))
        acc = torch.zeros_like(x)
        for block in self.blocks:
            acc = acc + block(x)
        return acc * self.inv_n


class HiFiGAN(nn.Module):
    def __init__(self, channels: int, rates=(8, 8, 2, 2), kernels=(16, 16, 4, 4),
                 res_kernels=(3, 7, 11), res_dilations=(1, 3, 5)):
        super().__init__()
        self.conv_pre = nn.Conv1d(N_MELS, channels, 7, padding=3)
        stages = []
        ch = channels
        for u, k in zip(rates, kernels):
            stages.append(UpStage(ch, ch // 2, u, k, list(res_kernels), list(res_dilations)))
            ch //= 2
        self.stages = nn.ModuleList(stages)
        self.conv_post = nn.Conv1d(ch, 1, 7, padding=3)

    def pre_tanh(self, mel: Tensor) -> Tensor:      # [1, n_mels, F] -> [1, 1, F*256]
        x = self.conv_pre(mel)
        for stage in self.stages:
            x = stage(x)
        return self.conv_post(F.leaky_relu(x))     # slope 0.01 here, as the original

    def forward(self, mel: Tensor) -> Tensor:
        return torch.tanh(self.pre_tanh(mel))


class TTS(nn.Module):
    """The TorchScript contract: see DESIGN.md "Model contracts" and TTS.md."""

    def __init__(self, acoustic: Acoustic, vocoder: HiFiGAN):
        super().__init__()
        self.sample_rate = SAMPLE_RATE
        self.hop_length = HOP_LENGTH
        self.n_mels = N_MELS
        self.acoustic = acoustic
        self.vocoder = vocoder

    def forward(self, ids: Tensor) -> Tensor:        # int64 [1, T] -> [1, S]
        return self.vocode(self.encode(ids))

    @torch.jit.export
    def encode(self, ids: Tensor) -> Tensor:         # int64 [1, T] -> [1, n_mels, F]
        return self.acoustic(ids)

    @torch.jit.export
    def vocode(self, mel: Tensor) -> Tensor:         # [1, n_mels, F] -> [1, F * hop]
        mel = mel.to(self.vocoder.conv_pre.weight.dtype)
        return self.vocoder(mel).squeeze(1)


# ---------------------------------------------------------------------------------------
# Building, calibrating, checking

def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


@torch.no_grad()
def calibrate(model: TTS) -> None:
    """Make seeded random weights behave like a trained model's in the respects that set
    the compute cost and keep outputs sane: ~TARGET_FRAMES mel frames per character with a
    modest spread, log-mel values in a realistic range, a waveform that uses [-1, 1]."""
    ac, voc = model.acoustic, model.vocoder
    ids = torch.tensor([text_to_ids(CALIBRATION_TEXT)], dtype=torch.long)
    # Duration: rescale the final linear so log-duration has std LOG_DUR_STD, mean
    # log(TARGET_FRAMES) - LOG_DUR_STD^2/2 (so that exp() averages to TARGET_FRAMES).
    h = ac.encoder_out(ids)
    z = ac.duration.features(h)[0]
    raw = z @ ac.duration.linear.weight[0]
    ac.duration.linear.weight.mul_(LOG_DUR_STD / raw.std())
    raw = z @ ac.duration.linear.weight[0]
    ac.duration.linear.bias.fill_(math.log(TARGET_FRAMES) - LOG_DUR_STD ** 2 / 2
                                  - raw.mean().item())
    # Mel: per-element mean MEL_MEAN, std MEL_STD.
    d = ac.decoder_out(h, ac.durations(h))[0]
    raw = d @ ac.mel.weight.t()
    ac.mel.weight.mul_(MEL_STD / raw.std())
    ac.mel.bias.copy_(MEL_MEAN - (d @ ac.mel.weight.t()).mean(0))
    # Vocoder: pre-tanh waveform with zero mean and std WAVE_STD (on a 48-frame excerpt:
    # enough for statistics, cheap even for the 512-channel vocoder).
    mel = ac(ids)[:, :, :48]
    y = voc.pre_tanh(mel).flatten()
    voc.conv_post.weight.mul_(WAVE_STD / y.std())
    voc.conv_post.bias.zero_()
    y = voc.pre_tanh(mel).flatten()
    voc.conv_post.bias.sub_(y.mean())


@torch.no_grad()
def check(scripted: torch.jit.ScriptModule) -> float:
    """Check the contract on the scripted module; return characters per second of audio
    measured over CHECK_TEXTS (encode only, so it stays cheap)."""
    chars = frames = 0
    for text in CHECK_TEXTS:
        mel = scripted.encode(torch.tensor([text_to_ids(text)], dtype=torch.long))
        assert mel.dim() == 3 and mel.size(0) == 1 and mel.size(1) == N_MELS, mel.shape
        assert bool(torch.isfinite(mel).all()), "mel not finite"
        chars += len(text)
        frames += mel.size(2)
    for t in (1, 7):
        ids = torch.tensor([text_to_ids(CHECK_TEXTS[0][:t])], dtype=torch.long)
        mel = scripted.encode(ids)
        wave = scripted.vocode(mel)
        assert wave.shape == (1, mel.size(2) * HOP_LENGTH), (wave.shape, mel.shape)
        assert bool(torch.isfinite(wave).all()) and float(wave.abs().max()) <= 1.0
        assert float(wave.abs().max()) > 0.0, "all-zero waveform"
        assert scripted(ids).shape == wave.shape
    return chars / (frames * HOP_LENGTH / SAMPLE_RATE)


def build(name: str) -> TTS:
    cfg = SIZES[name]
    torch.manual_seed(cfg["seed"])
    acoustic = Acoustic(cfg["hidden"], cfg["enc"], cfg["dec"], cfg["heads"], cfg["filt"])
    vocoder = HiFiGAN(cfg["channels"])
    model = TTS(acoustic, vocoder).eval()
    calibrate(model)
    return model


def export(out: str, name: str, sha: str) -> None:
    start = time.perf_counter()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")               # torch >= 2.10: TorchScript deprecation
        model = build(name)
        scripted = torch.jit.script(model)
        cps = check(scripted)
    pt = os.path.join(out, name + ".pt")
    tmp = "%s.tmp%d" % (pt, os.getpid())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.jit.save(scripted, tmp)
    os.replace(tmp, pt)
    cfg = SIZES[name]
    meta = {
        "name": name,
        "task": "tts",
        "sample_rate": SAMPLE_RATE,
        "hop_length": HOP_LENGTH,
        "n_mels": N_MELS,
        "mel_layout": "[1, n_mels, frames]",
        "vocab_file": "tts_vocab.txt",
        "lowercase": LOWERCASE,
        "pad_id": 0,
        "unk_id": 1,
        "text_rule": TEXT_RULE,
        "params_acoustic": n_params(model.acoustic),
        "params_vocoder": n_params(model.vocoder),
        "hifigan_channels": cfg["channels"],
        "acoustic_hidden": cfg["hidden"],
        "acoustic_blocks": [cfg["enc"], cfg["dec"]],
        "frames_per_char_clamp": [MIN_FRAMES, MAX_FRAMES],
        "chars_per_second_measured": round(cps, 2),
        "seed": cfg["seed"],
        "weights": "seeded random (compute cost real; audio is noise, not speech)",
        "torch_version": torch.__version__,
        "script_sha256": sha,
        "exported_by": "models/export_tts_models.py",
    }
    write_atomic(os.path.join(out, name + ".json"),
                 (json.dumps(meta, indent=2) + "\n").encode())
    total = meta["params_acoustic"] + meta["params_vocoder"]
    print("wrote %s: %.2f M params (acoustic %.2f M + vocoder %.2f M), %.1f s"
          % (pt, total / 1e6, meta["params_acoustic"] / 1e6, meta["params_vocoder"] / 1e6,
             time.perf_counter() - start))


def main() -> int:
    return export_common.main("Export ltbench's TTS TorchScript models.", list(SIZES),
                              torch.__version__, __file__, export, "tts_vocab.txt", VOCAB,
                              "tts models")


if __name__ == "__main__":
    sys.exit(main())
