#!/usr/bin/env python3
"""Make the DOCX fixtures of Fixtures/docx/ from the official blank form (Python 3, stdlib only).

usage: scripts/make-docx-fixtures.py
       scripts/make-docx-fixtures.py --random N [--seed-base B] --out DIR

The second form writes N random reports (seeds B…B+N-1, default B = 1000), each in the next of
the five variants, as DIR/random_SEED_VARIANT.docx with its truth: the random-report tests read
them (RandomWordTests).

Fixtures/docx/template_2021_blank.docx is the official 2021 form as a real Word file (merged cells,
the template's own labels, a WPS-written package). This script fills it with random reports that
satisfy every 勾稽 rule, by editing its XML, and writes each beside its truth file
(NAME.docx.truth.json, the numbers the generator put in). Variants:

- filled_typed: the form as it is: section and row numbers typed as text.
- filled_autonumber: section titles, the （一）…（七） labels of table 3 and the 1.–8. sub-rows
  numbered automatically (numbering.xml: chineseCounting, decimal restarted with
  startOverride), a deleted revision holding a wrong number beside the inserted right one, a
  field whose instruction is a number, and the signature in a text box.
- filled_split: table 3 split into two tables after the rows of （三）不予公开.
- filled_blanks: a zero printed as an empty cell in scattered cells of table 3 (null in truth).
- filled_wrapped: labels of table 3 wrapped: one with a line break, one over two paragraphs.

The output is deterministic (fixed seeds, fixed ZIP timestamps): running it again changes nothing.
"""
import io
import json
import os
import random
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "Fixtures", "docx")
BLANK = os.path.join(FOLDER, "template_2021_blank.docx")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Q = "{%s}" % W

SECTIONS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
CN = "一二三四五六"
COLUMNS = ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"]
OUTCOMES = ["granted", "partiallyGranted"] + ["denied." + k for k in [
    "stateSecret", "lawProhibited", "safetyStability", "thirdPartyRights", "internalAffairs",
    "processInformation", "enforcementFiles", "administrativeQuery"]] + ["unableToProvide." + k for k in [
    "notHeld", "needsCreation", "stillUnclear"]] + ["notProcessed." + k for k in [
    "complaint", "duplicate", "publication", "excessive", "confirmation"]] + ["otherHandling." + k for k in [
    "overdueCorrection", "unpaidFees", "other"]]
T3_ROWS = ["newReceived", "carriedOver"] + OUTCOMES + ["totalHandled", "carriedForward"]
RESULTS = ["upheld", "corrected", "other", "pending", "total"]
AGENCIES = ["青松县农业农村局", "白沙镇人民政府", "临江区市场监督管理局", "东湖县自然资源局", "石门市生态环境局"]


def report(seed, blanks=()):
    """Random numbers satisfying the 2021 template's rules; `blanks` are (row, column) printed empty (0)."""
    rng = random.Random(seed)
    cells = {}
    t2 = "tables.activeDisclosure."
    for row in ["regulations", "normativeDocuments"]:
        for col in ["issued", "repealed", "inForce"]:
            cells[t2 + row + "." + col] = rng.randint(1, 60) if row == "regulations" else rng.randint(61, 400)
    cells[t2 + "licensing.decisions"] = rng.randint(1000, 30000)
    cells[t2 + "punishment.decisions"] = rng.randint(401, 999)
    cells[t2 + "coercion.decisions"] = rng.randint(30, 99)
    cells[t2 + "fees.amount"] = round(rng.randint(100, 99999) / 100, 2)
    grid = {}
    for c, col in enumerate(COLUMNS[:6]):
        for row in OUTCOMES:
            grid[row, col] = 0 if (row, col) in blanks else rng.randint(1, 40)
        grid["totalHandled", col] = sum(grid[row, col] for row in OUTCOMES)
        grid["carriedForward", col] = 0 if ("carriedForward", col) in blanks else rng.randint(1, 9)
        grid["carriedOver", col] = 0 if ("carriedOver", col) in blanks else rng.randint(1, 9)
        grid["newReceived", col] = grid["totalHandled", col] + grid["carriedForward", col] - grid["carriedOver", col]
    for row in T3_ROWS:
        grid[row, "total"] = sum(grid[row, col] for col in COLUMNS[:6])
    for (row, col), value in grid.items():
        cells["tables.applications.%s.%s" % (row, col)] = None if (row, col) in blanks else value
    for group in ["review", "litigationDirect", "litigationAfterReview"]:
        values = [rng.randint(1, 30) for _ in range(4)]
        for key, value in zip(RESULTS, values + [sum(values)]):
            cells["tables.reviewLitigation.%s.%s" % (group, key)] = value
    agency = AGENCIES[seed % len(AGENCIES)]
    year = 2021 + seed % 4
    day = 10 + seed % 18
    return {"agency": agency, "year": year, "published": (year + 1, 1, day), "cells": cells, "grid": grid}


