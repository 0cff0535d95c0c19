"""Jurisdiction lookups."""

from sqlmodel import Session, col, select

from app.core.errors import NotFound, UnknownFilterValue
from app.jurisdictions.models import Jurisdiction
from app.jurisdictions.schemas import JurisdictionPublic


def require_jurisdiction(session: Session, code: str, parameter: str) -> Jurisdiction:
    """The jurisdiction a filter names; an unknown code is the client's error, not an empty list."""
    row = session.get(Jurisdiction, code)
    if row is None:
        raise UnknownFilterValue(f"No jurisdiction has the code {code!r}.", parameter=parameter)
    return row


def list_jurisdictions(session: Session) -> list[JurisdictionPublic]:
    rows = session.exec(select(Jurisdiction).order_by(col(Jurisdiction.code)))
    return [JurisdictionPublic.of(row) for row in rows]


def get_jurisdiction(session: Session, code: str) -> JurisdictionPublic:
    row = session.get(Jurisdiction, code)
    if row is None:
        raise NotFound(f"There is no jurisdiction {code}.")
    return JurisdictionPublic.of(row)
