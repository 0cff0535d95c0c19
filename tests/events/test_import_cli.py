"""`python -m app events import`: a backfill through the batch path, as a key's platform, that
stores nothing twice when run again."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.database import build_engine
from app.events.models import Disclosure, Event
from tests.conftest import BACKENDS, database_url
from tests.live_server import PROJECT_ROOT, prepare_database, run_cli

LAND_DEAL = 15  # 晋江's 土地出让结果, as the seed numbers it
CONTENT = {"受让人": "a", "出让方式": "b", "宗地坐落": "c", "面积": "d", "土地用途": "e", "出让价款": "f"}


def publication(subject: str, published_at: str, **changes) -> dict:  # noqa: ANN003
    return {"obligation_id": LAND_DEAL, "subject": subject, "published_at": published_at, "publisher": "市国土局",
            "channel": "中国土地市场网", "content": CONTENT, **changes}


LINES = [
    json.dumps({"obligation_id": LAND_DEAL, "subject": "IMP-1", "kind": "trigger", "triggered_at": "2025-09-26"}),
    json.dumps(publication("IMP-1", "2025-10-09")),  # on time, from the trigger of the line before
    "{not json",
    json.dumps(publication("IMP-2", "2025-10-09", triggered_at="2025-09-26", obligation_id=999999)),
    json.dumps({"jurisdiction": "360800", "notice_type": "procurement_result", "subject": "JIAN-1",
                "triggered_at": "2025-09-29", "published_at": "2025-10-09", "publisher": "吉安市财政局",
                "channel": "中国政府采购网"}),  # 吉安: outside the key's binding
    json.dumps(publication("IMP-3", "2025-10-30", triggered_at="2025-09-26")),  # late
    "",
    json.dumps({"obligation_id": LAND_DEAL, "subject": "IMP-1", "kind": "trigger", "triggered_at": "2025-09-26"}),
]


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory) -> tuple[str, dict, int]:
    """A fresh database and the id of a key of platform 'jj', bound to 晋江."""
    for url in database_url(request.param, tmp_path_factory, "import"):
        env, _ = prepare_database(url)
        created = run_cli(env, "keys", "create", "jinjiang", "--platform", "jj", "--scope", "events:write",
                          "--jurisdiction", "350582")
        key_id = int(created.split()[2])
        yield url, env, key_id


def import_file(env: dict, path: Path, key_id: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "events", "import", str(path), "--key", str(key_id)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def stored(url: str) -> tuple[int, dict[str, str]]:
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            events = connection.execute(select(func.count()).select_from(Event).where(Event.platform == "jj")).scalar_one()
            states = dict(connection.execute(select(Disclosure.subject, Disclosure.status).where(Disclosure.platform == "jj")).all())
    finally:
        engine.dispose()
    return events, states


def test_import_stores_good_lines_rejects_bad_ones_and_resumes(database: tuple[str, dict, int], tmp_path: Path) -> None:
    url, env, key_id = database
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")

    first = import_file(env, path, key_id)
    assert first.returncode == 1, first.stderr
    # The last line repeats the first: the same event, stored once.
    assert "created 3, replayed 1 (already stored), failed 3" in first.stdout
    assert "platform 'jj'" in first.stdout
    rejected = [json.loads(line) for line in (tmp_path / "history.rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["problem"]["status"]) for r in rejected] == [(3, 422), (4, 404), (5, 403)]
    assert rejected[0]["text"] == "{not json" and rejected[2]["event"]["subject"] == "JIAN-1"
    assert stored(url) == (3, {"IMP-1": "published_on_time", "IMP-3": "published_late"})

    again = import_file(env, path, key_id)
    assert again.returncode == 1, again.stderr
    assert "created 0, replayed 4 (already stored), failed 3" in again.stdout
    assert stored(url) == (3, {"IMP-1": "published_on_time", "IMP-3": "published_late"})

    path.write_text("\n".join(LINES[i] for i in (0, 1, 5, 7)) + "\n", encoding="utf-8")  # the refused ones left out
    fixed = import_file(env, path, key_id)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "created 0, replayed 4" in fixed.stdout and "failed 0" in fixed.stdout
    assert not (tmp_path / "history.rejected.jsonl").exists()


def test_import_needs_an_active_key_that_may_write(database: tuple[str, dict, int], tmp_path: Path) -> None:
    url, env, _ = database
    path = tmp_path / "one.jsonl"
    path.write_text(LINES[0] + "\n", encoding="utf-8")
    reader = int(run_cli(env, "keys", "create", "reader", "--scope", "events:read").split()[2])
    refused = import_file(env, path, reader)
    assert refused.returncode == 2 and "does not hold events:write" in refused.stderr
    unknown = import_file(env, path, 999)
    assert unknown.returncode == 2 and "no active key 999" in unknown.stderr
