"""The one place that makes text safe for each export format.

Article text is kept exactly as read, control characters included, so quote offsets
stay true. But some formats cannot hold some characters: XLSX (XML 1.0) has no
place for C0 control characters other than tab and line breaks, nor for lone
surrogates, and a spreadsheet cell holds at most 32,767 characters. Here such
characters become visible stand-ins (ESC becomes "␛", U+241B, the Unicode picture
of the control character) so a reader of the sheet sees that something was there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

XLSX_CELL_LIMIT = 32_767
_TRUNCATED = "… [cut: over the 32,767 characters a cell holds]"

_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def _picture(match: re.Match[str]) -> str:
    return chr(0x2400 + ord(match.group()))


def for_xlsx(value: object) -> object:
    """A cell value XLSX can store: control characters pictured, unencodable ones replaced, length capped."""
    if not isinstance(value, str):
        return value
    text = _NOT_XML.sub("\ufffd", _C0.sub(_picture, value))
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - len(_TRUNCATED)] + _TRUNCATED
    return text


def for_csv(values: Iterable[Any]) -> list[Any]:
    """A CSV row that every reader can take: control characters pictured, lone surrogates replaced.

    Tab and line breaks stay (the csv module quotes them); a NUL or an ESC would
    end or garble the field in many readers.
    """
    return [_NOT_XML.sub("\ufffd", _C0.sub(_picture, v)) if isinstance(v, str) else v for v in values]


def xlsx_workbook():
    """An openpyxl Workbook whose sheets pass every appended value through `for_xlsx`.

    openpyxl raises on an illegal character when a cell is set, so the values are
    made safe as rows are appended, whatever the caller puts in them.
    """
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    class SafeWorksheet(Worksheet):
        def append(self, iterable):
            if isinstance(iterable, dict):
                return super().append({k: for_xlsx(v) for k, v in iterable.items()})
            return super().append([for_xlsx(v) for v in iterable])

    class SafeWorkbook(Workbook):
        def create_sheet(self, title=None, index=None):
            sheet = SafeWorksheet(parent=self, title=title)
            self._add_sheet(sheet=sheet, index=index)
            return sheet

    return SafeWorkbook()