def text(value):
    if value is None or value == 0:
        return ""
    if isinstance(value, float):
        return ("%.2f" % value).rstrip("0").rstrip(".")
    return str(value)


def el(tag, attrs=None, children=(), text_=None):
    node = ET.Element(Q + tag, {Q + k: v for k, v in (attrs or {}).items()})
    for child in children:
        node.append(child)
    if text_ is not None:
        node.text = text_
    return node


def run(value, bold=False):
    props = el("rPr", children=[el("rFonts", {"hint": "eastAsia", "ascii": "宋体", "hAnsi": "宋体", "eastAsia": "宋体"})] + ([el("b")] if bold else []))
    t = el("t", text_=value)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el("r", children=[props, t])


def paragraph(value, bold=False, style="2", numbering=None, align=None):
    props = [el("pStyle", {"val": style})]
    if numbering:
        props.append(el("numPr", children=[el("ilvl", {"val": "0"}), el("numId", {"val": str(numbering)})]))
    if align:
        props.append(el("jc", {"val": align}))
    return el("p", children=[el("pPr", children=props)] + ([run(value, bold)] if value else []))


def set_paragraph_text(p, value, bold=False):
    """Replaces the runs of paragraph `p` with one run of `value`."""
    for child in list(p):
        if child.tag != Q + "pPr":
            p.remove(child)
    if value:
        p.append(run(value, bold))


def set_cell(tc, value):
    ps = tc.findall(Q + "p")
    set_paragraph_text(ps[0], value)
    for extra in ps[1:]:
        tc.remove(extra)


def ptext(node):
    return "".join(t.text or "" for t in node.iter(Q + "t"))


class Form:
    """The blank form's document.xml as an element tree, with its original root tag kept."""

    def __init__(self, xml):
        self.xml = xml
        for _, (prefix, uri) in ET.iterparse(io.BytesIO(xml), events=["start-ns"]):
            ET.register_namespace(prefix, uri)
        self.root = ET.fromstring(xml)
        self.body = self.root.find(Q + "body")

    def serialize(self):
        out = ET.tostring(self.root, encoding="unicode")
        original = re.search(rb"<w:document[^>]*>", self.xml).group(0).decode("utf-8")
        out = re.sub(r"<w:document[^>]*>", lambda _: original, out, count=1)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + out).encode("utf-8")

    def tables(self):
        return self.body.findall(Q + "tbl")

    def paragraph_with(self, value):
        for p in self.body.findall(Q + "p"):
            if ptext(p) == value:
                return p
        raise KeyError(value)


