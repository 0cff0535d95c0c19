"""Load from another process: wrk (Debian's `wrk`), driven by a generated Lua script, with ours
and the baseline served side by side and measured in alternation.

A load generator inside the benchmark's own interpreter competes with the servers for the same
two cores and its GIL; running the two servers one after the other lets the machine's mood of
the moment decide the ratio. Here wrk (C, epoll, one thread) sends, each server gets a real
warm-up, and the rounds alternate ours, baseline, ours, baseline …, so both see the same machine.
Every answer must be a 2xx or 3xx: a server that fails fast must not look fast.
"""

import json
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.harness import Figures

WRK = shutil.which("wrk")
MARK = "WRK-FIGURES "


@dataclass(frozen=True)
class Load:
    """What wrk sends: one method and body template, or paths in turn, with headers."""

    method: str
    paths: tuple[str, ...]
    headers: dict[str, str]
    body: str | None = None
    """A JSON body in which @SUBJECT@ becomes a subject no other request of the run has."""


def require_wrk() -> str:
    if WRK is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian's package) and run again")
    return WRK


def _script(load: Load, run: str) -> str:
    # Lua long strings hold any text but their own closing bracket, which JSON never contains.
    paths = ", ".join(f"[==[{path}]==]" for path in load.paths)
    headers = ", ".join(f"[ [==[{name}]==] ] = [==[{value}]==]" for name, value in load.headers.items())
    body = f"[==[{load.body}]==]" if load.body is not None else "nil"
    return f"""
local paths = {{{paths}}}
local headers = {{{headers}}}
local template = {body}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tag", "{run}-" .. threads)
end
local sent = 0
request = function()
  sent = sent + 1
  local path = paths[(sent % #paths) + 1]
  local body = nil
  if template then body = template:gsub("@SUBJECT@", tag .. "-" .. sent) end
  return wrk.format("{load.method}", path, headers, body)
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format('{MARK}{{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d}}\\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def wrk(base_url: str, load: Load, seconds: float, connections: int, run: str) -> Figures:
    """One wrk run of `seconds` with `connections` kept open; its throughput and latencies."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_script(load, run))
    try:
        done = subprocess.run(
            [require_wrk(), "--threads", "1", "--connections", str(connections), "--duration", f"{seconds:g}s",
             "--timeout", "30s", "--script", script.name, base_url],
            capture_output=True, text=True, check=True, timeout=seconds + 120,
        )
    finally:
        Path(script.name).unlink()
    line = next((line for line in done.stdout.splitlines() if line.startswith(MARK)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    figures = json.loads(line[len(MARK):])
    if figures["status_errors"] or figures["socket_errors"] or not figures["requests"]:
        raise RuntimeError(f"{base_url}: answers that were not 2xx/3xx, or socket errors: {figures}")
    return Figures(
        throughput=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
    )


Measure = Callable[[str, float], Figures]
"""Runs one measured round (its tag, its seconds) against one server."""


def interleaved(
    contenders: dict[str, Measure], rounds: int = 3, seconds: float = 5, warm_up: float = 3
) -> dict[str, Figures]:
    """Each contender warmed up, then measured in `rounds` alternating rounds; the median round's
    throughput and p50, and the worst round's p99."""
    for name, measure in contenders.items():
        measure(f"warm-{name}", warm_up)
    seen: dict[str, list[Figures]] = {name: [] for name in contenders}
    for number in range(rounds):
        for name, measure in contenders.items():
            seen[name].append(measure(f"r{number}-{name}", seconds))
    return {
        name: Figures(
            throughput=statistics.median(f.throughput for f in figures),
            p50_ms=statistics.median(f.p50_ms for f in figures),
            p99_ms=max(f.p99_ms for f in figures),
        )
        for name, figures in seen.items()
    }
