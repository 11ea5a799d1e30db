#!/usr/bin/env python3
"""test_run_zoo.py — `ltbench run` on the zoo's real architectures, checked against Python
torch (issue #19): a BERT-style encoder (two int64 inputs from its sidecar) and a ViT run
with no --input; their saved outputs (`--save-outputs`) equal what Python torch computes
on the inputs ltbench saved (`--save-inputs`, tests/reference/run_reference.py --check)
within 1e-4; and an AOTInductor package (.pt2) gives the same logits as the TorchScript
file it was exported from, on the same saved input, through `run` and through `inspect`.

Real files only: the models set-up exported (build/models), the built ltbench, Python
torch as the independent reference. Needs LTBENCH_BIN, LTBENCH_MODELS_DIR,
LTBENCH_SOURCE_DIR (ctest's environment)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

BIN = os.environ.get("LTBENCH_BIN", "")
MODELS = os.environ.get("LTBENCH_MODELS_DIR", "")
SOURCE = os.environ.get("LTBENCH_SOURCE_DIR", "")
REFERENCE = os.path.join(SOURCE, "tests", "reference", "run_reference.py")


def ltbench(*args):
    """Runs ltbench; returns (exit code, stdout + stderr)."""
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=900)
    return p.returncode, p.stdout


def run_once(model, out_dir, *extra):
    """One request at batch 1 (after one warm-up), inputs and outputs saved under out_dir."""
    code, text = ltbench("run", "-m", model, "-b", "1", "-c", "1", "-n", "1", "--warmup", "1",
                         "-t", "2", "--no-plots", "-q", "--output-dir", out_dir,
                         "--save-inputs", os.path.join(out_dir, "saved"),
                         "--save-outputs", os.path.join(out_dir, "saved"), *extra)
    return code, text, os.path.join(out_dir, "saved", "c1_b1")


class RunZoo(unittest.TestCase):
    def need(self, name):
        path = os.path.join(MODELS, name)
        if not os.path.exists(path):
            self.skipTest("%s was not exported (torch too old for the zoo / AOTInductor)" % path)
        return path

    def check_against_python(self, name, inputs):
        model = self.need(name)
        with tempfile.TemporaryDirectory() as tmp:
            code, text, level = run_once(model, tmp)
            self.assertEqual(code, 0, text)
            for arg in inputs:     # the sidecar's inputs, saved by name
                self.assertTrue(os.path.isfile(os.path.join(level, arg + ".npy")), (arg, os.listdir(level)))
            ref = subprocess.run([sys.executable, REFERENCE, model, level, "--threads", "2",
                                  "--check", "1e-4"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True, timeout=900)
            self.assertEqual(ref.returncode, 0, ref.stdout)
            report = json.loads(ref.stdout.strip().splitlines()[-1])
            self.assertTrue(report["outputs"], report)
            for out in report["outputs"]:
                self.assertLessEqual(out["max_abs_diff"], 1e-4, out)
            with open(os.path.join(tmp, name[:-3] + "_summary.csv")) as f:
                header = f.readline().strip()
            self.assertTrue(header.startswith(
                "Concurrency,Batch,RPS,Samples_Per_Sec,Latency_p50_ms,Latency_p95_ms,"
                "Latency_p99_ms,Latency_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,"
                "Total_Wall_Time_s"), header)

    def test_bert_style_encoder_equals_python(self):
        self.check_against_python("bert_tiny.pt", ["ids", "attention_mask"])

    def test_vit_equals_python(self):
        self.check_against_python("vit_tiny.pt", ["x"])

    def test_pt2_equals_torchscript(self):
        pt = self.need("resnet18.pt")
        pt2 = self.need("resnet18.pt2")
        with tempfile.TemporaryDirectory() as tmp:
            code, text, level = run_once(pt, os.path.join(tmp, "pt"))
            self.assertEqual(code, 0, text)
            x = os.path.join(level, "x.npy")
            # the same input into the package, named by position (a package keeps no names)
            code, text, level2 = run_once(pt2, os.path.join(tmp, "pt2"), "--input", "0=@" + x)
            self.assertEqual(code, 0, text)
            a = np.load(os.path.join(level, "output.npy"))
            b = np.load(os.path.join(level2, "output.npy"))
            self.assertEqual(a.shape, b.shape)
            self.assertEqual(a.shape[0], 1)
            # compiled kernels fuse and reorder float sums: equal to float32 rounding
            self.assertLess(float(np.max(np.abs(a - b))), 1e-3 * max(1.0, float(np.max(np.abs(a)))))
            self.assertEqual(int(np.argmax(a)), int(np.argmax(b)))
            # and with no --input: the .pt's sidecar names the package's one tensor
            code, text, _ = run_once(pt2, os.path.join(tmp, "pt2b"))
            self.assertEqual(code, 0, text)
            code, text = ltbench("inspect", pt2, "-o", "json")
            self.assertEqual(code, 0, text)
            info = json.loads(text)
            self.assertEqual(info["format"], "AOTInductor package")
            self.assertEqual(info["compiled_for"], "cpu")
            self.assertEqual(info["inputs"], 1)
            self.assertEqual(info["outputs"], 1)
            self.assertGreater(info["constants"], 0)

    def test_pt2_refuses_other_precision(self):
        pt2 = self.need("resnet18.pt2")
        with tempfile.TemporaryDirectory() as tmp:
            code, text, _ = run_once(pt2, tmp, "--precision", "bf16")
            self.assertNotEqual(code, 0, text)
            self.assertIn("AOTInductor package", text)


if __name__ == "__main__":
    if not (BIN and MODELS and SOURCE):
        print("test_run_zoo: needs LTBENCH_BIN, LTBENCH_MODELS_DIR and LTBENCH_SOURCE_DIR (ctest sets them)")
        sys.exit(2)
    unittest.main(verbosity=2)
