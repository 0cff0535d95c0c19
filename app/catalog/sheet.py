"""A catalog as the seed documents lay it out in a table, read and written row by row (pure).

Columns: 序号, 公开领域, 公开事项, 公开内容, 公开时限, 公开方式, 责任主体, 监督渠道, as the
catalogs print them, then optional ones that carry what the structured reading adds: 公开要素
(the required content fields, one per line), 公开属性, 公开期限 (how long it stays public), 依据, 类别,
公告类型 (the national notice types the row covers, one per line, by code or national name),
公示期 (a notice or display period the row sets: shown, never judged), 义务 (公开, or 报告备案 for a
report filed with the supervising authority) and 时限解读: a reviewed reading of 公开时限, as JSON,
where the words alone mislead the reader (喀左 序号12–16); written only where it differs from
what the reader makes of the words.

Reading follows the documents' conventions: a blank cell is a merged cell and repeats the value
above it within the same domain (公开领域 itself repeats from any row above); a cell holding only
EMPTY is empty on purpose and repeats nothing. Lists are one entry per line; responsible bodies
may also run together with 、 as the catalogs print them. Writing never leaves a cell blank, so what is written reads back the same.
"""

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from app.catalog.domains import DOMAINS, DomainCode
from app.deadlines.reader import read_deadline
from app.deadlines.rules import (
    DECISION_RULE_TEXT,
    GENERAL_RULE_TEXT,
    Deadline,
    DeadlineKind,
    TriggerCode,
    decision_default,
    general_default,
)

COLUMNS = ("序号", "公开领域", "公开事项", "公开内容", "公开时限", "公开方式", "责任主体", "监督渠道")
EXTRA_COLUMNS = ("公开要素", "公开属性", "公开期限", "依据", "类别", "公告类型", "公示期", "义务", "时限解读")
DUTIES = {"公开": "publication", "报告备案": "filing"}
EMPTY = "—"
CATEGORY_SEPARATOR = " > "
_LINES = re.compile(r"[\n；;]+")
_HEADING_ALIASES = {"责任主体（公开部门）": "责任主体", "公开实效": "公开时限", "公开部门": "责任主体"}
# 公开内容 often ends with its elements: "内容：文件名称、文号、发布日期等。"
_ELEMENTS = re.compile(r"内容[：:](?P<fields>[^。；;]+)")
_TRIGGERS = {code.value for code in TriggerCode}


@dataclass(frozen=True)
class SheetObligation:
    """One row read into an obligation's fields (responsible bodies still as written)."""

    row: int
    ref: str
    domain: DomainCode
    item: str
    content: str
    deadline: Deadline
    channels: list[str]
    responsible: list[str]
    supervision: list[str]
    required_fields: list[str]
    disclosure_attribute: str
    display_period: str | None
    legal_basis: str | None
    category: list[str]
    cells: dict[str, str]
    notice_types: list[str] = field(default_factory=list)
    notice_period: str | None = None
    duty: str = "publication"


@dataclass(frozen=True)
class SheetMessage:
    """One problem of a sheet, in Chinese for the office that keeps the catalog and in English, with
    a stable `code` a client can act on."""

    code: str
    zh: str
    en: str


@dataclass
class RowProblems:
    row: int
    ref: str
    item: str
    errors: list[SheetMessage] = field(default_factory=list)


NoticeTypeReader = Callable[[str, str], tuple[str | None, SheetMessage | None]]
"""(cell entry, domain code) → (notice type code, or None and why not)."""


def _unknown_notice_type(entry: str, _domain: str) -> tuple[str | None, SheetMessage | None]:
    return None, SheetMessage("unknown_notice_type", f"“{entry}”不是已知的公告类型。", f"{entry!r} is no known notice type.")


