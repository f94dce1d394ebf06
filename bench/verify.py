#!/usr/bin/env python3
"""Compares `mmx check --format json` with the violations the generator
injected: they must be the same (code, file) pairs, no more, no less.

usage: verify.py PRACTICE CHECK_JSON  (prints one line; exit 1 on a mismatch)
"""
import json
import os
import sys

practice, report = sys.argv[1], sys.argv[2]
expected = json.load(open(os.path.join(practice, "expected-violations.json")))
found = json.load(open(report))["diagnostics"]
want = sorted((v["code"], v["file"]) for v in expected)
got = sorted((d["code"], d["file"]) for d in found)
if got == want:
    codes = len({c for c, _ in want})
    print(f"{os.path.basename(practice)}: check found exactly the {len(want)} injected violations ({codes} codes)")
    sys.exit(0)
extra = [x for x in got if x not in want]
missing = [x for x in want if x not in got]
print(f"{os.path.basename(practice)}: MISMATCH: {len(extra)} unexpected, {len(missing)} missing")
for x in extra[:20]:
    print("  unexpected", *x)
for x in missing[:20]:
    print("  missing", *x)
sys.exit(1)
