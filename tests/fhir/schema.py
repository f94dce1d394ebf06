"""Validates an mmx FHIR export against the HL7 FHIR R4 JSON Schema.

Usage: python schema.py BUNDLE.json SCHEMA.json VERSION

SCHEMA.json is an HL7 `fhir.schema.json` taken from a registry package (see
check-export.sh); VERSION is the R4 release it must be (4.0.0 or 4.0.1).
Before validating, the schema's own content must say it is that release: its
id is HL7's R4 schema id, the last FHIR version it knows (the FHIRVersion
enumeration, which each release extends with itself) is VERSION, and its
resources are R4's (ServiceRequest, which STU3 lacks; MedicinalProduct, which
R4B and R5 renamed). Validates with the `jsonschema` package (draft 6, as the
schema declares): the whole bundle, then each resource against its own
definition, so that a failure names the resource and the path inside it.
Exit 1 on any problem.
"""

import json
import sys

import jsonschema


def identify(schema, version):
    problems = []
    if schema.get("id") != "http://hl7.org/fhir/json-schema/4.0":
        problems.append(f"schema id is {schema.get('id')!r}, not HL7's R4 JSON Schema")
    definitions = schema.get("definitions", {})
    known = (
        definitions.get("CapabilityStatement", {})
        .get("properties", {})
        .get("fhirVersion", {})
        .get("enum", [])
    )
    if not known or known[-1] != version:
        problems.append(f"the schema's latest FHIR version is {known[-1:]}, not {version}")
    for name, present in [
        ("ServiceRequest", True),
        ("MedicinalProduct", True),
        ("ProcedureRequest", False),
        ("MedicinalProductDefinition", False),
    ]:
        if (name in definitions) != present:
            problems.append(f"{name} {'missing from' if present else 'in'} the schema: not R4")
    return problems


def main(bundle_path, schema_path, version):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(bundle_path, encoding="utf-8") as f:
        bundle = json.load(f)
    problems = identify(schema, version)
    if problems:
        for p in problems:
            print(f"{schema_path}: {p}", file=sys.stderr)
        return 1
    jsonschema.Draft6Validator.check_schema(schema)
    validator = jsonschema.Draft6Validator(schema)
    whole = list(validator.iter_errors(bundle))
    for n, entry in enumerate(bundle.get("entry", [])):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType")
        if kind not in schema["definitions"]:
            problems.append(f"entry {n}: no R4 resource {kind!r}")
            continue
        one = {**schema, "$ref": f"#/definitions/{kind}"}
        one.pop("oneOf", None)
        for e in jsonschema.Draft6Validator(one).iter_errors(resource):
            path = "/".join(str(p) for p in e.absolute_path)
            problems.append(f"{kind}/{resource.get('id')} at {path or '.'}: {e.message[:300]}")
    if whole and not problems:
        problems += [f"Bundle: {e.message[:300]}" for e in whole]
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(
        f"HL7 FHIR R4 {version} JSON Schema: the bundle and its "
        f"{len(bundle.get('entry', []))} resources are valid"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
