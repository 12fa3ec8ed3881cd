#!/usr/bin/env python3
"""Print crossplane's parse of each named nginx config file, one JSON line each.

Used by tests/crossplane_compat.rs to compare `confine parse --json` with
crossplane (nginxinc/crossplane, the version on PyPI: 0.5.8). One process for
the whole corpus keeps the comparison fast.

Usage: crossplane_dump.py [FILE...]   (no FILE: read file names from stdin,
one a line)

Output: first a line {"crossplane": VERSION}, then per file, in input order,
{"file": NAME, "status": ..., "errors": [...], "parsed": [...]}: the config
entry of the file itself from

    crossplane.parse(NAME, single=True, catch_errors=True,
                     check_ctx=False, check_args=False)

single=True: includes are not followed (each file is compared on its own);
check_ctx/check_args off: only syntax is judged, not nginx's directive table,
which crossplane has only for the modules it knows.
"""
import json
import sys

import crossplane


def dump(name):
    try:
        payload = crossplane.parse(
            name,
            single=True,
            catch_errors=True,
            check_ctx=False,
            check_args=False,
        )
        entry = payload["config"][0]
    except Exception as e:  # crossplane itself crashed: report, do not stop
        entry = {
            "status": "failed",
            "errors": [{"error": "crossplane raised %s: %s" % (type(e).__name__, e), "line": None}],
            "parsed": [],
        }
    return {
        "file": name,
        "status": entry["status"],
        "errors": [{"error": str(e.get("error")), "line": e.get("line")} for e in entry["errors"]],
        "parsed": entry["parsed"],
    }


def main():
    names = sys.argv[1:] or [line.rstrip("\n") for line in sys.stdin if line.strip()]
    out = sys.stdout
    out.write(json.dumps({"crossplane": crossplane.__version__}) + "\n")
    for name in names:
        out.write(json.dumps(dump(name)) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
