"""Rules on request bodies, answered as problem details before any endpoint runs.

- Size: FastAPI enforces `max_body_size` (Starlette's body limit) but answers a declared oversize
  body with a plain-text 413. Requests that declare their size are turned away here first, as
  RFC 9457 problem details like every other error; a body that grows past the limit without
  declaring it is still stopped by FastAPI's limit.
- Media type: the API reads JSON. A body sent as anything else (text, a form, XML) gets a 415
  saying so, instead of a parse error that leaves the sender guessing.
"""

import json

from starlette.types import ASGIApp, Receive, Scope, Send

WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class BodyRules:
    def __init__(self, app: ASGIApp, default: int, by_path: dict[str, int], uploads: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.default = default
        self.by_path = by_path
        self.uploads = uploads
        """Paths that take a file (multipart/form-data) instead of JSON."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in WITH_BODY:
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
            accepted = _is_json(media_type) or (scope["path"] in self.uploads and media_type == b"multipart/form-data")
            if has_body and media_type and not accepted:
                await _refuse(
                    send, 415, "unsupported-media-type", "The request body must be JSON.",
                    f"Send the body as application/json, not {media_type.decode('latin-1')[:100]}.",
                )
                return
        await self.app(scope, receive, send)


def _is_json(media_type: bytes) -> bool:
    return media_type == b"application/json" or media_type.endswith(b"+json")


async def _refuse(send: Send, status: int, type_: str, title: str, detail: str) -> None:
    body = json.dumps({"type": type_, "title": title, "status": status, "detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
