"""Response models of the catalog API (SPEC §API v1 names)."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.catalog.domains import DomainCode
from app.catalog.models import Catalog, Department, Domain, Obligation
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit, TriggerCode


class DomainPublic(BaseModel):
    code: DomainCode
    name: str = Field(description="公开领域")
    scope: str | None

    @classmethod
    def of(cls, row: Domain) -> "DomainPublic":
        return cls(code=DomainCode(row.code), name=row.name, scope=row.scope)


class DepartmentPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 3,
                "jurisdiction": "350582",
                "name": "晋江市财政局",
                "kind": "department",
                "aliases": ["市财政局", "财政局"],
            }
        }
    )

    id: int
    jurisdiction: str
    name: str
    kind: str = Field(description="department, government, function (市、县国土资源部门) or role (采购人, 招标人 …)")
    aliases: list[str] = Field(description="Every other name the department goes by")
    function: list[str] = Field([], description="A function at a level: the words its departments' names carry")
    levels: list[str] = Field([], description="A function at a level: the levels it means")
    succeeds: list[dict] = Field(
        [], description="Departments it took over from, with the day (took_over_on, or took_over_by at the latest)"
    )
    recorded_by: str | None = Field(None, description="The API key that added it; null: the reviewed seed")
    recorded_at: datetime | None = None

    @classmethod
    def of(cls, row: Department, aliases: list[str], succeeds: list[dict] | None = None) -> "DepartmentPublic":
        return cls(
            id=row.id,
            jurisdiction=row.jurisdiction_code,
            name=row.name,
            kind=row.kind,
            aliases=[alias for alias in aliases if alias != row.name],
            function=list(row.function_terms),
            levels=list(row.levels),
            succeeds=succeeds or [],
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
        )


class CatalogPublic(BaseModel):
    id: int
    key: str
    jurisdiction: str
    number: str | None = Field(description="文号")
    title: str
    document_title: str | None
    issuing_body: str | None
    issue_date: date | None
    in_force_from: date | None = Field(description="null: in force with no known start")
    in_force_until: date | None = Field(description="Last day in force; null: still in force")
    source_document: str
    source_section: str | None
    note: str | None

    @classmethod
    def of(cls, row: Catalog) -> "CatalogPublic":
        return cls(
            id=row.id,
            key=row.key,
            jurisdiction=row.jurisdiction_code,
            number=row.number,
            title=row.title,
            document_title=row.document_title,
            issuing_body=row.issuing_body,
            issue_date=row.issue_date,
            in_force_from=row.in_force_from,
            in_force_until=row.in_force_until,
            source_document=row.source_document,
            source_section=row.source_section,
            note=row.note,
        )


class DeadlinePublic(BaseModel):
    text: str = Field(description="公开时限 as the document words it")
    kind: DeadlineKind
    trigger: TriggerCode | None = Field(
        description="Anchor event the rule counts from (see TriggerCode); null for an unparsed text"
    )
    amount: int | None
    unit: DeadlineUnit | None
    month: int | None = None
    day: int | None = None
    year_offset: int = 0
    condition: str | None = Field(None, description="The clause an alternative rule comes from")
    defaulted: bool = Field(description="True when the catalog sets no deadline and a general rule applies")
    basis: str | None = Field(None, description="Legal basis of a defaulted deadline")
    alternatives: list["DeadlinePublic"] = []
    route: str | None = Field(None, description="electronic or paper: the submission route this rule is for")
    notice_types: list[str] = Field([], description="For an alternative: the notice types it is for")
    review: str | None = Field(None, description="needs_review: why this reading is uncertain; null when read as written")

    @classmethod
    def of(cls, deadline: Deadline) -> "DeadlinePublic":
        return cls.model_validate(deadline.as_dict())


class ResponsibleBody(BaseModel):
    id: int
    name: str
    kind: str


class SourceReference(BaseModel):
    catalog_id: int
    document: str
    ref: str = Field(description="Where in the document: annex, row, passage")
    text: dict[str, str] = Field(description="The source cells or passage, verbatim, by heading")


class ObligationPublic(BaseModel):
    id: int
    jurisdiction: str = Field(description="GB/T 2260 code")
    inherited_from: str | None = Field(
        None,
        description=(
            "When listed for a jurisdiction below the row's own (南京 320100 for a 江苏 320000 row): the "
            "code of the jurisdiction whose catalog it comes from. Null for the jurisdiction's own rows."
        ),
        examples=[None],
    )
    domain: DomainCode
    catalog_id: int
    ref: str
    category: list[str] = Field(description="The headings the item sits under in its catalog")
    item: str = Field(description="公开事项")
    content: str = Field(description="公开内容, verbatim")
    required_fields: list[str] = Field(description="Elements the content must include")
    fields_by_notice_type: dict[str, list[str]] = Field(
        {}, description="For a row covering several notices whose elements differ: each notice type's own list"
    )
    deadline: DeadlinePublic
    channels: list[str] = Field(description="公开方式")
    responsible: list[ResponsibleBody] = Field(description="责任主体")
    supervision: list[str] = Field(description="监督渠道")
    display_period: str | None = Field(description="How long it stays public (喀左's 公开时限)")
    notice_period: str | None = Field(None, description="公示期/等标期 the row sets: shown, not judged as a deadline")
    notice_types: list[str] = Field([], description="The national notice types the row covers (GET /v1/notice-types)")
    duty: str = Field("publication", description="publication, or filing: a report to the supervising authority")
    disclosure_attribute: str = Field(description="主动公开 or 依申请公开")
    legal_basis: str | None
    source: SourceReference
    note: str | None

    @classmethod
    def of(cls, row: Obligation, catalog: Catalog, responsible: list[Department]) -> "ObligationPublic":
        return cls(
            id=row.id,
            jurisdiction=row.jurisdiction_code,
            domain=DomainCode(row.domain_code),
            catalog_id=row.catalog_id,
            ref=row.ref,
            category=row.category,
            item=row.item,
            content=row.content,
            required_fields=row.required_fields,
            fields_by_notice_type=row.fields_by_notice_type,
            deadline=DeadlinePublic.of(deadline_of(row)),
            channels=row.channels,
            responsible=[ResponsibleBody(id=d.id, name=d.name, kind=d.kind) for d in responsible],
            supervision=row.supervision,
            display_period=row.display_period,
            notice_period=row.notice_period,
            notice_types=row.notice_types,
            duty=row.duty,
            disclosure_attribute=row.disclosure_attribute,
            legal_basis=row.legal_basis,
            source=SourceReference(
                catalog_id=catalog.id,
                document=catalog.source_document,
                ref=row.source_ref,
                text=row.source_text,
            ),
            note=row.note,
        )


def deadline_columns(deadline: Deadline) -> dict[str, Any]:
    """The pure `Deadline` as the obligation's deadline columns (the inverse of `deadline_of`)."""
    return {
        "deadline_text": deadline.text,
        "deadline_kind": deadline.kind.value,
        "deadline_trigger": deadline.trigger,
        "deadline_amount": deadline.amount,
        "deadline_unit": deadline.unit.value if deadline.unit else None,
        "deadline_month": deadline.month,
        "deadline_day": deadline.day,
        "deadline_year_offset": deadline.year_offset,
        "deadline_defaulted": deadline.defaulted,
        "deadline_basis": deadline.basis,
        "deadline_alternatives": [alternative.as_dict() for alternative in deadline.alternatives],
        "deadline_route": deadline.route,
        "deadline_review": deadline.review,
    }


