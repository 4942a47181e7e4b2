#!/usr/bin/env python3
"""Serve a PyTorch diffusion network to diffode (protocol: Docs/ModelServer.md). Not run in CI.

    diffode sample --model-command 'python3 examples/model-server/diffusers_server.py \\
        --unet google/ddpm-cifar10-32 --shape 3x32x32' --schedule discrete-linear \\
        --solver dpm-solver++-2m --steps 20 --samples 16 --seed 0 --out x.npy

--unet loads a diffusers UNet2DModel (a Hub name or a folder; its scheduler config, when present,
gives the prediction type and the number of training steps); --callable 'module:function'
serves any function f(x, t) -> prediction instead, with x of shape (N, C, H, W) and t a float
tensor of training timesteps. diffode's rows are the flattened C x H x W images; the discrete
schedule's t maps to the training timestep N t - 1 (DPM-Solver's convention). Requires torch
(and diffusers for --unet).
"""
import argparse
import importlib
import struct
import sys

import numpy as np
import torch

PREDICTIONS = {"epsilon": 0, "sample": 1, "v_prediction": 2}

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
source = parser.add_mutually_exclusive_group(required=True)
source.add_argument("--unet", help="a diffusers UNet2DModel: Hub name or local folder")
source.add_argument("--callable", help="module:function taking (x, t) and returning the prediction")
parser.add_argument("--shape", required=True, help="CxHxW of one sample, e.g. 3x32x32")
parser.add_argument("--prediction", choices=PREDICTIONS, help="what the network predicts (default: the scheduler config's, else epsilon)")
parser.add_argument("--train-steps", type=int, help="the number of training timesteps N (default: the scheduler config's, else 1000)")
parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
parser.add_argument("--batch", type=int, default=256, help="rows per forward pass")
args = parser.parse_args()
shape = tuple(int(part) for part in args.shape.split("x"))
prediction, train_steps = args.prediction or "epsilon", args.train_steps or 1000

if args.unet:
    from diffusers import DDPMScheduler, UNet2DModel
    unet = UNet2DModel.from_pretrained(args.unet).to(args.device).eval()
    try:
        config = DDPMScheduler.from_pretrained(args.unet).config
        prediction = args.prediction or config.prediction_type
        train_steps = args.train_steps or config.num_train_timesteps
    except (OSError, ValueError):
        print("diffusers_server: no scheduler config; using --prediction and --train-steps", file=sys.stderr)
    network = lambda x, t: unet(x, t).sample
else:
    module, name = args.callable.split(":")
    network = getattr(importlib.import_module(module), name)

stdin, stdout = sys.stdin.buffer, sys.stdout.buffer


def read(count):
    data = stdin.read(count)
    if len(data) < count:
        sys.exit(0)
    return data


if read(4) != b"DODE":
    sys.exit("diffusers_server: not started by diffode")
read(4)
stdout.write(b"DODE" + struct.pack("<IIBB", 1, int(np.prod(shape)), PREDICTIONS[prediction], 1))  # float32 rows
stdout.flush()
while True:
    tag = stdin.read(4)
    if tag in (b"", b"QUIT"):
        sys.exit(0)
    t, alpha, sigma, lam, n, d = struct.unpack("<ddddQQ", read(48))
    rows = np.frombuffer(read(4 * n * d), dtype="<f4").reshape((n,) + shape)
    try:
        outputs = []
        with torch.no_grad():
            for start in range(0, n, args.batch):
                x = torch.from_numpy(rows[start:start + args.batch].copy()).to(args.device)
                timestep = torch.full((len(x),), train_steps * t - 1, device=args.device)
                outputs.append(network(x, timestep).float().cpu().numpy())
        reply = np.concatenate(outputs).reshape(n, d).astype("<f4")
        stdout.write(b"OKAY" + struct.pack("<QQ", n, d) + reply.tobytes())
    except Exception as error:  # report it to diffode, which ends the solve with this message
        message = f"{type(error).__name__}: {error}".encode()[:4096]
        stdout.write(b"FAIL" + struct.pack("<I", len(message)) + message)
    stdout.flush()
