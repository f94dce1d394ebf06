#!/usr/bin/env bash
# Validates the demo practice's FHIR export against a validator nobody here
# wrote: the fhir.resources package (its R4B models), installed from PyPI into
# a throwaway virtual environment. Also checks every reference resolves.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check \
    'fhir.resources==8.3.0' 'fhir-core==1.1.12' 'pydantic==2.14.3'
cargo run --locked --quiet -- --dir examples/demo-practice --today 2026-11-23 \
    export fhir -o "$tmp/bundle.json"
"$tmp/venv/bin/python" tests/fhir/validate.py "$tmp/bundle.json"
