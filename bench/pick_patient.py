#!/usr/bin/env python3
"""Picks the benchmark's patient from a generated practice: one no injected
violation touches, with about 50 sessions (the practice's average), and a
second such patient that brings the two to about 100 sessions. Prints
`PATIENT OTHER LATEST_RX PATIENT_SESSIONS TOTAL_SESSIONS`.

usage: pick_patient.py PRACTICE
"""
import json
import os
import sys

root = sys.argv[1]
patients = os.path.join(root, "patients")
touched = {v["file"].split("/")[1] for v in json.load(open(os.path.join(root, "expected-violations.json")))}
counts = {
    p: len(os.listdir(os.path.join(patients, p, "sessions")))
    for p in sorted(os.listdir(patients))
    if p not in touched
}
patient = min(counts, key=lambda p: (abs(counts[p] - 50), p))
others = {p: n for p, n in counts.items() if p != patient}
other = min(others, key=lambda p: (abs(counts[patient] + others[p] - 100), p))
rx = sorted(os.listdir(os.path.join(patients, patient, "prescriptions")))[-1].removesuffix(".toml")
print(patient, other, rx, counts[patient], counts[patient] + counts[other])
