"""Rules on requests, answered as problem details before any endpoint runs.

- URL: percent-encoding must be well formed and decode to UTF-8, and NUL (%00) is refused: a
  parameter that is not text is the client's mistake, and PostgreSQL cannot store NUL in text.
- Size: FastAPI enforces `max_body_size` (Starlette's body limit) but answers a declared oversize
  body with a plain-text 413. Requests that declare their size are turned away here first, as
  RFC 9457 problem details like every other error; a body that grows past the limit without
  declaring it is still stopped by FastAPI's limit.
- Media type: the API reads JSON. A body sent as anything else (text, a form, XML) or with no
  Content-Type gets a 415 saying so, instead of a parse error that leaves the sender guessing.
- NUL in a JSON body (the escape \\u0000) is refused as it streams in, at the cost of one search
  per chunk; the problem reaches the client through `body_problem` below.
"""

import json
import re
from urllib.parse import unquote_to_bytes

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi_problem.error import BadRequestProblem, Problem, UnprocessableProblem
from starlette.types import ASGIApp, Message, Receive, Scope, Send

WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
MALFORMED_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
"""\\u0000 not itself escaped: an even number of backslashes before it."""
NUL_DETAIL = "NUL (U+0000) is accepted nowhere: not in the URL, a parameter or the body."


class NulCharacter(UnprocessableProblem):
    title = "The request holds a NUL character."
    type_ = "nul-character"


class MalformedPercentEncoding(BadRequestProblem):
    """Answered by RequestRules before routing: a % not followed by two hexadecimal digits."""

    title = "The URL's percent-encoding is malformed."
    type_ = "malformed-percent-encoding"


class InvalidUtf8Url(BadRequestProblem):
    """Answered by RequestRules before routing: the URL's percent-encoded bytes are not UTF-8."""

    title = "The URL does not decode to UTF-8."
    type_ = "invalid-utf8-url"


