"""Practice-wide rows (preferences, definitions, providers, clinics), read once per change.

A request reads `odpay_state` once (`odpay.db.state`); while its PracticeVersion stands still
the rows come from this process's copy, so the look-ups below cost no statement. Every odpay
write to these tables moves the version on (`practice_changed`). A change made by another
program (Open Dental itself, on a shared database) is seen after at most MAX_AGE_SECONDS
(docs/decisions.md "Versions").
"""

import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select

from odpay.db.schema import clinic, definition, patient, preference, provider
from odpay.db.sql import Records
from odpay.db.state import PRACTICE_WRITTEN_OPTION, State, read_state
from odpay.domain.prefs import Prefs
from odpay.domain.records import Definition, Patient, Provider

MAX_AGE_SECONDS = 5.0
# Execution option under which a transaction keeps the odpay_state it read when it began.
STATE_OPTION = "odpay_state"


@dataclass(frozen=True, slots=True)
class Practice:
    prefs: Prefs
    definitions: dict[int, Definition]  # by DefNum, hidden ones included
    providers: tuple[Provider, ...]  # by ProvNum
    clinics: dict[int, str]  # ClinicNum -> Abbr, hidden clinics included
    by_category: dict[int, tuple[Definition, ...]] = field(init=False)
    provider_nums: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        grouped: dict[int, list[Definition]] = {}
        for found in self.definitions.values():
            grouped.setdefault(found.Category, []).append(found)
        object.__setattr__(self, "by_category", {k: tuple(v) for k, v in grouped.items()})
        object.__setattr__(self, "provider_nums", frozenset(p.ProvNum for p in self.providers))


@dataclass(frozen=True, slots=True)
class _Copy:
    version: int
    loaded_at: float
    practice: Practice


_copies: "weakref.WeakKeyDictionary[Engine, _Copy]" = weakref.WeakKeyDictionary()
_copies_lock = threading.Lock()


def transaction_state(conn: Connection) -> State:
    """The odpay_state this transaction began with (read now if the runner did not)."""
    state: State | None = conn.get_execution_options().get(STATE_OPTION)
    return state if state is not None else read_state(conn)


def current_practice(conn: Connection) -> Practice:
    """The practice rows as of this transaction's PracticeVersion."""
    if conn.get_execution_options().get(PRACTICE_WRITTEN_OPTION):
        return _load_practice(conn)  # this transaction's own rows, not yet anyone else's
    version = transaction_state(conn).PracticeVersion
    copy = _copies.get(conn.engine)
    if (
        copy is not None
        and copy.version == version
        and time.monotonic() - copy.loaded_at < MAX_AGE_SECONDS
    ):
        return copy.practice
    practice = _load_practice(conn)
    with _copies_lock:
        _copies[conn.engine] = _Copy(version, time.monotonic(), practice)
    return practice


def _load_practice(conn: Connection) -> Practice:
    prefs = Prefs.from_values({r.PrefName: r.ValueString for r in conn.execute(_PREFERENCES)})
    definitions = {int(r.DefNum): definition_record(r) for r in conn.execute(_DEFINITIONS)}
    providers = tuple(
        Provider(int(r.ProvNum), r.Abbr, int(r.ItemOrder), bool(r.IsHidden))
        for r in conn.execute(_PROVIDERS)
    )
    clinics = {int(r.ClinicNum): str(r.Abbr) for r in conn.execute(_CLINICS)}
    return Practice(prefs, definitions, providers, clinics)


_PREFERENCES = select(preference.c.PrefName, preference.c.ValueString)
_DEFINITIONS = select(definition).order_by(definition.c.DefNum)
_PROVIDERS = select(
    provider.c.ProvNum, provider.c.Abbr, provider.c.ItemOrder, provider.c.IsHidden
).order_by(provider.c.ProvNum)
_CLINICS = select(clinic.c.ClinicNum, clinic.c.Abbr)


def load_prefs(conn: Connection) -> Prefs:
    return current_practice(conn).prefs


def get_definition(conn: Connection, def_num: int, category: int) -> Definition | None:
    """The definition `def_num` if it is in `category` (hidden ones included)."""
    found = current_practice(conn).definitions.get(def_num)
    return found if found is not None and found.Category == category else None


def definition_names(conn: Connection, category: int) -> dict[int, str]:
    """DefNum -> ItemName for every definition of `category`, hidden ones included."""
    return {d.DefNum: d.ItemName for d in definitions_of(conn, category)}


def definitions_of(conn: Connection, category: int) -> tuple[Definition, ...]:
    """The definitions of `category` by DefNum, hidden ones included."""
    return current_practice(conn).by_category.get(category, ())


def definition_record(row: Any) -> Definition:
    r = row
    return Definition(
        DefNum=int(r.DefNum),
        Category=int(r.Category),
        ItemName=r.ItemName,
        ItemValue=r.ItemValue,
        IsHidden=bool(r.IsHidden),
        ItemOrder=int(r.ItemOrder),
    )


def get_patient(conn: Connection, pat_num: int) -> Patient | None:
    return _PATIENT.first(conn, PatNum=pat_num)


PATIENT_COLUMNS = (
    patient.c.PatNum,
    patient.c.Guarantor,
    patient.c.PatStatus,
    patient.c.PriProv,
    patient.c.ClinicNum,
    patient.c.LName,
    patient.c.FName,
)


_PATIENT = Records(Patient, select(*PATIENT_COLUMNS).where(patient.c.PatNum == bindparam("PatNum")))


def clinic_abbr(conn: Connection, clinic_num: int) -> str | None:
    """The clinic's Abbr, or None when there is no such clinic (hidden clinics count)."""
    return current_practice(conn).clinics.get(clinic_num)


def provider_exists(conn: Connection, prov_num: int) -> bool:
    return prov_num in current_practice(conn).provider_nums


def all_providers(conn: Connection) -> tuple[Provider, ...]:
    return current_practice(conn).providers
