#!/usr/bin/env python3
"""Compare nianbao JSON output with a *.truth.json file: prints wrong and missing cells.

usage: scripts/compare-truth.py OUTPUT.json TRUTH.json
Exit status 1 when any non-null output value differs from the truth or a truth cell is not reproduced.
"""
import json, sys

def flatten(prefix, obj, out):
    if isinstance(obj, dict):
        for k, v in obj.items():
            flatten(f"{prefix}.{k}" if prefix else k, v, out)
    else:
        out[prefix] = obj

out = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
cells = {}
flatten("tables", out["tables"], cells)
bad = 0
for key, want in truth["cells"].items():
    got = cells.get(key, "ABSENT")
    if got != want:
        bad += 1
        print(f"  {key}: got {got} want {want}")
for key, got in cells.items():
    if got is not None and key not in truth["cells"]:
        bad += 1
        print(f"  EXTRA {key}: got {got} (not in truth)")
meta = out["report"]
for field in ("agency", "year", "publishedOn", "template"):
    if field in truth and truth[field] != meta.get(field):
        bad += 1
        print(f"  report.{field}: got {meta.get(field)!r} want {truth[field]!r}")
titles = [s["title"] for s in out["sections"]]
if "sections" in truth and titles != truth["sections"]:
    print(f"  sections: got {titles} want {truth['sections']}")
print(f"{sys.argv[1]}: {bad} problem(s) over {len(truth['cells'])} truth cells")
sys.exit(1 if bad else 0)
