"""The demo practice: families with completed and planned work, insurance, adjustments,
dynamic payment plans and earlier payments, the same for the same seed and day.

Keys are given explicitly (above each table's largest) so that rows of one batch can refer to
each other; every batch of families is one transaction of bulk inserts. Load it into a database
no one else is writing to. The families themselves are made in `odpay.demo.family`.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Connection, Engine, func, insert, select, update

from odpay.db.practice.definitions import insert_definition
from odpay.db.practice.procedurecodes import PROC_CODE_CATS
from odpay.db.rows import insert_row
from odpay.db.schema import clinic, definition, metadata, preference, procedurecode, provider
from odpay.db.seed import continue_keys_above_max
from odpay.db.state import practice_changed
from odpay.db.transactions import write_transaction
from odpay.demo import catalog as catalog
from odpay.demo.family import TABLES, DemoFamily, DemoPractice


@dataclass
class DemoReport:
    families: int = 0
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))


def load_demo(
    engine: Engine,
    families: int,
    seed: int,
    now: datetime,
    clinics: bool = False,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> DemoReport:
    """Add `families` demo families; `progress` hears how many families each batch wrote."""
    rng = random.Random(seed)
    with write_transaction(engine) as conn:
        practice = _practice(conn, clinics, now)
        practice_changed(conn)
    report = DemoReport()
    for start in range(0, families, batch):
        count = min(batch, families - start)
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for _ in range(count):
            DemoFamily(rng, practice, now, rows).make()
        with write_transaction(engine) as conn:
            practice_changed(conn)  # new families: nothing read before this batch still holds
            for table in TABLES:
                if rows[table]:
                    conn.execute(insert(metadata.tables[table]), rows[table])
                    report.rows[table] += len(rows[table])
            for table in TABLES:
                continue_keys_above_max(conn, metadata.tables[table])
        report.families += count
        if progress is not None:
            progress(count)
    return report


def _practice(conn: Connection, with_clinics: bool, now: datetime) -> DemoPractice:
    """The demo's providers, clinics, code categories and procedure codes (added once), and
    the next keys. Rows are stamped with `now`, the office clock, not the database's."""
    by_abbr = _added_once(
        conn,
        provider.c.Abbr,
        [
            {
                "Abbr": abbr,
                "LName": last,
                "FName": first,
                "ItemOrder": order,
                "IsSecondary": hygienist,
                "DateTStamp": now,
            }
            for order, (abbr, last, first, hygienist) in enumerate(catalog.PROVIDERS, 1)
        ],
    )
    dentists, hygienists = [1], list[int]()
    for abbr, _last, _first, hygienist in catalog.PROVIDERS:
        (hygienists if hygienist else dentists).append(by_abbr[abbr])
    clinic_nums: list[int] = []
    if with_clinics:
        rows = [{"Description": description, "Abbr": abbr} for description, abbr in catalog.CLINICS]
        by_clinic_abbr = _added_once(conn, clinic.c.Abbr, rows)
        clinic_nums = [by_clinic_abbr[abbr] for _description, abbr in catalog.CLINICS]
        conn.execute(
            update(preference)
            .where(preference.c.PrefName == "EasyNoClinics")
            .values(ValueString="0")
        )
    categories = _code_categories(conn)
    code_nums = _added_once(
        conn,
        procedurecode.c.ProcCode,
        [
            {
                "ProcCode": code,
                "Descript": descript,
                "AbbrDesc": abbr,
                "ProcTime": "/X/",
                "ProcCat": categories[code[:2]],
                "IsHygiene": kind == "hygiene",
                "DateTStamp": now,
            }
            for code, descript, abbr, _fee, kind in catalog.CODES
        ],
    )
    codes = {
        code: (code_nums[code], Decimal(fee), kind)
        for code, _descript, _abbr, fee, kind in catalog.CODES
    }
    keys = {}
    for name in TABLES:
        key = next(iter(metadata.tables[name].primary_key.columns))
        keys[name] = int(conn.execute(select(func.coalesce(func.max(key), 0))).scalar_one())
    for table in (provider, clinic, procedurecode):
        continue_keys_above_max(conn, table)
    return DemoPractice(dentists, hygienists or dentists, clinic_nums, codes, keys)


def _added_once(conn: Connection, name: Column[str], rows: list[dict[str, Any]]) -> dict[str, int]:
    """Name -> key of `name`'s table, after adding those of `rows` (in order) whose name it
    does not hold yet: loading the demo twice adds these practice rows once."""
    table = name.table
    key = next(iter(table.primary_key.columns))
    keys = {r[0]: int(r[1]) for r in conn.execute(select(name, key))}
    for row in rows:
        if row[name.key] not in keys:
            keys[row[name.key]] = insert_row(conn, table, row)
    return keys


def _code_categories(conn: Connection) -> dict[str, int]:
    """CDT family -> DefNum of its ProcCodeCats definition, added after the category's
    existing ones when no definition of that name is there yet."""
    rows = conn.execute(
        select(definition.c.DefNum, definition.c.ItemName)
        .where(definition.c.Category == PROC_CODE_CATS)
        .order_by(definition.c.DefNum.desc())  # of two with one name, the lower DefNum wins
    )
    existing = {r.ItemName: int(r.DefNum) for r in rows}
    for _family, name in catalog.CODE_CATEGORIES:
        if name not in existing:
            existing[name] = insert_definition(conn, PROC_CODE_CATS, name, "", False)
    return {family: existing[name] for family, name in catalog.CODE_CATEGORIES}
