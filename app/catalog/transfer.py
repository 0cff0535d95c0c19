"""Catalogs in and out of spreadsheets (动态调整), and what changed between two versions.

An import never edits a catalog: it creates a new version of the series, in force from a given
day, and closes the version it replaces the day before. Events judged by the old version keep
their verdicts, and events triggered before the new day are still judged by the old one.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from app.audit.service import record
from app.catalog.errors import InvalidImport, NoSuchCatalog, VersionConflict
from app.catalog.models import Catalog, Department, DepartmentAlias, Obligation, ObligationResponsible
from app.catalog.schemas import (
    CatalogDiff,
    CatalogPublic,
    FieldChange,
    ImportDiff,
    ImportedRef,
    ImportMessage,
    ImportReport,
    ImportRow,
    ObligationChange,
    ObligationRef,
    deadline_columns,
    deadline_of,
)
from app.catalog.seed import ANY_DOMAIN_NOTICE_TYPES
from app.catalog.service import get_catalog
from app.catalog.sheet import (
    COLUMNS,
    EXTRA_COLUMNS,
    NoticeTypeReader,
    SheetMessage,
    SheetObligation,
    read_sheet,
    sheet_row,
)
from app.core.chinese import spellings, to_simplified
from app.core.errors import NotFound, OutsideBinding, in_both
from app.feed.models import ChangeKind
from app.feed.service import record_change
from app.jurisdictions.service import jurisdiction_index
from app.keys.models import ApiKey
from app.keys.service import binding_of, require_binding
from app.statutes.service import list_notice_types

SHEET_HEADINGS = (*COLUMNS, *EXTRA_COLUMNS)
SHEET_WIDTHS = (6, 16, 24, 48, 28, 20, 20, 16, 28, 10, 12, 24, 24)


@dataclass(frozen=True)
class ImportRequest:
    replaces: int
    in_force_from: date
    number: str | None
    title: str | None
    filename: str


def _responsible(session: Session, obligation_ids: list[int]) -> dict[int, list[str]]:
    links = session.exec(
        select(ObligationResponsible.obligation_id, Department.name)
        .join(Department, col(Department.id) == ObligationResponsible.department_id)
        .where(col(ObligationResponsible.obligation_id).in_(obligation_ids or [0]))
        .order_by(col(ObligationResponsible.obligation_id), col(ObligationResponsible.position))
    ).all()
    names: dict[int, list[str]] = {}
    for obligation_id, name in links:
        names.setdefault(obligation_id, []).append(name)
    return names


def _obligations(session: Session, catalog_id: int) -> list[Obligation]:
    return list(
        session.exec(select(Obligation).where(Obligation.catalog_id == catalog_id).order_by(col(Obligation.position)))
    )


def comparable(row: Obligation, responsible: list[str]) -> dict[str, Any]:
    """What an obligation says, leaving out where it is stored and where it was read from."""
    return {
        "domain": row.domain_code,
        "item": row.item,
        "content": row.content,
        "required_fields": list(row.required_fields),
        "deadline": deadline_of(row).as_dict(),
        "channels": list(row.channels),
        "responsible": responsible,
        "supervision": list(row.supervision),
        "display_period": row.display_period,
        "disclosure_attribute": row.disclosure_attribute,
        "legal_basis": row.legal_basis,
        "category": list(row.category),
        "notice_types": list(row.notice_types),
        "notice_period": row.notice_period,
        "duty": row.duty,
    }


def catalog_obligations(session: Session, catalog_id: int) -> dict[str, dict[str, Any]]:
    """Every obligation of a catalog by ref, as `comparable` states it."""
    rows = _obligations(session, catalog_id)
    names = _responsible(session, [row.id for row in rows])
    return {row.ref: {"id": row.id, **comparable(row, names.get(row.id, []))} for row in rows}


def export_rows(session: Session, catalog_id: int) -> tuple[Catalog, list[list[str]]]:
    catalog = session.get(Catalog, catalog_id)
    if catalog is None:
        raise NotFound(f"There is no catalog {catalog_id}.")
    rows = _obligations(session, catalog_id)
    names = _responsible(session, [row.id for row in rows])
    return catalog, [
        sheet_row(
            ref=row.ref,
            domain=row.domain_code,
            item=row.item,
            content=row.content,
            deadline_text=row.deadline_text,
            channels=row.channels,
            responsible=names.get(row.id, []),
            supervision=row.supervision,
            required_fields=row.required_fields,
            disclosure_attribute=row.disclosure_attribute,
            display_period=row.display_period,
            legal_basis=row.legal_basis,
            category=row.category,
            notice_types=row.notice_types,
            notice_period=row.notice_period,
            duty=row.duty,
            deadline=deadline_of(row),
        )
        for row in rows
    ]


def import_catalog(
    session: Session, table: list[list[str]], request: ImportRequest, dry_run: bool, key: ApiKey
) -> ImportReport:
    """`key` imports within its bindings: the catalog's jurisdiction and every domain of its rows.
    Every message is in Chinese, for the office that keeps the catalog, and in English."""
    replaced = session.get(Catalog, request.replaces)
    if replaced is None:
        raise NoSuchCatalog(
            **in_both(
                f"不存在编号为 {request.replaces} 的目录，无法替换（目录编号见 GET /v1/catalogs）。",
                f"There is no catalog {request.replaces} to replace.",
            ),
            parameter="replaces",
        )
    lineage = jurisdiction_index(session).lineage(replaced.jurisdiction_code)
    _within_binding(
        key, lineage, (), f"目录 {replaced.id}（{replaced.jurisdiction_code}）", f"catalog {replaced.id} of {replaced.jurisdiction_code}"
    )
    if replaced.in_force_from and request.in_force_from <= replaced.in_force_from:
        raise VersionConflict(
            **in_both(
                f"目录 {replaced.id} 自 {replaced.in_force_from} 起施行；替换它的新版本须晚于该日施行，"
                f"不能自 {request.in_force_from} 起施行。",
                f"Catalog {replaced.id} is in force from {replaced.in_force_from}; "
                f"a version replacing it must start later than that, not on {request.in_force_from}.",
            )
        )
    aliases = _aliases(session, replaced.jurisdiction_code)
    obligations, problems = read_sheet(
        table, lambda name: _department(aliases, name) is not None, notice_type_reader(session)
    )
    rows = sorted(
        [ImportRow(row=o.row, ref=o.ref, item=o.item, errors=[]) for o in obligations]
        + [ImportRow(row=p.row, ref=p.ref, item=p.item, errors=[_message(m) for m in p.errors]) for p in problems],
        key=lambda r: r.row,
    )
    if problems:
        raise InvalidImport(
            **in_both(
                f"表格共 {len(rows)} 行，其中 {len(problems)} 行无法导入，未导入任何内容；各行问题见 rows。",
                f"{len(problems)} of {len(rows)} rows cannot be imported; see `rows`.",
            ),
            rows=[row.model_dump() for row in rows],
        )
    if not obligations:
        raise InvalidImport(
            **in_both("表格中没有任何公开事项。", "The sheet holds no obligations."), rows=[]
        )
    domains = sorted({obligation.domain.value for obligation in obligations})
    _within_binding(
        key, lineage, domains,
        f"目录 {replaced.id} 中 {'、'.join(domains)} 领域的事项", f"catalog {replaced.id}'s rows in {', '.join(domains)}",
    )
    diff = import_diff(session, replaced, obligations, aliases)
    if dry_run:
        return ImportReport(
            dry_run=True, valid=True, rows=rows, catalog=None, replaced=CatalogPublic.of(replaced), diff=diff
        )
    before = CatalogPublic.of(replaced)

    catalog = Catalog(
        key=f"{replaced.series[:40]}@{request.in_force_from:%Y%m%d}-{secrets.token_hex(3)}",
        series=replaced.series,
        jurisdiction_code=replaced.jurisdiction_code,
        number=request.number or replaced.number,
        title=request.title or replaced.title,
        document_title=replaced.document_title,
        issuing_body=replaced.issuing_body,
        issue_date=None,
        in_force_from=request.in_force_from,
        in_force_until=None,
        source_document=f"import:{request.filename}"[:128],
        source_section=None,
        note=f"Imported to replace catalog {replaced.id} ({replaced.key}).",
    )
    session.add(catalog)
    closing = request.in_force_from - timedelta(days=1)
    if replaced.in_force_until is None or replaced.in_force_until > closing:
        replaced.in_force_until = closing
    session.flush()
    for position, obligation in enumerate(obligations):
        _store(session, catalog, position, obligation, aliases, request.filename)
    session.flush()
    report = ImportReport(
        dry_run=False,
        valid=True,
        rows=rows,
        catalog=CatalogPublic.of(catalog),
        replaced=CatalogPublic.of(replaced),
        diff=diff,
    )
    record(
        session, key, "catalog.import", f"catalog {catalog.id}", before={"replaced": before},
        after={"catalog": report.catalog, "replaced": report.replaced, "obligations": len(obligations), "file": request.filename},
    )
    record_change(
        session,
        ChangeKind.CATALOG_CHANGED,
        jurisdiction_code=catalog.jurisdiction_code,
        detail={"catalog_id": catalog.id, "replaced": replaced.id, "series": catalog.series, "in_force_from": catalog.in_force_from},
    )
    return report


def _message(message: SheetMessage) -> ImportMessage:
    return ImportMessage(code=message.code, zh=message.zh, en=message.en)


def _within_binding(key: ApiKey, lineage: list[str], domains: Sequence[str], acting_zh: str, acting_en: str) -> None:
    """require_binding, refusing in Chinese and English."""
    try:
        require_binding(key, lineage, acting_en, domains)
    except OutsideBinding:
        bound = key.bindings
        scope_zh = "、".join(bound.jurisdictions) + (f"（领域：{'、'.join(bound.domains)}）" if bound.domains else "")
        raise OutsideBinding(
            **in_both(
                f"密钥 {key.id}（{key.name}）仅限 {scope_zh}；{acting_zh}超出其范围。",
                f"Key {key.id} ({key.name}) is bound to {bound.describe()}; {acting_en} is outside them.",
            ),
            binding=binding_of(key),
        ) from None


def notice_type_reader(session: Session) -> NoticeTypeReader:
    """A 公告类型 entry by code, or by its national name or a synonym within the row's domain
    (资格预审公告 is both a 政府采购 and an 工程建设 notice)."""
    known = {row.code: row for row in list_notice_types(session, None)}

    def read(entry: str, domain: str) -> tuple[str | None, SheetMessage | None]:
        entry = to_simplified(entry.strip())
        if entry in known:
            owner = known[entry].domain_code
            if owner != domain and entry not in ANY_DOMAIN_NOTICE_TYPES:
                return None, SheetMessage(
                    "notice_type_of_another_domain",
                    f"公告类型：{entry} 属于 {owner} 领域，不属于本行的 {domain} 领域。",
                    f"公告类型: notice type {entry!r} belongs to domain {owner!r}, not {domain!r}.",
                )
            return entry, None
        named = [
            row.code
            for row in known.values()
            if entry in (row.name, *row.synonyms) and (row.domain_code == domain or row.code in ANY_DOMAIN_NOTICE_TYPES)
        ]
        if len(named) == 1:
            return named[0], None
        if not named:
            return None, SheetMessage(
                "unknown_notice_type",
                f"公告类型：“{entry}”不是本领域的公告类型（见 GET /v1/notice-types?domain={domain}）。",
                f"公告类型: {entry!r} is no notice type of this domain (GET /v1/notice-types?domain={domain}).",
            )
        return None, SheetMessage(
            "ambiguous_notice_type",
            f"公告类型：“{entry}”对应多个公告类型（{'、'.join(named)}），请填写代码。",
            f"公告类型: {entry!r} names several notice types ({', '.join(named)}); give the code.",
        )

    return read


def _aliases(session: Session, jurisdiction: str) -> dict[str, int]:
    rows = session.exec(
        select(DepartmentAlias.alias, DepartmentAlias.department_id).where(
            DepartmentAlias.jurisdiction_code == jurisdiction
        )
    ).all()
    return dict(rows)


def _department(aliases: dict[str, int], name: str) -> int | None:
    for spelling in spellings(name):
        if spelling in aliases:
            return aliases[spelling]
    return None


def _row(catalog_id: int | None, jurisdiction: str, position: int, read: SheetObligation, filename: str) -> Obligation:
    """The obligation a sheet row makes: stored by an import, compared and dropped by a dry run."""
    return Obligation(
        catalog_id=catalog_id,
        ref=read.ref,
        position=position,
        jurisdiction_code=jurisdiction,
        domain_code=read.domain.value,
        category=read.category,
        item=read.item,
        content=read.content,
        required_fields=read.required_fields,
        **deadline_columns(read.deadline),
        channels=read.channels,
        supervision=read.supervision,
        display_period=read.display_period,
        disclosure_attribute=read.disclosure_attribute,
        legal_basis=read.legal_basis,
        notice_types=read.notice_types,
        notice_period=read.notice_period,
        duty=read.duty,
        source_ref=f"{filename} 第{read.row}行"[:128],
        source_text=read.cells,
    )


def _department_ids(read: SheetObligation, aliases: dict[str, int]) -> list[int]:
    """The row's responsible departments, once each, in the order the sheet names them."""
    seen: list[int] = []
    for name in read.responsible:
        department_id = _department(aliases, name)
        if department_id is not None and department_id not in seen:
            seen.append(department_id)
    return seen


