"""Whether a file's head is text at all, and which encoding it is in.

Works on the first bytes of a file (``core.data.loading`` reads them): known binary formats are
named by their magic bytes, UTF-16 without a byte-order mark is recognised by where its NUL bytes
fall, and ``encoding="auto"`` tries UTF-8, then GB18030, then Latin-1 (the BOM variants only when
the file starts with a BOM). Problems come back as text; the loader turns them into errors that
name the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

BINARY_CHECK_BYTES = 8192
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HIGH_BYTES = bytes(range(128, 256))
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (such as an Excel .xls workbook)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"\x7fELF", "a program (ELF executable)"),
)
_ENCODING_NOTES = {
    "utf-8-sig": "Read as UTF-8 (the file starts with a byte-order mark)",
    "utf-16": "Read as UTF-16 (the file starts with a byte-order mark)",
    "utf-16-le": "Read as UTF-16 LE (the file has no byte-order mark)",
    "utf-16-be": "Read as UTF-16 BE (the file has no byte-order mark)",
    "gb18030": "Read as GB18030 (not valid UTF-8)",
    "latin-1": "Read as Latin-1 (neither UTF-8 nor GB18030)",
}
_DISPLAY = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
            "utf-16-be": "UTF-16 BE", "gb18030": "GB18030", "latin-1": "Latin-1"}


def display_name(enc: str) -> str:
    """How the user sees the codec ``enc`` named: "UTF-8 with BOM" for "utf-8-sig"."""
    return _DISPLAY.get(enc, enc)


def binary_problem(head: bytes, encoding: str) -> str:
    """Why ``head`` is not text ("looks like a PNG image, not text"); "" when it may be text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"looks like {what}, not text"
    # UTF-16/32 text is full of NUL bytes; anything else with a NUL in its head is not text.
    wide = head.startswith(UTF16_BOMS) or (
        bool(bomless_utf16(head)) if encoding == "auto"
        else codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")))
    nul = head.find(b"\x00", 0, BINARY_CHECK_BYTES)
    if nul >= 0 and not wide:
        return f"looks like a binary file, not text (NUL byte at offset {nul})"
    return ""


def bomless_utf16(head: bytes) -> str:
    """"utf-16-le" or "utf-16-be" where the head looks like UTF-16 text without a byte-order mark.

    Such text has a NUL beside every ASCII character (newlines, delimiters, digits), all on the
    same side of each 2-byte unit; binary data has NULs on both sides.
    """
    sample = head[: BINARY_CHECK_BYTES & ~1]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    enough = max(4, len(sample) // 20)  # at least a tenth of the units carry an ASCII character
    if odd >= enough and even == 0:
        return "utf-16-le"
    if even >= enough and odd == 0:
        return "utf-16-be"
    return ""


def candidates(head: bytes, encoding: str) -> list[str]:
    """The encodings to try, in order: ``encoding`` itself unless it is "auto"."""
    if encoding != "auto":
        return [encoding]
    if head.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if head.startswith(UTF16_BOMS):
        return ["utf-16", "latin-1"]
    bomless = bomless_utf16(head)
    if bomless:
        return [bomless]
    return ["utf-8", "gb18030", "latin-1"]


def decode_head(head: bytes, enc: str, *, whole: bool, auto: bool) -> str:
    """The head sample decoded with ``enc``; raises UnicodeDecodeError where it is not that encoding."""
    text = codecs.getincrementaldecoder(enc)("strict").decode(head, final=whole)
    if auto and enc == "gb18030" and not plausible_gb18030(head, text):
        raise UnicodeDecodeError(enc, head, 0, 1, "implausible as Chinese text")
    return text


def plausible_gb18030(data: bytes, text: str) -> bool:
    """Whether ``text``, decoded from ``data`` as GB18030, reads as Chinese rather than as Latin-1."""
    # Latin-1 text such as "Müller" often decodes as GB18030 too, as a high byte followed by an
    # ASCII letter. Real Chinese text is mostly two high bytes per character. A head with no
    # non-ASCII text at all gives no evidence for Chinese, and Latin-1 is the safer reading.
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return non_ascii > 0 and high >= 1.5 * non_ascii


def encoding_notes(enc: str, auto: bool, failed_late: list[str]) -> list[str]:
    """What to tell the user about the encoding a file was read with (nothing for plain UTF-8)."""
    if failed_late:
        tried = ", ".join(display_name(e) for e in failed_late)
        return [f"Read as {display_name(enc)} (not valid {tried} further into the file)"]
    return [_ENCODING_NOTES[enc]] if auto and enc in _ENCODING_NOTES else []


def code_unit(head: bytes, encoding: str) -> int:
    """Bytes per code unit where the file is read as UTF-16 (2) or UTF-32 (4): a BOM, NULs placed as
    UTF-16's, or the encoding named; 0 for the byte-wide encodings, where a NUL is never text."""
    name = codecs.lookup(encoding).name if encoding != "auto" else ""
    if name.startswith("utf-32"):
        return 4
    if name.startswith("utf-16") or (not name and (head.startswith(UTF16_BOMS) or bomless_utf16(head))):
        return 2
    return 0


def find_nul(path: Path, start: int, chunk: int = 4 * 2**20) -> tuple[int, int]:
    """The offset of the first NUL byte at or after ``start`` and its 1-based line; (-1, 0) if none.

    One pass of ``bytes.find`` (a memchr) over the file; the line is counted only once a NUL is found.
    """
    offset = -1
    with path.open("rb") as fh:
        fh.seek(start)
        position = start
        while block := fh.read(chunk):
            found = block.find(b"\x00")
            if found >= 0:
                offset = position + found
                break
            position += len(block)
        if offset < 0:
            return -1, 0
        fh.seek(0)
        lines, left = 1, offset
        while left > 0:
            block = fh.read(min(chunk, left))
            if not block:
                break
            lines += block.count(b"\n")
            left -= len(block)
    return offset, lines
