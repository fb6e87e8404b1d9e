"""The one place that makes text safe for each export format.

Every text cell of a spreadsheet (XLSX or CSV) passes `neutralise_formula`: a value
starting with `=`, `+`, `-`, `@`, a tab or a line break is what Excel, LibreOffice and
Google Sheets run as a formula, so it gets a leading apostrophe and stays text. Ids,
source paths and names from an article or an LLM answer are as untrusted as quotes.

Article text is kept exactly as read, control characters included, so quote offsets
stay true. But some formats cannot hold some characters: XLSX (XML 1.0) has no
place for C0 control characters other than tab and line breaks, nor for lone
surrogates, and a spreadsheet cell holds at most 32,767 characters. Here such
characters become visible stand-ins (ESC becomes "␛", U+241B, the Unicode picture
of the control character) so a reader of the sheet sees that something was there.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

XLSX_CELL_LIMIT = 32_767
_TRUNCATED = "… [cut: over the 32,767 characters a cell holds]"

_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula, prefixed with an apostrophe; anything else as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _picture(match: re.Match[str]) -> str:
    return chr(0x2400 + ord(match.group()))


def for_xlsx(value: object) -> object:
    """A cell value XLSX can store and never runs: formulas neutralised, control characters
    pictured, unencodable ones replaced, length capped."""
    value = neutralise_formula(value)
    if not isinstance(value, str):
        return value
    text = _NOT_XML.sub("\ufffd", _C0.sub(_picture, value))
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - len(_TRUNCATED)] + _TRUNCATED
    return text


def _csv_cell(value: object) -> object:
    value = neutralise_formula(value)
    return _NOT_XML.sub("\ufffd", _C0.sub(_picture, value)) if isinstance(value, str) else value


def for_csv(values: Iterable[Any]) -> list[Any]:
    """A CSV row that every reader can take and no spreadsheet runs: formula-leading text
    neutralised, control characters pictured, lone surrogates replaced.

    Tab and line breaks inside a value stay (the csv module quotes them); a NUL or an
    ESC would end or garble the field in many readers.
    """
    return [_csv_cell(v) for v in values]


safe_csv_row = for_csv
"""The name to use outside the exports: `writer.writerow(safe_csv_row(values))`."""


class SafeDictWriter(csv.DictWriter):
    """`csv.DictWriter` whose every row (header included) passes `safe_csv_row`.

    A drop-in for the plain DictWriter wherever article text, ids or LLM answers are
    written to CSV: `SafeDictWriter(handle, fieldnames=[...]).writerow(record)`.
    """

    def __init__(self, f: IO[str], fieldnames: Iterable[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(f, list(fieldnames), *args, **kwargs)

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: _csv_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def xlsx_workbook():
    """An openpyxl Workbook whose sheets pass every appended value through `for_xlsx`.

    openpyxl raises on an illegal character when a cell is set, and stores any text
    starting with "=" as a live formula, so the values are made safe as rows are
    appended, whatever the caller puts in them (ids and paths as much as quotes).
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
