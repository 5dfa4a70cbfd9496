"""Idempotent retries of POST /payments and POST /payments/Refund: an odpay extension, beyond
Open Dental, whose clients never send the header and see no change.

Decisions: docs/decisions.md, "Idempotent retries". A request with an `Idempotency-Key` is
answered once per key pair and key: the first is processed and its row is stored in the same
transaction as its payment; a retry of the same request replays that payment and writes
nothing; the same key with another request is refused.
"""

import hashlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from odpay.db.idempotency import (
    delete_created_before,
    delete_expired_key,
    find_record,
    insert_record,
    set_pay_num,
)
from odpay.db.ledger.payments import get_payment
from odpay.db.locks import is_reading_ahead
from odpay.services.clock import office_now
from odpay.services.errors import BadRequest, NotFound
from odpay.services.keys import Key
from odpay.services.transaction import family_transaction, family_write, read_transaction
from odpay.services.views import PaymentView, payment_view
from odpay.settings import Settings

HEADER = "Idempotency-Key"
KEY_INVALID = "Idempotency-Key is invalid."  # odpay wording
KEY_REUSED = "Idempotency-Key was already used for a different request."  # odpay wording
# 1 to 255 printable ASCII characters (space included, control characters not).
_KEY = re.compile(r"[\x20-\x7e]{1,255}")
P = TypeVar("P")
R = TypeVar("R")
# Expired rows are deleted by the first keyed write after this much time since the last purge.
PURGE_EVERY = timedelta(hours=1)
log = logging.getLogger(__name__)


@cache
def retention() -> timedelta:
    """How long a key is remembered: ODPAY_IDEMPOTENCY_HOURS, 24 by default."""
    return timedelta(hours=Settings().idempotency_hours)


@dataclass(frozen=True, slots=True)
class IdempotencyRequest:
    """A request that carries an Idempotency-Key, as digests: the key itself is not kept."""

    KeyHash: str  # SHA-256 hex of the header value
    RequestHash: str  # SHA-256 hex of method, path and body bytes


def idempotency_request(
    header: str | None, method: str, path: str, body: bytes
) -> IdempotencyRequest | None:
    """The header's request, None without the header, or BadRequest `Idempotency-Key is invalid.`

    Surrounding spaces and tabs are not part of the key (HTTP servers drop them anyway). The
    request is its method, path and body bytes exactly as sent: the query string is ignored
    (POST ignores it, wire-format.md §3), and a body re-serialised with other spacing or key
    order is a different request.
    """
    if header is None:
        return None
    key = header.strip(" \t")
    if not _KEY.fullmatch(key):
        raise BadRequest(KEY_INVALID)
    # The method holds no space and the path no line break, so the parts cannot run together.
    request = f"{method} {path}\n".encode() + body
    return IdempotencyRequest(_sha256(key.encode("ascii")), _sha256(request))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def idempotent_write(
    engine: Engine,
    prepare: Callable[[Connection, R], P],
    store: Callable[[Connection, P, Key], PaymentView],
    request: R,
    key: Key,
    idempotency: IdempotencyRequest | None,
    created: Callable[[], None],
) -> PaymentView:
    """A payment write, POST /payments or Refund: `store(conn, prepare(conn, request), key)` in
    one `family_write`, answered once per key pair and Idempotency-Key; `created` counts the
    payment when this call wrote it (not when it replayed one).

    Without `idempotency` this is family_write itself. With it, before `prepare` runs (so
    before any business check): a stored key replays its payment, or refuses a different
    request; a new key's row is inserted just before `store` writes, which on MariaDB and
    PostgreSQL makes a simultaneous request with the same key wait on the unique index, and
    gets the payment's PayNum after it, in the same transaction. When the use case fails, the
    row rolls back with everything else, so the client may retry with the same key.
    """

    def planned(conn: Connection) -> P:
        return prepare(conn, request)

    def stored(conn: Connection, plan: P) -> PaymentView:
        return store(conn, plan, key)

    if idempotency is None:
        view = family_write(engine, planned, stored)
    else:
        view = _once_per_key(engine, planned, stored, key, idempotency)
    if not view.replayed:
        created()
    return view


