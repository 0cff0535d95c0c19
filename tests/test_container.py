"""The container, checked without a Docker engine: the Dockerfile's build steps run in a fresh
virtual environment, its runtime files laid out as its COPY lines say, its start command served
against PostgreSQL; and every path, port and variable the Dockerfile and compose file name
checked against the code."""

import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from app.core.config import PROJECT_ROOT, Settings
from app.main import create_app
from tests.conftest import POSTGRES
from tests.databases import fresh_postgres_database
from tests.live_server import free_port, wait_until_healthy

# Set by the base image or the runtime rather than read by our settings.
PLATFORM_VARIABLES = {"PATH", "PYTHONUNBUFFERED", "PROMETHEUS_MULTIPROC_DIR"}


@dataclass(frozen=True)
class Instruction:
    stage: int
    command: str
    argument: str


def dockerfile() -> list[Instruction]:
    text = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    logical = re.sub(r"\\\n\s*", " ", text)
    instructions, stage = [], -1
    for line in logical.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        command, _, argument = line.strip().partition(" ")
        if command.upper() == "FROM":
            stage += 1
        instructions.append(Instruction(stage, command.upper(), argument.strip()))
    return instructions


def stage_of(instructions: list[Instruction], stage: int) -> list[Instruction]:
    return [i for i in instructions if i.stage == stage]


def env_of(instructions: list[Instruction]) -> dict[str, str]:
    env = {}
    for i in instructions:
        if i.command == "ENV":
            for pair in shlex.split(i.argument):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def cmd_of(instructions: list[Instruction]) -> list[str]:
    return json.loads(next(i.argument for i in reversed(instructions) if i.command == "CMD"))


def dockerignored() -> set[str]:
    lines = (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def compose() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_every_file_the_dockerfile_copies_exists_and_is_sent_to_the_build() -> None:
    ignored = dockerignored()
    for i in dockerfile():
        if i.command == "COPY" and "--from=" not in i.argument:
            *sources, _ = i.argument.split()
            for source in sources:
                assert (PROJECT_ROOT / source).exists(), f"COPY {source}: no such file in the project"
                assert source not in ignored, f"COPY {source}: excluded by .dockerignore"


def test_port_healthcheck_and_variables_agree_with_the_code() -> None:
    instructions = dockerfile()
    final = stage_of(instructions, max(i.stage for i in instructions))
    command = cmd_of(final)
    port = command[command.index("--port") + 1]
    assert [i.argument for i in final if i.command == "EXPOSE"] == [port]
    assert [i.argument for i in final if i.command == "USER"] == ["disclosure"]

    healthcheck = next(i.argument for i in final if i.command == "HEALTHCHECK")
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", healthcheck)
    assert url and url.group(1) == port
    paths = create_app().openapi()["paths"]
    assert url.group(2) in paths

    settings = {name.upper() for name in Settings.model_fields}
    service = compose()["services"]["app"]
    for name in [*env_of(final), *service["environment"]]:
        assert name in settings | PLATFORM_VARIABLES, f"{name} is not a setting of the service"
    assert service["ports"] == [f"{port}:{port}"]
    assert compose()["services"]["db"]["image"].startswith("postgres:")
    assert service["environment"]["DATABASE_URL"].startswith("postgresql://")


@pytest.mark.skipif(not POSTGRES.reachable, reason=f"PostgreSQL is needed: {POSTGRES.reason}")
def test_the_image_start_command_serves_from_a_fresh_virtual_environment(tmp_path: Path) -> None:
    instructions = dockerfile()
    build, final = stage_of(instructions, 0), stage_of(instructions, max(i.stage for i in instructions))
    venv = tmp_path / "opt-venv"
    places = {"/opt/venv": str(venv)}

    def here(text: str, workdir: Path) -> str:
        for inside, outside in places.items():
            text = text.replace(inside, outside)
        return text.replace("/srv", str(workdir))

    # The build stage, step by step: its COPY lines and RUN commands, paths mapped to here.
    workdir = tmp_path / "build"
    workdir.mkdir()
    path = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
    for i in build:
        if i.command == "COPY":
            *sources, target = i.argument.split()
            for source in sources:
                copy(PROJECT_ROOT / source, workdir / target, source)
        elif i.command == "RUN":
            subprocess.run(
                here(i.argument, workdir), shell=True, cwd=workdir, check=True,
                env={**os.environ, "PATH": path, "PIP_NO_INPUT": "1"}, capture_output=True,
            )
    assert (venv / "bin" / "python").exists()

    # The runtime stage: its files as COPY lays them out; its RUN lines only make the user and var/.
    srv = tmp_path / "srv"
    srv.mkdir()
    for i in final:
        if i.command == "COPY" and "--from=" not in i.argument:
            *sources, target = i.argument.split()
            for source in sources:
                copy(PROJECT_ROOT / source, srv / target, source)
        elif i.command == "RUN":
            assert re.fullmatch(r"(useradd .*|mkdir -p /srv/var && chown disclosure /srv/var)", i.argument), i.argument
    (srv / "var").mkdir()

    port = str(free_port())
    command = [here(part, srv) for part in cmd_of(final)]
    command[command.index("--port") + 1] = port
    command[command.index("--host") + 1] = "127.0.0.1"
    with fresh_postgres_database("image") as database_url:
        env = {
            "HOME": str(tmp_path),
            **{name: here(value, srv) for name, value in env_of(final).items()},
            "PATH": path,
            "DATABASE_URL": database_url,
        }
        log = (tmp_path / "server.log").open("wb")
        server = subprocess.Popen(command, cwd=srv, env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base, server, seconds=120)
            assert httpx.get(f"{base}/readyz").json()["status"] == "ready"
            assert httpx.get(f"{base}/v1/obligations/15").json()["item"]
            assert "http_requests_total" in httpx.get(f"{base}/metrics").text
        finally:
            server.terminate()
            server.wait(timeout=40)
    records = [json.loads(line) for line in (tmp_path / "server.log").read_text().splitlines() if line.startswith("{")]
    assert any(r.get("route") == "/v1/obligations/{obligation_id}" for r in records)


def copy(source: Path, target: Path, name: str) -> None:
    if target.name == "" or str(target).endswith("/.") or target.is_dir() and source.is_file():
        target = target / Path(name).name
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
