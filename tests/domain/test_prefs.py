"""Preferences: stored text to typed values, defaults for missing or junk rows."""

from odpay.domain.prefs import Prefs, RigorousAccounting


def test_missing_preferences_take_the_blank_practice_values() -> None:
    prefs = Prefs.from_values({})
    assert prefs.RigorousAccounting == RigorousAccounting.AutoSplitOnly
    assert prefs.PrepaymentUnearnedType == 283
    assert prefs.EasyNoClinics is True
    assert prefs.clinics_enabled is False
    assert prefs.future_payments_allowed is False


def test_stored_values_are_parsed_and_junk_falls_back_to_the_default() -> None:
    prefs = Prefs.from_values(
        {
            "RigorousAccounting": "2",
            "EasyNoClinics": "0",
            "AccountAllowFutureDebits": "1",
            "PracticeDefaultProv": "not a number",
            "BalancesDontSubtractIns": "maybe",
        }
    )
    assert prefs.RigorousAccounting == RigorousAccounting.DontEnforce
    assert prefs.clinics_enabled is True
    assert prefs.future_payments_allowed is True
    assert prefs.PracticeDefaultProv == 1
    assert prefs.BalancesDontSubtractIns is False


def test_a_flag_is_read_from_0_and_1_or_true_and_false_in_any_case() -> None:
    assert [
        Prefs.from_values({"EasyNoClinics": text}).EasyNoClinics
        for text in ("0", " 1 ", "TRUE", "False", "yes")
    ] == [False, True, True, False, True]
