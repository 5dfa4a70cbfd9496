"""load_family(): the superset `Family` promises, in primary-key order, in a fixed number of
statements whatever the family's size (allocation.md §2)."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from odpay.db.ledger.family import get_payplan, load_family, load_family_to_allocate
from odpay.db.practice.cache import load_prefs
from odpay.domain.allocation import PaymentRequest, auto_split
from odpay.domain.family import Family
from odpay.domain.ledger import build_ledger
from odpay.domain.outstanding import outstanding
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    Definition,
    Patient,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PaySplit,
    Procedure,
)
from tests.factories import add, adjustment, patient, payment, procedure, rows, set_row, split


def day(text: str) -> date:
    """Dates as text read better; factories.adjustment stores what it is given (a date)."""
    return date.fromisoformat(text)


def _load(db: Engine, pat_num: int) -> Family:
    with db.connect() as conn:
        family = load_family(conn, pat_num)
    assert family is not None
    return family


def _split(db: Engine, PatNum: int, amount: str, **cols: Any) -> int:
    """A split of a payment of its own, for `amount`."""
    return split(db, payment(db, PatNum, amount), PatNum, amount, **cols)


def _plan(db: Engine, PatNum: int, Guarantor: int, **cols: Any) -> int:
    cols.setdefault("IsDynamic", 1)
    return add(db, "payplan", PatNum=PatNum, Guarantor=Guarantor, **cols)


def test_an_unknown_patient_gives_no_family(db: Engine) -> None:
    with db.connect() as conn:
        assert load_family(conn, 987654321) is None


def test_members_are_every_patient_of_the_guarantor_whatever_their_status(db: Engine) -> None:
    head = patient(db, LName="Head", FName="Ann", PriProv=2, ClinicNum=0)
    deleted = patient(db, head, PatStatus=4, LName="Gone", FName="Bo")
    archived = patient(db, head, PatStatus=3, LName="Old", FName="Cy")
    patient(db, LName="Other", FName="Family")  # another family entirely

    family = _load(db, archived)

    assert family.payer == Patient(archived, head, 3, 1, 0, "Old", "Cy")
    assert family.members == (
        Patient(head, head, 0, 2, 0, "Head", "Ann"),
        Patient(deleted, head, 4, 1, 0, "Gone", "Bo"),
        Patient(archived, head, 3, 1, 0, "Old", "Cy"),
    )
    assert family.guarantor == head
    assert family.member_nums == {head, deleted, archived}


def test_a_guarantor_of_zero_is_read_as_the_patient_itself(db: Engine) -> None:
    head = patient(db)
    set_row(db, "patient", head, Guarantor=0)
    child = patient(db, head)
    loner = patient(db)
    set_row(db, "patient", loner, Guarantor=0)

    assert [m.PatNum for m in _load(db, child).members] == [head, child]
    assert [m.PatNum for m in _load(db, head).members] == [head, child]
    assert [m.PatNum for m in _load(db, loner).members] == [loner]


def test_family_procedures_are_those_complete_or_treatment_planned_with_their_code(
    db: Engine,
) -> None:
    head = patient(db)
    child = patient(db, head)
    code = add(db, "procedurecode", ProcCode="D1110")
    done = procedure(
        db, child, "129.99", "2024-01-05", CodeNum=code, ProvNum=2, ClinicNum=3, UnitQty=2
    )
    planned = procedure(
        db, head, "80.005", "2024-02-01", ProcStatus=1, Discount="5.50", DiscountPlanAmt="1.25"
    )
    no_code = procedure(db, head, "10.00", "2024-02-02", CodeNum=999999, BaseUnits=1)
    for status in (3, 4, 5, 6, 7, 8):  # EC, EO, R, D, Cn, TPi: not ledger charges
        procedure(db, head, "1.00", "2024-02-03", ProcStatus=status)
    other = patient(db)
    procedure(db, other, "50.00", "2024-01-01")

    family = _load(db, head)

    assert family.procedures == (
        Procedure(
            done, child, date(2024, 1, 5), Decimal("129.99"), 2, 2, 3, code, 2, 0,
            Decimal("0.00"), Decimal("0.00"), "D1110",
        ),
        Procedure(
            planned, head, date(2024, 2, 1), Decimal("80.00"), 1, 1, 0, 0, 1, 0,
            Decimal("5.50"), Decimal("1.25"), "",
        ),
        Procedure(
            no_code, head, date(2024, 2, 2), Decimal("10.00"), 2, 1, 0, 999999, 1, 1,
            Decimal("0.00"), Decimal("0.00"), "",
        ),
    )  # fmt: skip


def test_family_adjustments_claimprocs_and_splits_are_read_with_every_column_used(
    db: Engine,
) -> None:
    head = patient(db)
    proc = procedure(db, head, "200.00", "2024-03-01")
    adj = adjustment(db, head, "-30.00", day("2024-03-02"), ProcNum=proc, ProvNum=2, ClinicNum=4)
    claim = add(
        db, "claimproc", ProcNum=proc, PatNum=head, Status=6, ClaimNum=7, ProvNum=1,
        ClinicNum=4, InsPayEst="120.00", InsPayAmt="0", WriteOff="0", NoBillIns=1,
        PayPlanNum=0,
    )  # fmt: skip
    split = _split(
        db, head, "50.00", ProcNum=proc, ProvNum=1, ClinicNum=4, UnearnedType=0, DatePay=date(2024, 3, 1),
        DateEntry=date(2024, 3, 5), SecDateTEdit=datetime(2024, 3, 5, 9, 30, 0),
    )  # fmt: skip
    pay_num = rows(db, "paysplit", SplitNum=split)[0]["PayNum"]

    family = _load(db, head)

    assert family.adjustments == (
        Adjustment(adj, head, date(2024, 3, 2), Decimal("-30.00"), 2, 4, proc),
    )
    assert family.claimprocs == (
        ClaimProc(
            claim, proc, head, 6, 7, 1, 4, Decimal("120.00"), Decimal("0.00"), Decimal("0.00"),
            Decimal("-1.00"), Decimal("-1.00"), True, 0,
        ),
    )  # fmt: skip
    assert family.paysplits == (
        PaySplit(
            Decimal("50.00"), head, date(2024, 3, 1), 1, 4, proc, SplitNum=split,
            PayNum=pay_num, DateEntry=date(2024, 3, 5), SecDateTEdit=datetime(2024, 3, 5, 9, 30),
        ),
    )  # fmt: skip


def test_plans_are_those_of_family_patients_or_guaranteed_by_the_payer(db: Engine) -> None:
    head = patient(db)
    child = patient(db, head)
    outsider = patient(db)
    own = _plan(db, child, outsider, IsClosed=1, DynamicPayPlanTPOption=2)
    guaranteed = _plan(db, outsider, head)
    insurance = _plan(db, head, head, PlanNum=12, IsDynamic=0)
    by_child = _plan(db, outsider, child)  # guaranteed by a member who is not the payer
    _plan(db, outsider, outsider)

    family = _load(db, head)

    assert family.payplans == (
        PayPlan(own, child, outsider, 0, True, True, 2),
        PayPlan(guaranteed, outsider, head, 0, False, True, 0),
        PayPlan(insurance, head, head, 12, False, False, 0),
    )
    assert [p.PayPlanNum for p in _load(db, child).payplans] == [own, insurance, by_child]


def test_charges_and_links_are_every_row_of_the_loaded_plans(db: Engine) -> None:
    head = patient(db)
    outsider = patient(db)
    plan = _plan(db, head, head)
    other_plan = _plan(db, outsider, outsider)
    charge = add(
        db, "payplancharge", PayPlanNum=plan, Guarantor=head, PatNum=head,
        ChargeDate=date(2024, 5, 1), Principal="100.00", Interest="2.50", ProvNum=1,
        ClinicNum=2, ChargeType=0, ProcNum=0, FKey=0, LinkType=0, IsOffset=1,
    )  # fmt: skip
    credit = add(
        db, "payplancharge", PayPlanNum=plan, Guarantor=head, PatNum=head,
        ChargeDate=date(2024, 4, 1), Principal="300.00", ChargeType=1,
    )  # fmt: skip
    link = add(
        db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=5, AmountOverride="40.00",
        SecDateTEntry=datetime(2024, 4, 1, 8, 0, 0),
    )  # fmt: skip
    add(db, "payplancharge", PayPlanNum=other_plan, Guarantor=outsider, Principal="9.00")
    add(db, "payplanlink", PayPlanNum=other_plan, LinkType=2, FKey=5)

    family = _load(db, head)

    assert family.payplancharges == (
        PayPlanCharge(
            charge, plan, head, head, date(2024, 5, 1), Decimal("100.00"), Decimal("2.50"),
            1, 2, 0, 0, 0, 0, True,
        ),
        PayPlanCharge(
            credit, plan, head, head, date(2024, 4, 1), Decimal("300.00"), Decimal("0.00"),
            0, 0, 1, 0, 0, 0, False,
        ),
    )  # fmt: skip
    assert family.payplanlinks == (
        PayPlanLink(link, plan, 2, 5, Decimal("40.00"), datetime(2024, 4, 1, 8, 0, 0)),
    )


def test_production_of_a_plan_outside_the_family_is_loaded_with_its_rows(db: Engine) -> None:
    head = patient(db)
    outsider = patient(db)
    plan = _plan(db, outsider, head)
    linked = procedure(db, outsider, "100.00", "2024-01-10", ProcStatus=1)
    by_charge = procedure(db, outsider, "60.00", "2024-01-11", ProcStatus=6)
    by_charge_fkey = procedure(db, outsider, "70.00", "2024-01-12")
    unlinked = procedure(db, outsider, "999.00", "2024-01-13")
    on_linked = adjustment(db, outsider, "15.00", day("2024-01-14"), ProcNum=linked)
    adj_link = adjustment(db, outsider, "25.00", day("2024-01-15"))
    adj_charge = adjustment(db, outsider, "35.00", day("2024-01-16"))
    adjustment(db, outsider, "45.00", day("2024-01-17"))  # not linked
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=linked)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=1, FKey=adj_link)
    add(db, "payplancharge", PayPlanNum=plan, Guarantor=head, PatNum=outsider, ProcNum=by_charge)
    add(
        db, "payplancharge", PayPlanNum=plan, Guarantor=head, PatNum=outsider, LinkType=2,
        FKey=by_charge_fkey,
    )  # fmt: skip
    add(
        db, "payplancharge", PayPlanNum=plan, Guarantor=head, PatNum=outsider, LinkType=1,
        FKey=adj_charge,
    )  # fmt: skip
    third = patient(db)  # a claimproc of another patient on linked production still counts
    claim = add(db, "claimproc", ProcNum=linked, PatNum=third, Status=1, InsPayAmt="10.00")
    add(db, "claimproc", ProcNum=unlinked, PatNum=outsider, Status=1, InsPayAmt="10.00")
    add(db, "claimproc", ProcNum=0, PatNum=outsider, Status=1, InsPayAmt="10.00")

    family = _load(db, head)

    assert [p.ProcNum for p in family.procedures] == [linked, by_charge, by_charge_fkey]
    assert [a.AdjNum for a in family.adjustments] == [on_linked, adj_link, adj_charge]
    assert [c.ClaimProcNum for c in family.claimprocs] == [claim]


def test_splits_are_the_familys_its_plans_and_those_on_loaded_production(db: Engine) -> None:
    head = patient(db)
    outsider = patient(db)
    stranger = patient(db)
    plan = _plan(db, outsider, head)
    family_proc = procedure(db, head, "100.00", "2024-01-10")
    linked = procedure(db, outsider, "100.00", "2024-01-10")
    attached = adjustment(db, outsider, "20.00", day("2024-01-11"), ProcNum=linked)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=linked)
    unrelated = procedure(db, stranger, "10.00", "2024-01-10")

    own = _split(db, head, "5.00")
    on_plan = _split(db, stranger, "6.00", PayPlanNum=plan)
    on_family_proc = _split(db, stranger, "7.00", ProcNum=family_proc)
    on_linked = _split(db, stranger, "8.00", ProcNum=linked)
    on_adj = _split(db, stranger, "9.00", AdjNum=attached)
    everything = _split(db, head, "1.00", PayPlanNum=plan, ProcNum=linked, AdjNum=attached)
    _split(db, stranger, "11.00", ProcNum=unrelated)
    _split(db, stranger, "12.00")

    family = _load(db, head)

    assert [s.SplitNum for s in family.paysplits] == [
        own,
        on_plan,
        on_family_proc,
        on_linked,
        on_adj,
        everything,
    ]


def test_definitions_are_the_unearned_types_and_providers_are_all(db: Engine) -> None:
    family = _load(db, patient(db))

    assert family.definitions[:3] == (
        Definition(283, 29, "Prepayment", "", False, 0),
        Definition(299, 29, "Treat Plan Prepayment", "X", False, 1),
        Definition(308, 29, "Payment Plan Prepay", "X", False, 2),
    )
    assert all(d.Category == 29 for d in family.definitions)
    assert family.providers[0].ProvNum == 1
    assert len(family.providers) == len({p.ProvNum for p in family.providers})


def test_a_plan_is_found_by_its_key_alone(db: Engine) -> None:
    pat, guarantor = patient(db), patient(db)
    plan = _plan(db, pat, guarantor, PlanNum=3, IsClosed=1, IsDynamic=0)

    with db.connect() as conn:
        assert get_payplan(conn, plan) == PayPlan(plan, pat, guarantor, 3, True, False, 0)
        assert get_payplan(conn, 10**15) is None


def test_the_family_to_allocate_splits_a_payment_as_the_whole_family_does(db: Engine) -> None:
    """load_family_to_allocate leaves out, in a family without plans, the rows of other
    patients on the members' procedures: the engine gives the same splits without them, for
    payments that leave old credit, pay first, prefer the payer, or end in unearned, and
    Partial the same outstanding amounts with any of the payments left out."""
    head = patient(db)
    child = patient(db, head)
    outsider = patient(db)
    first = procedure(db, head, "100.00", "2024-01-10", ProvNum=2)
    second = procedure(db, child, "60.00", "2024-02-10")
    third = procedure(db, child, "40.00", "2024-03-10", ProvNum=2)
    not_theirs = procedure(db, outsider, "70.00", "2024-01-05")
    # Another patient's rows on the members' procedures.
    on_first = adjustment(db, outsider, "-15.00", day("2024-01-11"), ProcNum=first)
    _split(db, outsider, "9.00", ProcNum=second)
    _split(db, outsider, "4.00", AdjNum=on_first)
    add(db, "claimproc", PatNum=outsider, ProcNum=third, Status=6, InsPayEst="20.00")
    # The members' own, some on another patient's procedure.
    _split(db, child, "12.00", ProcNum=not_theirs)
    _split(db, head, "25.00")  # unattached: paid the oldest charge
    _split(db, child, "30.00", UnearnedType=288)
    adjustment(db, head, "-5.00", day("2024-02-11"))
    add(db, "claimproc", PatNum=child, ProcNum=0, Status=1, InsPayAmt="8.00", ClaimNum=1)

    requests = [
        PaymentRequest(PatNum=head, PayAmt=Decimal(amount), PayDate=day("2024-04-01"), ClinicNum=0)
        for amount in ("10.00", "75.00", "500.00", "-20.00")
    ]
    requests += [
        PaymentRequest(head, Decimal("50.00"), day("2024-04-01"), 0, isPatientPreferred=True),
        PaymentRequest(child, Decimal("50.00"), day("2024-04-01"), 0, procNums=(third,)),
    ]
    with db.connect() as conn:
        prefs = load_prefs(conn)
        for request in requests:
            whole = load_family(conn, request.PatNum)
            assert whole is not None
            to_allocate = load_family_to_allocate(conn, whole.payer)
            assert to_allocate != whole  # the other patient's rows are left out
            today = day("2024-04-01")
            expected = auto_split(whole, prefs, request, today)
            assert auto_split(to_allocate, prefs, request, today) == expected, request
            assert build_ledger(to_allocate, prefs, today) == build_ledger(whole, prefs, today)
            for pay_num in {s.PayNum for s in whole.paysplits}:  # Partial leaves one out
                assert outstanding(to_allocate, prefs, today, pay_num) == outstanding(
                    whole, prefs, today, pay_num
                ), pay_num


def test_the_family_to_allocate_holds_each_members_own_rows_whatever_the_familys_size(
    db: Engine,
) -> None:
    """Families of one, three, 64 and 65 members (MariaDB reads up to 64 by a list of their
    PatNums, more by the members' subquery): the members' own rows, each once, in order."""
    outsider = patient(db)
    for size in (1, 3, 64, 65):
        head = patient(db)
        members = [head] + [patient(db, head) for _ in range(size - 1)]
        for pat_num in dict.fromkeys((members[0], members[-1])):
            proc = procedure(db, pat_num, "50.00", "2024-01-10")
            adjustment(db, pat_num, "-5.00", day("2024-01-11"))
            add(db, "claimproc", PatNum=pat_num, ProcNum=proc, Status=6, InsPayEst="20.00")
            _split(db, pat_num, "7.00", ProcNum=proc)
            _split(db, outsider, "3.00", ProcNum=proc)
        whole = _load(db, members[size // 2])
        with db.connect() as conn:
            to_allocate = load_family_to_allocate(conn, whole.payer)
        own = set(members)
        assert len(whole.members) == size
        assert to_allocate == replace(
            whole, paysplits=tuple(s for s in whole.paysplits if s.PatNum in own)
        ), size
        rows_each = 2 if size > 1 else 1  # the first member's and the last one's
        assert len(to_allocate.procedures) == len(to_allocate.adjustments) == rows_each, size
        assert len(to_allocate.claimprocs) == len(to_allocate.paysplits) == rows_each, size
