#!/usr/bin/env python3
"""Trains the small noise-prediction network of examples/digits-mlp.safetensors on
examples/digits.npy (PyTorch, CPU; a few minutes on two cores). Not run by the tests: the
weights it writes are committed.

The network (what MLPNoisePredictor evaluates): input [x_t / sqrt(alpha^2 + sigma^2),
sin(lambda f), cos(lambda f)] with 16 frequencies f = 0.25, 0.5, ..., 4; two hidden layers of
256 with SiLU; 64 outputs, the prediction (velocity v = alpha eps - sigma x0 by default, which
weighs every noise level alike; noise or data with --prediction). Training: lambda uniform on
[-7, 9] (the VP form alpha^2 = sigmoid(2 lambda), sigma^2 = sigmoid(-2 lambda)), the mean
squared error of the prediction, Adam with a cosine-decayed learning rate; the saved weights
are an exponential moving average (--ema). The weights are stored as F32 (the file stays under
0.5 MB), the frequencies as F64; Swift evaluates everything in float64.

Usage: tools/train-digits-mlp.py [--steps 40000] [--seed 0] [--out examples/digits-mlp.safetensors]
"""
import argparse
import json
import os
import struct

import numpy as np
import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=40000)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--out", default=os.path.join(ROOT, "examples", "digits-mlp.safetensors"))
parser.add_argument("--prediction", choices=["noise", "data", "velocity"], default="velocity")
parser.add_argument("--ema", type=float, default=0.999, help="decay of the exponential moving average of the weights that is saved")
args = parser.parse_args()
torch.manual_seed(args.seed)

data = torch.tensor(np.load(os.path.join(ROOT, "examples", "digits.npy")), dtype=torch.float32)
frequencies = torch.arange(1, 17, dtype=torch.float32) / 4
dimension, hidden = data.shape[1], 256
network = torch.nn.Sequential(
    torch.nn.Linear(dimension + 2 * len(frequencies), hidden), torch.nn.SiLU(),
    torch.nn.Linear(hidden, hidden), torch.nn.SiLU(),
    torch.nn.Linear(hidden, dimension),
)


def predict(x, lam):
    angles = lam[:, None] * frequencies[None, :]
    return network(torch.cat([x, torch.sin(angles), torch.cos(angles)], dim=1))


optimizer = torch.optim.Adam(network.parameters(), lr=2e-3)
average = [p.detach().clone() for p in network.parameters()]
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, args.steps)
for step in range(args.steps):
    x0 = data[torch.randint(0, len(data), (512,))]
    lam = torch.rand(512) * 16 - 7
    alpha, sigma = torch.sigmoid(2 * lam).sqrt(), torch.sigmoid(-2 * lam).sqrt()
    noise = torch.randn_like(x0)
    target = {"noise": noise, "data": x0, "velocity": alpha[:, None] * noise - sigma[:, None] * x0}[args.prediction]
    loss = ((predict(alpha[:, None] * x0 + sigma[:, None] * noise, lam) - target) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    schedule.step()
    with torch.no_grad():
        for kept, current in zip(average, network.parameters()):
            kept.mul_(args.ema).add_(current.detach(), alpha=1 - args.ema)
    if step % 5000 == 0 or step == args.steps - 1:
        print(f"step {step}: loss {loss.item():.4f}")

with torch.no_grad():
    for kept, current in zip(average, network.parameters()):
        current.copy_(kept)
tensors = {"embedding.frequencies": frequencies.double().numpy()}
for index, layer in enumerate(module for module in network if isinstance(module, torch.nn.Linear)):
    tensors[f"layers.{index}.weight"] = layer.weight.detach().numpy().astype(np.float32)
    tensors[f"layers.{index}.bias"] = layer.bias.detach().numpy().astype(np.float32)

# safetensors by hand (the format is a length, a JSON header and the bytes), so the
# safetensors package is not needed.
header, payload = {"__metadata__": {"format": "diffode-mlp", "prediction": args.prediction}}, b""
for name in sorted(tensors):
    array = np.ascontiguousarray(tensors[name])
    dtype = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64"}[array.dtype]
    header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [len(payload), len(payload) + array.nbytes]}
    payload += array.astype(array.dtype.newbyteorder("<")).tobytes()
encoded = json.dumps(header, separators=(",", ":")).encode()
encoded += b" " * ((8 - len(encoded) % 8) % 8)
with open(args.out, "wb") as f:
    f.write(struct.pack("<Q", len(encoded)) + encoded + payload)
print(f"wrote {args.out} ({8 + len(encoded) + len(payload)} bytes)")
