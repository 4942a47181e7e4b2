#!/usr/bin/env python3
"""Evaluates examples/digits-mlp.safetensors in numpy (float64) on fixed inputs and writes the
inputs and outputs as the test fixture Tests/TestSupport/Fixtures/digits-mlp/: the Swift
evaluation (MLPNoisePredictor through OpenBLAS) must agree to 1e-12. numpy only.

Files written: x.npy (8 x 64), levels.npy (3 x 4: t, alpha, sigma, lambda) and eps-K.npy for
level K, the network's noise prediction at x (its output converted to noise as the
metadata's "prediction" says).
"""
import json
import os
import struct

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "TestSupport", "Fixtures", "digits-mlp")


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + length])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = {"F32": "<f4", "F64": "<f8"}[entry["dtype"]]
        tensors[name] = np.frombuffer(blob[8 + length + begin:8 + length + end], dtype=dtype).reshape(entry["shape"]).astype(np.float64)
    return tensors, metadata.get("prediction", "noise")


def evaluate(tensors, prediction, x, alpha, sigma, lam):
    """The network's output at x_t, converted to the noise as diffode's PredictionTarget does."""
    out = network(tensors, x, alpha, sigma, lam)
    if prediction == "velocity":
        return alpha * out + sigma * x
    if prediction == "data":
        return (x - alpha * out) / sigma
    return out


def network(tensors, x, alpha, sigma, lam):
    f = tensors["embedding.frequencies"]
    h = np.concatenate([x / np.sqrt(alpha ** 2 + sigma ** 2), np.tile(np.sin(lam * f), (len(x), 1)), np.tile(np.cos(lam * f), (len(x), 1))], axis=1)
    index = 0
    while f"layers.{index}.weight" in tensors:
        h = h @ tensors[f"layers.{index}.weight"].T + tensors[f"layers.{index}.bias"]
        if f"layers.{index + 1}.weight" in tensors:
            h = h / (1 + np.exp(-h))
        index += 1
    return h


tensors, prediction = read_safetensors(os.path.join(ROOT, "examples", "digits-mlp.safetensors"))
rng = np.random.default_rng(0)
x = rng.standard_normal((8, 64))
levels = []
for lam in (-4.5, 0.3, 4.0):
    alpha, sigma = np.sqrt(1 / (1 + np.exp(-2 * lam))), np.sqrt(1 / (1 + np.exp(2 * lam)))
    levels.append((0.0, alpha, sigma, lam))
os.makedirs(OUT, exist_ok=True)
np.save(os.path.join(OUT, "x.npy"), x)
np.save(os.path.join(OUT, "levels.npy"), np.array(levels))
for k, (_, alpha, sigma, lam) in enumerate(levels):
    np.save(os.path.join(OUT, f"eps-{k}.npy"), evaluate(tensors, prediction, x, alpha, sigma, lam))
print("wrote", OUT)
