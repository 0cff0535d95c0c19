"""Tables in and out of the formats supervisors work in: CSV and Excel (XLSX, via openpyxl).

CSV is written as UTF-8 with a byte-order mark: without it, Excel as installed in China reads the
file as GBK and shows the Chinese headers as mojibake.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import Response
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


class UnreadableTable(ValueError):
    """A file that is not a CSV or XLSX table we can read; `zh` says so in Chinese."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.zh = zh


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], preamble: Sequence[Sequence[Any]] = ()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if preamble:
        writer.writerows(preamble)
        writer.writerow([])
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
    preamble: Sequence[Sequence[Any]] = (),
    number_formats: Mapping[int, str] | None = None,
) -> bytes:
    """`preamble`: lines above the table (what it covers, notes); `number_formats`: by column index,
    an Excel number format, so a rate stays a number that reads as a percentage."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit on sheet names
    for line in preamble:
        sheet.append(list(line))
    if preamble:
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
    heading_row = sheet.max_row + 1 if preamble else 1
    sheet.append(list(headers))
    for cell in sheet[heading_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=heading_row + 1):
        for cell in row:
            cell.alignment = wrap
            if number_formats and cell.column - 1 in number_formats:
                cell.number_format = number_formats[cell.column - 1]
    sheet.freeze_panes = f"A{heading_row + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    as_csv: bool,
    name: str,
    title: str,
    headers: Sequence[str],
    rows: list[Sequence[Any]],
    widths: Sequence[int] = (),
    preamble: Sequence[Sequence[Any]] = (),
    number_formats: Mapping[int, str] | None = None,
) -> Response:
    """The table as an attachment named `name`.csv or `name`.xlsx (sheet `title`), under the
    `preamble` lines and a blank one when there are any."""
    if as_csv:
        body, media_type, extension = csv_bytes(headers, rows, preamble), f"{CSV}; charset=utf-8", "csv"
    else:
        body = xlsx_bytes(title, headers, rows, widths, preamble, number_formats)
        media_type, extension = XLSX, "xlsx"
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'}
    )


def read_table(data: bytes, filename: str | None = None, content_type: str | None = None) -> list[list[str]]:
    """Every row of the first sheet (XLSX) or of the file (CSV) as text cells, headers first."""
    if data[:2] == b"PK":  # an XLSX file is a zip archive
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            rows = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise UnreadableTable(
                f"The file is not a readable XLSX workbook: {error}",
                f"文件无法作为 XLSX 工作簿读取（{error}）：请用 Excel 另存为 .xlsx 或 UTF-8 编码的 .csv 后重新上传。",
            ) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")  # what Excel in China saves CSV as
            except UnicodeDecodeError:
                raise UnreadableTable(
                    "The file is neither XLSX nor CSV in UTF-8 or GB18030.",
                    "文件既不是 XLSX 工作簿，也不是 UTF-8 或 GB18030 编码的 CSV 表格。",
                ) from None
        try:
            # newline="": the csv module reads line ends itself, a lone CR (old Mac files) included.
            rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as error:  # a NUL, or a field the dialect cannot parse
            raise UnreadableTable(
                f"The file is not a readable CSV table: {error}.",
                f"文件无法作为 CSV 表格读取（{error}）：请用 Excel 另存为 .xlsx 或 UTF-8 编码的 .csv 后重新上传。",
            ) from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise UnreadableTable("The table is empty.", "表格为空：没有任何一行有内容。")
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
