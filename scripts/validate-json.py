#!/usr/bin/env python3
"""Converts every fixture with a truth file and validates the JSON against the schema.

usage: scripts/validate-json.py NIANBAO SCHEMA FOLDER...
Needs PyPI's jsonschema (scripts/test runs it from the virtual environment it makes).
"""
import json, pathlib, subprocess, sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-json: PyPI's jsonschema is missing (scripts/test installs it in .build/python-tools)")

nianbao, schema_path, *folders = sys.argv[1:]
schema = json.load(open(schema_path))
count = 0
for folder in folders:
    for truth in sorted(pathlib.Path(folder).glob("*.truth.json")):
        source = str(truth)[: -len(".truth.json")]
        out = subprocess.run([nianbao, "convert", source], capture_output=True, text=True, check=True).stdout
        jsonschema.validate(json.loads(out), schema)
        count += 1
print(f"schema: {count} fixture outputs valid against {schema_path}")
