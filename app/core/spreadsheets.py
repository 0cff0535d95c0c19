"""Tables in and out of the formats supervisors work in: CSV and Excel (XLSX, via openpyxl).

CSV is written as UTF-8 with a byte-order mark: without it, Excel as installed in China reads the
file as GBK and shows the Chinese headers as mojibake.
"""

import csv
import io
from collections.abc import Iterable, Sequence
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


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit on sheet names
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    as_csv: bool, name: str, title: str, headers: Sequence[str], rows: list[Sequence[Any]], widths: Sequence[int] = ()
) -> Response:
    """The table as an attachment named `name`.csv or `name`.xlsx (sheet `title`)."""
    if as_csv:
        body, media_type, extension = csv_bytes(headers, rows), f"{CSV}; charset=utf-8", "csv"
    else:
        body, media_type, extension = xlsx_bytes(title, headers, rows, widths), XLSX, "xlsx"
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
        rows = [list(row) for row in csv.reader(io.StringIO(text))]
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
