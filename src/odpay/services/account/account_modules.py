"""GET /accountmodules/{PatNum}/Aging, /PatientBalances and /ServiceDateView.

Spec: Open Dental's API AccountModules page. The figures come from `odpay.domain.balances` and
`odpay.domain.service_date_view`, both read from the engine's ledger (docs/decisions.md lists
where they differ from Open Dental's own aging). Messages as payments.md §1.1.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Connection, Engine

from odpay.db.ledger.family import load_family
from odpay.db.practice.cache import load_prefs
from odpay.domain.balances import Aging, family_balances
from odpay.domain.family import Family
from odpay.domain.prefs import Prefs
from odpay.domain.service_date_view import Row, service_date_rows
from odpay.services.clock import office_today
from odpay.services.patient_checks import existing_patient, refuse_deleted
from odpay.services.query_params import query_flag
from odpay.services.transaction import read_transaction

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AgingView:
    aging: Aging
    InsEst: Decimal
    EstBal: Decimal
    PatEstBal: Decimal
    Unearned: Decimal


@dataclass(frozen=True, slots=True)
class PatientBalance:
    PatNum: int
    Name: str
    Balance: Decimal


@dataclass(frozen=True, slots=True)
class ServiceDateLine:
    row: Row
    patient_name: str  # the patient's FName; "" for totals
    provider_abbr: str  # "" when the row has no provider


def aging(engine: Engine, pat_num: int) -> AgingView:
    def work(family: Family, prefs: Prefs) -> AgingView:
        found = family_balances(family, prefs, office_today())
        return AgingView(
            found.aging, found.InsEst, found.EstBal, found.patient_est[pat_num], found.Unearned
        )

    return _with_family(engine, pat_num, work)


def patient_balances(engine: Engine, pat_num: int) -> list[PatientBalance]:
    """Each member (the guarantor first, then by PatNum) and the entire family's total."""

    def work(family: Family, prefs: Prefs) -> list[PatientBalance]:
        balances = family_balances(family, prefs, office_today()).patient_est
        guarantor = family.guarantor
        members = sorted(family.members, key=lambda p: (p.PatNum != guarantor, p.PatNum))
        lines = [
            PatientBalance(p.PatNum, f"{p.LName}, {p.FName}", balances[p.PatNum]) for p in members
        ]
        total = sum((line.Balance for line in lines), Decimal("0.00"))
        return [*lines, PatientBalance(guarantor, "Entire Family", total)]

    return _with_family(engine, pat_num, work)


def service_date_view(engine: Engine, pat_num: int, isFamily: str | None) -> list[ServiceDateLine]:
    """The patient's rows, or the whole family's when isFamily is "true" (any letter case)."""
    whole_family = query_flag(isFamily)

    def work(family: Family, prefs: Prefs) -> list[ServiceDateLine]:
        chosen = family.member_nums if whole_family else {pat_num}
        names = {p.PatNum: p.FName for p in family.members}
        abbrs = {p.ProvNum: p.Abbr for p in family.providers}
        return [
            ServiceDateLine(
                row,
                names.get(row.PatNum, "") if row.PatNum else "",
                abbrs.get(row.ProvNum, "") if row.ProvNum else "",
            )
            for row in service_date_rows(family, prefs, office_today(), chosen)
        ]

    return _with_family(engine, pat_num, work)


def _with_family(engine: Engine, pat_num: int, work: Callable[[Family, Prefs], T]) -> T:
    def read(conn: Connection) -> T:
        family = existing_patient(load_family(conn, pat_num))
        refuse_deleted(family.payer)
        return work(family, load_prefs(conn))

    return read_transaction(engine, read)
