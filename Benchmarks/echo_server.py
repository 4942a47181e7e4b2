#!/usr/bin/env python3
"""A model server with no compute (it answers x itself), for timing the bridge alone:
protocol framing, the socket, and numpy's reading and writing of the rows."""
import struct
import sys

stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
stdin.read(8)
stdout.write(b"DODE" + struct.pack("<IIBB", 1, 0, 0, 0))
stdout.flush()
while True:
    tag = stdin.read(4)
    if tag in (b"", b"QUIT"):
        sys.exit(0)
    t, alpha, sigma, lam, n, d = struct.unpack("<ddddQQ", stdin.read(48))
    rows = stdin.read(8 * n * d)
    stdout.write(b"OKAY" + struct.pack("<QQ", n, d) + rows)
    stdout.flush()
