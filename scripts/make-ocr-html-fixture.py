#!/usr/bin/env python3
"""Makes Fixtures/ocr/html_tables_as_images.html: Fixtures/html/hangzhou_style_2025_fixture.html
with each of its three tables replaced by an <img> of that table (a CMS page whose tables were
pasted as screenshots), the images in html_tables_as_images_files/ beside it, and the page's
truth file; and html_table4_as_image.html, the same page with only its table 四 (review and
litigation, 25 cells) as a picture, which the tests read (the whole page costs about 9 s of OCR;
scripts/ocr-sweep reads it). Each table is drawn alone with ruled borders by headless Chromium at 2 px per CSS px
(about 192 dpi), trimmed and saved as grey JPEG (ImageMagick). Needs chromium and imagemagick.
usage: scripts/make-ocr-html-fixture.py
"""
import json, os, re, shutil, subprocess, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = os.path.join(root, "Fixtures/html/hangzhou_style_2025_fixture.html")
out_dir = os.path.join(root, "Fixtures/ocr")
name = "html_tables_as_images"
files = os.path.join(out_dir, name + "_files")
os.makedirs(files, exist_ok=True)
html = open(source, encoding="utf-8").read()
style = ("<style>body{margin:8px;background:#fff;font:16px 'Noto Sans CJK SC',sans-serif}"
         "table{border-collapse:collapse}td,th{border:1px solid #000;padding:4px 10px}</style>")
tmp = tempfile.mkdtemp()
count = 0

def screenshot(match):
    global count
    count += 1
    page = os.path.join(tmp, f"t{count}.html")
    open(page, "w", encoding="utf-8").write(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{style}</head><body>{match.group(0)}</body></html>")
    png = os.path.join(tmp, f"t{count}.png")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=2",
                    "--window-size=900,1400", f"--screenshot={png}", "file://" + page], check=True, capture_output=True)
    jpg = os.path.join(files, f"table-{count}.jpg")
    subprocess.run(["convert", png, "-trim", "-bordercolor", "white", "-border", "20", "-colorspace", "Gray",
                    "-density", "192", "-units", "PixelsPerInch", "-quality", "70", jpg], check=True)
    return f'<p><img src="{name}_files/table-{count}.jpg" alt="表{count}"></p>'

tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
images = [screenshot(re.search(re.escape(t), html, flags=re.S)) for t in tables]

def write(page_name, replaced):
    page = html
    for i in replaced:
        page = page.replace(tables[i], images[i], 1)
    open(os.path.join(out_dir, page_name + ".html"), "w", encoding="utf-8").write(page)
    truth = json.load(open(source + ".truth.json", encoding="utf-8"))
    truth["doc"] = page_name + ".html"
    json.dump(truth, open(os.path.join(out_dir, page_name + ".html.truth.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)

write(name, range(len(tables)))
# An icon: a picture too small to be a table, which the HTML reader leaves out.
subprocess.run(["convert", "-size", "64x64", "xc:white", "-fill", "black", "-draw", "rectangle 10,10 50,50",
                os.path.join(out_dir, "bad/icon_64x64.png")], check=True)
write("html_table4_as_image", [len(tables) - 1])
shutil.rmtree(tmp)
print(f"{count} tables as images in {files}")
