"""MinAtar's own DQN side of `npm run bench:training` (issue 17): the paper's settings in PyTorch.

Runs examples/dqn.py from a checkout of MinAtar (github.com/kenjyoung/MinAtar) on Breakout for a
fixed number of frames, with one PyTorch thread, and times the whole dqn() call (replay start,
updates, target syncs, its own logging). Prints one line, then a JSON line:
{"dqn-minatar": [{"seed": 0, "steps": 25000, "seconds": ...}]}

    .venv/bin/pip install --no-deps /path/to/MinAtar     # numpy and torch must be installed
    .venv/bin/python experiments/training/minatar_reference.py --examples /path/to/MinAtar/examples
    npm run bench:training -- --sb3 .venv/bin/python --minatar-examples /path/to/MinAtar/examples
"""
import argparse
import importlib.util
import json
import os
import tempfile
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", required=True, help="MinAtar's examples/ folder (holds dqn.py)")
    parser.add_argument("--frames", type=int, default=25_000)
    parser.add_argument("--game", default="breakout")
    args = parser.parse_args()
    torch.set_num_threads(1)
    spec = importlib.util.spec_from_file_location("minatar_dqn", os.path.join(args.examples, "dqn.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # dqn.py runs to its NUM_FRAMES constant (5M); every schedule in it is laid out in frames, so
    # capping the constant only ends the run sooner.
    module.NUM_FRAMES = args.frames
    from minatar import Environment

    env = Environment(args.game)  # sticky actions 0.1 and difficulty ramping, the paper's defaults
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        module.dqn(env, False, False, os.path.join(folder, args.game))
        seconds = time.perf_counter() - started
    print(f"dqn-minatar (MinAtar examples/dqn.py, {args.game}): {args.frames} frames in {seconds:.1f} s", flush=True)
    print(json.dumps({"dqn-minatar": [{"seed": 0, "steps": args.frames, "seconds": seconds}]}))


if __name__ == "__main__":
    main()
