"""The change feed: hubs and platforms that pull (数据共享) read every change once, in commit order."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.database import SessionDep
from app.core.errors import Unauthorized, problem_responses
from app.core.validation import CHINA
from app.feed.schemas import FeedItem, FeedPage
from app.feed.service import CHANGES, CURSOR_PATTERN, FeedCursor, changes_after, public_change
from app.keys.dependencies import AuthenticatedKeyDep
from app.keys.service import read_scope

router = APIRouter(tags=["push"])


@router.get(
    "/v1/feed",
    summary="Every event, verdict and disclosure status change after a cursor, in commit order",
    description=(
        "Start without `after`; then pass each page's `next_cursor`. A cursor never skips a change and never "
        "shows one twice: a change appears once every change that could commit before it has. Kinds: `event` "
        "(with its verdict and the disclosure's status after it), `exemption_review`, `due_soon`, `overdue`, "
        "`catalog_changed`, `calendar_changed`. Needs a key: a platform reads its own records and the public "
        "ones; a key with `events:read` every platform's within its bindings."
    ),
    responses=problem_responses(Unauthorized),
)
def read_feed(
    session: SessionDep,
    key: AuthenticatedKeyDep,
    after: Annotated[
        str | None, Query(pattern=CURSOR_PATTERN, max_length=37, description="next_cursor of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> FeedPage:
    cursor = FeedCursor.decode(after)
    visible = read_scope(session, key).conditions(CHANGES, session.get_bind().dialect.name, public_when_unnamed=True)
    entries = changes_after(session, cursor, limit, visible)
    items = [
        FeedItem(
            cursor=entry.cursor.encode(),
            kind=entry.change["kind"],
            at=entry.change["at"].astimezone(CHINA),
            **public_change(entry.change),
        )
        for entry in entries
    ]
    return FeedPage(items=items, next_cursor=items[-1].cursor if items else cursor.encode())
