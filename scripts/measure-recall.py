#!/usr/bin/env python3
"""Share of truth cells nianbao recovers on a set of inputs, and any wrong value or title.

usage: scripts/measure-recall.py [--bin PATH] INPUT…   (each INPUT has INPUT.truth.json beside it)
A cell is recovered when the output equals the truth; wrong when the output holds a number the
truth does not (another number, or a number where the truth is null). Prints one line per input
and a total; exit status 1 when any value is wrong.
"""
import json, os, subprocess, sys
from truthcells import output_cells

args = sys.argv[1:]
binary = ".build/debug/nianbao"
if args[:1] == ["--bin"]:
    binary, args = args[1], args[2:]
total = recovered = wrong = 0
for path in args:
    truth = json.load(open(path + ".truth.json"))
    run = subprocess.run([binary, "convert", path], capture_output=True, text=True)
    n = len(truth["cells"])
    total += n
    if run.returncode != 0:
        print(f"{os.path.basename(path)}: exit {run.returncode}: {run.stderr.strip()[:100]}  0/{n}")
        continue
    out = json.loads(run.stdout)
    cells = output_cells(out)
    ok = sum(1 for k, v in truth["cells"].items() if cells.get(k, "ABSENT") == v)
    bad = [k for k, v in cells.items() if v is not None and truth["cells"].get(k) != v]
    recovered += ok
    wrong += len(bad)
    title = out["report"].get("title")
    print(f"{os.path.basename(path)}: {ok}/{n} ({100 * ok / n:.0f}%), {len(bad)} wrong {bad[:3]}, title {title!r}")
print(f"TOTAL {recovered}/{total} = {100 * recovered / max(total, 1):.1f}% recovered, {wrong} wrong")
sys.exit(1 if wrong else 0)
