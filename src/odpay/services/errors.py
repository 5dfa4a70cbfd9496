"""Errors a use case raises; each carries Open Dental's exact text. http/errors.py renders them."""


class ServiceError(Exception):
    """A refusal with the message the client sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ServiceError):
    """400: the request breaks a rule (payments.md, validation lists)."""


class NotFound(ServiceError):
    """404: a row the request names does not exist."""


class NotAuthorized(ServiceError):
    """401: no key, an unknown key, or a key without the route's permission."""

    def __init__(self) -> None:
        super().__init__("Not Authorized.")
