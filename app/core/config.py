"""Settings in one place. Every field has a safe default for the embedded (SQLite) mode."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'disclosure.db'}"
    """SQLite file under the project folder by default; production sets a postgresql:// URL."""

    seed_dir: Path = PROJECT_ROOT / "seed"
    """Where the reviewed catalog files (one per source document) live."""

    db_pool_size: int = 16
    """PostgreSQL connections kept open per process, and as many threads serve the endpoints: each
    request in flight holds one connection, which stays open after it. Requests beyond it wait for
    a thread, not for a connection; none opens a session only to close it (a pool smaller than the
    threads did, hundreds of times a minute under load). Per process: keep workers × this under
    the server's max_connections."""
    db_pool_recycle_seconds: int = 1800
    """PostgreSQL connections are replaced after this long, before idle-connection timeouts of
    proxies and firewalls cut them."""

    max_body_bytes: int = 1_048_576
    """Largest request body accepted (413 beyond); the batch endpoint takes more."""
    max_batch_body_bytes: int = 16_777_216

    watch_revisions: bool = True
    """Keep the catalog's and calendar's revisions outside the request's transaction
    (app/core/revisions.py): heard by LISTEN on PostgreSQL, read on a connection of their own on
    SQLite. Off only where transactions never commit (the test suite's)."""

    web_concurrency: int = 1
    """Server worker processes (WEB_CONCURRENCY, as in most Python images). Several suit
    PostgreSQL; SQLite takes one writer at a time, which a single process queues best."""

    graceful_shutdown_seconds: int = 30
    """On SIGTERM, stop accepting and give requests in flight this long to finish."""

    log_level: str = "INFO"
    log_format: Literal["json", "text"] | None = None
    """`json`: one JSON object per line with the request id; `text` for reading. Unset: text when
    the server writes to a terminal, JSON otherwise (a file, a pipe, a container's log)."""

    rate_limit: str = "100/second;3000/minute"
    """Requests each API key may make, in the `limits` notation; empty: no limit. Over it: 429."""
    rate_limit_storage: str = "memory://"
    """Where the counts are kept: per process in memory, or a shared store (redis://…) for several."""

    push_in_process: bool = True
    """Run a push worker (fan-out, due and overdue notices, webhook deliveries) inside each server
    process. Off when `python -m app worker` runs on its own."""
    push_poll_seconds: float = 2.0
    """How long an idle worker waits before looking for due work again."""
    push_pace_seconds: float = 0.1
    """How long a worker that is keeping up waits between rounds: changes then reach it by the
    hundred, not one or two a round, each round costing its transactions whatever it finds."""
    push_in_process_share: float = Field(default=0.25, gt=0, le=1)
    """While the server is answering requests, the share of the time its own worker may work: a
    round is followed by a wait three times its length at 0.25. Requests come first; what the
    worker leaves waits in the outbox, and `python -m app worker` (never held back) sends more."""
    report_share: float = Field(default=0.25, gt=0, le=1)
    """While other requests keep arriving, the share of the time the compliance reports and the
    dashboard may take: they run one at a time, each followed by a pause three times its length at
    0.25, so a page polling them cannot crowd out the platforms' events (app/core/turns.py)."""
    push_raise_seconds: float = 30.0
    """How often a worker looks for disclosures come due or gone overdue."""
    push_timeout_seconds: float = 10.0
    """A receiver that has not answered in this long has timed out; the delivery is retried."""
    push_lease_seconds: float = 60.0
    """A claimed notification is another worker's to send again only after this long: longer than
    the timeout, so a notification is never sent by two workers at once."""
    push_retry_base_seconds: float = 10.0
    """The first retry comes 5–10 s after a failure, each later one up to twice as late (jittered)."""
    push_retry_cap_seconds: float = 3600.0
    push_retry_hours: float = 24.0
    """Failed deliveries are retried until the notification is this old."""
    push_batch: int = 200
    """Notifications a worker claims at once; they are sent concurrently."""
    push_concurrency: int = 32
    """Requests a worker has in flight at once."""

    page_size_default: int = 50
    page_size_max: int = 200


@lru_cache
def get_settings() -> Settings:
    return Settings()
