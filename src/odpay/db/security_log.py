"""securitylog rows (one per write request, payments.md §1.3)."""

from datetime import datetime

from sqlalchemy import Connection, bindparam, insert

from odpay.db.schema import securitylog
from odpay.db.sql import Sql

LOG_SOURCE_API = 23
COMPUTER_NAME = "odpay"
_INSERT = Sql(
    insert(securitylog).values(
        {
            name: bindparam(name)
            for name in (
                "PermType", "UserNum", "LogDateTime", "LogText", "PatNum", "CompName", "FKey",
                "LogSource", "DefNum", "DefNumError", "DateTPrevious",
            )
        }
    )
)  # fmt: skip


def insert_security_log(
    conn: Connection,
    perm_type: int,
    user_num: int,
    pat_num: int,
    fkey: int,
    log_text: str,
    now: datetime,
    previous: datetime,
) -> None:
    _INSERT.run(
        conn,
        **dict(
            PermType=perm_type,
            UserNum=user_num,
            LogDateTime=now,
            LogText=log_text,
            PatNum=pat_num,
            CompName=COMPUTER_NAME,
            FKey=fkey,
            LogSource=LOG_SOURCE_API,
            DefNum=0,
            DefNumError=0,
            DateTPrevious=previous,
        ),
    )
