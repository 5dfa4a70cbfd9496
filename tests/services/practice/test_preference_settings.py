"""odpay prefs: listing the preferences odpay reads and setting them with checked values."""

import pytest
from sqlalchemy import Engine, delete

from odpay.db.schema import preference
from odpay.services.errors import BadRequest
from odpay.services.practice.preference_settings import (
    PreferenceLine,
    list_preferences,
    set_preference,
)
from tests.factories import rows


def stored(engine: Engine, name: str) -> str:
    return str(rows(engine, "preference", PrefName=name)[0]["ValueString"])


def refused(engine: Engine, name: str, value: str) -> str:
    with pytest.raises(BadRequest) as caught:
        set_preference(engine, name, value)
    return caught.value.message


def test_the_list_shows_the_blank_practice_and_marks_missing_rows_as_defaults(
    fresh_db: Engine,
) -> None:
    with fresh_db.begin() as conn:
        conn.execute(delete(preference).where(preference.c.PrefName == "EasyNoClinics"))
    lines = list_preferences(fresh_db)
    assert lines == [
        PreferenceLine("ApiPaymentType", "69", False),
        PreferenceLine("PrepaymentUnearnedType", "283", False),
        PreferenceLine("DynamicPayPlanPrepaymentUnearnedType", "308", False),
        PreferenceLine("TpUnearnedType", "299", False),
        PreferenceLine("RigorousAccounting", "1", False),
        PreferenceLine("RigorousAdjustments", "1", False),
        PreferenceLine("AccountAllowFutureDebits", "0", False),
        PreferenceLine("FutureTransDatesAllowed", "0", False),
        PreferenceLine("BalancesDontSubtractIns", "0", False),
        PreferenceLine("AdjustmentsOffsetEachOther", "1", False),
        PreferenceLine("PayPlansVersion", "1", False),
        PreferenceLine("PrePayAllowedForTpProcs", "0", False),
        PreferenceLine("AllowPrepayProvider", "1", False),
        PreferenceLine("PracticeDefaultProv", "1", False),
        PreferenceLine("EasyNoClinics", "1", True),
        PreferenceLine("RefundAdjustmentType", "0", False),
    ]


def test_values_inside_their_range_are_stored_and_a_missing_row_is_added(
    fresh_db: Engine,
) -> None:
    with fresh_db.begin() as conn:
        conn.execute(delete(preference).where(preference.c.PrefName == "EasyNoClinics"))
    assert set_preference(fresh_db, "RigorousAccounting", " 2 ") == "2"
    assert set_preference(fresh_db, "PayPlansVersion", "4") == "4"
    assert set_preference(fresh_db, "EasyNoClinics", "0") == "0"
    assert set_preference(fresh_db, "PrepaymentUnearnedType", "299") == "299"
    assert set_preference(fresh_db, "ApiPaymentType", "71") == "71"
    assert set_preference(fresh_db, "RefundAdjustmentType", "0") == "0"
    assert set_preference(fresh_db, "PracticeDefaultProv", "1") == "1"
    assert stored(fresh_db, "RigorousAccounting") == "2"
    assert stored(fresh_db, "PayPlansVersion") == "4"
    assert stored(fresh_db, "EasyNoClinics") == "0"
    assert stored(fresh_db, "PrepaymentUnearnedType") == "299"
    assert stored(fresh_db, "ApiPaymentType") == "71"


def test_values_outside_what_open_dental_allows_are_refused_and_nothing_changes(
    fresh_db: Engine,
) -> None:
    assert refused(fresh_db, "RigorousAccounting", "3") == (
        "RigorousAccounting must be between 0 and 2."
    )
    assert refused(fresh_db, "PayPlansVersion", "0") == "PayPlansVersion must be between 1 and 4."
    assert refused(fresh_db, "EasyNoClinics", "2") == "EasyNoClinics must be 0 or 1."
    assert refused(fresh_db, "EasyNoClinics", "yes") == "EasyNoClinics must be a whole number."
    assert refused(fresh_db, "ApiPaymentType", "283") == (
        "ApiPaymentType must be a definition.DefNum where definition.Category=10."
    )
    assert refused(fresh_db, "PrepaymentUnearnedType", "69") == (
        "PrepaymentUnearnedType must be a definition.DefNum where definition.Category=29."
    )
    assert refused(fresh_db, "PrepaymentUnearnedType", "0") == (
        "PrepaymentUnearnedType must be a definition.DefNum where definition.Category=29."
    )
    assert refused(fresh_db, "PracticeDefaultProv", "999") == (
        "PracticeDefaultProv must be a provider.ProvNum."
    )
    assert refused(fresh_db, "NoSuchPref", "1").startswith(
        "Unknown preference NoSuchPref. odpay reads: ApiPaymentType, PrepaymentUnearnedType,"
    )
    assert stored(fresh_db, "RigorousAccounting") == "1"
    assert stored(fresh_db, "ApiPaymentType") == "69"
    assert stored(fresh_db, "PrepaymentUnearnedType") == "283"
