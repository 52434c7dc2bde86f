#!/usr/bin/env python3
"""Makes the two PDFs of Fixtures/ocr that test where a scanned page's image is read from, out of
pages 2 and 3 of scan200_degraded_2021_chromium.pdf (1703 x 2375 grey JPEGs at 200 dpi, tables
三 and 四), the JPEGs embedded as they are (DCTDecode):
- scan200_partial_2021_chromium.pdf: pages 2 and 3, each image at its size at the top of a page
  half as tall again, so that it covers two thirds of the page (rendered at 300 dpi for OCR);
- scan200_flipped_2021_chromium.pdf: page 3, its image over the whole page drawn upside down
  (mirrored top to bottom), so that its pixels are not the page as seen (the page is rendered).
Usage: scripts/make-scan-placement-fixtures.py (needs poppler-utils' pdfimages)."""
import os, subprocess, sys, tempfile

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
source = os.path.join(root, "Fixtures/ocr/scan200_degraded_2021_chromium.pdf")

def pdf(jpegs, width, height, page_width, page_height, matrix):
    content = f"q {matrix} cm /Im0 Do Q\n".encode()
    n = len(jpegs)
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    for i, jpeg in enumerate(jpegs):
        page = 3 + 3 * i
        objects += [
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_width:.2f} {page_height:.2f}] /Resources << /XObject << /Im0 {page + 2} 0 R >> >> /Contents {page + 1} 0 R >>".encode(),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode() + jpeg + b"\nendstream",
        ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["pdfimages", "-j", "-f", "2", "-l", "3", source, os.path.join(tmp, "p")], check=True)
    jpegs = [open(os.path.join(tmp, f"p-00{i}.jpg"), "rb").read() for i in (0, 1)]
width, height = 1703, 2375
w, h = width * 72 / 200, height * 72 / 200
partial = pdf(jpegs, width, height, w, h * 1.5, f"{w:.2f} 0 0 {h:.2f} 0 {h * 0.5:.2f}")
flipped = pdf(jpegs[1:], width, height, w, h, f"{w:.2f} 0 0 {-h:.2f} 0 {h:.2f}")
for name, data in [("scan200_partial_2021_chromium.pdf", partial), ("scan200_flipped_2021_chromium.pdf", flipped)]:
    with open(os.path.join(root, "Fixtures/ocr", name), "wb") as f:
        f.write(data)
