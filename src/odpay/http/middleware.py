"""The ASGI layers odpay wraps its app in act on HTTP requests only: the lifespan messages
pass through untouched."""

from abc import ABC, abstractmethod

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware(ABC):
    """An ASGI layer around `app`; `handle_http` sees each HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle_http(scope, receive, send)

    @abstractmethod
    async def handle_http(self, scope: Scope, receive: Receive, send: Send) -> None: ...
