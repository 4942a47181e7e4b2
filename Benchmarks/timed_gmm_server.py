#!/usr/bin/env python3
"""The reference model server (examples/model-server/gmm_server.py) with its own work per call
(conversions, compute and the reply frame, everything between reading x and writing) timed
inside every call and appended, in seconds, to the file named by $DIFFODE_TIMING_FILE: the
bridge's overhead is then the call time diffode measures minus the server's work in the same
calls (timing the compute in another process differs by more than the overhead)."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "model-server"))
import gmm_server  # noqa: E402

work = gmm_server.reply
log = open(os.environ["DIFFODE_TIMING_FILE"], "a")


def timed_reply(*arguments):
    start = time.perf_counter()
    result = work(*arguments)
    log.write(f"{time.perf_counter() - start}\n")
    log.flush()
    return result


gmm_server.reply = timed_reply
gmm_server.main()