class RequestRules:
    def __init__(
        self,
        app: ASGIApp,
        default: int,
        by_path: dict[str, int],
        uploads: frozenset[str] = frozenset(),
        itemised: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.default = default
        self.by_path = by_path
        self.uploads = uploads
        """Paths that take a file (multipart/form-data) instead of JSON."""
        self.itemised = itemised
        """Paths whose body is a list of items answered one by one: NUL refuses the item (`holds_nul`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = url_problem(scope.get("raw_path") or scope["path"].encode("utf-8"), scope["query_string"])
        if refused:
            await _refuse(send, *refused)
            return
        if scope["method"] in WITH_BODY:
            headers = dict(scope["headers"])
            declared = headers.get(b"content-length")
            limit = self.by_path.get(scope["path"], self.default)
            if declared is not None and declared.isdigit() and int(declared) > limit:
                await _refuse(
                    send, 413, "content-too-large", "The request body is too large.",
                    f"This endpoint accepts bodies of at most {limit} bytes.",
                )
                return
            media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            has_body = declared != b"0" and (declared is not None or b"transfer-encoding" in headers)
            upload = scope["path"] in self.uploads
            accepted = _is_json(media_type) or (upload and media_type == b"multipart/form-data")
            if has_body and not accepted:
                sent = f"not {media_type.decode('latin-1')[:100]}" if media_type else "and say so in Content-Type"
                await _refuse(
                    send, 415, "unsupported-media-type", "The request body must be JSON.",
                    f"Send the body as application/json, {sent}.",
                )
                return
            if has_body and not upload and scope["path"] not in self.itemised:
                receive = _refusing_nul(receive)
        await self.app(scope, receive, send)


def url_problem(raw_path: bytes, query: bytes) -> tuple[int, str, str, str] | None:
    """What is wrong with the URL, if anything: (status, type, title, detail)."""
    for part, where in ((raw_path, "the path"), (query.replace(b"+", b" "), "the query string")):
        if b"%" not in part and b"\x00" not in part:
            continue  # the common case: nothing encoded, nothing to decode
        if MALFORMED_PERCENT.search(part):
            return 400, MalformedPercentEncoding.type_, MalformedPercentEncoding.title, (
                f"In {where}, every % must be followed by two hexadecimal digits (%E4%B8%AD); send % itself as %25."
            )
        decoded = unquote_to_bytes(part)
        if b"\x00" in decoded:
            return 422, NulCharacter.type_, NulCharacter.title, f"{NUL_DETAIL} Found in {where}."
        try:
            decoded.decode("utf-8")
        except UnicodeDecodeError:
            return 400, InvalidUtf8Url.type_, InvalidUtf8Url.title, (
                f"In {where}, percent-encode text as UTF-8 (中 → %E4%B8%AD), not GBK or another encoding."
            )
    return None


def _refusing_nul(receive: Receive) -> Receive:
    tail = b""

    async def checked() -> Message:
        nonlocal tail
        message = await receive()
        chunk = message.get("body", b"")
        if chunk:
            # Search the end of the previous chunk too: an escape may be split between two.
            window = tail + chunk
            if b"\\u0000" in window and NUL_ESCAPE.search(window):
                raise NulCharacter(f"{NUL_DETAIL} Found in the body.")
            tail = window[-16:]
        return message

    return checked


def holds_nul(value: object) -> bool:
    """Whether a parsed JSON value holds NUL in any string, keys included: whether its JSON does,
    where NUL can only be written \\u0000. The json module's C encoder reads an event ten times
    as fast as walking its values in Python did (a tenth of a batch's time)."""
    text = json.dumps(value)
    return "\\u0000" in text and NUL_ESCAPE.search(text.encode("ascii")) is not None


def body_problem(error: BaseException | None) -> Problem | None:
    """The problem behind FastAPI's "There was an error parsing the body" (400): what it was."""
    if isinstance(error, Problem):
        return error
    if isinstance(error, UnicodeDecodeError):
        return Problem(
            "The body is not UTF-8.", type_="invalid-utf8-body", status=400,
            detail=f"JSON is sent as UTF-8; byte {error.start} is not ({error.reason}).",
        )
    if isinstance(error, RecursionError):
        return Problem(
            "The body's JSON is nested too deeply.", type_="json-too-deep", status=400,
            detail="Arrays and objects nest a few levels in any request this API reads; this body nests hundreds.",
        )
    return None


def _is_json(media_type: bytes) -> bool:
    return media_type == b"application/json" or media_type.endswith(b"+json")


async def _refuse(send: Send, status: int, type_: str, title: str, detail: str) -> None:
    body = json.dumps({"type": type_, "title": title, "status": status, "detail": detail}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class UnknownParameter(BadRequestProblem):
    title = "Unknown query parameter."
    type_ = "unknown-query-parameter"


_known_by_route: dict[int, frozenset[str]] = {}


async def only_known_parameters(request: Request) -> None:
    """A FastAPI dependency of every route: query parameters the route does not declare are a 400."""
    if not request.scope["query_string"]:
        return
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    known = _known_by_route.get(id(route))
    if known is None:
        known = _known_by_route.setdefault(id(route), _query_names(route.dependant))
    unknown = sorted({name for name in request.query_params if name not in known})
    if unknown:
        accepted = f"it accepts {', '.join(sorted(known))}" if known else "it accepts none"
        raise UnknownParameter(
            f"This operation has no parameter {', '.join(unknown)}; {accepted}. A misspelt filter is refused "
            "rather than ignored, which would answer as if no filter had been sent.",
            parameters=unknown,
        )


def _query_names(dependant: Dependant) -> frozenset[str]:
    """The query parameters a route reads, its dependencies' included, by the names sent."""
    names, pending = set(), [dependant]
    while pending:
        current = pending.pop()
        names.update(param.alias for param in current.query_params)
        pending.extend(current.dependencies)
    return frozenset(names)
