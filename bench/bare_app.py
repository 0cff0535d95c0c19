"""The baselines: bare FastAPI endpoints on the same database and uvicorn as the service.

POST /bare inserts one row with plain SQL (bench/events.py), writes serialized on SQLite exactly
as the service's are; GET /bare/json answers a JSON document of a given size, or a 304 to its
ETag (bench/queries.py); POST /hooks takes webhooks and answers 204 (bench/push.py).
"""

import json
import os
import threading
from contextlib import nullcontext
from datetime import UTC, datetime
from functools import lru_cache

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from app.core.database import build_engine

engine = build_engine(os.environ["DATABASE_URL"])
lock = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
with engine.begin() as connection:
    connection.execute(
        text("CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, subject VARCHAR(128), received_at VARCHAR(40))")
        if engine.dialect.name == "sqlite"
        else text("CREATE TABLE IF NOT EXISTS bench_bare (id SERIAL PRIMARY KEY, subject VARCHAR(128), received_at VARCHAR(40))")
    )

app = FastAPI()


class Row(BaseModel):
    subject: str


@app.post("/bare", status_code=201)
def insert(row: Row) -> dict:
    with lock, engine.begin() as connection:
        new_id = connection.execute(
            text("INSERT INTO bench_bare (subject, received_at) VALUES (:subject, :at) RETURNING id"),
            {"subject": row.subject, "at": datetime.now(UTC).isoformat()},
        ).scalar_one()
    return {"id": new_id}


@app.post("/hooks", status_code=204)
async def receive(request: Request) -> Response:
    """A webhook receiver that reads the body and answers at once (bench/push.py)."""
    await request.body()
    return Response(status_code=204)


@lru_cache
def document(size: int) -> dict:
    """About `size` bytes of JSON: records shaped like obligations, with Chinese text."""
    record = {"id": 1, "item": "中标候选人公示", "content": "项目名称、中标候选人名称、投标报价", "channels": ["中国政府采购网"]}
    each = len(json.dumps(record, ensure_ascii=False).encode()) + 1
    records = [dict(record, id=n) for n in range(max(1, size // each))]
    return {"items": records, "total": len(records), "limit": 50, "offset": 0, "next_offset": None}


@app.get("/bare/json")
def json_document(request: Request, size: int = 10_000) -> Response:
    """The document, or a 304 to a request that names its ETag, as a cached answer is revalidated."""
    tag = f'"bare-{size}"'
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return JSONResponse(document(size), headers={"ETag": tag})


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}
