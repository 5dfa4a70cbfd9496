"""Providers: get, list, create and update (Open Dental's page "API Providers")."""

import uuid
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.domain.enums import ProviderStatus
from odpay.services.clock import office_today
from odpay.services.errors import BadRequest, NotFound
from odpay.services.practice.providers import (
    ProviderInput,
    create_provider,
    get_provider,
    list_providers,
    update_provider,
)
from tests.factories import KEY, add, rows, set_row


def _abbr() -> str:
    return f"P{uuid.uuid4().hex[:8]}"


def test_a_new_provider_has_open_dentals_defaults(fresh_db: Engine) -> None:
    specialty = add(fresh_db, "definition", Category=35, ItemName="General", ItemOrder=0)
    p = create_provider(fresh_db, ProviderInput(Abbr=" DOCE ", LName="Fisher"), KEY)
    assert (p.Abbr, p.LName, p.UsingTIN, p.IsSecondary, p.IsHidden) == (
        "DOCE", "Fisher", True, False, False
    )  # fmt: skip
    assert (p.Specialty, p.FeeSched, p.ProvStatus, p.DateTStamp.date()) == (
        specialty, 0, ProviderStatus.Active, office_today()
    )  # fmt: skip
    assert rows(fresh_db, "provider", ProvNum=p.ProvNum)[0]["ItemOrder"] == 1


def test_every_post_field_is_stored(db: Engine) -> None:
    p = create_provider(
        db,
        ProviderInput(
            Abbr=_abbr(), LName="Fisher", FName="Ethan", MI="Q", Suffix="DDS", FeeSched=0,
            Specialty=0, SSN="123859778", StateLicense="D7601", IsSecondary="true",
            IsHidden=False, UsingTIN="false", SigOnFile=True, NationalProvID="1679608723",
            IsNotPerson="false", IsHiddenReport="TRUE", Birthdate="1987-07-17",
            SchedNote="Root canals only.", PreferredName="Doc E.",
        ),
        KEY,
    )  # fmt: skip
    assert (p.FName, p.MI, p.Suffix, p.SSN, p.StateLicense, p.NationalProvID) == (
        "Ethan", "Q", "DDS", "123859778", "D7601", "1679608723"
    )  # fmt: skip
    assert (p.IsSecondary, p.UsingTIN, p.SigOnFile, p.IsNotPerson, p.IsHiddenReport) == (
        True, False, True, False, True
    )  # fmt: skip
    assert (p.Birthdate, p.SchedNote, p.PreferredName) == (
        date(1987, 7, 17), "Root canals only.", "Doc E."
    )  # fmt: skip
    other = create_provider(db, ProviderInput(Abbr=_abbr(), BirthDate="1970-01-02"), KEY)
    assert other.Birthdate == date(1970, 1, 2)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"Abbr": None}, "Abbr is required."),
        ({"Abbr": " "}, "Abbr is required."),
        ({"Abbr": "DOC"}, "Abbr is already in use by another provider."),
        ({"Abbr": "doc"}, "Abbr is already in use by another provider."),
        ({"LName": "x" * 101}, "LName is too long."),
        ({"FeeSched": 53}, "FeeSched is not supported by odpay."),
        ({"Specialty": 69}, "Specialty is invalid."),
        ({"SSN": "123-85-9778"}, "SSN cannot contain dashes."),
        ({"SSN": "1234567890123"}, "SSN is too long."),
        ({"IsSecondary": "yes"}, "IsSecondary is invalid."),
        ({"Birthdate": "7/17/1987"}, "Birthdate is invalid."),
        ({"IsNotPerson": "true", "FName": "Ethan"}, "FName and MI must be omitted when IsNotPerson is true."),
        ({"IsNotPerson": True, "MI": "Q"}, "FName and MI must be omitted when IsNotPerson is true."),
    ],
)  # fmt: skip
def test_post_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    body = {"Abbr": _abbr(), **fields}
    with pytest.raises(BadRequest) as refused:
        create_provider(db, ProviderInput(**body), KEY)
    assert refused.value.message == message


