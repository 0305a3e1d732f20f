"""A minimal writer of legacy Excel .xls files (BIFF8 in an OLE2 compound file), text cells only.

No installed package writes .xls (xlwt is not a dependency), so the tests build the few
records xlrd needs: BOF, BOUNDSHEET, DIMENSIONS, LABEL and EOF, inside one "Workbook" stream.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence

_SECTOR = 512
_END_OF_CHAIN = 0xFFFFFFFE
_FAT_SECTOR = 0xFFFFFFFD
_FREE = 0xFFFFFFFF
_NO_STREAM = 0xFFFFFFFF
_MIN_STANDARD_STREAM = 4096


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(substream: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 6))


def _sheet_stream(rows: Sequence[Sequence[str | None]]) -> bytes:
    width = max((len(r) for r in rows), default=0)
    out = [_bof(0x0010), _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            text = str(value)
            data = struct.pack("<HHHHB", r, c, 0, len(text), 1) + text.encode("utf-16-le")
            out.append(_record(0x0204, data))
    out.append(_record(0x000A))
    return b"".join(out)


def _workbook_stream(sheets: Mapping[str, Sequence[Sequence[str | None]]]) -> bytes:
    bodies = [_sheet_stream(rows) for rows in sheets.values()]

    def boundsheet(offset: int, name: str) -> bytes:
        return _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1)
                       + name.encode("utf-16-le"))

    names = list(sheets)
    globals_size = len(_bof(0x0005)) + sum(len(boundsheet(0, n)) for n in names) + 4
    offsets, offset = [], globals_size
    for body in bodies:
        offsets.append(offset)
        offset += len(body)
    head = _bof(0x0005) + b"".join(boundsheet(o, n) for o, n in zip(offsets, names, strict=True))
    stream = head + _record(0x000A) + b"".join(bodies)
    # a stream below the cutoff would belong in the mini stream, which this writer omits
    return stream.ljust(_MIN_STANDARD_STREAM, b"\0")


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NO_STREAM, _NO_STREAM, child) + b"\0" * 36
            + struct.pack("<III", start, size, 0))


def xls_bytes(sheets: Mapping[str, Sequence[Sequence[str | None]]]) -> bytes:
    """An .xls file holding `sheets` (name -> rows of text cells), readable by xlrd."""
    stream = _workbook_stream(sheets)
    stream_sectors = -(-len(stream) // _SECTOR)
    directory_sector = stream_sectors
    fat_sectors = 1
    while (stream_sectors + 1 + fat_sectors) > fat_sectors * (_SECTOR // 4):
        fat_sectors += 1
    fat = [i + 1 for i in range(stream_sectors - 1)] + [_END_OF_CHAIN]  # the stream's chain
    fat += [_END_OF_CHAIN]  # the directory's single sector
    fat += [_FAT_SECTOR] * fat_sectors
    fat += [_FREE] * (fat_sectors * (_SECTOR // 4) - len(fat))
    first_fat = stream_sectors + 1
    difat = [first_fat + i for i in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_sector, 0, _MIN_STANDARD_STREAM,
                      _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
        + struct.pack("<109I", *difat)
    )
    directory = (
        _directory_entry("Root Entry", 5, 1, _END_OF_CHAIN, 0)
        + _directory_entry("Workbook", 2, _NO_STREAM, 0, len(stream))
        + _directory_entry("", 0, _NO_STREAM, 0, 0) * 2
    )
    body = stream.ljust(stream_sectors * _SECTOR, b"\0") + directory
    return header + body + struct.pack(f"<{len(fat)}I", *fat)
