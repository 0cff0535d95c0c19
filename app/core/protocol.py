"""The HTTP protocol the server speaks: uvicorn's, with its one plain-text answer made a problem.

A request line the HTTP parser refuses (raw UTF-8 in the URL, a raw NUL) never reaches the
application; uvicorn answers it itself with `text/plain` "Invalid HTTP request received.". Here
that answer is RFC 9457 problem details like every other error, saying what was wrong and how to
send it instead. Everything else is uvicorn's own protocol (httptools where installed, else h11).
"""

import json

from uvicorn.protocols.http.auto import AutoHTTPProtocol

from app.core.request_rules import NUL_DETAIL, NulCharacter

PROBLEM_HEADERS = (
    b"content-type: application/problem+json\r\n",
    b"connection: close\r\n",
)


def refusal(request_head: bytes) -> tuple[int, dict[str, object]]:
    """The problem for a request the parser refused, judged from its first line."""
    line = request_head.split(b"\r\n", 1)[0]
    if b"\x00" in line:
        return 422, {"type": NulCharacter.type_, "title": NulCharacter.title, "status": 422, "detail": NUL_DETAIL}
    if any(byte >= 0x80 for byte in line):
        return 400, {
            "type": "raw-non-ascii-url",
            "title": "The URL holds characters that are not percent-encoded.",
            "status": 400,
            "detail": "A URL is ASCII: percent-encode other characters as UTF-8 (中 → %E4%B8%AD), as HTTP clients do.",
        }
    return 400, {
        "type": "malformed-request",
        "title": "The request is not valid HTTP/1.1.",
        "status": 400,
        "detail": "The request line or a header could not be parsed.",
    }


class ProblemHttpProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    def data_received(self, data: bytes) -> None:
        # The parser does not say what it refused: keep what it was given last to judge it by.
        self._head = data[:8192]
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        status, problem = refusal(getattr(self, "_head", b"") or b"")
        body = json.dumps(problem, ensure_ascii=False).encode("utf-8")
        reason = b"Unprocessable Content" if status == 422 else b"Bad Request"
        head = [b"HTTP/1.1 %d %s\r\n" % (status, reason)]
        for name, value in self.server_state.default_headers:
            head.extend([name, b": ", value, b"\r\n"])
        head.extend([*PROBLEM_HEADERS, b"content-length: %d\r\n\r\n" % len(body)])
        self.transport.write(b"".join(head) + body)
        self.transport.close()
