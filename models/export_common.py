"""What ltbench's model export scripts share: their own sha256 (so a changed script
re-exports), atomic file writes, the sidecar check that skips an up-to-date model, and a
character vocabulary file written only when it changed. Standard library only; imported
by the scripts beside it (they run with models/ first on sys.path)."""

import argparse
import hashlib
import json
import os
from typing import Callable, List, Optional


def script_sha256(script: str) -> str:
    """sha256 of the script and of this module (both shape what a script writes)."""
    h = hashlib.sha256()
    for path in (os.path.abspath(script), os.path.abspath(__file__)):
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def write_atomic(path: str, data: bytes) -> None:
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def read_sidecar(out: str, name: str) -> Optional[dict]:
    """DIR/<name>.json when DIR/<name>.pt exists too and the JSON parses, else None."""
    pt, js = os.path.join(out, name + ".pt"), os.path.join(out, name + ".json")
    if not (os.path.isfile(pt) and os.path.isfile(js)):
        return None
    try:
        with open(js) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def up_to_date(out: str, name: str, torch_version: str, sha: str) -> bool:
    """The model exists and its sidecar records this torch version and script sha256."""
    meta = read_sidecar(out, name)
    return (meta is not None and meta.get("torch_version") == torch_version
            and meta.get("script_sha256") == sha)


def write_vocab(path: str, vocab: List[str]) -> bool:
    """Line i = symbol of id i, " " written as <space>; True when the file was (re)written."""
    want = "".join(("<space>" if c == " " else c) + "\n" for c in vocab).encode()
    try:
        with open(path, "rb") as f:
            if f.read() == want:
                return False
    except OSError:
        pass
    write_atomic(path, want)
    return True


def main(description: str, all_names: List[str], torch_version: str, script: str,
         export: Callable[[str, str, str], None], vocab_file: Optional[str] = None,
         vocab: Optional[List[str]] = None, what: str = "models") -> int:
    """The scripts' command line: --out DIR [--only a,b] [--force]; writes the vocabulary
    (when given) and exports each named model that is not up to date with
    export(out, name, sha)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--only", default=",".join(all_names),
                    help="comma-separated subset of %s" % ",".join(all_names))
    ap.add_argument("--force", action="store_true", help="re-export even if up to date")
    args = ap.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    bad = [n for n in names if n not in all_names]
    if bad or not names:
        ap.error("--only: unknown model %s (choose from %s)"
                 % (",".join(bad) or "''", ",".join(all_names)))
    os.makedirs(args.out, exist_ok=True)
    sha = script_sha256(script)
    wrote = False
    if vocab_file is not None and vocab is not None:
        vocab_path = os.path.join(args.out, vocab_file)
        if write_vocab(vocab_path, vocab):
            print("wrote %s: %d symbols" % (vocab_path, len(vocab)))
            wrote = True
    for name in names:
        if args.force or not up_to_date(args.out, name, torch_version, sha):
            export(args.out, name, sha)
            wrote = True
    if not wrote:
        print("%s up to date in %s" % (what, args.out))
    return 0
