#!/usr/bin/env python3
"""The reference diffode model server: the exact noise predictor of a Gaussian-mixture
problem file, numpy only. Protocol (Docs/ModelServer.md), all little-endian:

  diffode -> server   b"DODE" u32 version
  server -> diffode   b"DODE" u32 version, u32 dimension, u8 prediction (0 noise), u8 dtype (0 float64)
  diffode -> server   b"EVAL" f64 t, alpha, sigma, lambda, u64 N, u64 D, N*D values
  server -> diffode   b"OKAY" u64 N, u64 D, N*D values   or   b"FAIL" u32 length, UTF-8 message
  diffode -> server   b"QUIT" (or end of input): the server exits

Usage: gmm_server.py PROBLEM.json [--float32]
"""
import json
import struct
import sys

import numpy as np

VERSION = 1


def read_exactly(stream, count):
    data = stream.read(count)
    if len(data) < count:
        sys.exit(0)  # diffode has gone: end quietly
    return data


def predict_noise(problem, x, alpha, sigma):
    """eps = sigma sum_k r_k (x - alpha mu_k) / (alpha^2 v_k + sigma^2), r_k the responsibilities."""
    weights = np.asarray(problem["weights"], float)
    means, variances = np.asarray(problem["means"], float), np.asarray(problem["variances"], float)
    total = alpha * alpha * variances + sigma * sigma                      # K x D
    residual = x[:, None, :] - alpha * means[None, :, :]                   # N x K x D
    logits = np.log(weights) - 0.5 * np.log(total).sum(axis=1) - 0.5 * (residual ** 2 / total).sum(axis=2)
    logits -= logits.max(axis=1, keepdims=True)
    responsibilities = np.exp(logits)
    responsibilities /= responsibilities.sum(axis=1, keepdims=True)
    return sigma * np.einsum("nk,nkd->nd", responsibilities, residual / total)


def reply(problem, x, alpha, sigma, dtype):
    """The OKAY frame for one call: the server's whole work between reading x and writing."""
    eps = predict_noise(problem, x.astype(np.float64), alpha, sigma).astype(dtype)
    return b"OKAY" + struct.pack("<QQ", *x.shape) + eps.tobytes()


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gmm_server.py PROBLEM.json [--float32]")
    with open(sys.argv[1]) as f:
        problem = json.load(f)
    dtype = np.float32 if "--float32" in sys.argv[2:] else np.float64
    dimension = len(problem["means"][0])
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    if read_exactly(stdin, 4) != b"DODE":
        sys.exit("gmm_server: the client did not start with DODE")
    (version,) = struct.unpack("<I", read_exactly(stdin, 4))
    stdout.write(b"DODE" + struct.pack("<IIBB", VERSION, dimension, 0, 0 if dtype == np.float64 else 1))
    stdout.flush()
    while True:
        tag = stdin.read(4)
        if tag in (b"", b"QUIT"):
            return
        if tag != b"EVAL":
            sys.exit(f"gmm_server: unknown frame {tag!r}")
        t, alpha, sigma, lam, n, d = struct.unpack("<ddddQQ", read_exactly(stdin, 48))
        x = np.frombuffer(read_exactly(stdin, n * d * np.dtype(dtype).itemsize), dtype=dtype).reshape(n, d)
        if d != dimension:
            message = f"x has {d} columns; the problem has dimension {dimension}".encode()
            stdout.write(b"FAIL" + struct.pack("<I", len(message)) + message)
        else:
            stdout.write(reply(problem, x, alpha, sigma, dtype))
        stdout.flush()


if __name__ == "__main__":
    main()
