"""A client generated from the OpenAPI document works against the real service, on each database.

openapi-python-client turns `/openapi.json` into a typed package, as an integrator would; the
generator must read every schema without a warning, and the package's own functions then post
events, read an obligation and compute a due date on a live server, answers parsed into its
models and enums. A schema a generator cannot read, an operationId renamed, a status that is not
in its enum: each fails here before it fails an integrator.
"""

import importlib
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKENDS, database_url
from tests.live_server import live_server

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "drs_client"
CHINA = timezone(timedelta(hours=8))


def load(module: str):  # noqa: ANN201
    return importlib.import_module(f"{PACKAGE}{module}")


def generate(base_url: str, folder: Path) -> None:
    schema = folder / "openapi.json"
    schema.write_bytes(httpx.get(f"{base_url}/openapi.json").content)
    # No post-hooks: formatting the generated code is the integrator's business, not the test's.
    config = folder / "config.yaml"
    config.write_text("post_hooks: []\n")
    run = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema), "--meta", "none", "--config", str(config),
         "--output-path", str(folder / PACKAGE)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_generated_client_posts_events_and_reads_due_dates(
    backend: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for url in database_url(backend, tmp_path_factory, "client"):
        with live_server(url) as server:
            generate(server.base_url, tmp_path)
            monkeypatch.syspath_prepend(str(tmp_path))
            # Each database's server generates its own package: never the previous one's, cached.
            for name in [module for module in sys.modules if module.split(".")[0] == PACKAGE]:
                monkeypatch.delitem(sys.modules, name)
            integrate(server.base_url, server.key)


def integrate(base_url: str, key: str) -> None:
    """What an integrator's first program does, through the generated package alone."""
    client_package, models = load(""), load(".models")
    list_obligations, get_obligation = load(".api.catalog.list_obligations"), load(".api.catalog.get_obligation")
    get_due_date = load(".api.deadlines.get_due_date")
    create_event, get_event = load(".api.events.create_event"), load(".api.events.get_event")

    public = client_package.Client(base_url=base_url)
    writer = client_package.AuthenticatedClient(base_url=base_url, token=key)

    # 喀左's 资格预审公告和招标公告: 12 hours from receipt, holidays included (SPEC worked example).
    found = list_obligations.sync(client=public, jurisdiction="211324", q="资格预审公告和招标公告")
    assert isinstance(found, models.PageObligationPublic) and found.items
    row = get_obligation.sync(found.items[0].id, client=public)
    assert isinstance(row, models.ObligationPublic)
    assert (row.jurisdiction, row.deadline.kind, row.deadline.unit) == (
        "211324", models.DeadlineKind.AFTER, models.DeadlineUnit.HOUR)

    received = datetime(2025, 9, 30, 20, 0, tzinfo=CHINA)
    due = get_due_date.sync(row.id, client=public, triggered_at=received)
    assert isinstance(due, models.DueDatePublic)
    assert (due.due_date, due.due_at) == (date(2025, 10, 1), datetime(2025, 10, 1, 8, 0, tzinfo=CHINA))
    assert due.calendar is models.CalendarStatus.OFFICIAL

    def publish(subject: str, published_at: datetime):  # noqa: ANN202
        body = models.EventCreate(
            obligation_id=row.id, subject=subject, notice_type="tender_notice", triggered_at=received,
            published_at=published_at, publisher="县发改局", channel="县政府网站",
        )
        answer = create_event.sync_detailed(client=writer, body=body)
        assert answer.status_code == 201, answer.content
        assert answer.headers["location"].endswith(f"/v1/events/{answer.parsed.id}")
        return answer.parsed

    on_time = publish("KZ-CLIENT-1", datetime(2025, 10, 1, 7, 59, tzinfo=CHINA))
    assert isinstance(on_time, models.EventPublic)
    assert on_time.timeliness is models.Timeliness.ON_TIME
    assert on_time.due_at == due.due_at
    timeliness = next(check for check in on_time.checks if check.name is models.CheckName.TIMELINESS)
    assert timeliness.result is models.CheckResult.PASS and timeliness.detail.zh

    late = publish("KZ-CLIENT-2", datetime(2025, 10, 1, 10, 30, tzinfo=CHINA))
    assert (late.timeliness, late.late_by, late.late_unit) == (
        models.Timeliness.LATE, 3, models.DeadlineUnit.HOUR)
    assert late.status is models.VerdictStatus.NONCOMPLIANT

    again = get_event.sync(late.id, client=writer)
    assert again.to_dict() == late.to_dict()
    # The client's models refuse what the schema refuses: no key, and the answer is a Problem.
    refused = get_event.sync(late.id, client=public)
    assert isinstance(refused, models.Problem) and refused.status == 401
