"""The demo practice: deterministic for a seed, consistent with the engine, and every family
can take a payment whose splits the balances then show."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, select

from odpay.db.ledger.family import load_family
from odpay.db.practice.cache import load_prefs
from odpay.db.schema import patient
from odpay.demo.practice import DemoReport, load_demo
from odpay.domain.balances import family_balances
from odpay.domain.outstanding import outstanding
from odpay.services.clock import office_now, office_today
from odpay.services.inputs import PaymentInput
from odpay.services.payments.create_payment import create_payment
from tests.conftest import create_test_database
from tests.factories import KEY, rows

TABLES = (
    "patient",
    "procedurelog",
    "claimproc",
    "adjustment",
    "payment",
    "paysplit",
    "payplan",
    "payplancharge",
    "payplanlink",
)


def guarantors(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        found = conn.execute(
            select(patient.c.PatNum)
            .where(patient.c.PatNum == patient.c.Guarantor)
            .order_by(patient.c.PatNum)
        )
        return [int(r.PatNum) for r in found]


# The demo's own rows: its families, its procedure codes and their categories.
DEMO_TABLES = (*TABLES, "procedurecode", "definition")


def snapshot(engine: Engine) -> dict[str, list[dict[str, object]]]:
    """Every demo row, every column."""
    return {t: rows(engine, t) for t in DEMO_TABLES}


def test_the_same_seed_gives_the_same_practice(fresh_db: Engine, tmp_path: Path) -> None:
    backend = "mariadb" if fresh_db.dialect.name in ("mysql", "mariadb") else fresh_db.dialect.name
    other, drop = create_test_database(backend, tmp_path)
    try:
        # A `now` in the past: a column the database stamped with its own clock (its
        # CURRENT_TIMESTAMP default) would read later than it, whenever the test runs.
        now = datetime(2024, 3, 10, 8, 0, 0)
        first = load_demo(fresh_db, 12, seed=42, now=now, batch=5)
        second = load_demo(other, 12, seed=42, now=now)
        assert first == second
        practice = snapshot(fresh_db)
        assert practice == snapshot(other)
        assert all(practice[t] for t in DEMO_TABLES)
        stamps = [
            v for t in DEMO_TABLES for r in practice[t] for v in r.values()
            if isinstance(v, datetime)
        ]  # fmt: skip
        assert stamps
        assert max(stamps) == now
    finally:
        drop()  # type: ignore[operator]


def test_procedure_codes_are_filed_under_categories_of_their_cdt_family(fresh_db: Engine) -> None:
    load_demo(fresh_db, 1, seed=1, now=office_now())
    categories = {d["DefNum"]: d["ItemName"] for d in rows(fresh_db, "definition", Category=11)}
    assert list(categories.values()) == [
        "Exams & Xrays", "Cleanings", "Restorative", "Endo", "Perio", "Oral Surgery"
    ]  # fmt: skip
    filed = {c["ProcCode"]: categories[c["ProcCat"]] for c in rows(fresh_db, "procedurecode")}
    assert (filed["D0120"], filed["D1110"], filed["D2740"], filed["D3330"]) == (
        "Exams & Xrays", "Cleanings", "Restorative", "Endo"
    )  # fmt: skip
    assert (filed["D4341"], filed["D7140"], len(filed)) == ("Perio", "Oral Surgery", 20)
    load_demo(fresh_db, 1, seed=2, now=office_now())
    assert len(rows(fresh_db, "definition", Category=11)) == 6
    assert len(rows(fresh_db, "procedurecode")) == 20


def test_with_clinics_every_row_belongs_to_one_of_the_two_clinics(fresh_db: Engine) -> None:
    load_demo(fresh_db, 10, seed=5, now=office_now(), clinics=True)
    clinic_nums = {c["ClinicNum"] for c in rows(fresh_db, "clinic")}
    assert [c["Abbr"] for c in rows(fresh_db, "clinic")] == ["NORTH", "SOUTH"]
    assert rows(fresh_db, "preference", PrefName="EasyNoClinics")[0]["ValueString"] == "0"
    for table in ("patient", "procedurelog", "payment", "paysplit", "adjustment"):
        assert {r["ClinicNum"] for r in rows(fresh_db, table)} <= clinic_nums
    for head in guarantors(fresh_db):
        paid = create_payment(fresh_db, PaymentInput(PayAmt="40.00", PatNum=head), KEY)
        splits = rows(fresh_db, "paysplit", PayNum=paid.payment.PayNum)
        assert sum(Decimal(repr(s["SplitAmt"])) for s in splits) == Decimal("40.00")


def test_every_family_can_pay_and_its_balance_falls_by_the_payment(fresh_db: Engine) -> None:
    report = load_demo(fresh_db, 30, seed=3, now=office_now(), batch=7)
    assert isinstance(report, DemoReport)
    assert report.families == 30
    assert all(report.rows[t] > 0 for t in TABLES)
    heads = guarantors(fresh_db)
    assert len(heads) == 30
    today = office_today()
    for head in heads:
        with fresh_db.connect() as conn:
            family = load_family(conn, head)
            prefs = load_prefs(conn)
        assert family is not None
        # The demo never pays a procedure beyond what it owes.
        assert all(owed >= 0 for owed in outstanding(family, prefs, today).procedures.values())
        before = family_balances(family, prefs, today)
        amount = before.EstBal if before.EstBal > 0 else Decimal("25.00")
        paid = create_payment(fresh_db, PaymentInput(PayAmt=str(amount), PatNum=head), KEY)
        splits = rows(fresh_db, "paysplit", PayNum=paid.payment.PayNum)
        assert sum(Decimal(repr(s["SplitAmt"])) for s in splits) == amount
        with fresh_db.connect() as conn:
            family = load_family(conn, head)
        assert family is not None
        after = family_balances(family, prefs, today)
        assert after.EstBal == before.EstBal - amount
        assert sum(after.patient_est.values()) == after.EstBal
