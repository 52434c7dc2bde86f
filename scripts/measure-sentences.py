#!/usr/bin/env python3
"""Share of a report's sentences that `nianbao convert F --to html` prints whole.

    scripts/measure-sentences.py [--nianbao PATH] [-v] FILE...

For each FILE: the source's sentences (see `sentences`), and how many of them are found whole
in the text of the HTML page (each block of the page — heading, paragraph, table cell — on its
own, white space ignored). A PDF's source text is poppler's (`pdftotext`, reading order); a text
file's is the file; an HTML page's is nianbao's own extraction of its main content (`nianbao
extract`), so for HTML only what the parser and the writer lose is measured. `-v` lists the
missing sentences. The Swift test `SentenceCoverageTests` applies the same rules to the fixtures.
"""
import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

CJK = re.compile(r"[\u3400-\u9fff]")
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－─]\s*\d+\s*[-—–－─]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")


def sentences(lines):
    """Sentences of the source: its text cut at 。！？ and at short lines (a title or heading line,
    under 60 % of the longest line, ends what it is in); pieces of at least 12 CJK characters,
    white space removed; page-number lines dropped."""
    lines = [l for l in lines if not PAGE_NUMBER.match(l)]
    widest = max((len(l.strip()) for l in lines), default=0)
    pieces, current = [], ""
    for line in lines:
        text = re.sub(r"\s+", "", line)
        if not text:
            if current:
                pieces.append(current)
            current = ""
            continue
        for part in re.split(r"(?<=[。！？])", text):
            current += part
            if part and part[-1] in "。！？":
                pieces.append(current)
                current = ""
        if len(line.strip()) < 0.6 * widest and current:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return [p for p in pieces if len(CJK.findall(p)) >= 12]


class Blocks(HTMLParser):
    """The text of an HTML page, block by block (a separator between blocks)."""
    BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "li", "div", "tr", "table", "section", "article", "title", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [""], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("")

    def handle_data(self, data):
        if not self.skip:
            self.parts[-1] += data


def page_text(page):
    parser = Blocks()
    parser.feed(page)
    return "\u0001".join(re.sub(r"\s+", "", p) for p in parser.parts if p.strip())


def source_lines(nianbao, path):
    if path.lower().endswith(".pdf"):
        return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout.splitlines()
    if path.lower().endswith((".html", ".htm", ".shtml")):
        doc = json.loads(subprocess.run([nianbao, "extract", path], capture_output=True, text=True, check=True).stdout)
        lines = []
        for block in doc["blocks"]:
            if block["kind"] in ("heading", "paragraph"):
                lines += block["text"].split("\n") + [""]
            elif block["kind"] == "table":
                for row in block["rows"]:
                    for cell in row:
                        lines += cell["text"].split("\n") + [""]
        return lines
    raw = open(path, "rb").read()
    try:
        return raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace").splitlines()


def main(argv):
    nianbao, verbose, files = ".build/debug/nianbao", False, []
    it = iter(argv)
    for a in it:
        if a == "--nianbao":
            nianbao = next(it)
        elif a == "-v":
            verbose = True
        else:
            files.append(a)
    total_found = total = 0
    for path in files:
        run = subprocess.run([nianbao, "convert", path, "--to", "html"], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print(f"{path}: not converted: {run.stderr.strip()}")
            continue
        text = page_text(run.stdout)
        wanted = sentences(source_lines(nianbao, path))
        missing = [s for s in wanted if s not in text]
        found = len(wanted) - len(missing)
        total_found += found
        total += len(wanted)
        share = 100.0 * found / len(wanted) if wanted else 100.0
        print(f"{share:6.1f}%  {found:3d}/{len(wanted):3d}  {path}")
        if verbose:
            for s in missing:
                print(f"          missing: {s}")
    if total:
        print(f"{100.0 * total_found / total:6.1f}%  {total_found}/{total}  all")


if __name__ == "__main__":
    main(sys.argv[1:])