def read_sheet(
    table: Sequence[Sequence[str]],
    is_department: Callable[[str], bool],
    notice_type: NoticeTypeReader = _unknown_notice_type,
) -> tuple[list[SheetObligation], list[RowProblems]]:
    """Every data row as an obligation, or its problems (a row with any problem yields none)."""
    if not table:
        return [], [RowProblems(1, "", "", [SheetMessage("empty_sheet", "表格为空。", "The table is empty.")])]
    headings = [_HEADING_ALIASES.get(cell.strip(), cell.strip()) for cell in table[0]]
    missing = [column for column in COLUMNS if column not in headings]
    if missing:
        message = SheetMessage(
            "missing_columns",
            f"表头（第1行）缺少以下列：{'、'.join(missing)}。表格须包含：{'、'.join(COLUMNS)}。",
            f"The header row lacks the column(s) {', '.join(missing)}.",
        )
        return [], [RowProblems(1, "", "", [message])]
    index = {heading: number for number, heading in enumerate(headings) if heading}

    obligations, problems, refs = [], [], {}
    previous: dict[str, str] = {}  # the row above, as filled in
    for offset, raw in enumerate(table[1:]):
        row_number = offset + 2  # the sheet's own numbering: the header is row 1
        cells = {heading: (raw[i].strip() if i < len(raw) else "") for heading, i in index.items()}
        if not any(cells.values()):
            continue
        domain_cell = _filled(cells["公开领域"], previous.get("公开领域"), repeat=True)
        same_domain = domain_cell == previous.get("公开领域")
        value = {
            heading: _filled(cells[heading], previous.get(heading), repeat=same_domain)
            for heading in index
            if heading not in ("序号", "公开领域")
        }
        value["公开领域"] = domain_cell
        previous = value

        ref = cells["序号"] or str(offset + 1)
        found = RowProblems(row_number, ref, value["公开事项"])
        domain = domain_code(value["公开领域"])
        if domain is None:
            found.errors.append(
                SheetMessage(
                    "unknown_domain",
                    f"公开领域“{value['公开领域']}”不是已知的公开领域（应为以下之一：{'、'.join(_DOMAIN_NAMES)}）。",
                    f"公开领域 {value['公开领域']!r} is not a domain (one of {', '.join(_DOMAIN_NAMES)}).",
                )
            )
        if not value["公开事项"]:
            found.errors.append(SheetMessage("missing_item", "缺少公开事项。", "公开事项 is missing."))
        if ref in refs:
            found.errors.append(
                SheetMessage(
                    "duplicate_ref",
                    f"序号 {ref} 与第{refs[ref]}行重复：每行的序号须唯一。",
                    f"序号 {ref} repeats row {refs[ref]}.",
                )
            )
        refs.setdefault(ref, row_number)
        deadline, problem = _deadline_cell(value["公开时限"], value.get("时限解读", ""))
        if problem:
            found.errors.append(problem)
        duty = DUTIES.get(value.get("义务") or "公开")
        if duty is None:
            found.errors.append(
                SheetMessage(
                    "unknown_duty",
                    f"义务“{value['义务']}”应为以下之一：{'、'.join(DUTIES)}。",
                    f"义务 {value['义务']!r} is not one of {', '.join(DUTIES)}.",
                )
            )
        responsible = responsible_bodies(value["责任主体"], is_department)
        if not responsible:
            found.errors.append(
                SheetMessage(
                    "missing_responsible",
                    "缺少责任主体：每个公开事项都须有责任主体。",
                    "责任主体 is missing: every obligation needs a responsible body.",
                )
            )
        for name in responsible:
            if not is_department(name):
                found.errors.append(
                    SheetMessage(
                        "unknown_department",
                        f"责任主体“{name}”不是本地区的部门（每行写一个部门，用其全称或简称）。",
                        f"责任主体 {name!r} is not a department of this jurisdiction (name one per line, "
                        "by its name or an alias).",
                    )
                )
        notice_types = []
        for entry in split_lines(value.get("公告类型", "")) if domain is not None else []:
            code, problem = notice_type(entry, domain.value)
            if problem:
                found.errors.append(problem)
            elif code not in notice_types:
                notice_types.append(code)
        if found.errors:
            problems.append(found)
            continue
        content = value["公开内容"]
        # One field per line: a field's own name may hold 、 (出让人和矿业权交易平台的名称、场所).
        fields = split_lines(value["公开要素"]) if "公开要素" in index else required_fields_in(content)
        if "类别" in index:
            category = value["类别"].split(CATEGORY_SEPARATOR) if value["类别"] else []
        else:
            category = [value["公开领域"]]
        obligations.append(
            SheetObligation(
                row=row_number,
                ref=ref,
                domain=domain,
                item=value["公开事项"],
                content=content,
                deadline=deadline,
                channels=split_lines(value["公开方式"]),
                responsible=responsible,
                supervision=split_lines(value["监督渠道"]),
                required_fields=fields,
                disclosure_attribute=value.get("公开属性") or "主动公开",
                display_period=value.get("公开期限") or None,
                legal_basis=value.get("依据") or None,
                category=category,
                cells={heading: cells[heading] for heading in index},
                notice_types=notice_types,
                notice_period=value.get("公示期") or None,
                duty=duty,
            )
        )
    return obligations, problems


