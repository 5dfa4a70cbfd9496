"""Create and check API key pairs (wire-format.md §2)."""

from dataclasses import dataclass

from sqlalchemy import Engine

from odpay.db import keys as key_rows
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


def create_key(
    engine: Engine,
    developer_key: str,
    customer_key: str,
    permissions: tuple[str, ...] = PERMISSIONS,
    developer_name: str = "odpay",
) -> int:
    if not developer_key or not customer_key:
        raise BadRequest("Both keys are required.")
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if unknown:
        raise BadRequest(f"Unknown permission {unknown[0]}. Use {', '.join(PERMISSIONS)}.")
    with engine.begin() as conn:
        return key_rows.save_key(
            conn, developer_key, customer_key, permissions, developer_name, office_now()
        )


def authorize(engine: Engine, header: str | None, permission: str | None) -> Key:
    """The key named by an `ODFHIR {DeveloperKey}/{CustomerKey}` header, if it may `permission`.

    `permission` None asks only for a registered, enabled key (wire-format.md §1, check 1:
    a request that matches no route). Every failure is the same 401 `Not Authorized.`, so a
    caller learns nothing about which part was wrong.
    """
    value = (header or "").strip()
    if not value.startswith("ODFHIR "):
        raise NotAuthorized()
    developer_key, slash, customer_key = value[len("ODFHIR ") :].partition("/")
    if not slash or not developer_key or not customer_key:
        raise NotAuthorized()
    with engine.connect() as conn:
        found = key_rows.find_key(conn, developer_key, customer_key)
    if found is None or (permission is not None and permission not in found.Permissions):
        raise NotAuthorized()
    return Key(found.ApiKeyNum, found.DeveloperName, found.UserNum, found.Permissions)
