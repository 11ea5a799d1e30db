"""mlserver_peer.py — starts MLServer (a V2 / Open Inference Protocol server nobody
here wrote) on loopback serving one TorchScript classifier through
mlserver_runtime.py, for ltbench's v2 client tests and scripts/perf.

  mlserver_peer.py --model resnet18.pt --port 8080 --dir /tmp/x [--threads N]

Writes DIR/settings.json and DIR/<name>/model-settings.json (name = the model
file's stem; input "input" FP32 [-1, 3, 224, 224], output "output"), then execs
`mlserver start DIR` with this interpreter's mlserver; it prints "Uvicorn running"
when it listens. Run with .venv-peers/bin/python (scripts/peers)."""
import argparse
import json
import os
import shutil
import sys


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--size", type=int, default=224)
    a = ap.parse_args()
    name = os.path.splitext(os.path.basename(a.model))[0]
    model_dir = os.path.join(a.dir, name)
    os.makedirs(model_dir, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copy(os.path.join(here, "mlserver_runtime.py"), model_dir)
    with open(os.path.join(a.dir, "settings.json"), "w") as f:
        json.dump({"host": "127.0.0.1", "http_port": a.port, "grpc_port": 0,
                   "metrics_port": 0, "metrics_endpoint": None, "parallel_workers": 0,
                   "debug": False}, f)
    with open(os.path.join(model_dir, "model-settings.json"), "w") as f:
        json.dump({"name": name, "implementation": "mlserver_runtime.TorchScriptClassifier",
                   "inputs": [{"name": "input", "datatype": "FP32",
                               "shape": [-1, 3, a.size, a.size]}],
                   "outputs": [{"name": "output", "datatype": "FP32", "shape": [-1, -1]}],
                   "parameters": {"uri": os.path.abspath(a.model),
                                  "extra": {"threads": a.threads}}}, f)
    mlserver = os.path.join(os.path.dirname(sys.executable), "mlserver")
    sys.stdout.flush()
    os.execv(mlserver, [mlserver, "start", a.dir])


if __name__ == "__main__":
    main()
