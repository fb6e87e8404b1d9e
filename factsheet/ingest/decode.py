"""Turn a file into article text, or a one-line reason why not.

Reading is bounded before it starts: only regular files are opened (a FIFO would
block forever, /dev/zero never ends), and the size is checked with `stat` before a
single byte is read. Decoding says honestly what it did: a byte-order mark, UTF-16,
a charset the HTML declares, Windows-1252 and files that mix encodings line by line
are all recognised, and every guess is reported as a warning.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""No news article is 5 MB of text; a bigger file is a dump or a mistake."""


try:  # the project's tree of errors, where this tree has it
    from factsheet.errors import InputError as _InputBase  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover
    _InputBase = Exception  # type: ignore[assignment, misc, unused-ignore]


class InputError(_InputBase):  # type: ignore[misc, valid-type, unused-ignore]
    """An input file that cannot become an article; str() is the user-facing reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    warnings: list[str] = field(default_factory=list)
    encoding: str = "utf-8"

    @property
    def warning(self) -> str | None:
        """The first warning, for callers that show one line."""
        return self.warnings[0] if self.warnings else None


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _too_big(size: int, max_bytes: int) -> InputError:
    return InputError(
        f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit for one article"
    )


def open_regular(path: Path, max_bytes: int) -> int:
    """Open `path` for reading only if it is a regular file within `max_bytes`; return the fd.

    `stat` first, so a FIFO, a device or an oversized file is refused before it is
    opened; O_NONBLOCK so that a file swapped for a FIFO in between cannot block the
    open, and `fstat` again on what was actually opened.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file (a broken link?)") from None
    kind = file_kind(info.st_mode)
    if kind is not None:
        raise InputError(f"{kind}, not a regular file; only regular files are read")
    if info.st_size > max_bytes:
        raise _too_big(info.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        opened = os.fstat(fd)
        kind = file_kind(opened.st_mode)
        if kind is not None:
            raise InputError(f"{kind}, not a regular file; only regular files are read")
        if opened.st_size > max_bytes:
            raise _too_big(opened.st_size, max_bytes)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bounded(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (never more are read, even if it grows)."""
    fd = open_regular(path, max_bytes)
    try:
        parts: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            parts.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(parts)
    if len(data) > max_bytes:
        raise InputError(f"file grew past the {max_bytes / 1_048_576:.0f} MB limit while being read")
    return data


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _windows_1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the same code point,
    as browsers do, so no byte is ever lost."""
    assert isinstance(error, UnicodeDecodeError)
    return "".join(chr(b) for b in error.object[error.start : error.end]), error.end


codecs.register_error("factsheet-cp1252", _windows_1252_fallback)


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="factsheet-cp1252")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM: mostly-ASCII text has a zero in every other byte."""
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    if odd >= 0.6 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _codec(name: str) -> tuple[str | None, str]:
    """The text codec `name` stands for, or None and why it cannot decode a page.

    Python also knows codecs that are not text encodings (base64, rot13, zlib, hex):
    a page declaring one of those has not declared a charset.
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None, "an unknown charset"
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None, "a charset that is not a text encoding"
    return info.name, ""


_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7"})
"""Python codecs that decode bytes to text but are no web page's charset (browsers refuse UTF-7)."""


def decode_article_bytes(
    data: bytes, *, max_bytes: int = MAX_ARTICLE_BYTES, declared: str | None = None
) -> Decoded:
    """Decode a file's bytes, refusing empty, oversized and binary files.

    Order: a byte-order mark decides; then UTF-16 without one; then the charset the
    document declares (HTML), unless the bytes are valid UTF-8 beyond ASCII; then
    UTF-8; then line by line, where lines that are not UTF-8 are read as
    Windows-1252 (the usual encoding of such news exports) with a warning that says
    whether the whole file or only some lines were.
    """
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":  # decoded below, line by line if need be
                data, declared = data[len(bom) :], None
                break
            return _decode_declared(data[len(bom) :], encoding)
    guessed = _utf16_without_bom(data[:4096])
    if guessed:
        decoded = _decode_declared(data, guessed)
        return Decoded(decoded.text, [f"UTF-16 text without a byte-order mark; read as {guessed}"], guessed)
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.1:
        raise InputError("binary file, not text")
    warnings: list[str] = []
    if declared:
        codec, why_not = _codec(declared)
        if codec is None:
            warnings.append(f"declares {why_not} {declared[:40]!r}; ignored")
        elif codec != "utf-8":
            try:
                as_utf8 = data.decode("utf-8")
            except UnicodeDecodeError:
                as_utf8 = None
            if as_utf8 is not None and not as_utf8.isascii():
                warnings.append(f"declares charset {declared[:40]!r} but is valid UTF-8; read as UTF-8")
                return Decoded(as_utf8, warnings)
            try:
                return Decoded(data.decode(codec), warnings, codec)
            except UnicodeError as exc:
                where = f"byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else "the text"
                warnings.append(f"declares charset {declared[:40]!r} but {where} is not valid in it; ignored")
    try:
        return Decoded(data.decode("utf-8"), warnings)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return _decode_by_line(data, first_bad, warnings)


def _decode_declared(data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding} text (bad bytes at offset {exc.start})") from None
    if not text.strip():
        raise InputError("empty file")
    if "\x00" in text:
        raise InputError("binary file, not text")
    return Decoded(text, [], encoding)


def _decode_by_line(data: bytes, first_bad: int, warnings: list[str]) -> Decoded:
    """UTF-8 where a line is UTF-8, Windows-1252 where it is not; say which happened."""
    parts: list[str] = []
    legacy_lines: list[int] = []
    utf8_beyond_ascii = False
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            text = line.decode("utf-8")
            utf8_beyond_ascii = utf8_beyond_ascii or not text.isascii()
        except UnicodeDecodeError:
            text = _cp1252(line)
            legacy_lines.append(number)
        parts.append(text)
    if utf8_beyond_ascii:
        shown = ", ".join(str(n) for n in legacy_lines[:10]) + (" …" if len(legacy_lines) > 10 else "")
        warnings.append(
            f"mixed encodings: line{'s' if len(legacy_lines) > 1 else ''} {shown} "
            "not UTF-8, read as Windows-1252; the rest read as UTF-8"
        )
        return Decoded("".join(parts), warnings, "mixed")
    warnings.append(f"not UTF-8 (bad byte at offset {first_bad}); read as Windows-1252")
    return Decoded("".join(parts), warnings, "cp1252")


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample)


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]{1,40})""")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (meta charset, http-equiv or XML)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shown(text: str) -> str:
    """Text safe to print on one line: control characters and undecodable file-name bytes escaped.

    A file name may hold a newline (the error would span two lines) or bytes that
    are not UTF-8 (Python keeps them as lone surrogates, which no output can encode).
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a raw byte of a non-UTF-8 file name
            return f"\\x{code - 0xDC00:02x}"
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (
            f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        )

    return _UNPRINTABLE.sub(escape, text)
