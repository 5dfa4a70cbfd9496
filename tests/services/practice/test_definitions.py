"""Definitions: list and create (Open Dental's page "API Definitions")."""

from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.domain.records import Definition
from odpay.services.errors import BadRequest
from odpay.services.practice.definitions import DefinitionInput, create_definition, list_definitions
from tests.factories import KEY, add


def test_list_shows_a_category_in_list_order_without_hidden_ones(fresh_db: Engine) -> None:
    add(fresh_db, "definition", Category=10, ItemName="Old card", ItemOrder=3, IsHidden=1)
    found = list_definitions(fresh_db, {"Category": "10"})
    assert found == [
        Definition(69, 10, "Check", "", False, 0),
        Definition(70, 10, "Cash", "", False, 1),
        Definition(71, 10, "Credit Card", "", False, 2),
    ]
    hidden = list_definitions(fresh_db, {"Category": "10", "includeHidden": "True"})
    assert [d.ItemName for d in hidden] == ["Check", "Cash", "Credit Card", "Old card"]


def test_list_without_a_category_gives_every_category_in_order_and_pages(fresh_db: Engine) -> None:
    names = [d.ItemName for d in list_definitions(fresh_db, {"Limit": "3"})]
    assert names == ["Professional Discount", "Cash Discount", "Misc Neg Adjustment"]
    last = list_definitions(fresh_db, {"Offset": "21"})
    assert [(d.DefNum, d.Category) for d in last] == [(308, 29)]


def test_a_new_definition_goes_to_the_end_of_its_category(fresh_db: Engine) -> None:
    created = create_definition(
        fresh_db, DefinitionInput(ItemName=" Interest Payment ", category="PaymentTypes"), KEY
    )
    assert (created.Category, created.ItemName, created.ItemValue) == (10, "Interest Payment", "")
    assert (created.ItemOrder, created.IsHidden) == (3, False)
    hidden = create_definition(
        fresh_db,
        DefinitionInput(ItemName="Tax", ItemValue="+", category="AdjTypes", isHidden=True),
        KEY,
    )
    assert (hidden.Category, hidden.ItemValue, hidden.ItemOrder, hidden.IsHidden) == (
        1,
        "+",
        19,
        True,
    )


def test_a_definition_can_start_a_category(fresh_db: Engine) -> None:
    body = DefinitionInput(ItemName="High", category="TxPriorities")
    created = create_definition(fresh_db, body, KEY)
    assert (created.Category, created.ItemName, created.ItemOrder) == (20, "High", 0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ItemName": None}, "ItemName is required."),
        ({"ItemName": "  "}, "ItemName is required."),
        ({"ItemName": "x" * 256}, "ItemName is too long."),
        ({"category": None}, "category is required."),
        ({"category": "adjtypes"}, "category is invalid."),
        ({"category": "1"}, "category is invalid."),
        ({"category": "AdjTypes"}, 'ItemValue must be "+" or "-" for AdjTypes.'),
        (
            {"category": "AdjTypes", "ItemValue": "plus"},
            'ItemValue must be "+" or "-" for AdjTypes.',
        ),
        ({"ItemValue": "x" * 256}, "ItemValue is too long."),
        ({"isHidden": "no"}, "isHidden is invalid."),
    ],
)
def test_post_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    body = {"ItemName": "Interest", "category": "PaymentTypes", **fields}
    with pytest.raises(BadRequest) as refused:
        create_definition(db, DefinitionInput(**body), KEY)
    assert refused.value.message == message
