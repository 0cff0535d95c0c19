"""Request size limits answered as problem details.

FastAPI enforces `max_body_size` (Starlette's body limit), but answers a declared oversize body
with a plain-text 413. Requests that declare their size are turned away here first, as RFC 9457
problem details like every other error; a body that grows past the limit without declaring it is
still stopped by FastAPI's limit.
"""

import json

from starlette.types import ASGIApp, Receive, Scope, Send


class DeclaredBodyLimit:
    def __init__(self, app: ASGIApp, default: int, by_path: dict[str, int]) -> None:
        self.app = app
        self.default = default
        self.by_path = by_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limit = self.by_path.get(scope["path"], self.default)
            declared = dict(scope["headers"]).get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                await self._refuse(send, limit)
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        body = json.dumps(
            {
                "type": "content-too-large",
                "title": "The request body is too large.",
                "status": 413,
                "detail": f"This endpoint accepts bodies of at most {limit} bytes.",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
