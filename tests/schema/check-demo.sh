#!/usr/bin/env bash
# Validates the demo practice against the JSON Schemas mmx writes for
# editors, with two validators nobody here wrote, installed from PyPI into a
# throwaway virtual environment: taplo's own CLI (the engine of the Even
# Better TOML extension, reading the demo's .taplo.toml as an editor does)
# and the jsonschema package (over tomllib). Both must pass the demo and
# refuse a copy of it with a misspelt region.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check \
    'taplo==0.9.3' 'jsonschema==4.26.0'
taplo=$tmp/venv/bin/taplo
demo=examples/demo-practice
# The demo's schemas are the ones mmx writes now (a Rust test says so too).
cargo run --locked --quiet -- --dir "$demo" schema --out "$tmp/schema" >/dev/null
diff -r "$demo/.mmx/schema" "$tmp/schema"
(cd "$demo" && "$taplo" lint --no-auto-config --config .taplo.toml) 2>"$tmp/taplo.log" || {
    cat "$tmp/taplo.log" >&2
    echo "taplo refused the demo practice" >&2
    exit 1
}
"$tmp/venv/bin/python" tests/schema/validate.py "$demo" "$demo/.mmx/schema"
# A misspelt region in one session: both must refuse it.
cp -R "$demo" "$tmp/demo"
session=$(find "$tmp/demo/patients" -path '*/sessions/*.toml' | sort | sed -n 1p)
sed -i.orig '0,/^regions = \["/s//regions = ["lumbr", "/' "$session"
rm -f "$session.orig"
grep -q '"lumbr"' "$session"
if (cd "$tmp/demo" && "$taplo" lint --no-auto-config --config .taplo.toml) 2>"$tmp/taplo.log"; then
    echo "taplo accepted a session with the misspelt region lumbr" >&2
    exit 1
fi
grep -q '"lumbr" is not one of' "$tmp/taplo.log" || {
    cat "$tmp/taplo.log" >&2
    echo "taplo refused the misspelt session, but not for its region" >&2
    exit 1
}
echo "taplo refused the misspelt region in ${session#"$tmp/demo/"}"
"$tmp/venv/bin/python" tests/schema/validate.py "$tmp/demo" "$tmp/demo/.mmx/schema" \
    --expect-invalid "$session" | grep 'refused as expected' | grep -q "'lumbr' is not one of" || {
    echo "jsonschema did not refuse the misspelt region lumbr (or refused another record)" >&2
    exit 1
}
echo "jsonschema refused the misspelt region; the demo practice validates against its schemas"
