#!/usr/bin/env python3
"""Makes the Word fixtures whose table is a picture (Fixtures/ocr/):

- docx_table4_as_image.docx: Fixtures/ocr/html_table4_as_image.html converted by pandoc (its
  tables 二 and 三 become Word tables, table 四's <img> an inline picture, `w:drawing` →
  `a:blip r:embed`, the JPEG in word/media/), with the page's truth file;
- docx_table4_as_image.doc: that DOCX saved as Word 97 by LibreOffice (read back through
  LibreOffice's DOCX), with the same truth;
- bad/docx_pictures_refused.docx: the DOCX with table 四's picture replaced by pictures nianbao
  must not read, one paragraph each: a relationship climbing out of the package
  (../../html_tables_as_images_files/table-3.jpg, a real file beside the package's folder), a
  TargetMode="External" link to that file, a relationship to a part the package lacks, an id
  with no relationship, a PNG whose header says 30000×30000 pixels, a truncated JPEG (also as
  VML `v:imagedata`), an EMF, and a 64×64 icon. The table's JPEG is not in the package.

Needs pandoc, and soffice (Debian's libreoffice-writer-nogui) for the .doc.
usage: scripts/make-ocr-docx-fixtures.py
"""
import os, shutil, subprocess, tempfile, zipfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ocr = os.path.join(root, "Fixtures/ocr")
page = os.path.join(ocr, "html_table4_as_image.html")
docx = os.path.join(ocr, "docx_table4_as_image.docx")
STAMP = (2024, 1, 1, 0, 0, 0)
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def make_docx():
    # SOURCE_DATE_EPOCH: docProps/core.xml dated 2024-01-01, not the day it was made.
    env = dict(os.environ, SOURCE_DATE_EPOCH="1704067200")
    subprocess.run(["pandoc", page, "-o", docx, "--resource-path", ocr], check=True, env=env)
    shutil.copy(page + ".truth.json", docx + ".truth.json")


def make_doc():
    work = tempfile.mkdtemp()
    try:
        profile = "-env:UserInstallation=file://" + os.path.join(work, "profile")
        subprocess.run(["soffice", "--headless", profile, "--convert-to", "doc", "--outdir", work, docx],
                       check=True, timeout=180, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        doc = docx[:-len(".docx")] + ".doc"
        shutil.copy(os.path.join(work, os.path.basename(doc)), doc)
        shutil.copy(page + ".truth.json", doc + ".truth.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def drawing(rid):
    return ('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5334000" cy="1150586" /><wp:docPr id="1" name="Picture" />'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            '<pic:nvPicPr><pic:cNvPr id="2" name="Picture" /><pic:cNvPicPr /></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}" /></pic:blipFill><pic:spPr /></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r></w:p>')


def vml(rid):
    return (f'<w:p><w:r><w:pict><v:shape style="width:420pt;height:90pt"><v:imagedata r:id="{rid}" /></v:shape>'
            '</w:pict></w:r></w:p>')


def make_refused():
    bad = os.path.join(ocr, "bad")
    relationships = [
        ("rIdOut", "../../html_tables_as_images_files/table-3.jpg", ""),
        ("rIdExternal", "../html_tables_as_images_files/table-3.jpg", ' TargetMode="External"'),
        ("rIdMissing", "media/missing.png", ""),
        ("rIdHuge", "media/huge.png", ""),
        ("rIdTruncated", "media/truncated.jpg", ""),
        ("rIdEMF", "media/table.emf", ""),
        ("rIdIcon", "media/icon.png", ""),
    ]
    media = {
        "word/media/huge.png": open(os.path.join(bad, "huge_30000x30000.png"), "rb").read(),
        "word/media/truncated.jpg": open(os.path.join(bad, "truncated.jpg"), "rb").read(),
        # An EMF header record (type 1, " EMF" signature at 40): a Windows metafile, no raster.
        "word/media/table.emf": bytes([1, 0, 0, 0, 108, 0, 0, 0]) + bytes(32) + b" EMF" + bytes(64),
        "word/media/icon.png": open(os.path.join(bad, "icon_64x64.png"), "rb").read(),
    }
    with zipfile.ZipFile(docx) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    body = parts["word/document.xml"].decode()
    start, end = body.index("<w:p><w:pPr><w:pStyle w:val=\"BodyText\" /></w:pPr><w:r><w:drawing>"), body.index("</w:drawing>")
    end = body.index("</w:p>", end) + len("</w:p>")
    pictures = "".join(drawing(rid) for rid, _, _ in relationships) + drawing("rIdNone") + vml("rIdTruncated")
    parts["word/document.xml"] = (body[:start] + pictures + body[end:]).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(f'<Relationship Type="{IMAGE}" Id="rId20" Target="media/rId20.jpg" />', "")
    added = "".join(f'<Relationship Type="{IMAGE}" Id="{rid}" Target="{target}"{mode} />' for rid, target, mode in relationships)
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", added + "</Relationships>").encode()
    del parts["word/media/rId20.jpg"]
    parts.update(media)
    with zipfile.ZipFile(os.path.join(bad, "docx_pictures_refused.docx"), "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(zipfile.ZipInfo(name, date_time=STAMP), data, zipfile.ZIP_DEFLATED)


make_docx()
make_refused()
make_doc()