def _once_per_key(
    engine: Engine,
    prepare: Callable[[Connection], P],
    store: Callable[[Connection, P], PaymentView],
    key: Key,
    idempotency: IdempotencyRequest,
) -> PaymentView:
    def prepare_once(conn: Connection) -> _Replay | _Fresh[P]:
        replay = _replay(conn, key, idempotency)
        if replay is not None:
            return _Replay(replay)
        # The key's row goes in first where this transaction will write, so that a second
        # request with the key waits on the unique index here, before its own checks, and
        # then replays this one instead of being refused by them (e.g. "already refunded").
        record = None if is_reading_ahead(conn) else _insert(conn)
        return _Fresh(prepare(conn), record)

    def store_once(conn: Connection, planned: _Replay | _Fresh[P]) -> PaymentView:
        if isinstance(planned, _Replay):
            return planned.view
        record = planned.record if planned.record is not None else _insert(conn)
        view = store(conn, planned.planned)
        set_pay_num(conn, record, view.payment.PayNum)
        return view

    def _insert(conn: Connection) -> int:
        now = office_now()
        # An expired row of this key, not purged yet, would hold the unique index.
        delete_expired_key(conn, key.ApiKeyNum, idempotency.KeyHash, now - retention())
        return insert_record(conn, key.ApiKeyNum, idempotency.KeyHash, idempotency.RequestHash, now)

    try:
        view = family_write(engine, prepare_once, store_once)
    except IntegrityError:
        # A request with this key committed between our look-up and our insert, and the
        # unique index refused our row: answer as a retry of it.
        replay = read_transaction(engine, lambda conn: _replay(conn, key, idempotency))
        if replay is None:  # the failure was not about this key
            raise
        return replay
    _purge_now_and_then(engine)
    return view


_purge_lock = threading.Lock()
_next_purge: datetime | None = None


def _purge_now_and_then(engine: Engine) -> None:
    """Purge expired keys at most once per PURGE_EVERY per process, in a short transaction of
    its own after the payment has committed; a failed purge is left to the next one."""
    global _next_purge
    now = office_now()
    with _purge_lock:
        if _next_purge is not None and now < _next_purge:
            return
        _next_purge = now + PURGE_EVERY
    try:
        purge_expired(engine, now)
    except DBAPIError:
        log.warning("purging expired Idempotency-Keys failed; the next purge will retry")


def purge_expired(engine: Engine, now: datetime) -> int:
    """Delete the keys stored before `now` minus the retention; return how many."""
    cutoff = now - retention()
    return family_transaction(engine, lambda conn: delete_created_before(conn, cutoff))


@dataclass(frozen=True, slots=True)
class _Replay:
    """What a retry is answered with: the stored payment, nothing to write."""

    view: PaymentView


@dataclass(frozen=True, slots=True)
class _Fresh(Generic[P]):
    """A first request: what the use case will write, and its key's row if already in."""

    planned: P
    record: int | None


def _replay(conn: Connection, key: Key, idempotency: IdempotencyRequest) -> PaymentView | None:
    """The stored payment as it is now, if this key was used within the retention; None if
    it was not, or longer ago (its row, if not purged yet, goes when the key is stored anew)."""
    found = find_record(conn, key.ApiKeyNum, idempotency.KeyHash)
    if found is None or found.DateTCreated < office_now() - retention():
        return None
    if found.RequestHash != idempotency.RequestHash:
        raise BadRequest(KEY_REUSED)
    payment = get_payment(conn, found.PayNum)
    if payment is None:  # odpay never deletes payments; Open Dental on a shared database may
        raise NotFound("Payment not found.")
    return replace(payment_view(conn, payment), replayed=True)
