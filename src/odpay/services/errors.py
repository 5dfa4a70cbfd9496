"""Errors a use case raises; each carries Open Dental's exact text. http/errors.py renders them.

Refusals are declared once, as `Refusal` values in services/refusals.py: a use case raises them
(`raise PATNUM_REQUIRED.error()`) and its route documents them from the same values, so the
OpenAPI document lists each text exactly as it is sent.
"""

from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refusal declared once: its kind and its text. A text with `{Name}` places is a
    template; `error(Name=value)` fills them."""

    kind: type[BadRequest] | type[NotFound]
    message: str

    def error(self, **places: object) -> ServiceError:
        return self.kind(self.message.format(**places) if places else self.message)

    def filled(self, **places: object) -> "Refusal":
        """The refusal with some places filled: one text a template sends, for a route to
        document by name (`FIELD_REQUIRED.filled(name="LName")`)."""
        return Refusal(self.kind, self.message.format(**places))


def bad_request(message: str) -> Refusal:
    return Refusal(BadRequest, message)


def not_found(message: str) -> Refusal:
    return Refusal(NotFound, message)


def field_invalid(field: str) -> Refusal:
    """`{field} is invalid.`: what the lenient readers raise for `field`."""
    return bad_request(f"{field} is invalid.")


def field_too_long(field: str) -> Refusal:
    return bad_request(f"{field} is too long.")


def field_not_supported(field: str) -> Refusal:
    """A field whose documented meaning needs tables odpay does not hold."""
    return bad_request(f"{field} is not supported by odpay.")


@dataclass(frozen=True, slots=True)
class NamedRow:
    """The two refusals of a row a request names by its ID, declared once for every use case
    that finds it: 400 when there is no ID (`Payment ID is required.`; `required_id` takes 0
    for none) and 404 when no row has it (`Payment not found.`)."""

    id_required: Refusal
    not_found: Refusal

    @property
    def refusals(self) -> tuple[Refusal, Refusal]:
        return (self.id_required, self.not_found)

    def required_id(self, num: int | None) -> int:
        if not num:
            raise self.id_required.error()
        return num

    def found(self, row: T | None) -> T:
        if row is None:
            raise self.not_found.error()
        return row


def refuse_unread_body(body_error: str | None) -> None:
    """400 with the reason a PUT's body could not be read; a PUT reads its body only after
    the row its URL names was found, as Open Dental does."""
    if body_error is not None:
        raise BadRequest(body_error)
