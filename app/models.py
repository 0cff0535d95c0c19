"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from sqlmodel import SQLModel

from app.audit.models import AuditEntry  # noqa: F401
from app.calendar.models import CalendarDay, CalendarLoad, CalendarYear  # noqa: F401
from app.catalog.models import (  # noqa: F401
    Catalog,
    Department,
    DepartmentAlias,
    DepartmentSuccession,
    Domain,
    Obligation,
    ObligationResponsible,
)
from app.channels.models import Channel, ChannelClass, ChannelReading  # noqa: F401
from app.core.revisions import Revision  # noqa: F401
from app.events.models import Disclosure, Event, ExemptionReview  # noqa: F401
from app.feed.models import Change  # noqa: F401
from app.jurisdictions.models import Jurisdiction  # noqa: F401
from app.keys.models import ApiKey  # noqa: F401
from app.reports.models import DisclosureTally, DisclosureTallyDelta  # noqa: F401
from app.statutes.models import NoticeType, StatutoryRule  # noqa: F401
from app.subscriptions.models import DeliveryAttempt, Notification, PushPosition, Subscription  # noqa: F401

metadata = SQLModel.metadata
