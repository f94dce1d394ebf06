"""Validates a practice's records against the JSON Schemas `mmx schema`
wrote, with the jsonschema package (Draft 7, formats checked).

Usage: python validate.py PRACTICE SCHEMA_DIR [--expect-invalid FILE...]
Each record is read with tomllib; its dates and times become their ISO
text first, as taplo hands them to a validator (the schemas say
`format: date`). Exit 1 on any invalid record other than the FILEs given
after --expect-invalid, or when one of those is valid (a misspelt region
must be caught). Prints the count of records checked per kind.
"""

import datetime
import json
import pathlib
import sys
import tomllib

import jsonschema

KINDS = [
    ("settings", "mmx.toml"),
    ("patient", "patients/*/patient.toml"),
    ("prescription", "patients/*/prescriptions/*.toml"),
    ("session", "patients/*/sessions/*.toml"),
    ("report", "patients/*/reports/*.toml"),
]


def as_json(value):
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time, datetime.datetime)):
        return value.isoformat()
    return value


def validator(schema_dir, kind):
    with open(schema_dir / f"{kind}.schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def errors(v, path):
    with open(path, "rb") as f:
        record = as_json(tomllib.load(f))
    # A message quotes the whole enum: its start says enough.
    return [f"{path}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:120]}"
            for e in v.iter_errors(record)]


def main(argv):
    practice, schema_dir = pathlib.Path(argv[0]), pathlib.Path(argv[1])
    expect_invalid = argv[argv.index("--expect-invalid") + 1:] if "--expect-invalid" in argv else []
    expected = {pathlib.Path(p).resolve() for p in expect_invalid}
    problems = []
    validators = {kind: validator(schema_dir, kind) for kind, _ in KINDS}
    for kind, pattern in KINDS:
        files = [p for p in sorted(practice.glob(pattern)) if p.resolve() not in expected]
        if not files:
            problems.append(f"no {kind} records in {practice}")
        for path in files:
            problems.extend(errors(validators[kind], path))
        print(f"{kind}: {len(files)} checked")
    for name in expect_invalid:
        path = pathlib.Path(name)
        kind = next(k for k, p in KINDS if path.resolve().relative_to(practice.resolve()).match(p))
        found = errors(validators[kind], path)
        if not found:
            problems.append(f"{path} should be invalid, and the schema accepts it")
        else:
            print(f"refused as expected: {found[0]}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
