"""The baseline of bench/events.py: a bare FastAPI endpoint inserting one row with plain SQL
into the same database, writes serialized on SQLite exactly as the service's are."""

import os
import threading
from contextlib import nullcontext
from datetime import UTC, datetime

from fastapi import FastAPI
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


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}
