"""PyTorch reference for `npm run bench:gpu`: the same train steps on the same GPU.

Nature CNN, PilotNet and the MinAtar CNN exactly as src/nn builds them (valid padding, ReLU,
input scaling), one Adam step on mean squared error per call, a fresh host batch copied to the
device each step (as Palestra's step uploads its batch). Times with CUDA events after warm-up,
median of several repeats. Writes JSON: {"device": ..., "torch": ..., "rows": {label: ms}}.

    python3 experiments/gpu/torch_reference.py --out torch.json [--tiny]
"""
import argparse
import json
import statistics

import torch
from torch import nn


def conv_stack(in_shape, convs, dense, outputs, scale, offset):
    h, w, c = in_shape
    layers = []
    for filters, k, s in convs:
        layers += [nn.Conv2d(c, filters, k, s), nn.ReLU()]
        h, w, c = (h - k) // s + 1, (w - k) // s + 1, filters
    layers.append(nn.Flatten())
    n = h * w * c
    for units in dense:
        layers += [nn.Linear(n, units), nn.ReLU()]
        n = units
    layers.append(nn.Linear(n, outputs))
    body = nn.Sequential(*layers)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = body

        def forward(self, x):  # x: NHWC like tfjs
            return self.body((x * scale + offset).permute(0, 3, 1, 2))

    return Net()


NETWORKS = {
    "Nature CNN": dict(in_shape=(84, 84, 4), convs=[(32, 8, 4), (64, 4, 2), (64, 3, 1)], dense=[512], outputs=6, scale=1 / 255, offset=0.0),
    "PilotNet": dict(in_shape=(66, 200, 3), convs=[(24, 5, 2), (36, 5, 2), (48, 5, 2), (64, 3, 1), (64, 3, 1)], dense=[100, 50, 10], outputs=1, scale=1 / 127.5, offset=-1.0),
    "MinAtar CNN": dict(in_shape=(10, 10, 4), convs=[(16, 3, 1)], dense=[128], outputs=6, scale=1.0, offset=0.0),
}


def time_step(device, spec, batch, steps, repeats):
    torch.manual_seed(0)
    net = conv_stack(**spec).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    host_x = torch.rand(batch, *spec["in_shape"])
    host_y = torch.rand(batch, spec["outputs"])

    def step():
        x = host_x.to(device)
        y = host_y.to(device)
        opt.zero_grad(set_to_none=True)
        loss = torch.mean((net(x) - y) ** 2)
        loss.backward()
        opt.step()
        return loss

    for _ in range(3):
        step()
    times = []
    for _ in range(repeats):
        if device == "cuda":
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(steps):
                step()
            end.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(end) / steps)
        else:
            import time
            t0 = time.perf_counter()
            for _ in range(steps):
                step()
            times.append((time.perf_counter() - t0) * 1000 / steps)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--tiny", action="store_true")
    args = parser.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    rows = {}
    plan = [("Nature CNN", 32), ("Nature CNN", 256), ("PilotNet", 32), ("PilotNet", 256), ("MinAtar CNN", 32)]
    for name, batch in plan:
        if args.tiny:
            batch = min(batch, 8)
        steps, repeats = (2, 2) if args.tiny else (20, 5)
        ms = time_step(device, NETWORKS[name], batch, steps, repeats)
        rows[f"{name} b{batch}"] = ms
        print(f"torch {device}: {name} batch {batch}: {ms:.3f} ms/step", flush=True)
    info = {"device": torch.cuda.get_device_name(0) if device == "cuda" else "cpu", "torch": torch.__version__, "rows": rows}
    with open(args.out, "w") as f:
        json.dump(info, f, indent=2)


if __name__ == "__main__":
    main()