def fill(form, rep, wrapped=False):
    cells = rep["cells"]
    agency, year = rep["agency"], rep["year"]
    y, m, d = rep["published"]
    set_paragraph_text(form.paragraph_with("政府信息公开工作年度报告格式模板"), "%s%d年政府信息公开工作年度报告" % (agency, year), bold=True)
    intro = form.paragraph_with("（文字描述）")
    set_paragraph_text(intro, "本报告根据《中华人民共和国政府信息公开条例》编制。%d年，%s认真贯彻落实政府信息公开工作要求，主动公开政府信息，依法办理依申请公开。" % (year, agency))
    set_paragraph_text(form.paragraph_with("（文字描述）"), "一是公开平台建设有待加强；二是政策解读形式较为单一。下一步将持续改进。")
    set_paragraph_text(form.paragraph_with("（文字描述，收取信息处理费情况在此处报告。）"), "本年度未收取信息处理费。")
    t2, t3, t4 = form.tables()
    rows2 = t2.findall(Q + "tr")
    a = "tables.activeDisclosure."
    for index, key in [(2, "regulations"), (3, "normativeDocuments")]:
        tcs = rows2[index].findall(Q + "tc")
        for tc, col in zip(tcs[1:], ["issued", "repealed", "inForce"]):
            set_cell(tc, text(cells[a + key + "." + col]))
    for index, key in [(6, "licensing.decisions"), (9, "punishment.decisions"), (10, "coercion.decisions"), (13, "fees.amount")]:
        set_cell(rows2[index].findall(Q + "tc")[1], text(cells[a + key]))
    rows3 = t3.findall(Q + "tr")
    for row, key in zip(rows3[3:], T3_ROWS):
        tcs = row.findall(Q + "tc")
        for tc, col in zip(tcs[-7:], COLUMNS):
            set_cell(tc, text(cells["tables.applications.%s.%s" % (key, col)]))
    values4 = t4.findall(Q + "tr")[3].findall(Q + "tc")
    keys4 = ["tables.reviewLitigation.%s.%s" % (g, r) for g in ["review", "litigationDirect", "litigationAfterReview"] for r in RESULTS]
    for tc, key in zip(values4, keys4):
        set_cell(tc, text(cells[key]))
    if wrapped:
        wrap_labels(rows3)
    last = form.body.findall(Q + "p")[-1]
    index = list(form.body).index(last)
    form.body.insert(index, paragraph(agency, align="right"))
    form.body.insert(index + 1, paragraph("%d年%d月%d日" % (y, m, d), align="right"))


def wrap_labels(rows3):
    """一、本年新收… broken by a line break; 二、上年结转… over two paragraphs of its cell."""
    label = rows3[3].findall(Q + "tc")[0].find(Q + "p")
    set_paragraph_text(label, "")
    r = run("一、本年新收政府信息")
    r.append(el("br"))
    t = el("t", text_="公开申请数量")
    r.append(t)
    label.append(r)
    cell = rows3[4].findall(Q + "tc")[0]
    first = cell.find(Q + "p")
    set_paragraph_text(first, "二、上年结转政府")
    second = paragraph("信息公开申请数量", style="1")
    cell.append(second)


def truth(name, rep, sections, notes):
    y, m, d = rep["published"]
    return {
        "doc": name, "format": "docx", "agency": rep["agency"], "year": rep["year"], "template": "2021",
        "publishedOn": "%04d-%02d-%02d" % (y, m, d), "sections": sections, "cells": rep["cells"], "notes": notes,
    }


def numbering_xml():
    def lvl(fmt, text_, suffix=None, start="1"):
        children = [el("start", {"val": start}), el("numFmt", {"val": fmt}), el("lvlText", {"val": text_})]
        if suffix:
            children.insert(2, el("suff", {"val": suffix}))
        children.append(el("lvlJc", {"val": "left"}))
        return el("lvl", {"ilvl": "0"}, children)
    root = el("numbering")
    root.append(el("abstractNum", {"abstractNumId": "0"}, [lvl("chineseCounting", "%1、", "nothing")]))
    root.append(el("abstractNum", {"abstractNumId": "1"}, [lvl("chineseCountingThousand", "（%1）", "nothing")]))
    root.append(el("abstractNum", {"abstractNumId": "2"}, [lvl("decimal", "%1.", "nothing")]))
    root.append(el("abstractNum", {"abstractNumId": "3"}, [lvl("decimalEnclosedCircle", "%1", "space")]))
    root.append(el("num", {"numId": "1"}, [el("abstractNumId", {"val": "0"})]))
    root.append(el("num", {"numId": "2"}, [el("abstractNumId", {"val": "1"})]))
    root.append(el("num", {"numId": "3"}, [el("abstractNumId", {"val": "2"})]))
    for num in ["4", "5", "6"]:
        override = el("lvlOverride", {"ilvl": "0"}, [el("startOverride", {"val": "1"})])
        root.append(el("num", {"numId": num}, [el("abstractNumId", {"val": "2"}), override]))
    root.append(el("num", {"numId": "7"}, [el("abstractNumId", {"val": "3"})]))
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def number(p, num):
    """Moves a typed number ("一、", "（三）", "2.") from paragraph p's text into automatic numbering `num`."""
    value = ptext(p)
    stripped = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)", "", value)
    assert stripped != value, value
    set_paragraph_text(p, stripped)
    props = p.find(Q + "pPr")
    if props is None:
        props = el("pPr")
        p.insert(0, props)
    props.insert(1 if props.find(Q + "pStyle") is not None else 0,
                 el("numPr", children=[el("ilvl", {"val": "0"}), el("numId", {"val": str(num)})]))


