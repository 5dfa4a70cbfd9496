"""Definitions GET and POST (create).

Open Dental's page "API Definitions". The Category number in a POST body is ignored, as
documented; `category` names it. odpay checks ItemValue only where its own engine reads it:
an AdjTypes definition needs "+" or "-". Messages are odpay wording.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from odpay.db.practice.cache import get_definition
from odpay.db.practice.definitions import insert_definition
from odpay.db.practice.definitions import list_definitions as definition_rows
from odpay.db.schema import definition
from odpay.domain.enums import DefCat
from odpay.domain.records import Definition
from odpay.services.enum_names import def_cat_named
from odpay.services.field_readers import checked_text
from odpay.services.keys import Key
from odpay.services.parsing import read_bool
from odpay.services.query_params import lenient_int, page_of, query_flag
from odpay.services.refusals import (
    ADJ_TYPE_SIGN_REQUIRED,
    CATEGORY_INVALID,
    CATEGORY_REQUIRED,
    ITEM_NAME_REQUIRED,
)
from odpay.services.transaction import family_transaction, read_transaction


@dataclass(frozen=True, slots=True)
class DefinitionInput:
    """The body of POST /definitions; None = not given."""

    ItemName: str | None = None
    category: str | None = None
    ItemValue: str | None = None
    isHidden: bool | str | None = None


def list_definitions(engine: Engine, query: dict[str, str]) -> list[Definition]:
    """GET /definitions[?Category=n][&includeHidden=true]: hidden ones only when asked."""
    category = None
    if query.get("Category", "").strip():
        category = lenient_int(query["Category"])
    include_hidden = query_flag(query.get("includeHidden"))
    page = page_of(query.get("Limit"), query.get("Offset"))

    def work(conn: Connection) -> list[Definition]:
        return definition_rows(conn, category, include_hidden, page.limit, page.offset)

    return read_transaction(engine, work)


def create_definition(engine: Engine, request: DefinitionInput, key: Key) -> Definition:
    item_name = (request.ItemName or "").strip()
    if not item_name:
        raise ITEM_NAME_REQUIRED.error()
    item_name = checked_text(definition, "ItemName", item_name)
    if not request.category:
        raise CATEGORY_REQUIRED.error()
    category = def_cat_named(request.category)
    if category is None:
        raise CATEGORY_INVALID.error()
    item_value = checked_text(definition, "ItemValue", request.ItemValue or "")
    if category == DefCat.AdjTypes and item_value not in ("+", "-"):
        raise ADJ_TYPE_SIGN_REQUIRED.error()
    is_hidden = read_bool(request.isHidden, "isHidden")

    def work(conn: Connection) -> Definition:
        def_num = insert_definition(conn, category, item_name, item_value, is_hidden)
        found = get_definition(conn, def_num, category)
        assert found is not None  # inserted just now, in this transaction
        return found

    return family_transaction(engine, work)
