"""Scopes an API key can hold."""

from enum import StrEnum


class Scope(StrEnum):
    EVENTS_WRITE = "events:write"
    EVENTS_READ = "events:read"
    """Read every platform's events and disclosures within the key's bindings (supervisors)."""
    EXEMPTIONS_REVIEW = "exemptions:review"
    """Grant or reject the exemptions platforms claim, within the key's bindings."""
    CATALOG_WRITE = "catalog:write"
    SUBSCRIPTIONS_WRITE = "subscriptions:write"
    """Subscribe to push notifications (webhooks) within the key's bindings."""
    ADMIN = "admin"


def grants(held: list[str], needed: Scope) -> bool:
    """`admin` holds every scope: the operator who makes keys can do what any key can."""
    return needed.value in held or Scope.ADMIN.value in held