def _store(
    session: Session,
    catalog: Catalog,
    position: int,
    read: SheetObligation,
    aliases: dict[str, int],
    filename: str,
) -> None:
    row = _row(catalog.id, catalog.jurisdiction_code, position, read, filename)
    session.add(row)
    session.flush()
    for rank, department_id in enumerate(_department_ids(read, aliases)):
        session.add(ObligationResponsible(obligation_id=row.id, department_id=department_id, position=rank))


def import_diff(
    session: Session, replaced: Catalog, obligations: list[SheetObligation], aliases: dict[str, int]
) -> ImportDiff:
    """What importing the sheet changes against the version it replaces, rows matched by ref
    (序号), each field compared as it would be stored. Reads only: a dry run writes nothing."""
    ids = sorted(set(aliases.values())) or [0]
    department_names = dict(session.exec(select(Department.id, Department.name).where(col(Department.id).in_(ids))).all())
    theirs = catalog_obligations(session, replaced.id)
    ours = {
        read.ref: comparable(
            _row(None, replaced.jurisdiction_code, position, read, ""),
            [department_names[i] for i in _department_ids(read, aliases)],
        )
        for position, read in enumerate(obligations)
    }
    changed, unchanged = [], 0
    for ref, fields in ours.items():
        if ref not in theirs:
            continue
        changes = _field_changes(theirs[ref], fields)
        if changes:
            changed.append(ObligationChange(ref=ref, item=fields["item"], changes=changes))
        else:
            unchanged += 1
    return ImportDiff(
        against=replaced.id,
        added=[ImportedRef(ref=read.ref, item=read.item, row=read.row) for read in obligations if read.ref not in theirs],
        removed=[
            ObligationRef(ref=ref, item=fields["item"], id=fields["id"]) for ref, fields in theirs.items() if ref not in ours
        ],
        changed=sorted(changed, key=lambda change: _ref_order(change.ref)),
        unchanged=unchanged,
    )


def diff_catalogs(session: Session, catalog_id: int, against: int) -> CatalogDiff:
    get_catalog(session, catalog_id)
    get_catalog(session, against)
    ours, theirs = catalog_obligations(session, catalog_id), catalog_obligations(session, against)
    changed = []
    for ref in ours.keys() & theirs.keys():
        changes = _field_changes(theirs[ref], ours[ref])
        if changes:
            changed.append(ObligationChange(ref=ref, item=ours[ref]["item"], changes=changes))
    return CatalogDiff(
        catalog_id=catalog_id,
        against=against,
        added=[ObligationRef(ref=ref, item=ours[ref]["item"], id=ours[ref]["id"]) for ref in ours if ref not in theirs],
        removed=[
            ObligationRef(ref=ref, item=theirs[ref]["item"], id=theirs[ref]["id"]) for ref in theirs if ref not in ours
        ],
        changed=sorted(changed, key=lambda change: _ref_order(change.ref)),
    )


def _field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Each field of one obligation that differs, as `comparable` states both (where they are
    stored, `id`, is no change)."""
    return [
        FieldChange(field=name, before=before[name], after=value)
        for name, value in after.items()
        if name != "id" and before[name] != value
    ]


def _ref_order(ref: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in ref.split("."))
