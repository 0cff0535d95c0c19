"""Subscription endpoints: platforms and offices ask to be told (精准推送) instead of polling."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.core.database import SessionDep
from app.core.errors import Forbidden, NotFound, OutsideBinding, Unauthorized, UnknownReference, problem_responses
from app.core.openapi import created
from app.core.pagination import Page, PageDep
from app.keys.dependencies import SubscriberDep
from app.subscriptions import service
from app.subscriptions.schemas import DeliveryAttemptPublic, SubscriptionCreate, SubscriptionCreated, SubscriptionPublic

router = APIRouter(prefix="/v1/subscriptions", tags=["push"])

SubscriptionId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PROBLEMS = (Unauthorized, Forbidden)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Subscribe to notifications (subscriptions:write); the signing secret is in the answer, once",
    description=(
        "Notifications are POSTed to `url` as JSON, signed as Standard Webhooks says (`webhook-id`, "
        "`webhook-timestamp`, `webhook-signature`; verify with its library and the `secret`). `kinds`: "
        "`due_soon` (a pending disclosure `due_soon_days` working days or fewer before its due date, on the "
        "legal calendar), `overdue`, `noncompliant` (an event's verdict), `catalog_changed`, "
        "`calendar_changed`. Each is raised once and retried with backoff for at least 24 hours under the "
        "same `webhook-id` until your endpoint answers 2xx. Within the key's bindings: a platform hears of "
        "its own disclosures; a key with `events:read` of every platform's."
    ),
    responses={**created("the subscription"), **problem_responses(*PROBLEMS, OutsideBinding, UnknownReference)},
)
def create_subscription(
    body: SubscriptionCreate, session: SessionDep, key: SubscriberDep, response: Response
) -> SubscriptionCreated:
    row, secret = service.create_subscription(session, key, body)
    response.headers["Location"] = f"/v1/subscriptions/{row.id}"
    return SubscriptionCreated(**SubscriptionPublic.of(row).model_dump(), secret=secret)


@router.get("", summary="The platform's subscriptions (never their secrets)", responses=problem_responses(*PROBLEMS))
def list_subscriptions(session: SessionDep, key: SubscriberDep, page: PageDep) -> Page[SubscriptionPublic]:
    rows, total = service.list_subscriptions(session, key, page)
    return Page.of([SubscriptionPublic.of(row) for row in rows], total, page)


@router.get(
    "/{subscription_id:int}",
    summary="One of the platform's subscriptions (never its secret)",
    responses=problem_responses(*PROBLEMS, NotFound),
)
def get_subscription(subscription_id: SubscriptionId, session: SessionDep, key: SubscriberDep) -> SubscriptionPublic:
    return SubscriptionPublic.of(service.get_subscription(session, key, subscription_id))


@router.delete(
    "/{subscription_id:int}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unsubscribe: nothing new is sent; what is already owed is still delivered",
    responses=problem_responses(*PROBLEMS, NotFound),
)
def delete_subscription(subscription_id: SubscriptionId, session: SessionDep, key: SubscriberDep) -> Response:
    service.delete_subscription(session, key, subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{subscription_id:int}/deliveries",
    summary="Every delivery attempt to a subscription, newest first",
    responses=problem_responses(*PROBLEMS, NotFound),
)
def list_deliveries(
    subscription_id: SubscriptionId, session: SessionDep, key: SubscriberDep, page: PageDep
) -> Page[DeliveryAttemptPublic]:
    attempts, total = service.list_deliveries(session, key, subscription_id, page)
    return Page.of(attempts, total, page)
