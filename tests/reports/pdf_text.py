"""The text of a PDF the portal made (reportlab, uncompressed or Flate streams), for tests."""

from __future__ import annotations

import re
import zlib


def pdf_text(data: bytes) -> str:
    """The strings drawn in the PDF, joined by spaces (good enough to look for phrases)."""
    assert data.startswith(b"%PDF-")
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\s*endstream", data, re.S):
        body = match.group(1)
        for decode in (lambda b: zlib.decompress(b), _ascii85_flate, lambda b: b):
            try:
                chunks.append(decode(body))
                break
            except Exception:
                continue
    text = []
    for chunk in chunks:
        for literal in re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", chunk, re.S):
            text.append(_unescape(literal).decode("cp1252", errors="replace"))
    return " ".join(" ".join(text).split())


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal)


def contains(text: str, phrase: str) -> bool:
    """Whether the phrase is in the text, ignoring how the PDF spaced its pieces."""
    return "".join(phrase.split()) in "".join(text.split())


def _ascii85_flate(body: bytes) -> bytes:
    import base64

    raw = body.strip()
    if raw.endswith(b"~>"):
        raw = raw[:-2]
    return zlib.decompress(base64.a85decode(raw))
