"""Create and check API key pairs (wire-format.md §2).

Keys are stored as a salted scrypt hash (db/keys.py), slow on purpose; checking a key costs
neither that hash nor a statement once this process has seen it: each process keeps the keys
it has seen, by the pair as sent, with the odpay_state.KeysVersion they were read at. The
transaction of every use case reads that version when it begins (services/transaction.py) and
re-reads a key that changed since (created, given other permissions, removed), so a removed
key is refused from then on.
"""

import threading
import weakref
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from odpay.db import keys as key_rows
from odpay.db.state import State, read_state
from odpay.db.transactions import read_transaction, write_transaction
from odpay.services.clock import office_now
from odpay.services.errors import BadRequest, NotAuthorized

PERMISSIONS = key_rows.ALL_PERMISSIONS
READ = "ApiReadAll"
WRITE = "ApiPayments"


@dataclass(frozen=True, slots=True)
class Key:
    """The caller: a registered key pair, its API user and developer name."""

    ApiKeyNum: int
    DeveloperName: str
    UserNum: int
    Permissions: frozenset[str]
    KeysVersion: int = 0  # the odpay_state.KeysVersion the pair was read at


# The shortest key accepted: 16 characters (the demo pair's length) of printable ASCII without
# spaces; no `/` in the DeveloperKey, where the header's first `/` ends it.
MIN_KEY_LENGTH = 16
MAX_KEY_LENGTH = 255
_KEY_CHARACTERS = frozenset(chr(code) for code in range(0x21, 0x7F))


def create_key(
    engine: Engine,
    developer_key: str,
    customer_key: str,
    permissions: tuple[str, ...] = PERMISSIONS,
    developer_name: str = "odpay",
) -> int:
    if not developer_key or not customer_key:
        raise BadRequest("Both keys are required.")
    for name, key in (("DeveloperKey", developer_key), ("CustomerKey", customer_key)):
        _check_key(name, key)
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if unknown:
        raise BadRequest(f"Unknown permission {unknown[0]}. Use {', '.join(PERMISSIONS)}.")
    if not permissions:
        raise BadRequest(f"At least one permission is required: {', '.join(PERMISSIONS)}.")
    found = key_rows.credentials(_salt(engine), developer_key, customer_key)
    with write_transaction(engine) as conn:
        return key_rows.save_key(conn, found, permissions, developer_name, office_now())


def _check_key(name: str, key: str) -> None:
    if not MIN_KEY_LENGTH <= len(key) <= MAX_KEY_LENGTH:
        raise BadRequest(
            f"The {name} must be {MIN_KEY_LENGTH} to {MAX_KEY_LENGTH} characters long."
        )
    if not set(key) <= _KEY_CHARACTERS:
        raise BadRequest(f"The {name} may hold only printable ASCII characters, without spaces.")
    if name == "DeveloperKey" and "/" in key:
        raise BadRequest("The DeveloperKey may not hold '/', which ends it in the header.")


_salts: "weakref.WeakKeyDictionary[Engine, bytes]" = weakref.WeakKeyDictionary()


def _salt(engine: Engine) -> bytes:
    """The database's key salt, read once per process."""
    salt = _salts.get(engine)
    if salt is None:
        with read_transaction(engine) as conn:
            salt = key_rows.read_salt(conn)
        if salt is None:
            with write_transaction(engine) as conn:
                salt = key_rows.ensure_salt(conn)
        _salts[engine] = salt
    return salt


@dataclass
class _SeenKeys:
    version: int
    by_pair: dict[tuple[str, str], Key]


_seen: "weakref.WeakKeyDictionary[Engine, _SeenKeys]" = weakref.WeakKeyDictionary()
_seen_lock = threading.Lock()


def authorize(engine: Engine, header: str | None, permission: str | None) -> Key:
    """The key named by an `ODFHIR {DeveloperKey}/{CustomerKey}` header, if it may `permission`.

    `permission` None asks only for a registered, enabled key (wire-format.md §1, check 1:
    a request that matches no route). Every failure is the same 401 `Not Authorized.`, so a
    caller learns nothing about which part was wrong.
    """
    found = known_key(engine, header, permission)
    if found is None:
        # Unknown here, or refused: ask the database, which may know better.
        found = _read_key(engine, _pair(header))
    if found is None or not _may(found, permission):
        raise NotAuthorized()
    return found


def known_key(engine: Engine, header: str | None, permission: str | None) -> Key | None:
    """`authorize` without the database: the key if this process has seen it allowed, None
    when only the database can tell. Refuses a header that names no key pair at all."""
    seen = _seen.get(engine)
    found = seen.by_pair.get(_pair(header)) if seen is not None else None
    return found if found is not None and _may(found, permission) else None


def _may(key: Key, permission: str | None) -> bool:
    return permission is None or permission in key.Permissions


def _pair(header: str | None) -> tuple[str, str]:
    value = (header or "").strip()
    if not value.startswith("ODFHIR "):
        raise NotAuthorized()
    developer_key, slash, customer_key = value[len("ODFHIR ") :].partition("/")
    if not slash or not developer_key or not customer_key:
        raise NotAuthorized()
    return developer_key, customer_key


def _read_key(engine: Engine, pair: tuple[str, str]) -> Key | None:
    credentials = key_rows.credentials(_salt(engine), *pair)  # the slow hash, outside
    with read_transaction(engine) as conn:
        state = read_state(conn)
        row = key_rows.find_key(conn, credentials)
    if row is not None and row[1]:  # a legacy SHA-256 row: rewritten as scrypt now
        with write_transaction(engine) as conn:
            key_rows.upgrade_legacy(conn, row[0].ApiKeyNum, credentials)
    found = None if row is None else _key(row[0], state.KeysVersion)
    with _seen_lock:
        seen = _seen.get(engine)
        if seen is None or seen.version != state.KeysVersion:
            seen = _seen[engine] = _SeenKeys(state.KeysVersion, {})
        if found is not None:
            seen.by_pair[pair] = found
    return found


@dataclass(frozen=True, slots=True)
class _Caller:
    key: Key
    permission: str | None


# The key of the request being served and the permission its route checked. HTTP sets it
# once the key passed (`serve_as`); every transaction of the request confirms it
# (`confirm_caller`). A ContextVar, so each request (and the worker thread it runs its
# service in) sees its own; the CLI and tests have none.
_caller: ContextVar[_Caller | None] = ContextVar("odpay_caller", default=None)


def serve_as(key: Key, permission: str | None) -> None:
    """Serve the current request as `key`, allowed `permission` (the route's)."""
    _caller.set(_Caller(key, permission))


def confirm_caller(conn: Connection, state: State) -> None:
    """Refuse the current request's key if the keys changed since it was checked (created,
    given other permissions, removed) and it no longer allows what its route does."""
    caller = _caller.get()
    if caller is None or caller.key.KeysVersion == state.KeysVersion:
        return
    key, permission = caller.key, caller.permission
    with _seen_lock:
        seen = _seen.get(conn.engine)
        if seen is not None and seen.version != state.KeysVersion:
            _seen[conn.engine] = _SeenKeys(state.KeysVersion, {})
    row = key_rows.key_by_num(conn, key.ApiKeyNum)
    if row is None or (permission is not None and permission not in row.Permissions):
        raise NotAuthorized()


def _key(row: key_rows.ApiKey, version: int) -> Key:
    return Key(row.ApiKeyNum, row.DeveloperName, row.UserNum, row.Permissions, version)
