#!/usr/bin/env python3
"""test_zoo_models.py — the zoo's exported files keep their promises, checked from Python
torch independently of the export script (issue #19 part 5):

- every zoo sidecar has the common keys, `inputs` that parse as --input SPECs
  (NAME:DIMS[:DTYPE[:LOW,HIGH]], a leading N = the batch) naming the forward's arguments
  in schema order, `params` equal to the saved module's parameter count and positive
  GFLOPs; the classifiers keep resnet18.json's classification keys;
- each model runs on inputs made from its SPECs at batch 2 and every output has the batch
  as its first dimension;
- tests/reference/run_reference.py writes, with ltbench's naming, outputs equal to a
  direct call of the module (a tensor: BERT-Tiny, ViT-Ti; a tuple: the detector; a dict
  inside a tuple, arguments out of alphabetical order: a small scripted module), its
  --check accepts equal outputs and refuses changed or missing ones, and bad input is one
  line on stderr with exit 2.

Run by ctest (test_zoo_models) with LTBENCH_MODELS_DIR and LTBENCH_SOURCE_DIR set.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import warnings

import numpy as np
import torch

warnings.simplefilter("ignore", FutureWarning)     # torch.jit's deprecation notice
MODELS = os.environ.get("LTBENCH_MODELS_DIR", "")
SOURCE = os.environ.get("LTBENCH_SOURCE_DIR", "")
REFERENCE = os.path.join(SOURCE, "tests", "reference", "run_reference.py")
DEFAULT_ZOO = ["mobilenet_v3_large", "efficientnet_b0", "vit_tiny", "bert_tiny",
               "whisper_tiny_encoder", "yolo_v8n"]
CLASSIFIERS = {"mobilenet_v3_large", "efficientnet_b0", "vit_tiny", "convnext_tiny",
               "vit_b_16", "swin_t"}
COMMON_KEYS = ["name", "task", "contract", "params", "seed", "weights", "torch_version",
               "script_sha256", "exported_by", "inputs", "gflops_per_sample"]
SPEC = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(N|[1-9][0-9]*)((?:x[1-9][0-9]*)*)"
                  r"(?::(f32|f16|bf16|f64|i64|i32|i16|i8|u8|bool)(?::(-?[0-9]+),(-?[0-9]+))?)?$")
TORCH_DTYPE = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16,
               "f64": torch.float64, "i64": torch.int64, "i32": torch.int32,
               "i16": torch.int16, "i8": torch.int8, "u8": torch.uint8, "bool": torch.bool}


def parse_spec(spec):
    """(name, dims with 'N' kept, dtype, (low, high) or None); raises ValueError."""
    m = SPEC.match(spec)
    if not m:
        raise ValueError("not a SPEC: %r" % spec)
    name, first, rest, dtype, low, high = m.groups()
    dims = [first] + [int(d) for d in rest.split("x")[1:]]
    dims = [d if d == "N" else int(d) for d in dims]
    bounds = None
    if low is not None:
        bounds = (int(low), int(high))
        if bounds[0] >= bounds[1]:
            raise ValueError("empty range in %r" % spec)
    return name, dims, dtype or "f32", bounds


def inputs_from_specs(specs, n, rng):
    """numpy arrays for the SPECs at batch n (floats normal, integers in [LOW,HIGH))."""
    out = {}
    for spec in specs:
        name, dims, dtype, bounds = parse_spec(spec)
        shape = [n if d == "N" else d for d in dims]
        if TORCH_DTYPE[dtype].is_floating_point:
            out[name] = rng.standard_normal(shape).astype(np.float32)
        else:
            low, high = bounds if bounds else (0, 2)
            out[name] = rng.integers(low, high, shape).astype(np.int64)
    return out


def zoo_sidecars():
    """name -> sidecar of every zoo model in MODELS (defaults first)."""
    found = {}
    for f in sorted(os.listdir(MODELS)):
        if f.endswith(".json"):
            with open(os.path.join(MODELS, f)) as fh:
                try:
                    meta = json.load(fh)
                except ValueError:
                    continue
            if isinstance(meta, dict) and meta.get("exported_by") == "models/export_zoo_models.py":
                found[f[:-5]] = meta
    return found


def load(name):
    return torch.jit.load(os.path.join(MODELS, name + ".pt"), map_location="cpu").eval()


def schema_names(model):
    return [a.name for a in model.forward.schema.arguments if a.name != "self"]


def run_reference(model_path, folder, *extra):
    return subprocess.run([sys.executable, REFERENCE, model_path, folder, "--threads", "1"]
                          + list(extra), capture_output=True, text=True, timeout=600)


def direct_call(model_path, arrays):
    """Outputs of a direct call by file stem (output, output.0, output.0.KEY ...)."""
    model = torch.jit.load(model_path, map_location="cpu").eval()
    with torch.no_grad():
        result = model(*[torch.from_numpy(arrays[n]) for n in schema_names(model)])
    flat = {}

    def walk(v, prefix):
        if isinstance(v, torch.Tensor):
            flat[prefix] = v.numpy()
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, prefix + "." + k)
        else:
            for i, x in enumerate(v):
                walk(x, "%s.%d" % (prefix, i))
    walk(result, "output")
    return flat


class Sidecars(unittest.TestCase):
    def test_default_zoo_is_exported(self):
        found = zoo_sidecars()
        for name in DEFAULT_ZOO:
            if name in ("bert_tiny", "whisper_tiny_encoder") and name not in found:
                try:
                    import transformers  # noqa: F401
                except ImportError:
                    continue            # the export script skips them without transformers
            self.assertIn(name, found, "%s.json: the default zoo model is not exported" % name)

    def test_sidecars_are_valid(self):
        torch.set_num_threads(2)
        with open(os.path.join(MODELS, "resnet18.json")) as f:
            resnet18 = json.load(f)
        for name, meta in zoo_sidecars().items():
            with self.subTest(model=name):
                for key in COMMON_KEYS:
                    self.assertIn(key, meta, "%s.json: no %s" % (name, key))
                self.assertEqual(meta["name"], name)
                self.assertGreater(meta["gflops_per_sample"], 0)
                specs = [parse_spec(s) for s in meta["inputs"]]
                for _, dims, _, _ in specs:
                    self.assertNotIn("N", dims[1:], "N is only the leading dimension")
                model = load(name)
                self.assertEqual(schema_names(model), [s[0] for s in specs],
                                 "%s: inputs are not the forward's arguments in order" % name)
                self.assertEqual(meta["params"], sum(p.numel() for p in model.parameters()))
                if name in CLASSIFIERS:
                    self.assertEqual(meta["task"], "classification")
                    self.assertEqual(meta["inputs"], ["x:Nx3x224x224:f32"])
                    for key in ("input_shape", "input_dtype", "preprocessing"):
                        self.assertEqual(meta[key], resnet18[key], key)
                    self.assertTrue(os.path.isfile(os.path.join(MODELS, meta["classes_file"])))

    def test_models_run_on_inputs_made_from_their_specs(self):
        torch.set_num_threads(2)
        rng = np.random.default_rng(5)
        for name, meta in zoo_sidecars().items():
            if not meta.get("zoo_default"):
                continue                 # the on-demand ones are too slow for every run
            with self.subTest(model=name):
                model = load(name)
                arrays = inputs_from_specs(meta["inputs"], 2, rng)
                with torch.no_grad():
                    out = model(*[torch.from_numpy(arrays[n]) for n in schema_names(model)])
                outs = list(out) if isinstance(out, (tuple, list)) else [out]
                self.assertEqual(len(outs), len(meta.get("outputs", outs)))
                for t in outs:
                    self.assertEqual(t.shape[0], 2, "%s: output is not batched" % name)
                    if t.is_floating_point():
                        self.assertTrue(bool(torch.isfinite(t).all()))


class DictModel(torch.nn.Module):
    """Arguments out of alphabetical order, of different shapes; a dict inside a tuple."""

    def forward(self, z: torch.Tensor, a: torch.Tensor):
        return {"sum": z + a.sum(), "prod": z * a.mean()}, a.argmax(dim=1)


class RunReference(unittest.TestCase):
    def setUp(self):
        torch.set_num_threads(1)
        self.tmp = tempfile.mkdtemp(prefix="zoo-ref-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def save_inputs(self, arrays):
        for name, arr in arrays.items():
            np.save(os.path.join(self.tmp, name + ".npy"), arr)

    def reference_equals_direct_call(self, model_path, arrays, want_stems):
        self.save_inputs(arrays)
        r = run_reference(model_path, self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        ref_dir = os.path.join(self.tmp, "reference")
        stems = sorted(f[:-4] for f in os.listdir(ref_dir))
        self.assertEqual(stems, sorted(want_stems))
        direct = direct_call(model_path, arrays)
        self.assertEqual(sorted(direct), sorted(want_stems))
        for stem, want in direct.items():
            got = np.load(os.path.join(ref_dir, stem + ".npy"))
            self.assertEqual(got.dtype, want.dtype, stem)
            self.assertEqual(got.shape, want.shape, stem)
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-6, err_msg=stem)
        return json.loads(r.stdout)

    def test_bert_tiny(self):
        path = os.path.join(MODELS, "bert_tiny.pt")
        if not os.path.isfile(path):
            self.skipTest("bert_tiny not exported (no transformers)")
        rng = np.random.default_rng(1)
        ids = rng.integers(0, 30522, (2, 128)).astype(np.int64)
        mask = np.ones((2, 128), np.int64)
        mask[1, 77:] = 0
        report = self.reference_equals_direct_call(
            path, {"ids": ids, "attention_mask": mask}, ["output"])
        self.assertEqual(report["inputs"], ["ids", "attention_mask"])
        self.assertEqual(report["outputs"][0]["shape"], [2, 128, 128])

    def test_vit_tiny(self):
        rng = np.random.default_rng(2)
        x = rng.standard_normal((1, 3, 224, 224)).astype(np.float32)
        self.reference_equals_direct_call(os.path.join(MODELS, "vit_tiny.pt"), {"x": x},
                                          ["output"])

    def test_detector_tuple(self):
        rng = np.random.default_rng(3)
        x = rng.standard_normal((1, 3, 320, 320)).astype(np.float32)
        report = self.reference_equals_direct_call(
            os.path.join(MODELS, "yolo_v8n.pt"), {"x": x},
            ["output.0", "output.1", "output.2"])
        anchors = 40 * 40 + 20 * 20 + 10 * 10
        shapes = {o["name"]: (o["shape"], o["dtype"]) for o in report["outputs"]}
        self.assertEqual(shapes["output.0"], ([1, anchors, 4], "float32"))
        self.assertEqual(shapes["output.2"], ([1, anchors], "int64"))

    def test_dict_outputs_and_argument_order(self):
        path = os.path.join(self.tmp, "dict_model.pt")
        torch.jit.script(DictModel()).save(path)
        rng = np.random.default_rng(4)
        arrays = {"a": rng.standard_normal((2, 5)).astype(np.float32),
                  "z": rng.standard_normal((2, 3)).astype(np.float32)}
        report = self.reference_equals_direct_call(
            path, arrays, ["output.0.sum", "output.0.prod", "output.1"])
        self.assertEqual(report["inputs"], ["z", "a"])

    def test_check_accepts_equal_and_refuses_changed_outputs(self):
        path = os.path.join(MODELS, "vit_tiny.pt")
        rng = np.random.default_rng(6)
        self.save_inputs({"x": rng.standard_normal((1, 3, 224, 224)).astype(np.float32)})
        self.assertEqual(run_reference(path, self.tmp).returncode, 0)
        saved = os.path.join(self.tmp, "output.npy")
        shutil.copy(os.path.join(self.tmp, "reference", "output.npy"), saved)
        r = run_reference(path, self.tmp, "--check", "1e-4")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(json.loads(r.stdout)["ok"])
        changed = np.load(saved)
        changed[0, 7] += 1e-3
        np.save(saved, changed)
        r = run_reference(path, self.tmp, "--check", "1e-4")
        self.assertEqual(r.returncode, 1)
        self.assertAlmostEqual(json.loads(r.stdout)["outputs"][0]["max_abs_diff"], 1e-3,
                               places=6)
        os.remove(saved)
        r = run_reference(path, self.tmp, "--check", "1e-4")
        self.assertEqual(r.returncode, 1)
        self.assertIn("missing", r.stdout)

    def expect_usage_error(self, model_path, needle):
        r = run_reference(model_path, self.tmp)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn(needle, lines[0])

    def test_bad_input_is_one_line_and_exit_2(self):
        vit = os.path.join(MODELS, "vit_tiny.pt")
        self.expect_usage_error(vit, "x.npy: no such file")
        with open(os.path.join(self.tmp, "x.npy"), "wb") as f:
            f.write(b"\x93NUMPY garbage")
        self.expect_usage_error(vit, "x.npy: not a readable .npy")
        np.save(os.path.join(self.tmp, "x.npy"), np.array(["text"]))
        self.expect_usage_error(vit, "x.npy: dtype")
        np.save(os.path.join(self.tmp, "x.npy"), np.zeros((1, 3, 7, 7), np.float32))
        self.expect_usage_error(vit, "forward failed")
        self.expect_usage_error(os.path.join(self.tmp, "none.pt"), "no such model file")
        with open(os.path.join(self.tmp, "junk.pt"), "wb") as f:
            f.write(b"not a zip")
        self.expect_usage_error(os.path.join(self.tmp, "junk.pt"), "not a loadable")


if __name__ == "__main__":
    if not MODELS or not SOURCE:
        sys.exit("test_zoo_models.py: set LTBENCH_MODELS_DIR and LTBENCH_SOURCE_DIR")
    unittest.main(verbosity=2, warnings="ignore")
