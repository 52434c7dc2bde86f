#!/usr/bin/env python3
"""Makes a batch of COUNT distinct inputs from the text PDF and HTML fixtures (for
scripts/test-cluster and scripts/bench-shards).

    scripts/make-batch-copies.py COUNT DIR LIST_FILE

Copy k of fixture F is DIR/kkkkk-F. The corpus keys a report by the SHA-256 of its source's
bytes (the same bytes under two names are one report), so every copy gets a comment of its own
after the end of the file: `%nianbao copy k` after a PDF's %%EOF (readers ignore what follows
it), `<!-- nianbao copy k -->` after an HTML page. Converted, a copy gives its fixture's report.
LIST_FILE gets one absolute path a line, in order. The fixtures: every PDF and HTML file under
Fixtures/pdf and Fixtures/html with a truth file (text layers, no OCR).
"""
import glob, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fixtures():
    found = []
    for folder, suffix in (("pdf", ".pdf"), ("html", ".html")):
        for truth in sorted(glob.glob(os.path.join(ROOT, "Fixtures", folder, f"*{suffix}.truth.json"))):
            found.append(truth[: -len(".truth.json")])
    return found


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    count, folder, list_file = int(argv[0]), os.path.abspath(argv[1]), argv[2]
    sources = fixtures()
    os.makedirs(folder, exist_ok=True)
    paths = []
    for k in range(count):
        source = sources[k % len(sources)]
        with open(source, "rb") as f:
            data = f.read()
        mark = f"\n%nianbao copy {k}\n" if source.endswith(".pdf") else f"\n<!-- nianbao copy {k} -->\n"
        path = os.path.join(folder, f"{k:05d}-{os.path.basename(source)}")
        with open(path, "wb") as f:
            f.write(data + mark.encode("ascii"))
        paths.append(path)
    with open(list_file, "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in paths))
    print(f"{count} inputs from {len(sources)} fixtures in {folder}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
