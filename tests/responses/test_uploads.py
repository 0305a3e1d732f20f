"""Evidence uploads: the type is decided by content and extension together (pure)."""

from __future__ import annotations

import pytest

from portal.responses.uploads import (
    DOCX,
    XLSX,
    UploadRejected,
    clean_filename,
    content_disposition,
    inspect_upload,
)
from tests.responses.files import CSV, EXE, JPG, PDF, PNG, TXT, office, plain_zip

LIMIT = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("policy.pdf", PDF, "application/pdf"),
        ("site.PNG", PNG, "image/png"),
        ("photo.jpg", JPG, "image/jpeg"),
        ("photo.jpeg", JPG, "image/jpeg"),
        ("code.docx", office("docx"), DOCX),
        ("wages.xlsx", office("xlsx"), XLSX),
        ("sites.csv", CSV, "text/csv"),
        ("notes.txt", TXT, "text/plain"),
    ],
)
def test_accepted_types(name: str, data: bytes, content_type: str) -> None:
    accepted = inspect_upload(name, data, max_bytes=LIMIT)
    assert accepted.content_type == content_type and accepted.size == len(data)
    assert len(accepted.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("policy.pdf", PNG, "mismatch"),  # a picture called a PDF
        ("report.png", PDF, "mismatch"),
        ("notes.txt", EXE, "mismatch"),  # an executable renamed to text
        ("notes.txt", PDF, "mismatch"),
        ("code.docx", office("xlsx"), "mismatch"),
        ("code.docx", plain_zip(), "mismatch"),  # a zip that is no Office file
        ("setup.exe", EXE, "extension"),
        ("archive.zip", plain_zip(), "extension"),
        ("page.html", b"<html></html>", "extension"),
        ("noextension", TXT, "extension"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n", "mismatch"),
        ("", PDF, "no_name"),
    ],
)
def test_refused(name: str, data: bytes, code: str) -> None:
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(name, data, max_bytes=LIMIT)
    assert caught.value.code == code


def test_size_limit() -> None:
    with pytest.raises(UploadRejected) as caught:
        inspect_upload("big.pdf", PDF + b"\x00" * 100, max_bytes=len(PDF))
    assert caught.value.code == "too_large"


def test_zip_bombs_and_crowded_archives_are_refused() -> None:
    bomb = office("docx", big=3 * 1024 * 1024)
    assert len(bomb) < 20_000  # it compresses to almost nothing
    with pytest.raises(UploadRejected) as caught:
        inspect_upload("bomb.docx", bomb, max_bytes=LIMIT, max_uncompressed=1024 * 1024)
    assert caught.value.code == "zip_size"
    with pytest.raises(UploadRejected) as caught:
        inspect_upload("many.xlsx", office("xlsx", extra_entries=30), max_bytes=LIMIT,
                       max_entries=20)
    assert caught.value.code == "zip_entries"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\ana\\policy.pdf", "policy.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("report\x00\x1b.pdf", "report.pdf"),
        ("Política de empresa.pdf", "Política de empresa.pdf"),
    ],
)
def test_file_names_are_cleaned(given: str, kept: str) -> None:
    assert clean_filename(given) == kept


def test_content_disposition_names_the_file_safely() -> None:
    header = content_disposition('Política "final";.pdf')
    assert header.startswith("attachment; ")
    assert "filename*=UTF-8''Pol%C3%ADtica%20%22final%22%3B.pdf" in header
    fallback = header.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and '"' not in fallback and ";" not in fallback
