"""Time crossplane's or gixy's own job inside one Python process.

`python in_process.py crossplane|gixy FILE RUNS` runs the tool's command-line
entry point RUNS + 1 times in this process (`crossplane parse -o /dev/null
FILE`, `gixy FILE`), output and messages captured and dropped, and prints the
wall time of each run in milliseconds as a JSON list. The first run also
imports the tool's modules and plugins; `cargo xtask bench-compare` leaves it
out, so what remains is the tool's work without the interpreter's start-up,
to set beside confine's own work timed in process by criterion. Garbage is
collected between runs, untimed.
"""

import contextlib
import gc
import io
import json
import os
import sys
import time


def main():
    tool, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if tool == "crossplane":
        from crossplane.__main__ import main as cli

        argv = ["crossplane", "parse", "-o", os.devnull, path]
    elif tool == "gixy":
        from gixy.cli.main import main as cli

        argv = ["gixy", path]
    else:
        sys.exit("unknown tool " + tool)
    times = []
    for _ in range(runs + 1):
        sys.argv = list(argv)
        # The previous run's objects collected first, outside the timing, so
        # that no run pays for another's garbage.
        gc.collect()
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                cli()
            except SystemExit:
                pass
        times.append((time.perf_counter() - start) * 1000.0)
    print(json.dumps(times))


main()
