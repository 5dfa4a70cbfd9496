"""uvicorn's HTTP protocol with deadlines for reading a request (docs/decisions.md "Hardening:
operations").

uvicorn bounds only the wait between two requests of a connection (timeout_keep_alive); a
client that sends half a header, or a header and part of the body, held the connection (and,
for the body, the request's task) as long as it liked: 35 s and more were measured. Here a
request's headers must arrive within HEADER_SECONDS of its first byte (or of the connection,
for the first request) and its body within BODY_SECONDS of the headers; past either, the
server answers 408 if it has not answered yet, and closes the connection.
"""

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_SECONDS = 5.0
BODY_SECONDS = 10.0
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json; charset=utf-8\r\n"
    b"content-length: 19\r\nconnection: close\r\n\r\n"
    b'"Request timed out."'
)
log = logging.getLogger("uvicorn.error")  # where uvicorn says what it does to connections


class DeadlineHttpProtocol(HttpToolsProtocol):
    """HttpToolsProtocol whose requests must arrive within HEADER_SECONDS + BODY_SECONDS."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._reading_headers = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(HEADER_SECONDS, "headers")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_headers = True
        if self._deadline is None:  # a later request of the connection: from its first byte
            self._arm(HEADER_SECONDS, "headers")

    def on_headers_complete(self) -> None:
        self._reading_headers = False
        super().on_headers_complete()
        self._arm(BODY_SECONDS, "body")

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def _arm(self, seconds: float, part: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired, seconds, part)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self, seconds: float, part: str) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if part == "headers" and not self._reading_headers:
            self.transport.close()  # connected, sent nothing: closed without a word
            return
        log.info("closed a connection: request %s not received within %g s", part, seconds)
        answered = part == "body" and self.cycle is not None and self.cycle.response_started
        if not answered:
            self.transport.write(_TIMEOUT_RESPONSE)
        self.transport.close()
