#!/usr/bin/env python3
"""Make Fixtures/pdf/synthetic_2021_runin_libreoffice.pdf, its truth file and its source text.

usage: scripts/make-runin-fixture.py

The 2021 synthetic report of scripts/make-pdf-fixtures.py (same tables, same LibreOffice
conversion) written as WPS and Word reports are: every subsection of 一、总体情况 starts with a
BOLD run-in heading ("（一）主动公开情况。" in <b>) followed on the same line by its text, which
wraps over several lines; a subsection heading standing alone on its line (（一）… in 五); a
preamble between the title and 一、总体情况; a note "注：…" under table 2; and an 附件 line
after the signature. The text is poppler's (`pdftotext`), written beside the PDF as
`*.pdf.source.txt`: SentenceCoverageTests takes the source's sentences from it.

Needs the tools of scripts/make-pdf-fixtures.py (libreoffice-writer, fonts-noto-cjk, poppler-utils).
"""
import copy
import html
import importlib.util
import json
import os
import re
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(ROOT, "scripts", "make-pdf-fixtures.py"))
mk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mk)

NAME = "synthetic_2021_runin_libreoffice"

rep = copy.deepcopy(mk.REPORT_2021)
rep["agency"] = "加粗镇人民政府"
rep["office"] = "加粗镇人民政府党政办公室"

RUN_IN = re.compile(r"^(（[一二三四五六七八九十]）[^。]{2,20}。)(.*)$")
plain_para = mk.para


def para(cls, text):
    """A paragraph whose text starts with a run-in heading prints the heading bold."""
    m = RUN_IN.match(text) if cls == "p" else None
    if not m:
        return plain_para(cls, text)
    return f'<p style="text-indent:30pt"><b>{mk.esc(m.group(1))}</b>{mk.esc(m.group(2))}</p>'


def prose(rep):
    """Longer subsection paragraphs (several lines each), each with its run-in heading."""
    y, a, office = rep["year"], rep["agency"], rep["office"]
    base = plain_prose(rep)
    received = mk.table3(rep)[0]["newReceived"][6]
    longer = {
        "（一）": f"（一）主动公开情况。{y}年，{a}通过政府门户网站主动公开各类政府信息5521条，其中政策文件136件、"
                 "规划计划42件、财政预决算信息87条、重大项目信息215条，同步在政务新媒体发布政策解读和办事指南，"
                 "进一步扩大政府信息的覆盖面和知晓度，方便群众及时获取所需信息；围绕群众关切的教育、医疗、就业等领域，"
                 "制作图文解读、视频解读等多种形式的解读材料，让政策看得懂、用得上。",
        "（二）": f"（二）依申请公开情况。进一步规范依申请公开受理、登记、审核、答复、归档等流程，畅通网上申请、"
                 f"信函申请和当面申请渠道。{y}年共新收政府信息公开申请{received}件，均在法定期限内予以答复，"
                 "答复内容和形式符合《条例》规定；对申请内容不明确的，及时告知申请人作出补正，并说明补正的事项和合理的补正期限。",
        "（三）": "（三）政府信息管理情况。严格执行政府信息公开属性源头认定和发布审核制度，落实“三审三校”要求，"
                 "从严从实把好政治关、法律关、政策关、保密关、文字关，未经审核的信息一律不予发布，确保公开信息准确、规范；"
                 "开展行政规范性文件清理，对失效、废止的文件及时标注并在网站上予以公布。",
    }
    out = []
    for cls, text in base:
        key = text[:3]
        out.append((cls, longer.get(key, text) if cls == "p" else text))
    return out


plain_prose = mk.prose
mk.prose = prose
mk.para = para

plain_table2 = mk.table2_html


def table2_html(rep):
    """Table 2 with a note printed under it."""
    return plain_table2(rep) + "\n" + plain_para(
        "p", "注：本表行政许可、行政处罚、行政强制数据由相关职能部门提供，统计口径为本机关作出的处理决定。")


mk.table2_html = table2_html

plain_closing = mk.closing


def closing(rep):
    """Section 五 with a subsection heading standing alone on its line."""
    out = []
    for cls, text in plain_closing(rep):
        if text.startswith("下一步"):
            out.append(("p", "（一）下一步工作安排"))
        out.append((cls, text))
    return out


mk.closing = closing


def with_annex(page):
    """An 附件 line after the signature."""
    annex = '<p style="text-indent:0">附件：加粗镇政务公开工作联系人名单</p>\n'
    return page.replace("\n</body></html>", "\n" + annex + "</body></html>")


def main():
    src = os.path.join(mk.SRC, NAME + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(with_annex(mk.report_html(rep, "libreoffice")))
    pdf = os.path.join(mk.OUT, NAME + ".pdf")
    with tempfile.TemporaryDirectory(prefix="make-runin.") as tmp:
        mk.convert_libreoffice(src, pdf, tmp)
    pages = mk.page_texts(pdf)
    text = mk.run(["pdftotext", pdf, "-"])
    with open(pdf + ".source.txt", "w", encoding="utf-8") as f:
        f.write(text)
    truth = {
        "doc": os.path.basename(pdf),
        "format": "pdf",
        "agency": rep["agency"],
        "year": rep["year"],
        "template": "2021",
        "publishedOn": rep["publishedOn"],
        "sections": mk.SECTIONS,
        "cells": mk.cells(rep),
        "notes": (f"SYNTHETIC fixture made by scripts/make-runin-fixture.py from src/{NAME}.html (LibreOffice "
                  f"Writer, as synthetic_2021_libreoffice.pdf). {len(pages)} pages. Each subsection of 一、总体情况 starts "
                  "with a bold run-in heading （一）主动公开情况。 followed on the same line by its text, wrapped over "
                  "several lines; section 五 has a subsection heading alone on its line; a preamble before 一; a note 注：… "
                  "under table 2; an 附件 line after the signature. Tables as synthetic_2021_libreoffice.pdf: every "
                  "勾稽 rule holds. Its poppler text is *.source.txt beside it."),
    }
    with open(pdf + ".truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(pdf, ROOT)} ({len(pages)} pages), its truth file and its source text")


if __name__ == "__main__":
    main()
