#!/usr/bin/env python3
"""Compare nianbao JSON output with a *.truth.json file: prints wrong and missing cells.

usage: scripts/compare-truth.py OUTPUT.json TRUTH.json
Exit status 1 when any non-null output value differs from the truth or a truth cell is not reproduced.
"""
import json, sys
from truthcells import output_cells

out = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
cells = output_cells(out)
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
