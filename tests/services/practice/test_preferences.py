"""Preferences GET (Open Dental's page "API Preferences")."""

from sqlalchemy import Engine

from odpay.db.practice.preferences import PreferenceRow
from odpay.services.practice.preferences import list_preferences
from tests.factories import set_pref


def test_list_gives_the_stored_rows_by_prefnum(fresh_db: Engine) -> None:
    found = list_preferences(fresh_db, {"Limit": "3"})
    assert found == [
        PreferenceRow(1, "ApiPaymentType", "69"),
        PreferenceRow(2, "PrepaymentUnearnedType", "283"),
        PreferenceRow(3, "DynamicPayPlanPrepaymentUnearnedType", "308"),
    ]
    assert [p.PrefName for p in list_preferences(fresh_db, {"Offset": "15"})] == [
        "RefundAdjustmentType"
    ]


def test_prefname_picks_one_in_any_letter_case(fresh_db: Engine) -> None:
    set_pref(fresh_db, "RecallDaysPast", "365")
    for name in ("RecallDaysPast", "recalldayspast"):
        assert list_preferences(fresh_db, {"PrefName": name}) == [
            PreferenceRow(17, "RecallDaysPast", "365")
        ]
    assert list_preferences(fresh_db, {"PrefName": "RecallDays"}) == []
