"""Body writes: departments, aliases and successors added over the API by `catalog:write` keys.

Each write records the key and the time; the catalog revision moves with it, so verdicts judge
by it at once.
"""

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.audit.service import record
from app.bodies.errors import InvalidBody, NameTaken
from app.bodies.schemas import AliasCreate, DepartmentCreate, SuccessionCreate, SuccessionPublic
from app.catalog.models import Department, DepartmentAlias, DepartmentSuccession
from app.catalog.schemas import DepartmentPublic
from app.catalog.service import departments_public
from app.core.database import add_unique
from app.core.errors import NotFound, UnknownReference
from app.jurisdictions.service import jurisdiction_index
from app.keys.models import ApiKey, key_label
from app.keys.service import require_place


def create_department(session: Session, key: ApiKey, body: DepartmentCreate) -> DepartmentPublic:
    if body.jurisdiction not in jurisdiction_index(session):
        raise UnknownReference(f"No jurisdiction has the code {body.jurisdiction!r}.", field="jurisdiction")
    require_place(session, key, body.jurisdiction, f"jurisdiction {body.jurisdiction}")
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
    if not add_unique(session, department):
        raise NameTaken(f"{body.name!r} already denotes a body of jurisdiction {body.jurisdiction}.")
    names = list(dict.fromkeys([body.name, *body.aliases]))
    for name in names:
        _add_alias(session, key, department, name)
    created = DepartmentPublic.of(department, names)
    record(session, key, "department.create", f"department {department.id}", after=created)
    return created


def add_alias(session: Session, key: ApiKey, department_id: int, body: AliasCreate) -> DepartmentPublic:
    department = _department(session, department_id)
    require_place(session, key, department.jurisdiction_code, f"jurisdiction {department.jurisdiction_code}")
    before = get_department(session, department_id)
    _add_alias(session, key, department, body.alias)
    after = get_department(session, department_id)
    record(session, key, "department.alias", f"department {department.id}", before=before, after=after)
    return after


def add_successor(session: Session, key: ApiKey, predecessor_id: int, body: SuccessionCreate) -> SuccessionPublic:
    predecessor = _department(session, predecessor_id)
    require_place(session, key, predecessor.jurisdiction_code, f"jurisdiction {predecessor.jurisdiction_code}")
    successor = session.get(Department, body.successor_id)
    if successor is None:
        raise UnknownReference(f"There is no department {body.successor_id}.", field="successor_id")
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
    taken = f"{successor.name} is already recorded as succeeding {predecessor.name}."
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
    if not add_unique(session, row):
        raise NameTaken(taken)
    succession = SuccessionPublic.of(row)
    record(session, key, "department.successor", f"department {predecessor.id}", after=succession)
    return succession


def get_department(session: Session, department_id: int) -> DepartmentPublic:
    return departments_public(session, [_department(session, department_id)])[0]


def _department(session: Session, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound(f"There is no department {department_id}.")
    return department


def _add_alias(session: Session, key: ApiKey, department: Department, alias: str) -> None:
    jurisdiction = department.jurisdiction_code
    row = DepartmentAlias(
        department_id=department.id,
        jurisdiction_code=jurisdiction,
        alias=alias,
        recorded_by=key_label(key),
        recorded_at=datetime.now(UTC),
    )
    if not add_unique(session, row):
        raise NameTaken(f"{alias!r} already denotes a body of jurisdiction {jurisdiction}.")


def _successors_of(session: Session, department_id: int) -> set[int]:
    found, frontier = set(), [department_id]
    while frontier:
        rows = session.exec(
            select(DepartmentSuccession.successor_id).where(col(DepartmentSuccession.predecessor_id).in_(frontier))
        ).all()
        frontier = [row for row in rows if row not in found]
        found.update(frontier)
    return found
