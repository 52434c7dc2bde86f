#!/usr/bin/env python3
"""Make Fixtures/pdf/synthetic_2021_blanks_libreoffice.pdf and its truth file (Python 3, stdlib).

usage: scripts/make-blank-cells-fixture.py

The 2021 synthetic report of scripts/make-pdf-fixtures.py (same layout, same LibreOffice
conversion), but with some cells of table 3 left BLANK, as many real reports print a zero:
whole columns of rare applicants, and scattered cells inside rows. The totals are computed with
the blank cells as 0, so every printed 勾稽 rule still holds; the truth lists the blank cells
as null (the cell exists but is blank). In the text alone a row with blank cells has fewer
numbers than columns, so which column each number belongs to is only known from the page's
rulings: this is the fixture that needs them.

Needs the tools of scripts/make-pdf-fixtures.py (libreoffice-writer, fonts-noto-cjk).
"""
import copy
import importlib.util
import json
import os
import shutil
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(ROOT, "scripts", "make-pdf-fixtures.py"))
mk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mk)

NAME = "synthetic_2021_blanks_libreoffice"
# (outcome row index, applicant column index) printed blank; column 4 (法律服务机构) blank below row 2
BLANK = {(i, 4) for i in range(2, 21)} | {(0, 2), (3, 1), (3, 5), (7, 0), (11, 3), (12, 1), (12, 2), (16, 5), (19, 3)}
BLANK_CARRIED = {4}   # columns of 二 and 四 printed blank as well

rep = copy.deepcopy(mk.REPORT_2021)
rep["agency"] = "空白镇人民政府"
rep["office"] = "空白镇人民政府党政办公室"
for i, c in BLANK:
    rep["outcomes"][i][c] = 0
for c in BLANK_CARRIED:
    rep["carriedOver"][c] = 0
    rep["carriedForward"][c] = 0

blank_td = mk.td
def td(text, *args, **kw):
    """A zero in the tables is printed as an empty cell."""
    return blank_td("" if text == 0 else text, *args, **kw)
mk.td = td


def main():
    t3, _ = mk.table3(rep)
    cells = mk.cells(rep)
    zeros = sorted(k for k, v in cells.items() if v == 0)
    assert zeros and all(k.startswith("tables.applications.") for k in zeros), zeros
    for key in zeros:
        cells[key] = None
    src = os.path.join(mk.SRC, NAME + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(mk.report_html(rep, "libreoffice"))
    pdf = os.path.join(mk.OUT, NAME + ".pdf")
    with tempfile.TemporaryDirectory(prefix="make-blank-cells.") as tmp:
        mk.convert_libreoffice(src, pdf, tmp)
    pages = mk.page_texts(pdf)
    truth = {
        "doc": os.path.basename(pdf),
        "format": "pdf",
        "agency": rep["agency"],
        "year": rep["year"],
        "template": "2021",
        "publishedOn": rep["publishedOn"],
        "sections": mk.SECTIONS,
        "cells": cells,
        "notes": (f"SYNTHETIC fixture made by scripts/make-blank-cells-fixture.py from src/{NAME}.html (LibreOffice "
                  f"Writer, as synthetic_2021_libreoffice.pdf). {len(pages)} pages. Table 3 prints {len(zeros)} cells "
                  "blank (the 法律服务机构 column in most rows and in 二 and 四, and scattered cells); they are null here. The totals "
                  "count them as 0, so every 勾稽 rule holds. Rows with blank cells have fewer numbers than columns "
                  "in the text layer: only the rulings say which column each number is in."),
    }
    with open(pdf + ".truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(pdf, ROOT)} ({len(pages)} pages, {len(zeros)} blank cells) and its truth file")


if __name__ == "__main__":
    main()