def autonumber(form, rep):
    for title in SECTIONS:
        p = next(p for p in form.body.findall(Q + "p") if re.sub(r"^[一二三四五六]、", "", ptext(p)) == title and ptext(p) != title)
        number(p, 1)
    rows3 = form.tables()[1].findall(Q + "tr")
    # 1.–8. of （三） start list 3; the later groups restart the same abstract list (nums 4, 5, 6).
    groups = {"（三）": 3, "（四）": 4, "（五）": 5, "（六）": 6}
    sub_num = None
    for row in rows3[5:]:
        for tc in row.findall(Q + "tc"):
            p = tc.find(Q + "p")
            value = ptext(p)
            if re.match(r"^（[一二三四五六七]）", value):
                sub_num = groups.get(value[:3])
                number(p, 2)
            elif re.match(r"^\d+\.", value) and sub_num:
                number(p, sub_num)
    # A list numbered ①② in the text of section 一.
    intro = form.paragraph_with("本报告根据《中华人民共和国政府信息公开条例》编制。%d年，%s认真贯彻落实政府信息公开工作要求，主动公开政府信息，依法办理依申请公开。" % (rep["year"], rep["agency"]))
    index = list(form.body).index(intro)
    for offset, item in enumerate(["主动公开平台持续完善。", "依申请公开办理规范。"]):
        form.body.insert(index + 1 + offset, paragraph(item, numbering=7))
    word_features(form, rep)


def word_features(form, rep):
    """A revision, a field and a text box, each hiding a wrong number from a careless reader."""
    rows3 = form.tables()[1].findall(Q + "tr")
    # granted.naturalPerson: the deleted "9999" must not be read, the inserted value must.
    tc = rows3[5].findall(Q + "tc")[-7]
    value = ptext(tc)
    p = tc.find(Q + "p")
    set_paragraph_text(p, "")
    deleted = el("r", children=[el("delText", text_="9999")])
    p.append(el("del", {"id": "1", "author": "nianbao", "date": "2024-01-01T00:00:00Z"}, [deleted]))
    p.append(el("ins", {"id": "2", "author": "nianbao", "date": "2024-01-01T00:00:00Z"}, [run(value)]))
    # research of 二、上年结转: a complex field whose instruction holds other digits.
    tc = rows3[4].findall(Q + "tc")[-5]
    value = ptext(tc)
    p = tc.find(Q + "p")
    set_paragraph_text(p, "")
    p.append(el("r", children=[el("fldChar", {"fldCharType": "begin"})]))
    p.append(el("r", children=[el("instrText", text_=" = 8888 - 8888 + %s " % value)]))
    p.append(el("r", children=[el("fldChar", {"fldCharType": "separate"})]))
    p.append(run(value))
    p.append(el("r", children=[el("fldChar", {"fldCharType": "end"})]))
    # The signature's agency in a text box anchored in an empty paragraph.
    agency = form.paragraph_with(rep["agency"])
    set_paragraph_text(agency, "")
    box = el("txbxContent", children=[paragraph(rep["agency"], align="right")])
    V = "urn:schemas-microsoft-com:vml"
    shape = ET.Element("{%s}shape" % V, {"style": "width:200pt;height:30pt"})
    textbox = ET.SubElement(shape, "{%s}textbox" % V)
    textbox.append(box)
    agency.append(el("r", children=[el("pict", children=[shape])]))


