#!/usr/bin/env python3
"""Make the synthetic PDF fixtures in Fixtures/pdf/ (Python 3, standard library only).

usage: scripts/make-pdf-fixtures.py [--html-only]

Writes, for two synthetic annual reports (a 2021-template report and a 2019-template
report), one HTML source per producer in Fixtures/pdf/src/, converts each with its producer
(LibreOffice Writer and headless Chromium) to Fixtures/pdf/synthetic_<template>_<producer>.pdf,
and writes a *.pdf.truth.json next to each PDF (the keys of /work/shared/KEYS.md). Then it
makes the bad PDFs for error tests: scanned.pdf, encrypted.pdf, corrupt.pdf, not-a-pdf.pdf
and empty.pdf. Fixtures/pdf/README.md describes every file.

--html-only writes the HTML sources only (no PDF, no truth file, no bad PDF).

Needs (Debian 12):
  apt-get install -y fonts-noto-cjk fonts-arphic-uming fonts-dejavu-core fonts-droid-fallback
                     chromium libreoffice-writer qpdf poppler-utils

Every cell of the three tables is non-zero and, within a report, every printed value is
different from every other (asserted below), so a value read from the wrong row or column
never matches the truth by accident. The data satisfy the 勾稽 rules (asserted below too):
table 3 per column 一+二 = （七）总计+四, per row the six applicant columns sum to 总计,
（七）总计 = sum of the outcome rows (一)…(六); table 4 维持+纠正+其他+尚未审结 = 总计.
"""
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "pdf")
SRC = os.path.join(OUT, "src")

