"""Deciding whether an uploaded evidence file is acceptable: type from content and extension.

Pure: takes the file name and bytes, returns what to store or why not. The type is decided by
the content's signature (magic bytes) AND the extension together, so a renamed executable or a
PDF called "report.png" is refused. Office files (docx, xlsx) are zip archives: their entry
count and uncompressed size are checked by actually decompressing, since a zip may lie about
its sizes (a "zip bomb").
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# extension -> the content type it must be and is served as
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": DOCX,
    "xlsx": XLSX,
    "csv": "text/csv",
    "txt": "text/plain",
}
ACCEPTED_EXTENSIONS = ("pdf", "png", "jpg", "docx", "xlsx", "csv", "txt")

ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
TEXT_SNIFF_BYTES = 64 * 1024

# Signatures of binary formats that must never pass as text.
_BINARY_SIGNATURES = (
    b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04", b"GIF8", b"MZ", b"\x7fELF",
    b"\xd0\xcf\x11\xe0", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"Rar!",
    b"7z\xbc\xaf", b"\x1f\x8b", b"BZh",
)


class UploadRejected(ValueError):
    """The file cannot be accepted; `code` names the reason, `params` its details."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


@dataclass(frozen=True)
class AcceptedFile:
    """What to store of an accepted file."""

    filename: str
    content_type: str
    size: int
    sha256: str


def clean_filename(name: str) -> str:
    """The file's own name, without any folder part or control characters, at most 255 long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else base[:255]
    return base


def extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def _office_kind(data: bytes, max_entries: int, max_uncompressed: int) -> str | None:
    """'docx', 'xlsx' or None for a zip archive; UploadRejected if it is unsafe to open."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    with archive:
        entries = archive.infolist()
        if len(entries) > max_entries:
            raise UploadRejected("zip_entries", limit=max_entries)
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names:
            return None
        total = 0
        try:
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise UploadRejected("encrypted")
                with archive.open(entry) as stream:
                    while chunk := stream.read(64 * 1024):
                        total += len(chunk)
                        if total > max_uncompressed:
                            raise UploadRejected("zip_size", limit=max_uncompressed)
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def _is_text(data: bytes) -> bool:
    head = data[:TEXT_SNIFF_BYTES]
    if not head.strip():
        return False
    if head.startswith(_BINARY_SIGNATURES) or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the sniffing limit is still text
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def detected_kind(
    data: bytes,
    *,
    max_entries: int = ZIP_MAX_ENTRIES,
    max_uncompressed: int = ZIP_MAX_UNCOMPRESSED,
) -> str | None:
    """The kind of file the content is ('pdf', 'png', 'jpg', 'docx', 'xlsx', 'text'), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data, max_entries, max_uncompressed)
    if _is_text(data):
        return "text"
    return None


def inspect_upload(
    filename: str,
    data: bytes,
    *,
    max_bytes: int,
    max_entries: int = ZIP_MAX_ENTRIES,
    max_uncompressed: int = ZIP_MAX_UNCOMPRESSED,
) -> AcceptedFile:
    """Accept the file, or raise UploadRejected saying why."""
    name = clean_filename(filename)
    if not name:
        raise UploadRejected("no_name")
    ext = extension(name)
    if ext not in CONTENT_TYPES:
        raise UploadRejected("extension", extension=ext, accepted=", ".join(ACCEPTED_EXTENSIONS))
    if not data:
        raise UploadRejected("empty")
    if len(data) > max_bytes:
        raise UploadRejected("too_large", limit=max_bytes)
    kind = detected_kind(data, max_entries=max_entries, max_uncompressed=max_uncompressed)
    expected = "text" if ext in ("csv", "txt") else ("jpg" if ext == "jpeg" else ext)
    if kind != expected:
        raise UploadRejected("mismatch", extension=ext)
    return AcceptedFile(
        filename=name,
        content_type=CONTENT_TYPES[ext],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def content_disposition(filename: str) -> str:
    """An RFC 6266 attachment header: an ASCII fallback name and the exact name in filename*."""
    fallback = "".join(
        ch if (ch.isascii() and (ch.isalnum() or ch in "._- ")) else "_" for ch in filename
    ).strip() or "evidence"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
