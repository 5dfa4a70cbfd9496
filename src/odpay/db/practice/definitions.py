"""`definition` rows for the Definitions resource and the name look-ups of the others."""

from sqlalchemy import Connection, func, select

from odpay.db.practice.cache import definition_record
from odpay.db.rows import insert_row
from odpay.db.schema import definition
from odpay.db.state import practice_changed
from odpay.domain.records import Definition


def list_definitions(
    conn: Connection, category: int | None, include_hidden: bool, limit: int, offset: int
) -> list[Definition]:
    """Definitions in Open Dental's list order: Category, ItemOrder, then DefNum."""
    statement = select(definition).order_by(
        definition.c.Category, definition.c.ItemOrder, definition.c.DefNum
    )
    if category is not None:
        statement = statement.where(definition.c.Category == category)
    if not include_hidden:
        statement = statement.where(definition.c.IsHidden == 0)
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [definition_record(r) for r in rows]


def definition_named(conn: Connection, category: int, item_name: str) -> Definition | None:
    """The first definition of `category` whose ItemName is exactly `item_name` (hidden ones
    last). Compared in Python: MariaDB's collation would also match other letter cases."""
    rows = conn.execute(
        select(definition)
        .where(definition.c.Category == category, definition.c.ItemName == item_name)
        .order_by(definition.c.IsHidden, definition.c.ItemOrder, definition.c.DefNum)
    )
    found = (definition_record(r) for r in rows)
    return next((d for d in found if d.ItemName == item_name), None)


def first_definition(conn: Connection, category: int) -> Definition | None:
    """The first visible definition of `category` in list order (Open Dental's default)."""
    row = conn.execute(
        select(definition)
        .where(definition.c.Category == category, definition.c.IsHidden == 0)
        .order_by(definition.c.ItemOrder, definition.c.DefNum)
    ).first()
    return definition_record(row) if row is not None else None


def insert_definition(
    conn: Connection, category: int, item_name: str, item_value: str, is_hidden: bool
) -> int:
    """Insert a definition at the end of its category (ItemOrder = highest + 1)."""
    last = conn.execute(
        select(func.max(definition.c.ItemOrder)).where(definition.c.Category == category)
    ).scalar()
    practice_changed(conn)
    return insert_row(
        conn,
        definition,
        {
            "Category": category,
            "ItemOrder": 0 if last is None else last + 1,
            "ItemName": item_name,
            "ItemValue": item_value,
            "IsHidden": int(is_hidden),
        },
    )