PRODUCERS = ("libreoffice", "chromium")
COLUMNS = ["naturalPerson", "commercial", "research", "publicInterest", "legalService", "other", "total"]
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# Outcome rows of table 3 under 三、本年度办理结果: (key, group label, item label).
# group None = a row whose label spans the group and item columns.
OUTCOME_HEAD = [
    ("granted", None, "（一）予以公开"),
    ("partiallyGranted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied.stateSecret", "（三）不予公开", "1.属于国家秘密"),
    ("denied.lawProhibited", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("denied.safetyStability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("denied.thirdPartyRights", "（三）不予公开", "4.保护第三方合法权益"),
    ("denied.internalAffairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("denied.processInformation", "（三）不予公开", "6.属于四类过程性信息"),
    ("denied.enforcementFiles", "（三）不予公开", "7.属于行政执法案卷"),
    ("denied.administrativeQuery", "（三）不予公开", "8.属于行政查询事项"),
    ("unableToProvide.notHeld", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unableToProvide.needsCreation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unableToProvide.stillUnclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("notProcessed.complaint", "（五）不予处理", "1.信访举报投诉类申请"),
    ("notProcessed.duplicate", "（五）不予处理", "2.重复申请"),
    ("notProcessed.publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("notProcessed.excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("notProcessed.confirmation", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER_HANDLING_2021 = [
    ("otherHandling.overdueCorrection", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("otherHandling.unpaidFees", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("otherHandling.other", "（六）其他处理", "3.其他"),
]
OTHER_HANDLING_2019 = [("otherHandling.total", None, "（六）其他处理")]

# ---------------------------------------------------------------------------------------------
# Data. Table 3: the six applicant columns of each outcome row, of 二 (carriedOver) and of 四
# (carriedForward); 一 (newReceived), （七）总计 and the 总计 column are derived.

REPORT_2021 = {
    "template": "2021",
    "agency": "测试县人民政府",
    "office": "测试县人民政府办公室",
    "year": 2024,
    "publishedOn": "2025-01-20",
    "dateText": "2025年1月20日",
    "titleBreak": False,
    "active": {
        "regulations": {"issued": 6, "repealed": 4, "inForce": 57},
        "normativeDocuments": {"issued": 38, "repealed": 15, "inForce": 412},
        "licensing": {"decisions": 18467},
        "punishment": {"decisions": 3291},
        "coercion": {"decisions": 176},
        "fees": {"amount": 6815.47},
    },
    "outcomes": [
        [193, 114, 150, 72, 147, 76], [163, 97, 88, 14, 108, 124], [330, 77, 158, 89, 65, 96],
        [272, 94, 153, 54, 126, 142], [223, 154, 111, 59, 91, 30], [202, 56, 82, 93, 85, 36],
        [351, 84, 151, 122, 101, 127], [353, 39, 44, 46, 103, 128], [194, 155, 34, 73, 86, 133],
        [346, 144, 28, 138, 45, 145], [252, 53, 156, 64, 105, 90], [335, 81, 27, 83, 130, 115],
        [236, 37, 102, 26, 51, 121], [201, 106, 66, 125, 71, 120], [230, 143, 12, 35, 95, 100],
        [161, 157, 117, 112, 116, 123], [267, 92, 24, 87, 132, 131], [368, 107, 146, 43, 25, 40],
        [190, 70, 67, 60, 99, 78], [221, 47, 140, 152, 134, 74], [187, 136, 139, 68, 159, 52],
    ],
    "carriedOver": [222, 49, 22, 55, 80, 119],
    "carriedForward": [203, 50, 98, 29, 129, 113],
    "review": {
        "review": [17, 5, 8, 3],
        "litigationDirect": [9, 2, 11, 19],
        "litigationAfterReview": [7, 1, 13, 10],
    },
}

REPORT_2019 = {
    "template": "2019",
    "agency": "样例市人民政府办公室",
    "office": "样例市人民政府办公室",
    "year": 2019,
    "publishedOn": "2020-01-15",
    "dateText": "2020年1月15日",
    "titleBreak": True,   # agency on the first title line, '2019年政府信息公开工作年度报告' on the second
    "repeatHeader": ("chromium",),   # table 3 header rows repeated on the next page (thead)
    "active": {
        "regulations": {"made": 9, "published": 7, "total": 143},
        "normativeDocuments": {"made": 46, "published": 44, "total": 527},
        "licensing": {"previousYear": 362, "change": 12, "decisions": 15873},
        "otherServices": {"previousYear": 84, "change": -3, "decisions": 2196},
        "punishment": {"previousYear": 1105, "change": 27, "decisions": 4618},
        "coercion": {"previousYear": 41, "change": -6, "decisions": 239},
        "fees": {"previousYear": 23, "change": -8},
        "procurement": {"projects": 64, "amount": 386500},
    },
    # how each 本年增/减 value is printed (sign shown on some, not on others)
    "changeText": {"licensing": "+12", "otherServices": "-3", "punishment": "27",
                   "coercion": "-6", "fees": "-8"},
    "outcomes": [
        [222, 18, 37, 65, 28, 103], [379, 24, 131, 136, 58, 86], [167, 102, 118, 144, 138, 74],
        [290, 117, 126, 79, 75, 119], [343, 128, 99, 81, 38, 71], [398, 30, 19, 135, 89, 51],
        [134, 57, 112, 80, 125, 106], [107, 62, 78, 90, 145, 137], [341, 69, 94, 100, 77, 116],
        [233, 53, 68, 159, 59, 155], [383, 42, 66, 95, 139, 98], [220, 32, 129, 105, 151, 60],
        [199, 35, 25, 87, 96, 29], [377, 148, 97, 115, 40, 17], [382, 39, 149, 120, 50, 142],
        [344, 154, 130, 123, 63, 73], [304, 152, 48, 70, 61, 43], [178, 110, 153, 56, 104, 91],
        [219, 121, 13, 132, 22, 83],
    ],
    "carriedOver": [368, 114, 127, 133, 85, 88],
    "carriedForward": [300, 158, 26, 45, 15, 124],
    "review": {
        "review": [14, 6, 4, 10],
        "litigationDirect": [21, 3, 5, 2],
        "litigationAfterReview": [8, 1, 16, 11],
    },
}


def outcome_rows(rep):
    return OUTCOME_HEAD + (OTHER_HANDLING_2021 if rep["template"] == "2021" else OTHER_HANDLING_2019)


def table3(rep):
    """All rows of table 3 as {key: [7 values]} in printed order, and the outcome keys."""
    rows = outcome_rows(rep)
    assert len(rows) == len(rep["outcomes"]), (len(rows), len(rep["outcomes"]))
    with_total = lambda six: list(six) + [sum(six)]
    handled = [sum(r[c] for r in rep["outcomes"]) for c in range(6)]
    new = [handled[c] + rep["carriedForward"][c] - rep["carriedOver"][c] for c in range(6)]
    assert min(new) > 0
    table = {"newReceived": with_total(new), "carriedOver": with_total(rep["carriedOver"])}
    for (key, _, _), six in zip(rows, rep["outcomes"]):
        table[key] = with_total(six)
    table["totalHandled"] = with_total(handled)
    table["carriedForward"] = with_total(rep["carriedForward"])
    return table, [k for k, _, _ in rows]


def table4(rep):
    return {g: list(v) + [sum(v)] for g, v in rep["review"].items()}


def cells(rep):
    out = {}
    for item, cols in rep["active"].items():
        for col, v in cols.items():
            out[f"tables.activeDisclosure.{item}.{col}"] = v
    t3, _ = table3(rep)
    for key, vals in t3.items():
        for col, v in zip(COLUMNS, vals):
            out[f"tables.applications.{key}.{col}"] = v
    for group, vals in table4(rep).items():
        for col, v in zip(["upheld", "corrected", "other", "pending", "total"], vals):
            out[f"tables.reviewLitigation.{group}.{col}"] = v
    return out


def check(rep):
    """Assert the 勾稽 rules and that every printed value of the report is unique and non-zero."""
    t3, outcome_keys = table3(rep)
    for key, vals in t3.items():
        assert sum(vals[:6]) == vals[6], key
    for c in range(7):
        assert t3["newReceived"][c] + t3["carriedOver"][c] == t3["totalHandled"][c] + t3["carriedForward"][c]
        assert t3["totalHandled"][c] == sum(t3[k][c] for k in outcome_keys)
    for g, vals in table4(rep).items():
        assert sum(vals[:4]) == vals[4], g
    values = list(cells(rep).values())
    assert all(v != 0 for v in values)
    dupes = sorted({v for v in values if values.count(v) > 1})
    assert not dupes, f"repeated values in the {rep['template']} report: {dupes}"


# ---------------------------------------------------------------------------------------------
# HTML

def esc(s):
    return html.escape(s, quote=False)


def title_html(rep):
    t = f"{esc(rep['agency'])}<br>{rep['year']}年政府信息公开工作年度报告" if rep["titleBreak"] \
        else f"{esc(rep['agency'])}{rep['year']}年政府信息公开工作年度报告"
    return f'<p class="title" align="center">{t}</p>'


def prose(rep):
    """Paragraphs (class, text) of the report from the title to the heading of section 三."""
    t3, _ = table3(rep)
    y, a, office = rep["year"], rep["agency"], rep["office"]
    if rep["template"] == "2021":
        basis = "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
    else:
        basis = "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
    received = t3["newReceived"][6]
    return [
        ("p", f"本报告由{office}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{basis}要求编制。"
              f"报告中所列数据统计期限自{y}年1月1日起至{y}年12月31日止。本报告电子版可在{a}门户网站“政府信息公开”专栏查阅或下载。"
              f"如对本报告有疑问，请与{office}联系（地址：示例路1号，邮编：000000，电话：0000-0000000）。"),
        ("h1", SECTIONS[0]),
        ("p", f"{y}年，{a}坚持以人民为中心的发展思想，全面贯彻落实《条例》各项规定，不断完善政府信息公开制度，"
              f"健全政府信息公开保障机制，始终将政务公开工作摆在重要位置，推进政府信息公开工作规范、有序、健康发展。"),
        ("p", "（一）主动公开情况。主要通过政府门户网站主动公开政府文件、规划计划、财政预决算、重大项目、通知公告等各类政府信息，"
              "同步在政务新媒体发布政策解读和办事指南，进一步扩大政府信息的覆盖面和知晓度，方便群众及时获取所需信息。"),
        ("p", f"（二）依申请公开情况。进一步规范依申请公开受理、登记、审核、答复、归档等流程，畅通网上申请、信函申请和当面申请渠道。"
              f"{y}年共新收政府信息公开申请{received}件，均在法定期限内予以答复，答复内容和形式符合《条例》规定。"),
        ("p", "（三）政府信息管理情况。严格执行政府信息公开属性源头认定和发布审核制度，落实“三审三校”要求，"
              "从严从实把好政治关、法律关、政策关、保密关、文字关，未经审核的信息一律不予发布，确保公开信息准确、规范。"),
        ("p", "（四）政府信息公开平台建设情况。加强政府网站和政务新媒体的日常监管，按照管理标准定期开展检查，"
              "及时关停整合关注度低、更新不及时的账号，对空白栏目、错误链接等问题督促整改，提升平台集约化水平。"),
        ("p", "（五）监督保障情况。进一步细化分解政务公开工作责任，形成工作清单，把政务公开工作纳入年度绩效考核，"
              "组织开展业务培训，定期通报工作情况，做到任务具体、责任明确，确保各项工作有序开展。"),
        ("h1", SECTIONS[1]),
    ]


def intro3(rep):
    t3, _ = table3(rep)
    return (f"{rep['year']}年，本机关新收政府信息公开申请{t3['newReceived'][6]}件，上年结转{t3['carriedOver'][6]}件；"
            f"办结{t3['totalHandled'][6]}件，结转下年度继续办理{t3['carriedForward'][6]}件。具体情况如下表：")


def closing(rep):
    y = rep["year"]
    last = ("本年度未收取政府信息公开信息处理费。" if rep["template"] == "2021" else "无。")
    return [
        ("h1", SECTIONS[4]),
        ("p", f"{y}年，政府信息公开工作取得一定成效，但对照上级要求仍存在一定差距：依申请公开答复的规范性有待进一步提高，"
              "政策解读的形式还不够丰富，基层政务公开队伍的业务能力还需加强。"),
        ("p", "下一步，将重点抓好以下工作：一是全面梳理和优化依申请公开工作流程，强化部门协同配合，提升答复质量；"
              "二是围绕中心工作，进一步明确政务公开的重点领域，做好政策解读和回应关切；三是加强业务指导培训，提高工作人员业务水平。"),
        ("h1", SECTIONS[5]),
        ("p", last),
    ]


def para(cls, text):
    if cls == "h1":
        return f'<p class="h1">{esc(text)}</p>'
    return f'<p style="text-indent:30pt">{esc(text)}</p>'  # 2 characters of 15pt


# Table geometry (px at 96 dpi; the text block is 160 mm = 605 px wide).
T3_COLS = [28, 62, 180] + [47] * 7          # vertical label, group label, item label, 7 numbers
T2_COLS = [170, 143, 143, 143]
T4_COLS = [40] * 15


def colgroup(widths):
    return "<colgroup>" + "".join(f'<col width="{w}">' for w in widths) + "</colgroup>"


def table_open(widths):
    w = sum(widths)
    return (f'<table class="t" width="{w}" border="1" cellspacing="0" cellpadding="3" '
            f'style="width:{w}px">' + colgroup(widths))


def td(text, cls="c", colspan=1, rowspan=1, raw=False):
    attrs = ""
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    align = {"c": "center", "l": "left"}[cls]
    body = text if raw else esc(str(text))
    # inline font size: LibreOffice's HTML import ignores the 'table.t td' rule of the style sheet
    return (f'<td class="{cls}" align="{align}" valign="middle"{attrs} '
            f'style="font-size:10.5pt; line-height:130%">{body}</td>')


def fmt_num(v):
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def table2_html(rep):
    a = rep["active"]
    rows = []
    r = rows.append
    if rep["template"] == "2021":
        r("<tr>" + td("第二十条第（一）项", colspan=4) + "</tr>")
        r("<tr>" + td("信息内容") + td("本年制发件数") + td("本年废止件数") + td("现行有效件数") + "</tr>")
        for key, label in (("regulations", "规章"), ("normativeDocuments", "行政规范性文件")):
            v = a[key]
            r("<tr>" + td(label, "l") + td(v["issued"]) + td(v["repealed"]) + td(v["inForce"]) + "</tr>")
        for item, heads in (("（五）", [("licensing", "行政许可")]),
                            ("（六）", [("punishment", "行政处罚"), ("coercion", "行政强制")])):
            r("<tr>" + td(f"第二十条第{item}项", colspan=4) + "</tr>")
            r("<tr>" + td("信息内容") + td("本年处理决定数量", colspan=3) + "</tr>")
            for key, label in heads:
                r("<tr>" + td(label, "l") + td(a[key]["decisions"], colspan=3) + "</tr>")
        r("<tr>" + td("第二十条第（八）项", colspan=4) + "</tr>")
        r("<tr>" + td("信息内容") + td("本年收费金额（单位：万元）", colspan=3) + "</tr>")
        r("<tr>" + td("行政事业性收费", "l") + td(fmt_num(a["fees"]["amount"]), colspan=3) + "</tr>")
    else:
        ch = rep["changeText"]
        r("<tr>" + td("第二十条第（一）项", colspan=4) + "</tr>")
        r("<tr>" + td("信息内容") + td("本年新<br>制作数量", raw=True) + td("本年新<br>公开数量", raw=True)
          + td("对外公开总数量") + "</tr>")
        for key, label in (("regulations", "规章"), ("normativeDocuments", "规范性文件")):
            v = a[key]
            r("<tr>" + td(label, "l") + td(v["made"]) + td(v["published"]) + td(v["total"]) + "</tr>")
        for item, heads in (("（五）", [("licensing", "行政许可"), ("otherServices", "其他对外管理服务事项")]),
                            ("（六）", [("punishment", "行政处罚"), ("coercion", "行政强制")])):
            r("<tr>" + td(f"第二十条第{item}项", colspan=4) + "</tr>")
            r("<tr>" + td("信息内容") + td("上一年项目数量") + td("本年增/减") + td("处理决定数量") + "</tr>")
            for key, label in heads:
                v = a[key]
                r("<tr>" + td(label, "l") + td(v["previousYear"]) + td(ch[key]) + td(v["decisions"]) + "</tr>")
        r("<tr>" + td("第二十条第（八）项", colspan=4) + "</tr>")
        r("<tr>" + td("信息内容") + td("上一年项目数量") + td("本年增/减", colspan=2) + "</tr>")
        r("<tr>" + td("行政事业性收费", "l") + td(a["fees"]["previousYear"]) + td(ch["fees"], colspan=2) + "</tr>")
        r("<tr>" + td("第二十条第（九）项", colspan=4) + "</tr>")
        r("<tr>" + td("信息内容") + td("采购项目数量") + td("采购总金额", colspan=2) + "</tr>")
        r("<tr>" + td("政府集中采购", "l") + td(a["procurement"]["projects"])
          + td(a["procurement"]["amount"], colspan=2) + "</tr>")
    return table_open(T2_COLS) + "\n" + "\n".join(rows) + "\n</table>"


def vertical(text):
    return "<br>".join(esc(ch) for ch in text)


def table3_html(rep, producer):
    t3, _ = table3(rep)
    repeat = producer in rep.get("repeatHeader", ())
    rows = []
    r = rows.append
    nums = lambda key: "".join(td(v) for v in t3[key])
    r("<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3)
      + td("申请人情况", colspan=7) + "</tr>")
    r("<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>")
    r("<tr>" + "".join(td(h, raw=True) for h in
                       ("商业<br>企业", "科研<br>机构", "社会<br>公益<br>组织", "法律<br>服务<br>机构", "其他")) + "</tr>")
    if repeat:
        # header rows in <thead>: Chromium prints them again at the top of every page the table runs onto
        rows.insert(0, "<thead>")
        r("</thead><tbody>")
    r("<tr>" + td("一、本年新收政府信息公开申请数量", "l", colspan=3) + nums("newReceived") + "</tr>")
    r("<tr>" + td("二、上年结转政府信息公开申请数量", "l", colspan=3) + nums("carriedOver") + "</tr>")
    outcome = outcome_rows(rep)
    span = len(outcome) + 1                      # + （七）总计
    groups = {}
    for _, g, _ in outcome:
        if g:
            groups[g] = groups.get(g, 0) + 1
    seen = set()
    for i, (key, group, label) in enumerate(outcome):
        cells_ = ""
        if i == 0:
            cells_ += td(vertical("三、本年度办理结果"), rowspan=span, raw=True)
        if group is None:
            cells_ += td(label, "l", colspan=2)
        else:
            if group not in seen:
                seen.add(group)
                cells_ += td(group, "l", rowspan=groups[group])
            cells_ += td(label, "l")
        r("<tr>" + cells_ + nums(key) + "</tr>")
    r("<tr>" + td("（七）总计", "l", colspan=2) + nums("totalHandled") + "</tr>")
    r("<tr>" + td("四、结转下年度继续办理", "l", colspan=3) + nums("carriedForward") + "</tr>")
    if repeat:
        r("</tbody>")
    return table_open(T3_COLS) + "\n" + "\n".join(rows) + "\n</table>"


def table4_html(rep):
    t4 = table4(rep)
    heads = ["结果<br>维持", "结果<br>纠正", "其他<br>结果", "尚未<br>审结", "总计"]
    rows = [
        "<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>",
        "<tr>" + "".join(td(h, rowspan=2, raw=True) for h in heads)
        + td("未经复议直接起诉", colspan=5) + td("复议后起诉", colspan=5) + "</tr>",
        "<tr>" + "".join(td(h, raw=True) for h in heads * 2) + "</tr>",
        "<tr>" + "".join(td(v) for g in ("review", "litigationDirect", "litigationAfterReview")
                         for v in t4[g]) + "</tr>",
    ]
    return table_open(T4_COLS) + "\n" + "\n".join(rows) + "\n</table>"


# Fonts: LibreOffice embeds the Noto CJK OpenType (CFF) fonts as Type 1 subsets. Chromium (Skia) can
# only embed TrueType outlines as CID fonts; it writes CFF fonts as Type 3 fonts (one unsubsetted
# Type 3 font per 256 glyphs: 630 KB for 4 pages), so its sources use TrueType fonts: AR PL UMing
# (fonts-arphic-uming, a 宋体-like serif) for the text, DejaVu Sans + Droid Sans Fallback for headings.
FONTS = {
    "libreoffice": ('"Noto Serif CJK SC", serif', '"Noto Sans CJK SC", sans-serif'),
    "chromium": ('"AR PL UMing CN", serif', '"DejaVu Sans", "Droid Sans Fallback", sans-serif'),
}
CSS_COMMON = """
body { font-family: SERIF; font-size: 15pt; line-height: 150%; }
p { margin-top: 0; margin-bottom: 0; text-indent: 2em; text-align: justify; }
p.title { font-family: SANS; font-size: 20pt; text-indent: 0; text-align: center;
          line-height: 140%; margin-bottom: 12pt; }
p.h1 { font-family: SANS; }
p.sign { text-indent: 0; text-align: right; }
table.t { border-collapse: collapse; margin-top: 4pt; margin-bottom: 8pt; }
table.t td { font-size: 10.5pt; line-height: 130%; border: 0.75pt solid #000; padding: 2pt; }
"""
CSS_PAGE = {
    # LibreOffice reads size and margins of @page; its page footer comes from <div title="footer">.
    "libreoffice": "@page { size: 21cm 29.7cm; margin: 2.6cm 2.5cm 2.0cm 2.5cm; }",
    # Chromium >= 131 prints @page margin boxes: a '- N -' page number at the bottom centre.
    "chromium": ('@page { size: A4; margin: 26mm 25mm 22mm 25mm; '
                 '@bottom-center { content: "- " counter(page) " -"; font-family: SERIF; font-size: 12pt; } }\n'
                 "table.t { table-layout: fixed; }"),
}
LO_FOOTER = ('<div title="footer"><p align="center" style="text-indent:0; text-align:center; font-size:12pt">'
             '-<sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield>-</p></div>')


def report_html(rep, producer):
    title_text = f"{rep['agency']}{rep['year']}年政府信息公开工作年度报告"
    body = [title_html(rep)]
    body += [para(c, t) for c, t in prose(rep)]
    body.append(table2_html(rep))
    body.append(para("h1", SECTIONS[2]))
    body.append(para("p", intro3(rep)))
    body.append(table3_html(rep, producer))
    body.append(para("h1", SECTIONS[3]))
    body.append(table4_html(rep))
    body += [para(c, t) for c, t in closing(rep)]
    body.append("<p>&nbsp;</p>")
    body.append(f'<p class="sign" align="right">{esc(rep["agency"])}</p>')
    body.append(f'<p class="sign" align="right">{esc(rep["dateText"])}</p>')
    serif, sans = FONTS[producer]
    css = (CSS_PAGE[producer] + "\n" + CSS_COMMON).replace("SERIF", serif).replace("SANS", sans)
    head = (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n'
            f"<title>{esc(title_text)}</title>\n"
            f"<!-- synthetic test fixture made by scripts/make-pdf-fixtures.py for the {producer} producer; "
            f"not a real report -->\n"
            f"<style>\n{css}</style></head>\n<body>\n")
    footer = LO_FOOTER + "\n" if producer == "libreoffice" else ""
    return head + footer + "\n".join(body) + "\n</body></html>\n"


# ---------------------------------------------------------------------------------------------
# Conversion

def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    return p.stdout


def convert_libreoffice(src, pdf, tmp):
    """HTML -> ODT -> PDF. Converting the HTML straight to PDF (one --convert-to pdf:writer_pdf_Export
    run) loses the page footer on even pages in LibreOffice 7.4; through ODT every page has it."""
    profile = "file://" + os.path.join(tmp, "lo-profile")
    base = os.path.splitext(os.path.basename(src))[0]
    lo = ["libreoffice", f"-env:UserInstallation={profile}", "--headless"]
    run(lo + ['--infilter=HTML (StarWriter)', "--convert-to", "odt:writer8", "--outdir", tmp, src])
    run(lo + ["--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, os.path.join(tmp, base + ".odt")])
    shutil.move(os.path.join(tmp, base + ".pdf"), pdf)


def convert_chromium(src, pdf, tmp):
    run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + os.path.join(tmp, "chromium"),
         "--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + src])


def page_texts(pdf):
    n = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf])).group(1))
    return [run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), pdf, "-"]) for i in range(1, n + 1)]


ROW_NAMES = {"newReceived": "一", "carriedOver": "二", "totalHandled": "（七）总计", "carriedForward": "四"}


def row_name(key, rep):
    if key in ROW_NAMES:
        return ROW_NAMES[key]
    for k, g, label in outcome_rows(rep):
        if k == key:
            return (g[:3] if g else "") + label.split("（区分")[0].split("、")[0][:14]
    return key


def layout_facts(pdf, rep):
    """Where table 3 breaks and whether the pages carry a footer, read back from the PDF text layer."""
    pages = page_texts(pdf)
    t3, _ = table3(rep)
    where = {}
    for key, vals in t3.items():
        pat = re.compile(r"(?<![\d.])" + r"\s+".join(str(v) for v in vals) + r"(?![\d.])")
        hits = [i + 1 for i, t in enumerate(pages) if pat.search(t)]
        where[key] = hits[0] if len(hits) == 1 else None
    missing = [k for k, p in where.items() if p is None]
    assert not missing, f"{pdf}: table 3 rows not found as one line of values: {missing}"
    keys = list(t3)
    split = []
    for a, b in zip(keys, keys[1:]):
        if where[a] != where[b]:
            split.append(f"pages {where[a]}/{where[b]} between rows {row_name(a, rep)} and {row_name(b, rep)}")
    # the fixtures exist to show a table broken by a page: change the prose if this fails
    assert split, f"{pdf}: table 3 is not split across pages"
    # a row split inside itself: a fragment of its item label printed on the next page, above the next row
    inner = []
    labels = {k: label for k, _, label in outcome_rows(rep)}
    for a, b in zip(keys, keys[1:]):
        if where[a] != where[b] and a in labels:
            page = pages[where[b] - 1]
            pat = re.compile(r"\s+".join(str(v) for v in t3[b]))
            before = page[:pat.search(page).start()]
            frags = [w for w in re.findall(r"[\u3000-\u9fff\uff00-\uffef“”]{3,}", before)
                     if w in labels[a] and not labels[a].startswith(w)]
            if frags:
                inner.append(f"row {row_name(a, rep)} is itself split: its values and the start of its label on page "
                             f"{where[a]}, the label's end '{frags[-1]}' at the top of page {where[b]}")
    header_pages = [i + 1 for i, t in enumerate(pages) if "申请人情况" in t]
    # table 2: from its first heading to its last value
    last = fmt_num(rep["active"]["fees"]["amount"]) if rep["template"] == "2021" \
        else str(rep["active"]["procurement"]["amount"])
    t2_first = next(i + 1 for i, t in enumerate(pages) if "第二十条第（一）项" in t)
    t2_last = next(i + 1 for i, t in enumerate(pages) if re.search(r"(?<![\d.])" + re.escape(last) + r"(?![\d.])", t))
    footers = []
    for i, t in enumerate(pages):
        lines = [l for l in t.splitlines() if l.strip()]
        if lines and re.fullmatch(r"\s*-\s*%d\s*-\s*" % (i + 1), lines[-1]):
            footers.append(i + 1)
    return {"pages": len(pages), "split": split, "inner": inner, "header_pages": header_pages,
            "table2_pages": (t2_first, t2_last),
            "footers": footers, "where": where}


# ---------------------------------------------------------------------------------------------
# Truth files

def truth(rep, producer, doc, facts):
    t = rep["template"]
    lines = [
        f"SYNTHETIC fixture made by scripts/make-pdf-fixtures.py from src/{os.path.splitext(doc)[0]}.html "
        f"({'LibreOffice 7 Writer: HTML (StarWriter) import -> ODT -> writer_pdf_Export; Noto Serif/Sans CJK embedded as Type 1 (CFF) subsets' if producer == 'libreoffice' else 'headless Chromium --print-to-pdf (Skia/PDF); AR PL UMing, DejaVu Sans and Droid Sans Fallback embedded as CID TrueType subsets'}). "
        f"{t} template ({'国办公开办函〔2021〕30号' if t == '2021' else '国办公开办函〔2019〕60号'}).",
    ]
    if rep["titleBreak"]:
        lines.append(f"Title printed on two lines: '{rep['agency']}' / '{rep['year']}年政府信息公开工作年度报告'.")
    else:
        lines.append(f"Title '{rep['agency']}{rep['year']}年政府信息公开工作年度报告' on one line.")
    lines.append(f"Signed at the end '{rep['agency']}' / '{rep['dateText']}' (right-aligned) -> publishedOn {rep['publishedOn']}.")
    lines.append(f"{facts['pages']} pages; table 3 is split across {'; '.join(facts['split']) if facts['split'] else 'NO page break (unexpected)'}.")
    for x in facts["inner"]:
        lines.append(x[0].upper() + x[1:] + ".")
    if len(facts["header_pages"]) > 1:
        lines.append(f"Table 3 header rows (thead) repeated at the top of page(s) "
                     f"{', '.join(map(str, facts['header_pages'][1:]))}: the repeat is not data.")
    w = facts["where"]
    orows = outcome_rows(rep)
    okeys = [k for k, _, _ in orows] + ["totalHandled"]
    if any(w[a] != w[b] for a, b in zip(okeys, okeys[1:])):
        cont = "The rowspan cell 三、本年度办理结果 is continued on the next page"
        for (a, ga, _), (b, gb, _) in zip(orows, orows[1:]):
            if w[a] != w[b] and ga and ga == gb:
                cont += f", and so is the group label cell {ga}"
        lines.append(cont + ".")
    a, b = facts["table2_pages"]
    if a != b:
        lines.append(f"Table 2 is split across pages {a}/{b} too.")
    if facts["footers"]:
        form = "-N-" if producer == "libreoffice" else "- N -"
        lines.append(f"Page footers '{form}' printed on pages {', '.join(map(str, facts['footers']))}.")
    else:
        lines.append("No page footers.")
    lines.append("Layout: national table structure with rowspan/colspan; vertical label 三、本年度办理结果 printed one "
                 "character per line in a narrow rowspan cell; narrow label columns so （二）部分公开（区分处理的，只计这一情形，"
                 "不计其他情形）, the group labels （三）不予公开 etc. and long item labels wrap over 2-4 lines; header cells "
                 "商业/企业, 科研/机构, 社会/公益/组织, 法律/服务/机构 and table-4 headers 结果/维持 etc. wrapped by <br>.")
    if t == "2021":
        lines.append("Three （六） rows. Fee 6815.47 (万元, with decimals).")
    else:
        lines.append("（六）其他处理 printed as ONE row -> otherHandling.total. Table 2: 4-column grid, 本年增/减 printed "
                     "'+12' (licensing), '-3' (otherServices), '27' (punishment), '-6' (coercion), '-8' (fees, colspan=2); "
                     "procurement amount printed '386500' (no unit) in a colspan=2 cell; headers 本年新/制作数量, 本年新/公开数量 wrapped.")
    lines.append("Every cell is non-zero and every value of the report is different from every other, so a value read "
                 "from the wrong row or column never matches. CONSISTENCY CHECK: all rules pass (row sums, 一+二=七+四 per "
                 "column, 七 = sum of outcome rows per column, table-4 group sums).")
    return {
        "doc": doc,
        "format": "pdf",
        "agency": rep["agency"],
        "year": rep["year"],
        "template": t,
        "publishedOn": rep["publishedOn"],
        "sections": SECTIONS,
        "cells": cells(rep),
        "notes": " ".join(lines),
    }


# ---------------------------------------------------------------------------------------------
# Bad PDFs

def png_to_pdf(png_path, pdf_path, page_w=595.28, page_h=841.89):
    """Wrap an 8-bit non-interlaced grey or RGB PNG into a one-page PDF with no text layer.
    The PNG's zlib stream is used as is: FlateDecode with the PNG predictors (/Predictor 15)."""
    data = open(png_path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and color in (0, 2) and interlace == 0, (depth, color, interlace)
        elif ctype == b"IDAT":
            idat += chunk
        pos += 12 + length
    colors = 1 if color == 0 else 3
    space = "/DeviceGray" if color == 0 else "/DeviceRGB"
    content = f"q {page_w} 0 0 {page_h} 0 0 cm /Im0 Do Q\n".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w} {page_h}] "
        f"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {space} "
        f"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors {colors} "
        f"/BitsPerComponent 8 /Columns {width} >> /Length {len(idat)} >>\nstream\n".encode() + idat + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"endstream",
        "<< /Producer (scripts/make-pdf-fixtures.py: page image only, no text layer) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info {len(objs)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    open(pdf_path, "wb").write(out)


def make_bad(tmp, scan_source, scan_page):
    png_root = os.path.join(tmp, "scan")
    run(["pdftoppm", "-r", "100", "-gray", "-png", "-f", str(scan_page), "-l", str(scan_page),
         "-singlefile", scan_source, png_root])
    png_to_pdf(png_root + ".png", os.path.join(OUT, "scanned.pdf"))

    enc = os.path.join(OUT, "encrypted.pdf")
    if os.path.exists(enc):
        os.remove(enc)
    run(["qpdf", "--encrypt", "nianbao", "owner", "256", "--", os.path.join(OUT, "synthetic_2021_chromium.pdf"), enc])

    whole = open(os.path.join(OUT, "synthetic_2019_libreoffice.pdf"), "rb").read()
    open(os.path.join(OUT, "corrupt.pdf"), "wb").write(whole[:len(whole) // 2])

    shutil.copyfile(os.path.join(SRC, "synthetic_2021_chromium.html"), os.path.join(OUT, "not-a-pdf.pdf"))
    open(os.path.join(OUT, "empty.pdf"), "wb").close()


# ---------------------------------------------------------------------------------------------

def main():
    html_only = "--html-only" in sys.argv[1:]
    os.makedirs(SRC, exist_ok=True)
    reports = [REPORT_2021, REPORT_2019]
    for rep in reports:
        check(rep)
    jobs = []
    for rep in reports:
        for producer in PRODUCERS:
            name = f"synthetic_{rep['template']}_{producer}"
            src = os.path.join(SRC, name + ".html")
            with open(src, "w", encoding="utf-8") as f:
                f.write(report_html(rep, producer))
            jobs.append((rep, producer, name, src))
            print("wrote", os.path.relpath(src, ROOT))
    if html_only:
        return
    missing = [t for t in ("libreoffice", "chromium", "qpdf", "pdftoppm", "pdftotext") if not shutil.which(t)]
    if missing:
        sys.exit("missing tools: " + ", ".join(missing) +
                 " (apt-get install -y fonts-noto-cjk fonts-arphic-uming fonts-dejavu-core fonts-droid-fallback"
                 " chromium libreoffice-writer qpdf poppler-utils)")
    scan = None
    with tempfile.TemporaryDirectory(prefix="make-pdf-fixtures.") as tmp:
        for rep, producer, name, src in jobs:
            pdf = os.path.join(OUT, name + ".pdf")
            (convert_libreoffice if producer == "libreoffice" else convert_chromium)(src, pdf, tmp)
            facts = layout_facts(pdf, rep)
            doc = os.path.basename(pdf)
            with open(pdf + ".truth.json", "w", encoding="utf-8") as f:
                json.dump(truth(rep, producer, doc, facts), f, ensure_ascii=False, indent=1)
                f.write("\n")
            print(f"wrote {os.path.relpath(pdf, ROOT)} ({os.path.getsize(pdf)} bytes, {facts['pages']} pages; "
                  f"table 3 split: {'; '.join(facts['split'])}; footers on {facts['footers']})")
            if name == "synthetic_2021_libreoffice":
                # the page where table 3 starts (its header and first rows)
                t3, _ = table3(rep)
                pages = page_texts(pdf)
                pat = re.compile(r"\s+".join(str(v) for v in t3["newReceived"]))
                scan = (pdf, next(i + 1 for i, t in enumerate(pages) if pat.search(t)))
        make_bad(tmp, *scan)
    for bad in ("scanned.pdf", "encrypted.pdf", "corrupt.pdf", "not-a-pdf.pdf", "empty.pdf"):
        print(f"wrote Fixtures/pdf/{bad} ({os.path.getsize(os.path.join(OUT, bad))} bytes)")


if __name__ == "__main__":
    main()
