"""Body writes: departments, aliases and successors added over the API by `catalog:write` keys.

Each write records the key and the time; the catalog revision moves with it, so verdicts judge
by it at once.
"""

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.bodies.errors import InvalidBody, NameTaken
from app.bodies.schemas import AliasCreate, DepartmentCreate, SuccessionCreate, SuccessionPublic
from app.catalog.models import Department, DepartmentAlias, DepartmentSuccession
from app.catalog.schemas import DepartmentPublic
from app.catalog.service import succession_summary
from app.core.errors import NotFound
from app.jurisdictions.service import jurisdiction_index
from app.keys.models import ApiKey
from app.keys.service import key_label


def create_department(session: Session, key: ApiKey, body: DepartmentCreate) -> DepartmentPublic:
    if body.jurisdiction not in jurisdiction_index(session):
        raise InvalidBody(f"No jurisdiction has the code {body.jurisdiction!r}.", field="jurisdiction")
    is_function = body.kind == "function"
    if (is_function and not (body.function and body.levels)) or (not is_function and (body.function or body.levels)):
        raise InvalidBody("A function at a level gives `function` (words) and `levels`; other kinds give neither.", field="kind")
    department = Department(
        jurisdiction_code=body.jurisdiction,
        name=body.name,
        kind=body.kind,
        function_terms=list(body.function),
        levels=[level.value for level in body.levels],
        recorded_by=key_label(key),
        recorded_at=datetime.now(UTC),
    )
    session.add(department)
    _flush_or_taken(session, body.name, body.jurisdiction)
    names = list(dict.fromkeys([body.name, *body.aliases]))
    for name in names:
        _add_alias(session, key, department, name)
    return DepartmentPublic.of(department, names)


def add_alias(session: Session, key: ApiKey, department_id: int, body: AliasCreate) -> DepartmentPublic:
    department = _department(session, department_id)
    _add_alias(session, key, department, body.alias)
    return get_department(session, department_id)


def add_successor(session: Session, key: ApiKey, predecessor_id: int, body: SuccessionCreate) -> SuccessionPublic:
    predecessor = _department(session, predecessor_id)
    successor = session.get(Department, body.successor_id)
    if successor is None:
        raise InvalidBody(f"There is no department {body.successor_id}.", field="successor_id")
    if successor.id == predecessor.id or successor.jurisdiction_code != predecessor.jurisdiction_code:
        raise InvalidBody("A successor is another department of the same jurisdiction.", field="successor_id")
    if body.took_over_on and body.took_over_by and body.took_over_on > body.took_over_by:
        raise InvalidBody("took_over_on is after took_over_by.", field="took_over_on")
    if body.source is None and not body.needs_review:
        raise InvalidBody("Give the source of the succession, or say in needs_review why there is none.", field="source")
    since = body.took_over_on or body.took_over_by
    for earlier in session.exec(select(DepartmentSuccession).where(DepartmentSuccession.successor_id == predecessor.id)):
        # The predecessor itself took over on some day: its own successor cannot come before it.
        earlier_since = earlier.took_over_on or earlier.took_over_by
        if since and earlier_since and since < earlier_since:
            raise InvalidBody(
                f"{predecessor.name} itself took over only on {earlier_since}; a successor cannot take over from it "
                f"on {since}.",
                field="took_over_on" if body.took_over_on else "took_over_by",
            )
    if predecessor.id in _successors_of(session, successor.id):
        raise InvalidBody(f"{predecessor.name} already succeeds {successor.name}: successions cannot go round.", field="successor_id")
    row = DepartmentSuccession(
        predecessor_id=predecessor.id,
        successor_id=successor.id,
        took_over_on=body.took_over_on,
        took_over_by=body.took_over_by,
        source=body.source.model_dump() if body.source else {},
        needs_review=body.needs_review,
        recorded_by=key_label(key),
        recorded_at=datetime.now(UTC),
    )
    session.add(row)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise NameTaken(f"{successor.name} is already recorded as succeeding {predecessor.name}.") from None
    return SuccessionPublic.of(row)


def get_department(session: Session, department_id: int) -> DepartmentPublic:
    department = _department(session, department_id)
    aliases = session.exec(
        select(DepartmentAlias.alias).where(DepartmentAlias.department_id == department_id).order_by(col(DepartmentAlias.id))
    ).all()
    succeeds = session.exec(
        select(DepartmentSuccession).where(DepartmentSuccession.successor_id == department_id).order_by(col(DepartmentSuccession.id))
    ).all()
    return DepartmentPublic.of(department, list(aliases), [succession_summary(row) for row in succeeds])


def _department(session: Session, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound(f"There is no department {department_id}.")
    return department


def _add_alias(session: Session, key: ApiKey, department: Department, alias: str) -> None:
    session.add(
        DepartmentAlias(
            department_id=department.id,
            jurisdiction_code=department.jurisdiction_code,
            alias=alias,
            recorded_by=key_label(key),
            recorded_at=datetime.now(UTC),
        )
    )
    _flush_or_taken(session, alias, department.jurisdiction_code)


def _flush_or_taken(session: Session, name: str, jurisdiction: str) -> None:
    # The unique constraints decide, so two writers racing for one name cannot both win.
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise NameTaken(f"{name!r} already denotes a body of jurisdiction {jurisdiction}.") from None


def _successors_of(session: Session, department_id: int) -> set[int]:
    found, frontier = set(), [department_id]
    while frontier:
        rows = session.exec(
            select(DepartmentSuccession.successor_id).where(col(DepartmentSuccession.predecessor_id).in_(frontier))
        ).all()
        frontier = [row for row in rows if row not in found]
        found.update(frontier)
    return found