def deadline_of(row: Obligation) -> Deadline:
    """The obligation's stored deadline columns as the pure `Deadline` value."""
    data: dict[str, Any] = {
        "text": row.deadline_text,
        "kind": row.deadline_kind,
        "trigger": row.deadline_trigger,
        "amount": row.deadline_amount,
        "unit": row.deadline_unit,
        "month": row.deadline_month,
        "day": row.deadline_day,
        "year_offset": row.deadline_year_offset,
        "defaulted": row.deadline_defaulted,
        "basis": row.deadline_basis,
        "alternatives": row.deadline_alternatives,
        "route": row.deadline_route,
        "review": row.deadline_review,
    }
    return Deadline.from_dict(data)


class ImportMessage(BaseModel):
    """One problem of a row, in Chinese and in English, as verdict checks give their details."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "code": "unparsed_deadline",
                "zh": "无法读取公开时限“等领导有空再说”：请写明触发事项和期限（如“自信息形成之日起20个工作日内”），"
                "或在“时限解读”列给出经审核的解读。",
                "en": "公开时限 '等领导有空再说' cannot be read as a deadline.",
            }
        }
    )

    code: str = Field(
        description=(
            "What is wrong, for programs: empty_sheet, missing_columns, unknown_domain, missing_item, duplicate_ref, "
            "unparsed_deadline, invalid_reading, unknown_trigger, unknown_duty, missing_responsible, "
            "unknown_department, unknown_notice_type, ambiguous_notice_type, notice_type_of_another_domain"
        )
    )
    zh: str = Field(description="The problem in Chinese, with what to do")
    en: str = Field(description="The problem in English")


class ImportRow(BaseModel):
    row: int = Field(description="Row number in the sheet (the header is row 1)")
    ref: str = Field(description="序号, or the row's position when blank")
    item: str
    errors: list[ImportMessage] = Field(description="Empty when the row is valid")


class FieldChange(BaseModel):
    field: str
    before: Any
    after: Any


class ObligationChange(BaseModel):
    ref: str
    item: str
    changes: list[FieldChange]


class ObligationRef(BaseModel):
    ref: str
    item: str
    id: int


class CatalogDiff(BaseModel):
    catalog_id: int
    against: int
    added: list[ObligationRef] = Field(description="In this catalog, not in the other (matched by ref)")
    removed: list[ObligationRef] = Field(description="In the other catalog, not in this one")
    changed: list[ObligationChange]


class ImportedRef(BaseModel):
    ref: str = Field(description="序号")
    item: str = Field(description="公开事项")
    row: int = Field(description="Row number in the sheet")


class ImportDiff(BaseModel):
    """What the import changes against the version it replaces: rows matched by ref (序号), each
    field compared as it is stored."""

    against: int = Field(description="The catalog version replaced (`replaces`)")
    added: list[ImportedRef] = Field(description="Rows of the sheet whose ref the replaced version has not")
    removed: list[ObligationRef] = Field(description="Obligations of the replaced version whose ref the sheet has not")
    changed: list[ObligationChange] = Field(description="Rows in both that differ: each field before (replaced) and after")
    unchanged: int = Field(description="Rows in both that read the same")


class ImportReport(BaseModel):
    dry_run: bool
    valid: bool = Field(description="True when every row is valid; nothing is stored otherwise")
    rows: list[ImportRow]
    catalog: "CatalogPublic | None" = Field(description="The new catalog version; null on a dry run")
    replaced: "CatalogPublic | None" = Field(description="The version it supersedes, now in force until the day before")
    diff: ImportDiff = Field(
        description="What the import changes (a dry run: would change) against the version it replaces"
    )
