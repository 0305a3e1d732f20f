"""Small files of each accepted type (and impostors), built in memory for upload tests."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 64
CSV = "name,country\nFábrica Uno,MX\n".encode()
TXT = b"Our policy applies to every site.\n"


def office(kind: str, *, extra_entries: int = 0, big: int = 0) -> bytes:
    """A minimal docx or xlsx archive; `big` bytes of zeros make it expand a lot."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
        archive.writestr(main, "<document/>")
        for i in range(extra_entries):
            archive.writestr(f"custom/{i}.xml", "<x/>")
        if big:
            archive.writestr("word/media/padding.bin", b"\x00" * big)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()