def _deadline_cell(text: str, reading: str) -> tuple[Deadline, SheetMessage | None]:
    """公开时限 as the reader reads it, or as the reviewed 时限解读 states it; with the problem, if any."""
    if reading:
        try:
            data = json.loads(reading)
            deadline = Deadline.from_dict({**data, "text": text})
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            return Deadline(text, DeadlineKind.UNPARSED), SheetMessage(
                "invalid_reading",
                f"时限解读不是对公开时限的有效解读（{error}）：应为 JSON，如 "
                '{"kind":"after","trigger":"info_formed","amount":20,"unit":"working_day"}。',
                f"时限解读 is not a reading of 公开时限 ({error}).",
            )
        unknown = sorted({rule.trigger for rule in (deadline, *deadline.alternatives) if rule.trigger} - _TRIGGERS)
        if unknown:
            return Deadline(text, DeadlineKind.UNPARSED), SheetMessage(
                "unknown_trigger",
                f"时限解读中的触发事项 {'、'.join(unknown)} 不是已知的触发事项代码（应为以下之一：{'、'.join(sorted(_TRIGGERS))}）。",
                f"时限解读 names the trigger(s) {', '.join(unknown)}, which are no trigger codes "
                f"(one of {', '.join(sorted(_TRIGGERS))}).",
            )
        return deadline, None
    deadline = read_sheet_deadline(text)
    if deadline.kind is DeadlineKind.UNPARSED:
        return deadline, SheetMessage(
            "unparsed_deadline",
            f"无法读取公开时限“{text}”：请写明触发事项和期限（如“自信息形成之日起20个工作日内”），"
            "或在“时限解读”列给出经审核的解读。",
            f"公开时限 {text!r} cannot be read as a deadline.",
        )
    return deadline, None


def reading_cell(deadline: Deadline) -> str:
    """The deadline as 时限解读 writes it: empty when the words alone read the same."""
    # The primary rule's condition is not stored (its alternatives keep theirs), so it is left out.
    if replace(read_sheet_deadline(deadline.text), condition=None) == replace(deadline, condition=None):
        return ""
    data = deadline.as_dict()
    del data["text"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _filled(cell: str, above: str | None, repeat: bool) -> str:
    if cell == EMPTY:
        return ""
    if cell:
        return cell
    return (above or "") if repeat else ""


_DOMAIN_NAMES = {name: code for code, (name, _) in DOMAINS.items()}


def domain_code(text: str) -> DomainCode | None:
    """A domain by code or by name, with or without 领域 (国有土地使用权出让 = 国有土地使用权出让领域)."""
    text = text.strip()
    codes = {code.value: code for code in DomainCode}
    return codes.get(text) or _DOMAIN_NAMES.get(text) or _DOMAIN_NAMES.get(text.removesuffix("领域"))


def read_sheet_deadline(text: str) -> Deadline:
    """A blank deadline is the general statutory rule, as in the catalogs that give none."""
    if not text or text == GENERAL_RULE_TEXT:
        return general_default()
    if text == DECISION_RULE_TEXT:
        return decision_default()
    return read_deadline(text)


def split_lines(cell: str) -> list[str]:
    """One entry per line (or per ；). Not per 、: one channel may read 国家、省、市指定的媒介."""
    return [part.strip() for part in _LINES.split(cell or "") if part.strip()]


def responsible_bodies(cell: str, is_department: Callable[[str], bool]) -> list[str]:
    """Bodies one per line; a line that names no department but whose 、-separated parts all do
    is those departments (市财政局、市公管办 as catalogs print it)."""
    bodies = []
    for line in split_lines(cell):
        parts = [part.strip() for part in line.split("、") if part.strip()]
        if not is_department(line) and len(parts) > 1 and all(is_department(part) for part in parts):
            bodies.extend(parts)
        else:
            bodies.append(line)
    return bodies


def required_fields_in(content: str) -> list[str]:
    match = _ELEMENTS.search(content or "")
    if not match:
        return []
    names = re.split(r"[、，,]", match["fields"])
    return [name.strip().removesuffix("等").strip() for name in names if name.strip()]


def sheet_row(
    ref: str,
    domain: str,
    item: str,
    content: str,
    deadline_text: str,
    channels: list[str],
    responsible: list[str],
    supervision: list[str],
    required_fields: list[str],
    disclosure_attribute: str,
    display_period: str | None,
    legal_basis: str | None,
    category: list[str],
    notice_types: list[str],
    notice_period: str | None,
    duty: str,
    deadline: Deadline,
) -> list[str]:
    """One obligation as a row of COLUMNS + EXTRA_COLUMNS, no cell left blank."""
    return [
        ref,
        DOMAINS[DomainCode(domain)][0],
        item or EMPTY,
        content or EMPTY,
        deadline_text or EMPTY,
        _joined(channels),
        _joined(responsible),
        _joined(supervision),
        _joined(required_fields),
        disclosure_attribute or EMPTY,
        display_period or EMPTY,
        legal_basis or EMPTY,
        CATEGORY_SEPARATOR.join(category) or EMPTY,
        _joined(notice_types),
        notice_period or EMPTY,
        next(name for name, code in DUTIES.items() if code == duty),
        reading_cell(deadline) or EMPTY,
    ]


def _joined(values: list[str]) -> str:
    return "\n".join(values) if values else EMPTY