def test_put_changes_only_the_fields_open_dental_lists(db: Engine) -> None:
    prov = create_provider(db, ProviderInput(Abbr=_abbr(), SchedNote="Mornings"), KEY).ProvNum
    abbr = _abbr()
    p = update_provider(
        db,
        ProviderInput(
            prov_num=prov, Abbr=abbr, FName="Philip", LName="Sherman", PreferredName="Phil",
            NationalProvId="1245319599", StateLicense="183815", SSN="123456789",
            UsingTIN="false", SigOnFile="true", SchedNote="ignored", IsHidden="true",
        ),
        KEY,
    )  # fmt: skip
    assert (p.Abbr, p.FName, p.LName, p.PreferredName, p.NationalProvID) == (
        abbr, "Philip", "Sherman", "Phil", "1245319599"
    )  # fmt: skip
    assert (p.StateLicense, p.SSN, p.UsingTIN, p.SigOnFile) == ("183815", "123456789", False, True)
    assert (p.SchedNote, p.IsHidden) == ("Mornings", False)


def test_put_refusals(db: Engine) -> None:
    prov = create_provider(db, ProviderInput(Abbr=_abbr()), KEY).ProvNum
    for fields, message in (
        ({"Abbr": ""}, "Abbr cannot be blank."),
        ({"Abbr": "DOC"}, "Abbr is already in use by another provider."),
        ({"SSN": "12-3"}, "SSN cannot contain dashes."),
        ({"Specialty": 69}, "Specialty is invalid."),
    ):
        with pytest.raises(BadRequest) as refused:
            update_provider(db, ProviderInput(prov_num=prov, **fields), KEY)
        assert refused.value.message == message
    with pytest.raises(BadRequest) as refused:
        update_provider(db, ProviderInput(prov_num=None), KEY)
    assert refused.value.message == "Provider ID is required."
    with pytest.raises(NotFound) as missing:
        update_provider(db, ProviderInput(prov_num=999999999, body_error="Invalid JSON."), KEY)
    assert missing.value.message == "Provider not found."
    with pytest.raises(BadRequest) as refused:
        update_provider(db, ProviderInput(prov_num=prov, body_error="Invalid JSON."), KEY)
    assert refused.value.message == "Invalid JSON."


def test_put_keeps_its_own_abbr_and_writes_nothing_unchanged(db: Engine) -> None:
    abbr = _abbr()
    prov = create_provider(db, ProviderInput(Abbr=abbr), KEY).ProvNum
    p = update_provider(db, ProviderInput(prov_num=prov, Abbr=abbr.lower()), KEY)
    assert p.Abbr == abbr.lower()
    old = datetime(2016, 3, 3, 13, 10, 47)
    set_row(db, "provider", prov, DateTStamp=old)
    update_provider(db, ProviderInput(prov_num=prov, Abbr=abbr.lower(), LName=""), KEY)
    assert rows(db, "provider", ProvNum=prov)[0]["DateTStamp"] == old


def test_get_of_a_missing_provider_is_not_found(db: Engine) -> None:
    with pytest.raises(NotFound) as missing:
        get_provider(db, 999999999)
    assert missing.value.message == "Provider not found."


def test_list_filters_by_change_time_and_clinic(fresh_db: Engine) -> None:
    set_row(fresh_db, "provider", 1, DateTStamp=datetime(2021, 1, 1))
    newer = add(fresh_db, "provider", Abbr="HYG1", DateTStamp=datetime(2021, 8, 15, 13, 18, 51))
    hidden = add(fresh_db, "provider", Abbr="OLD", IsHidden=1, DateTStamp=datetime(2021, 9, 1))
    everyone, now = list_providers(fresh_db, {})
    assert ([p.ProvNum for p in everyone], now is not None) == ([1, newer, hidden], True)
    changed, _ = list_providers(fresh_db, {"DateTStamp": "2021-08-01 05:30:00"})
    assert [p.ProvNum for p in changed] == [newer, hidden]
    clinic = add(fresh_db, "clinic", Abbr="C4")
    for_clinic, no_time = list_providers(fresh_db, {"ClinicNum": str(clinic)})
    assert ([p.ProvNum for p in for_clinic], no_time) == ([1, newer], None)
    with pytest.raises(NotFound) as missing:
        list_providers(fresh_db, {"ClinicNum": "999"})
    assert missing.value.message == "Clinic not found"
    with pytest.raises(BadRequest) as refused:
        list_providers(fresh_db, {"DateTStamp": "2021-08-01T05:30:00"})
    assert refused.value.message == "DateTStamp format must be yyyy-MM-dd HH:mm:ss"