def split_table3(form):
    """Table 3 cut after the rows of （三）不予公开 into two tables, an empty paragraph between."""
    t3 = form.tables()[1]
    rows = t3.findall(Q + "tr")
    cut = 15  # header rows 0–2, then 一 二 （一） （二） and （三）'s eight rows
    second = el("tbl", children=[ET.fromstring(ET.tostring(t3.find(Q + "tblPr"))), ET.fromstring(ET.tostring(t3.find(Q + "tblGrid")))])
    for row in rows[cut:]:
        t3.remove(row)
        second.append(row)
    index = list(form.body).index(t3)
    form.body.insert(index + 1, paragraph(""))
    form.body.insert(index + 2, second)


def add_numbering_part(parts):
    parts["word/numbering.xml"] = numbering_xml()
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>", '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    types = types.replace("</Types>", '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")


def core_xml(rep):
    y, m, d = rep["published"]
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s%d年政府信息公开工作年度报告</dc:title><dc:creator>nianbao</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">%04d-%02d-%02dT09:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%04d-%02d-%02dT09:00:00Z</dcterms:modified></cp:coreProperties>'
            % (rep["agency"], rep["year"], y, m, d, y, m, d)).encode("utf-8")


def write_docx(path, parts, order):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order + sorted(set(parts) - set(order)):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])


def make(name, seed, variant, folder=FOLDER):
    with zipfile.ZipFile(BLANK) as z:
        order = z.namelist()
        parts = {n: z.read(n) for n in order}
    blanks = ()
    if variant == "blanks":
        rng = random.Random(seed * 7)
        blanks = {(row, col) for row in OUTCOMES for col in COLUMNS[:6] if rng.random() < 0.2} | {("carriedOver", "legalService"), ("carriedForward", "research")}
    rep = report(seed, blanks)
    form = Form(parts["word/document.xml"])
    fill(form, rep, wrapped=(variant == "wrapped"))
    if variant == "autonumber":
        autonumber(form, rep)
        add_numbering_part(parts)
    if variant == "split":
        split_table3(form)
    parts["word/document.xml"] = form.serialize()
    parts["docProps/core.xml"] = core_xml(rep)
    path = os.path.join(folder, name + ".docx")
    write_docx(path, parts, order)
    sections = ["%s、%s" % (CN[i], title) for i, title in enumerate(SECTIONS)]
    notes = "GENERATED by scripts/make-docx-fixtures.py (variant %s, seed %d) from the official blank form; every 勾稽 rule holds." % (variant, seed)
    if variant == "blanks":
        notes += " Zeros printed as empty cells are null here."
    with open(path + ".truth.json", "w", encoding="utf-8") as f:
        json.dump(truth(name + ".docx", rep, sections, notes), f, ensure_ascii=False, indent=1)
        f.write("\n")
    if folder == FOLDER:
        print("wrote", os.path.relpath(path, ROOT))


VARIANTS = ["typed", "autonumber", "split", "blanks", "wrapped"]


def main():
    args = sys.argv[1:]
    if args[:1] == ["--random"]:
        count = int(args[1])
        base = int(args[args.index("--seed-base") + 1]) if "--seed-base" in args else 1000
        out = args[args.index("--out") + 1]
        os.makedirs(out, exist_ok=True)
        for seed in range(base, base + count):
            variant = VARIANTS[seed % len(VARIANTS)]
            make("random_%d_%s" % (seed, variant), seed, variant, folder=out)
        return
    for name, seed, variant in [
        ("filled_typed", 1, "typed"), ("filled_autonumber", 2, "autonumber"), ("filled_split", 3, "split"),
        ("filled_blanks", 4, "blanks"), ("filled_wrapped", 5, "wrapped"),
    ]:
        make(name, seed, variant)


if __name__ == "__main__":
    main()
