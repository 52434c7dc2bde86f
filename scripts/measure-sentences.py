#!/usr/bin/env python3
"""Share of a report's sentences that `nianbao convert F --to html` prints whole.

    scripts/measure-sentences.py [--nianbao PATH] [-v] FILE...

For each FILE: the source's sentences (see `sentences`), and how many of them are found whole
in the text of the HTML page (each block of the page — heading, paragraph, table cell — on its
own, white space and hyphens ignored (poppler drops a hyphen at a line's end); a sentence that starts with one of the page's headings may be found
after it). A PDF's source text is poppler's (`pdftotext`, reading order); a text
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


def width(line):
    """Display width: a CJK or full-width character counts 2."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in line.strip())


HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?[0-9]+[.)、])|(?:报告|年报|情况)$")


def is_heading(line):
    """A title or heading line: at most 32 characters, no comma or full stop, numbered or ending
    with 报告, 年报 or 情况."""
    t = re.sub(r"\s+", "", line)
    return len(t) <= 32 and not re.search(r"[，。；,]", t) and bool(HEADING.search(t))


def sentences(lines):
    """Sentences of the source: its text cut at 。！？ and at short lines (a title or heading line,
    under 60 % of the usual width of a full line, or a numbered heading, ends what it is in); the pieces that end with
    。！？ and have at least 12 CJK characters, white space removed; page-number lines dropped."""
    lines = [l for l in lines if not PAGE_NUMBER.match(l)]
    prose = sorted(width(l) for l in lines if l.strip() and "|" not in l and "\t" not in l)
    widest = prose[int(len(prose) * 0.9)] if prose else 0
    pieces, current = [], ""
    for line in lines:
        text = re.sub(r"\s+|\*\*|__|-", "", line)
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
        if current and (width(line) < 0.6 * widest or is_heading(line)):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return [p for p in pieces if p[-1] in "。！？" and len(CJK.findall(p)) >= 12]


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


def page_blocks(page):
    parser = Blocks()
    parser.feed(page)
    return [re.sub(r"\s+|-", "", p) for p in parser.parts if p.strip()]


def is_printed(sentence, blocks):
    """Found whole in one block, or in one block after one of the page's headings it starts with
    (a section title run into its first sentence in a flattened source is a heading on the page)."""
    if any(sentence in b for b in blocks):
        return True
    for h in blocks:
        if len(h) < len(sentence) and sentence.startswith(h) and is_heading(h):
            if any(sentence[len(h):] in b for b in blocks):
                return True
    return False


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
        blocks = page_blocks(run.stdout)
        wanted = sentences(source_lines(nianbao, path))
        missing = [s for s in wanted if not is_printed(s, blocks)]
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
