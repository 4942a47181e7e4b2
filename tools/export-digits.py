#!/usr/bin/env python3
"""Writes examples/digits.npy and examples/digits.json from scikit-learn's copy of the UCI
optical recognition of handwritten digits (Alpaydin & Kaynak, 1998; CC BY 4.0): 1797 images of
8 x 8 pixels, values 0-16, scaled to [-1, 1] as x / 8 - 1 (exact in float32, stored as float32).
Not run by the tests; the two files it writes are committed. Requires scikit-learn."""
import json
import os

import numpy as np
from sklearn.datasets import load_digits

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
digits = load_digits()
points = (digits.data / 8.0 - 1.0).astype(np.float32)
np.save(os.path.join(root, "digits.npy"), points)
with open(os.path.join(root, "digits.json"), "w") as f:
    json.dump({"type": "empirical", "points": "digits.npy", "bandwidth": 0}, f)
    f.write("\n")
print(points.shape, points.min(), points.max())
