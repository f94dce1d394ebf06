"""Validates an mmx FHIR export with the fhir.resources package (R4B models).

Usage: python validate.py BUNDLE.json
Fails (exit 1) on any validation error, on a reference that names no entry of
the bundle, and on duplicate fullUrls or ids. Prints counts per resource type.
"""

import collections
import importlib
import json
import sys


def model(resource_type):
    module = importlib.import_module("fhir.resources.R4B." + resource_type.lower())
    return getattr(module, resource_type)


def references(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference":
                yield item
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def main(path):
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    problems = []
    try:
        model("Bundle").model_validate(bundle)
    except Exception as e:  # pydantic's ValidationError, or a missing model
        problems.append(f"Bundle: {e}")
    if bundle.get("type") != "collection":
        problems.append(f"Bundle.type is {bundle.get('type')!r}, not 'collection'")
    entries = bundle.get("entry", [])
    urls = collections.Counter(e.get("fullUrl") for e in entries)
    problems += [f"fullUrl {u} appears {n} times" for u, n in urls.items() if n > 1]
    ids = collections.Counter(
        (e["resource"]["resourceType"], e["resource"].get("id")) for e in entries
    )
    problems += [f"{t}/{i} appears {n} times" for (t, i), n in ids.items() if n > 1]
    counts = collections.Counter()
    for n, entry in enumerate(entries):
        resource = entry["resource"]
        kind = resource["resourceType"]
        counts[kind] += 1
        try:
            model(kind).model_validate(resource)
        except Exception as e:
            problems.append(f"entry {n} ({kind}/{resource.get('id')}): {e}")
        for ref in references(resource):
            if ref not in urls:
                problems.append(f"entry {n} ({kind}/{resource.get('id')}): {ref} is not in the bundle")
    for kind, count in sorted(counts.items()):
        print(f"{kind}: {count}")
    for p in problems:
        print("error:", p, file=sys.stderr)
    if problems or not entries:
        print(f"{len(problems)} problems in {len(entries)} entries", file=sys.stderr)
        return 1
    print(f"{len(entries)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
