#!/usr/bin/env python3
"""Converts every fixture with a truth file and validates the JSON against the schema.

usage: scripts/validate-json.py NIANBAO SCHEMA FOLDER...
Installs the jsonschema package from PyPI when it is missing.
"""
import json, pathlib, subprocess, sys

try:
    import jsonschema
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "jsonschema"], check=True)
    import jsonschema

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
