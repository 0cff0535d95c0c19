"""The seeded database: every obligation per jurisdiction, readable deadlines, idempotent seeding."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.catalog.models import Catalog, Department, DepartmentAlias, Obligation, ObligationResponsible
from app.catalog.seed import seed_database
from app.deadlines.rules import DECISION_RULE_BASIS, GENERAL_RULE_BASIS
from app.jurisdictions.models import Jurisdiction


def test_obligations_per_jurisdiction(session: Session) -> None:
    counts = dict(
        session.exec(
            select(Obligation.jurisdiction_code, func.count()).group_by(Obligation.jurisdiction_code)
        ).all()
    )
    assert counts == {"350582": 36, "360800": 45, "211324": 46, "320000": 45, "441500": 27}


def test_jurisdictions_and_their_ancestors(session: Session) -> None:
    chain = []
    code = "211324"
    while code:
        row = session.get(Jurisdiction, code)
        chain.append((row.code, row.level))
        code = row.parent_code
    assert chain == [("211324", "county"), ("211300", "city"), ("210000", "province"), ("100000", "national")]
    assert session.get(Jurisdiction, "350582").parent_code == "350500"
    assert session.get(Jurisdiction, "350500").parent_code == "350000"


def test_no_deadline_is_unparsed_and_defaults_say_so(session: Session) -> None:
    rows = session.exec(select(Obligation)).all()
    assert all(row.deadline_kind != "unparsed" for row in rows)
    defaulted = [row for row in rows if row.deadline_defaulted]
    # 江苏's 45 rows, every item of 吉安's and 汕尾's plans, and of 喀左: row 2.2 (及时), 5.2 (the
    # row's deadline covers only its policy) and 12, 13, 15, 16 (periods counted from the notice
    # itself, kept as notice periods).
    assert len(defaulted) == 45 + 45 + 27 + 6
    assert {row.deadline_basis for row in defaulted} == {GENERAL_RULE_BASIS, DECISION_RULE_BASIS}
    for row in defaulted:
        if row.deadline_basis == DECISION_RULE_BASIS:
            assert (row.deadline_trigger, row.deadline_amount) == ("decision_made", 7)
        else:
            assert (row.deadline_trigger, row.deadline_amount) == ("info_formed", 20)
    assert all(not row.deadline_defaulted for row in rows if row.jurisdiction_code == "350582")


def test_every_obligation_has_a_responsible_body(session: Session) -> None:
    without = session.exec(
        select(Obligation.id).where(
            col(Obligation.id).not_in(select(ObligationResponsible.obligation_id))
        )
    ).all()
    assert without == []


def test_aliases_name_one_department(session: Session) -> None:
    finance = session.exec(
        select(Department).where(Department.jurisdiction_code == "350582", Department.name == "晋江市财政局")
    ).one()
    aliases = set(
        session.exec(select(DepartmentAlias.alias).where(DepartmentAlias.department_id == finance.id))
    )
    assert {"晋江市财政局", "市财政局", "财政局"} <= aliases


def test_seeding_again_changes_nothing(session: Session, seed_dir) -> None:
    before = session.exec(select(func.count()).select_from(Obligation)).one()
    report = seed_database(session, seed_dir)
    session.flush()
    assert not report.changed, (report.created, report.updated)
    assert session.exec(select(func.count()).select_from(Obligation)).one() == before


def test_seeding_repairs_a_changed_row(session: Session, seed_dir) -> None:
    row = session.exec(select(Obligation).where(Obligation.jurisdiction_code == "350582")).first()
    original = row.item
    row.item = "tampered"
    session.flush()
    report = seed_database(session, seed_dir)
    session.flush()
    assert report.updated == {"Obligation": 1}
    assert session.get(Obligation, row.id).item == original


def test_catalog_versions(session: Session) -> None:
    catalogs = {row.key: row for row in session.exec(select(Catalog))}
    assert len(catalogs) == 6
    jinjiang = catalogs["350582-2018-jinzhengban-114"]
    assert (jinjiang.number, jinjiang.issuing_body, str(jinjiang.issue_date)) == (
        "晋政办〔2018〕114号", "晋江市人民政府办公室", "2018-07-11"
    )
