"""A webhook receiver on loopback, as a subscriber runs one: it records every request it gets and
answers as a test tells it (fail the first N of each id, never answer, …)."""

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    fail_first: int = 0
    """Answer 503 to the first N deliveries of each webhook-id."""
    hang_seconds: float = 0.0
    """Wait this long before answering (longer than the worker's timeout: it never answers)."""
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                body = self.rfile.read(int(self.headers["content-length"]))
                with receiver.lock:
                    receiver.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
                    seen = sum(1 for got in receiver.received if got.headers["webhook-id"] == self.headers["webhook-id"])
                if receiver.hang_seconds:
                    time.sleep(receiver.hang_seconds)
                status = 503 if seen <= receiver.fail_first else 204
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def ids(self) -> Counter[str]:
        with self.lock:
            return Counter(got.headers["webhook-id"] for got in self.received)
