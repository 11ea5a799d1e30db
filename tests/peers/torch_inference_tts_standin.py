#!/usr/bin/env python3
"""Offline stand-in for the Hugging Face models that torch-inference (branch dev)
loads for `POST /synthesize` with model_name "speecht5_tts" (or "speecht5",
"default", or any unknown name):

    SpeechT5Processor.from_pretrained("microsoft/speecht5_tts")
    SpeechT5ForTextToSpeech.from_pretrained("microsoft/speecht5_tts")
    SpeechT5HifiGan.from_pretrained("microsoft/speecht5_hifigan")
    datasets.load_dataset("Matthijs/cmu-arctic-xvectors")   # optional: on failure
                                                              # the server uses torch.randn(1, 512)

(framework/models/audio/tts_models.py, HuggingFaceTTSModel._load_speecht5_model; the
ids are hard-coded in main.py's tts_model_mapping, so there is no config entry or
local-path option.)

This script builds models of the same architecture (transformers' default
SpeechT5Config / SpeechT5HifiGanConfig, which are the speecht5_tts / speecht5_hifigan
shapes: 12+6 layers, d=768, vocab 81, 80 mel bins, 16 kHz HiFi-GAN) with seeded
random weights, a character-level SentencePiece tokenizer trained here from a
fixed alphabet (spm_char.model), and the default feature extractor, and writes
them into a Hugging Face hub cache layout:

    $OUT/hub/models--microsoft--speecht5_tts/{refs/main,snapshots/<rev>/...}
    $OUT/hub/models--microsoft--speecht5_hifigan/{refs/main,snapshots/<rev>/...}

Start the server with HF_HOME=$OUT HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
HF_DATASETS_OFFLINE=1 and from_pretrained() resolves the two repo ids from this
cache without any network access.

The audio is noise: only the serving path is meant to be benchmarked.

--stop controls how long the random decoder runs (SpeechT5 stops when
sum(sigmoid(prob_out(h))) >= 0.5 over the 2 frames of a step, else after
maxlen = 10 steps per input token):
  random  seeded random init as is (prob_out ~ N(0, 0.02): sum of sigmoids ~1.0,
          so it stops after the first step: 2 mel frames, ~0.03 s of audio) (default)
  max     prob_out bias -1e4: never stops early, runs to maxlen (20 mel frames =
          0.32 s of audio per input token, about 5x real speech; slow on CPU)

Usage:  python tests/peers/torch_inference_tts_standin.py [--out DIR] [--seed N] [--stop random|max]
"""
import argparse
import hashlib
import io
import os
import shutil
import string
import tempfile

import sentencepiece as spm
import torch
from transformers import (SpeechT5Config, SpeechT5FeatureExtractor, SpeechT5ForTextToSpeech,
                          SpeechT5HifiGan, SpeechT5HifiGanConfig, SpeechT5Processor,
                          SpeechT5Tokenizer)

# 75 characters + 4 specials = 79 SentencePiece pieces; the tokenizer adds <mask>
# and <ctc_blank>: 81 ids, SpeechT5Config's vocab_size. Other characters -> <unk>.
ALPHABET = string.ascii_lowercase + string.ascii_uppercase + string.digits + " .,!?'-:;\"()&"


def train_char_spm(path):
    # one line per character (many times) + the alphabet: every char is a piece
    lines = [c * 5 for c in ALPHABET if c != " "] + [ALPHABET] * 10
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=buf, model_type="char",
        vocab_size=len(ALPHABET) + 4, character_coverage=1.0, hard_vocab_limit=False,
        bos_id=0, pad_id=1, eos_id=2, unk_id=3, add_dummy_prefix=True,
        normalization_rule_name="identity", minloglevel=2)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def tree_hash(d):
    h = hashlib.sha1()
    for name in sorted(os.listdir(d)):
        h.update(name.encode())
        with open(os.path.join(d, name), "rb") as f:
            h.update(hashlib.sha1(f.read()).digest())
    return h.hexdigest()


def install(src, hub, repo_id):
    """Copy the files of src into the hub cache layout for repo_id."""
    repo_dir = os.path.join(hub, "models--" + repo_id.replace("/", "--"))
    shutil.rmtree(repo_dir, ignore_errors=True)
    rev = tree_hash(src)  # a 40-hex "commit" naming this snapshot
    snap = os.path.join(repo_dir, "snapshots", rev)
    shutil.copytree(src, snap)
    os.makedirs(os.path.join(repo_dir, "refs"), exist_ok=True)
    with open(os.path.join(repo_dir, "refs", "main"), "w") as f:
        f.write(rev)
    return snap


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/ti-standin/hf-home",
                    help="HF_HOME to populate (default /tmp/ti-standin/hf-home)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stop", choices=["random", "max"], default="random")
    a = ap.parse_args()

    hub = os.path.join(a.out, "hub")
    os.makedirs(hub, exist_ok=True)
    torch.manual_seed(a.seed)

    with tempfile.TemporaryDirectory() as tmp:
        tts_dir = os.path.join(tmp, "speecht5_tts")
        voc_dir = os.path.join(tmp, "speecht5_hifigan")
        os.makedirs(tts_dir)

        # processor = char SentencePiece tokenizer + default feature extractor
        spm_path = os.path.join(tmp, "spm_char.model")
        train_char_spm(spm_path)
        tok = SpeechT5Tokenizer(spm_path)
        fe = SpeechT5FeatureExtractor()
        proc = SpeechT5Processor(feature_extractor=fe, tokenizer=tok)
        proc.save_pretrained(tts_dir)

        cfg = SpeechT5Config()  # defaults == microsoft/speecht5_tts shapes
        assert len(tok) <= cfg.vocab_size, (len(tok), cfg.vocab_size)
        model = SpeechT5ForTextToSpeech(cfg).eval()
        if a.stop == "max":
            with torch.no_grad():
                model.speech_decoder_postnet.prob_out.bias.fill_(-1e4)
        model.save_pretrained(tts_dir)

        vocoder = SpeechT5HifiGan(SpeechT5HifiGanConfig()).eval()
        vocoder.save_pretrained(voc_dir)

        s1 = install(tts_dir, hub, "microsoft/speecht5_tts")
        s2 = install(voc_dir, hub, "microsoft/speecht5_hifigan")

    for s in (s1, s2):
        print(s)
        for n in sorted(os.listdir(s)):
            print("   ", n, os.path.getsize(os.path.join(s, n)))
    print(f"tokenizer: {len(tok)} ids; params tts={sum(p.numel() for p in model.parameters())/1e6:.1f}M "
          f"vocoder={sum(p.numel() for p in vocoder.parameters())/1e6:.1f}M; stop={a.stop}")
    print(f"now: export HF_HOME={a.out} HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1")


if __name__ == "__main__":
    main()
