#!/usr/bin/env python3
"""Make the damaged and hostile Word files of Fixtures/docx/bad/ (Python 3, stdlib only).

usage: scripts/make-bad-word-fixtures.py

Each must be refused with one clear line and exit status 2:
- truncated.docx: the first half of filled_typed.docx;
- corrupt.docx: filled_typed.docx with bytes of word/document.xml's compressed data overwritten
  (its CRC-32 or its deflate stream fails);
- no-document.docx: a ZIP archive without word/document.xml;
- encrypted.docx: an OLE2 compound file with an EncryptionInfo stream (how Office stores a DOCX
  saved with a password);
- bomb.docx: word/document.xml inflating to 300 MB (its header says so);
- bomb-ratio.docx: word/document.xml inflating to 60 MB of spaces, more than 200 times its size;
- doctype.docx: word/document.xml with a DOCTYPE declaring an external entity (file:///etc/passwd);
- malformed.docx: word/document.xml cut in the middle of an element;
- broken.doc: an OLE2 header followed by garbage, which LibreOffice cannot open.
"""
import os
import struct
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCX = os.path.join(ROOT, "Fixtures", "docx")
BAD = os.path.join(DOCX, "bad")
STAMP = (2024, 1, 1, 0, 0, 0)


def write_zip(name, parts):
    with zipfile.ZipFile(os.path.join(BAD, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            info = zipfile.ZipInfo(part, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def template_parts():
    with zipfile.ZipFile(os.path.join(DOCX, "filled_typed.docx")) as z:
        return [(n, z.read(n)) for n in z.namelist()]


def ole2(stream_names):
    """A minimal OLE2 header and one directory sector naming `stream_names` (UTF-16LE)."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += bytes(512 - len(header))
    directory = b""
    for name in ["Root Entry"] + stream_names:
        raw = name.encode("utf-16-le") + b"\0\0"
        entry = raw + bytes(64 - len(raw)) + struct.pack("<H", len(raw)) + bytes([5 if name == "Root Entry" else 2])
        directory += entry + bytes(128 - len(entry))
    return header + directory + bytes(512 - len(directory) % 512)


def main():
    os.makedirs(BAD, exist_ok=True)
    good = open(os.path.join(DOCX, "filled_typed.docx"), "rb").read()
    open(os.path.join(BAD, "truncated.docx"), "wb").write(good[: len(good) // 2])
    with zipfile.ZipFile(os.path.join(DOCX, "filled_typed.docx")) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    corrupt = bytearray(good)
    for i in range(start + 200, start + 260):
        corrupt[i] ^= 0x5A
    open(os.path.join(BAD, "corrupt.docx"), "wb").write(bytes(corrupt))
    write_zip("no-document.docx", [("readme.txt", "这不是一个Word文档。\n".encode("utf-8")), ("xl/workbook.xml", b"<workbook/>")])
    open(os.path.join(BAD, "encrypted.docx"), "wb").write(ole2(["EncryptionInfo", "EncryptedPackage"]))
    parts = template_parts()
    write_zip("bomb.docx", [(n, d) if n != "word/document.xml" else (n, b" " * (300 * 1024 * 1024)) for n, d in parts])
    write_zip("bomb-ratio.docx", [(n, d) if n != "word/document.xml" else (n, b" " * (60 * 1024 * 1024)) for n, d in parts])
    doctype = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
               b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
               b'<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
    write_zip("doctype.docx", [(n, d) if n != "word/document.xml" else (n, doctype) for n, d in parts])
    malformed = dict(parts)["word/document.xml"]
    write_zip("malformed.docx", [(n, d) if n != "word/document.xml" else (n, malformed[: len(malformed) // 2]) for n, d in parts])
    open(os.path.join(BAD, "broken.doc"), "wb").write(ole2(["WordDocument"]) + bytes(range(256)) * 8)
    for name in sorted(os.listdir(BAD)):
        print("wrote Fixtures/docx/bad/%s (%d bytes)" % (name, os.path.getsize(os.path.join(BAD, name))))


if __name__ == "__main__":
    main()
