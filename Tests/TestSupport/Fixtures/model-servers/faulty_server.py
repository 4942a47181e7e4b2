#!/usr/bin/env python3
"""A model server that fails on purpose, for the tests of the bridge's failure handling.

Usage: faulty_server.py MODE [CALL]; from call CALL (default 1) the server misbehaves:
  exit     exits with status 3          shape    answers with one row too few
  nan      answers with a NaN           fail     answers with an error frame
  sleep    never answers                garbage  answers with an unknown frame
  version  speaks protocol version 9 in the handshake (no call needed)
  stubborn PIDFILE: writes its process ID there, ignores SIGTERM, answers eps = 0, and on QUIT
           or the end of its input sleeps two minutes instead of exiting
Before that call it answers eps = 0 (float64, dimension from the request).
"""
import os
import signal
import struct
import sys
import time

mode = sys.argv[1]
if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open(sys.argv[2], "w") as f:
        f.write(str(os.getpid()))
    bad_call = float("inf")  # its fault is at the end, not in a call
else:
    bad_call = int(sys.argv[2]) if len(sys.argv) > 2 else 1
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
stdin.read(8)
stdout.write(b"DODE" + struct.pack("<IIBB", 9 if mode == "version" else 1, 0, 0, 0))
stdout.flush()
call = 0
while True:
    tag = stdin.read(4)
    if tag in (b"", b"QUIT"):
        if mode == "stubborn":
            time.sleep(120)
        sys.exit(0)
    t, alpha, sigma, lam, n, d = struct.unpack("<ddddQQ", stdin.read(48))
    stdin.read(8 * n * d)
    call += 1
    values = [0.0] * (n * d)
    if call >= bad_call:
        if mode == "exit":
            sys.exit(3)
        if mode == "sleep":
            time.sleep(3600)
        if mode == "fail":
            message = b"CUDA out of memory\x1b[31m\x00"  # control bytes the terminal must not see
            stdout.write(b"FAIL" + struct.pack("<I", len(message)) + message)
            stdout.flush()
            continue
        if mode == "garbage":
            stdout.write(b"WHAT")
            stdout.flush()
            continue
        if mode == "nan":
            values[0] = float("nan")
        if mode == "shape":
            n -= 1
            values = values[d:]
    stdout.write(b"OKAY" + struct.pack("<QQ", n, d) + struct.pack(f"<{len(values)}d", *values))
    stdout.flush()
