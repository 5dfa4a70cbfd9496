"""load_family(): a payer's family and the rows around it, in a fixed number of queries.

Spec: allocation.md §2 (what the ledger reads); the superset loaded is the one promised by
`odpay.domain.family.Family`. Every set of keys is an IN subquery, never a literal IN list, so
a family of any size costs the same statements and meets no parameter limit.
"""

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ARRAY,
    Connection,
    Select,
    Table,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    union,
    union_all,
)

from odpay.db.practice.cache import PATIENT_COLUMNS, all_providers, definitions_of, get_patient
from odpay.db.rows import columns_of, record_reader
from odpay.db.schema import (
    adjustment,
    claimproc,
    patient,
    payplan,
    payplancharge,
    payplanlink,
    paysplit,
    procedurecode,
    procedurelog,
)
from odpay.db.sql import Records, Sql, read_together, rows_together, sends_together
from odpay.db.state import PATIENTS_FAMILY_BUMP, odpay_family, patients_family_upsert
from odpay.db.types import BIGINT
from odpay.domain.enums import DefCat, PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    Patient,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PaySplit,
    Procedure,
)

R = TypeVar("R")
_LEDGER_STATUSES = (ProcStat.TP, ProcStat.C)
_IN_LIST_CHUNK = 500


@dataclass(frozen=True, slots=True)
class LockedFamily:
    """What the family lock read with the payer (odpay.db.locks.lock_payer): the members;
    whether a payment plan is a member's or guaranteed by the payer (else no plan is read);
    whether any adjustment, any claimproc, is a member's own (else, in a family without plans,
    `load_family_to_allocate` reads none)."""

    members: tuple[Patient, ...]
    has_plans: bool
    has_adjustments: bool = True
    has_claimprocs: bool = True


def load_family(conn: Connection, pat_num: int, payer: Patient | None = None) -> Family | None:
    """The family of patient `pat_num` (None when there is no such patient), with every row
    `Family` promises.

    Seven statements whatever the family's size, nine when it has payment plans; one fewer
    when the caller already holds the `payer` row. On MariaDB the statements after the plans
    go to the server in one round trip. Call it after `lock_family`, so the rows cannot change
    before a write that uses them.
    """
    if payer is None:
        payer = get_patient(conn, pat_num)
        if payer is None:
            return None
    return _load(conn, payer, None, _WITHOUT_PLANS)


def load_family_to_allocate(
    conn: Connection, payer: Patient, locked: LockedFamily | None = None
) -> Family:
    """The family of `payer` as the allocation engine reads it (`odpay.domain.ledger`).

    A family with payment plans is read whole, as `load_family` reads it. In one without, the
    engine reads only the members' own procedures, adjustments, claimprocs and splits
    (allocation.md §2.1, §2.2, §2.5), so only those are read: the rows of other patients on
    the members' procedures are left out, and finding them was half the database's work for
    the family's splits (bench/RESULTS.md, ninth session). With what the family lock read
    (`locked`, odpay.db.locks.lock_payer), the members are not read again, the plans only when
    one can be the family's, and the adjustments and the claimprocs only when a member has any.
    """
    return _load(conn, payer, locked, _MEMBERS_OWN)


def _load(
    conn: Connection, payer: Patient, locked: LockedFamily | None, without_plans: "_Ledger"
) -> Family:
    keys: dict[str, Any] = {"guarantor": payer.family_guarantor, "payer": payer.PatNum}
    if locked is None:
        locked = LockedFamily(tuple(_MEMBERS.all(conn, guarantor=payer.family_guarantor)), True)
    member_nums = [member.PatNum for member in locked.members]
    ledger_keys = {**keys, "member_nums": member_nums}
    plans = tuple(_PLANS.all(conn, **keys)) if locked.has_plans else ()
    # What the plans name is not in the lock's flags: with plans, every statement runs.
    ledger = _WITH_PLANS if plans else without_plans
    size = _listed_size(len(member_nums))
    if ledger is _MEMBERS_OWN and sends_together(conn.dialect) and size is not None:
        # MariaDB: the same rows by a list of the members' PatNums, the only parameters.
        ledger = _members_listed(size)
        listed = member_nums + member_nums[-1:] * (size - len(member_nums))
        keys = ledger_keys = {f"member_{i}": num for i, num in enumerate(listed)}
    queries: dict[str, tuple[Records[Any], dict[str, Any]]] = {}
    if plans:
        queries["charges"] = (_CHARGES, keys)
        queries["links"] = (_LINKS, keys)
    queries["procedures"] = (ledger.procedures, keys)
    if plans or locked.has_adjustments:
        queries["adjustments"] = (ledger.adjustments, ledger_keys)
    if plans or locked.has_claimprocs:
        queries["claimprocs"] = (ledger.claimprocs, ledger_keys)
    queries["paysplits"] = (ledger.paysplits, ledger_keys)
    found = dict(zip(queries, map(tuple, read_together(conn, list(queries.values()))), strict=True))
    return Family(
        payer=payer,
        members=locked.members,
        payplans=plans,
        payplancharges=found.get("charges", ()),
        payplanlinks=found.get("links", ()),
        procedures=found["procedures"],
        adjustments=found.get("adjustments", ()),
        claimprocs=found.get("claimprocs", ()),
        paysplits=found["paysplits"],
        definitions=definitions_of(conn, DefCat.PaySplitUnearnedType),
        providers=all_providers(conn),
    )


# The statements are built once and compiled once per back-end (db/sql.py). The family's rows
# are found by index-driven subqueries over its guarantor, so a family of any size costs the
# same statements; the one list of values is the members', on PostgreSQL, as a single array
# parameter (see _Members). A family with payment plans also reads the production its plans
# name (a charge's ProcNum, a charge's or link's FKey), in a second set of statements.


def _is_member(guarantor: Any) -> Any:
    """Whether the patient row is in the family of `guarantor`."""
    return or_(
        patient.c.Guarantor == guarantor,
        # A Guarantor of 0 means "own guarantor", so the head may point at 0 rather than itself.
        and_(patient.c.PatNum == guarantor, patient.c.Guarantor == 0),
    )


_IS_MEMBER = _is_member(bindparam("guarantor"))
_MEMBER_NUMS = select(patient.c.PatNum).where(_IS_MEMBER)
# The same members as values (load_family's `member_nums`), for PostgreSQL (see _Members).
_MEMBERS_LISTED = bindparam("member_nums", type_=ARRAY(BIGINT))
_LEDGER_STATUS = or_(*(procedurelog.c.ProcStatus == int(s) for s in _LEDGER_STATUSES))
_PROC_CODE = func.coalesce(procedurecode.c.ProcCode, "").label("ProcCode")
_PROC_CODE_JOIN = procedurelog.c.CodeNum == procedurecode.c.CodeNum
_FAMILY_PROCS = select(procedurelog.c.ProcNum).where(
    procedurelog.c.PatNum.in_(_MEMBER_NUMS), _LEDGER_STATUS
)
_FAMILY_ADJS = select(adjustment.c.AdjNum).where(adjustment.c.PatNum.in_(_MEMBER_NUMS))
# Adjustments of other patients attached to the family's procedures.
_ADJS_ON_FAMILY_PROCS = select(adjustment.c.AdjNum).where(adjustment.c.ProcNum.in_(_FAMILY_PROCS))
# A plan is the family's when a member is its patient or the payer its guarantor (§2.5): two
# sets an index finds each. MariaDB read the OR of the two from a scan of the other table.
_PLAN_NUM_SETS = (
    select(payplan.c.PayPlanNum).where(payplan.c.PatNum.in_(_MEMBER_NUMS)),
    select(payplan.c.PayPlanNum).where(payplan.c.Guarantor == bindparam("payer")),
)


def _named_by_plans(link_type: PayPlanLinkType) -> tuple[Select[tuple[int]], ...]:
    """Keys of the production of `link_type` the family's plans name (§2.5, §2.6), one SELECT
    per place a plan names it. A statement looks for each in a condition of its own: MariaDB
    cannot turn `IN (a UNION ALL b)` into a join, and tested it against every row of the table
    (4 s for a planned family's procedures among 20,000; bench/RESULTS.md)."""
    found: list[Select[tuple[int]]] = []
    for plans in _PLAN_NUM_SETS:
        if link_type == PayPlanLinkType.Procedure:
            found.append(
                select(payplancharge.c.ProcNum).where(
                    payplancharge.c.PayPlanNum.in_(plans), payplancharge.c.ProcNum > 0
                )
            )
        for table in (payplancharge, payplanlink):
            found.append(
                select(table.c.FKey).where(
                    table.c.PayPlanNum.in_(plans),
                    table.c.LinkType == int(link_type),
                    table.c.FKey > 0,
                )
            )
    return tuple(found)


def _in_any(column: Any, keys: tuple[Select[tuple[int]], ...]) -> tuple[Any, ...]:
    return tuple(column.in_(found) for found in keys)


_PLAN_PROCS = _named_by_plans(PayPlanLinkType.Procedure)
_PLAN_ADJS = _named_by_plans(PayPlanLinkType.Adjustment)

_MEMBERS = Records(
    Patient,
    select(*PATIENT_COLUMNS).where(patient.c.PatNum.in_(_MEMBER_NUMS)).order_by(patient.c.PatNum),
)


# The patient and the family of `guarantor` in one statement, each row with whether a plan is
# the family's through it (its patient's, or, for the payer, one it guarantees: _PLAN_NUM_SETS),
# and whether it has an adjustment, a claimproc of its own (all the engine reads of those in a
# family without plans: load_family_to_allocate). Each flag is an index probe or two per member;
# a ledger statement that finds nothing costs the database a statement's planning (bench/RESULTS.md).
_FAMILY_COLUMNS = (
    *PATIENT_COLUMNS,
    or_(
        exists().where(payplan.c.PatNum == patient.c.PatNum),
        and_(
            patient.c.PatNum == bindparam("PatNum"),
            exists().where(payplan.c.Guarantor == patient.c.PatNum),
        ),
    ),
    exists().where(adjustment.c.PatNum == patient.c.PatNum),
    exists().where(claimproc.c.PatNum == patient.c.PatNum),
)
_THE_PATIENT = patient.c.PatNum == bindparam("PatNum")
_PATIENT_AND_MEMBERS = Sql(
    select(*_FAMILY_COLUMNS).where(or_(_THE_PATIENT, _IS_MEMBER)).order_by(patient.c.PatNum)
)
_read_patient = record_reader(Patient)  # the columns hold no date: nothing for SQLite to parse


def patient_and_members(
    conn: Connection, pat_num: int, guarantor: int
) -> tuple[Patient | None, LockedFamily]:
    """Patient `pat_num` (None if there is no such row) and the family of `guarantor`, its
    members as `load_family` reads them, in one statement."""
    return _patient_and_family(
        _PATIENT_AND_MEMBERS.rows(conn, PatNum=pat_num, guarantor=guarantor), pat_num, guarantor
    )


def _patient_and_family(
    rows: Iterable[Sequence[Any]], pat_num: int, guarantor: int
) -> tuple[Patient | None, LockedFamily]:
    """`patient_and_members` of rows whose last columns are _FAMILY_COLUMNS."""
    found: Patient | None = None
    members: list[Patient] = []
    flags = [False, False, False]  # plans, adjustments, claimprocs
    width = len(_FAMILY_COLUMNS)
    for row in rows:
        read = _read_patient(row[-width:])
        if read.PatNum == pat_num:
            found = read
        if read.family_guarantor == guarantor:
            members.append(read)
            flags = [seen or bool(flag) for seen, flag in zip(flags, row[-3:], strict=True)]
    return found, LockedFamily(tuple(members), *flags)


def lock_and_read_family(
    conn: Connection, pat_num: int
) -> tuple[int, Patient | None, LockedFamily] | None:
    """The family lock of patient `pat_num` (the family's row bumped, odpay.db.state
    `patients_family_upsert`) and `patient_and_members`, in one round trip: the guarantor of
    the family the patient was in when it was locked, the patient and its family as read
    under that lock (None when there is no such patient: nothing is locked). When the patient
    is no longer in the locked family (`Patient.family_guarantor` says another), it moved
    meanwhile: the caller locks that family too (odpay.db.locks.lock_payer).

    On MariaDB the two statements go as one query: the read runs after the lock, in a view of
    its own. On PostgreSQL they are one statement, whose read sees the database as it was when
    the statement began, possibly before the lock was granted; the family's version as that
    read saw it tells: unless it is the one just before the bump, another writer of the family
    committed in between, and the family is read again in a statement of its own.
    """
    if conn.dialect.name == "postgresql":
        rows = _LOCK_AND_READ.rows(conn, PatNum=pat_num)
        if not rows:
            return None
        guarantor, version, seen = (int(v) if v is not None else None for v in rows[0][:3])
        assert guarantor is not None and version is not None
        if version != (seen or 0) + 1:  # the read may predate another writer's commit
            return guarantor, *patient_and_members(conn, pat_num, guarantor)
        return guarantor, *_patient_and_family(rows, pat_num, guarantor)
    bumped, family_rows = rows_together(
        conn,
        [
            (PATIENTS_FAMILY_BUMP, {"PatNum": pat_num}),
            (_PATIENT_AND_ITS_FAMILY, {"PatNum": pat_num}),
        ],
    )
    if not bumped:
        return None
    guarantor = int(bumped[0][0])
    patient_row, family = _patient_and_family(family_rows, pat_num, guarantor)
    return guarantor, patient_row, family


# MariaDB: the family of the patient's row as it reads after the lock.
_PATIENTS_GUARANTOR = (
    select(case((patient.c.Guarantor == 0, patient.c.PatNum), else_=patient.c.Guarantor))
    .where(_THE_PATIENT)
    .scalar_subquery()
)
_PATIENT_AND_ITS_FAMILY = Sql(
    select(*_FAMILY_COLUMNS)
    .where(or_(_THE_PATIENT, _is_member(_PATIENTS_GUARANTOR)))
    .order_by(patient.c.PatNum)
)


def _lock_and_read() -> Select[Any]:
    """PostgreSQL: the family bump as a data-modifying WITH query (its RETURNING gives the
    guarantor and the new version), the family's version as the statement's snapshot holds
    it, and the patient and members of that family."""
    bumped = patients_family_upsert("postgresql").cte("bumped")
    seen = (
        select(odpay_family.c.Version)
        .where(odpay_family.c.Guarantor == bumped.c.Guarantor)
        .scalar_subquery()
    )
    family = or_(_THE_PATIENT, _is_member(bumped.c.Guarantor))
    return (
        select(bumped.c.Guarantor, bumped.c.Version, seen, *_FAMILY_COLUMNS)
        .select_from(bumped.join(patient, family))
        .order_by(patient.c.PatNum)
    )


_LOCK_AND_READ = Sql(_lock_and_read())


@dataclass(frozen=True, slots=True)
class _Ledger:
    procedures: Records[Procedure]
    adjustments: Records[Adjustment]
    claimprocs: Records[ClaimProc]
    paysplits: Records[PaySplit]


def _ledger(with_plans: bool) -> _Ledger:
    """The family's production and credits; `with_plans` adds what its plans name."""

    def any_of(*clauses: Any, named_by_plans: tuple[Any, ...] = ()) -> list[Any]:
        return [*clauses, *(named_by_plans if with_plans else ())]

    def on_family(
        record: type[R], table: Table, *also: Any, named_by_plans: tuple[Any, ...]
    ) -> Records[R]:
        """A member's rows of `table` and those on the family's procedures, then `also`."""
        return _rows_matching(
            record,
            table,
            any_of(table.c.ProcNum.in_(_FAMILY_PROCS), *also, named_by_plans=named_by_plans),
            columns=columns_of(table, record),
            members=_Members(
                table.c.PatNum.in_(_MEMBER_NUMS),
                ~exists().where(patient.c.PatNum == table.c.PatNum, _IS_MEMBER),
                table.c.PatNum == any_(_MEMBERS_LISTED),
            ),
        )

    procedures = _rows_matching(
        Procedure,
        procedurelog,
        any_of(
            and_(procedurelog.c.PatNum.in_(_MEMBER_NUMS), _LEDGER_STATUS),
            named_by_plans=_in_any(procedurelog.c.ProcNum, _PLAN_PROCS),
        ),
        columns=[*columns_of(procedurelog, Procedure), _PROC_CODE],
        joined=lambda rows: rows.outerjoin(procedurecode, _PROC_CODE_JOIN),
    )
    adjustments = on_family(
        Adjustment,
        adjustment,
        named_by_plans=(
            *_in_any(adjustment.c.AdjNum, _PLAN_ADJS),
            *_in_any(adjustment.c.ProcNum, _PLAN_PROCS),
        ),
    )
    claimprocs = on_family(
        ClaimProc, claimproc, named_by_plans=_in_any(claimproc.c.ProcNum, _PLAN_PROCS)
    )
    adjustments_on_plan_procs = tuple(
        select(adjustment.c.AdjNum).where(on_plan)
        for on_plan in _in_any(adjustment.c.ProcNum, _PLAN_PROCS)
    )
    paysplits = on_family(
        PaySplit,
        paysplit,
        paysplit.c.AdjNum.in_(_FAMILY_ADJS),
        paysplit.c.AdjNum.in_(_ADJS_ON_FAMILY_PROCS),
        named_by_plans=(
            *_in_any(paysplit.c.PayPlanNum, _PLAN_NUM_SETS),
            *_in_any(paysplit.c.ProcNum, _PLAN_PROCS),
            *_in_any(paysplit.c.AdjNum, _PLAN_ADJS),
            *_in_any(paysplit.c.AdjNum, adjustments_on_plan_procs),
        ),
    )
    return _Ledger(procedures, adjustments, claimprocs, paysplits)


def _members_own(members: Callable[[Table], Any], postgresql: bool = False) -> _Ledger:
    """What the engine reads of a family without plans (load_family_to_allocate): the members'
    ledger procedures and their own adjustments, claimprocs and splits, by primary key. The
    rows of `table` that are the members' are `members(table)`; with `postgresql`, a variant
    for PostgreSQL finds them by the members' PatNums as one array (see _Members)."""

    def own(record: type[R], table: Table) -> Records[R]:
        key = next(iter(table.primary_key.columns))
        shaped = select(*columns_of(table, record)).order_by(key)
        listed = table.c.PatNum == any_(_MEMBERS_LISTED)
        return Records(
            record,
            shaped.where(members(table)),
            postgresql=shaped.where(listed) if postgresql else None,
        )

    procedures = Records(
        Procedure,
        select(*columns_of(procedurelog, Procedure), _PROC_CODE)
        .select_from(procedurelog.outerjoin(procedurecode, _PROC_CODE_JOIN))
        .where(members(procedurelog), _LEDGER_STATUS)
        .order_by(procedurelog.c.ProcNum),
    )
    return _Ledger(
        procedures,
        own(Adjustment, adjustment),
        own(ClaimProc, claimproc),
        own(PaySplit, paysplit),
    )


_LISTED_MEMBERS_AT_MOST = 64


@functools.cache
def _members_listed(size: int) -> _Ledger:
    """`_members_own` by a literal list of `size` member PatNums (parameters member_0, ...).
    MariaDB reads the members' rows by such a list with less work than by the members'
    subquery (the splits 0.13 against 0.19 ms a statement, bench/RESULTS.md, ninth session)."""
    names = [bindparam(f"member_{i}", type_=BIGINT) for i in range(size)]
    return _members_own(lambda table: table.c.PatNum.in_(names))


def _listed_size(members: int) -> int | None:
    """The list size a family of `members` is read with (a power of two, so few statements
    are compiled; the list repeats its last member), or None beyond _LISTED_MEMBERS_AT_MOST
    (then the members' subquery finds them)."""
    if not 0 < members <= _LISTED_MEMBERS_AT_MOST:
        return None
    size = 1
    while size < members:
        size *= 2
    return size


@dataclass(frozen=True, slots=True)
class _Members:
    """Which rows of a table are the members' own (`own`), and which are not (`others`).

    `others` is a NOT EXISTS, not NOT IN: PostgreSQL makes the first an anti-join probed from
    the family's rows, and checked the second as a filter on a scan of the whole table (the
    splits statement 1.9 against 0.5 ms among 6,800 splits, and growing with them).
    `own_listed` is `own` by the members' PatNums as one array, for PostgreSQL: its generic
    plan joined the subquery's members to a scan of the whole table while the table had a few
    thousand rows (0.17 against 0.06 ms among 2,200 splits; bench/RESULTS.md)."""

    own: Any
    others: Any
    own_listed: Any


def _rows_matching(
    record: type[R],
    table: Table,
    conditions: list[Any],
    columns: list[Any],
    joined: Callable[[Any], Any] = lambda rows: rows,
    members: _Members | None = None,
) -> Records[R]:
    """`record`s of the rows of `table` meeting `members` (the family's own rows) or any of
    `conditions`, by primary key.

    Each condition is index-driven on its own. SQLite combines them well as one WHERE of ORed
    IN-subqueries (a "multi-index OR"); MariaDB then scanned the whole table (18 ms for a
    family's splits among 25,000) and PostgreSQL hashed it (10 ms), so there a UNION of one
    SELECT per condition answers the same rows (1.7 and 1.3 ms; bench/RESULTS.md). The UNION
    sorts out duplicates, and most of a family's rows meet two conditions (a member's split
    on a member's procedure): so the members' rows come by a SELECT of their own, UNION ALL,
    and the other conditions look only at rows of other patients, a handful if any.
    """
    key = next(iter(table.primary_key.columns))

    def where(condition: Any) -> Select[Any]:
        return select(*columns).select_from(joined(table)).where(condition)

    everything = conditions if members is None else [members.own, *conditions]
    ored = where(or_(*everything)).order_by(key)
    if len(everything) == 1:
        return Records(record, ored)
    if members is None:
        united = union(*(where(condition) for condition in conditions))
        return Records(record, united.order_by(united.selected_columns[key.name]), sqlite=ored)

    def with_members(own: Any) -> Any:
        others = [where(and_(condition, members.others)) for condition in conditions]
        # A DISTINCT union binds what is on its left only: the members' rows are not compared.
        united = union_all(union(*others) if len(others) > 1 else others[0], where(own))
        return united.order_by(united.selected_columns[key.name])

    return Records(
        record,
        with_members(members.own),
        sqlite=ored,
        postgresql=with_members(members.own_listed),
    )


_PLANS = _rows_matching(
    PayPlan,
    payplan,
    [payplan.c.PatNum.in_(_MEMBER_NUMS), payplan.c.Guarantor == bindparam("payer")],
    columns=columns_of(payplan, PayPlan),
)
_CHARGES = _rows_matching(
    PayPlanCharge,
    payplancharge,
    list(_in_any(payplancharge.c.PayPlanNum, _PLAN_NUM_SETS)),
    columns=columns_of(payplancharge, PayPlanCharge),
)
_LINKS = _rows_matching(
    PayPlanLink,
    payplanlink,
    list(_in_any(payplanlink.c.PayPlanNum, _PLAN_NUM_SETS)),
    columns=columns_of(payplanlink, PayPlanLink),
)
_WITHOUT_PLANS = _ledger(with_plans=False)
_WITH_PLANS = _ledger(with_plans=True)
# What the allocation engine reads of a family without plans (load_family_to_allocate).
_MEMBERS_OWN = _members_own(lambda table: table.c.PatNum.in_(_MEMBER_NUMS), postgresql=True)
_PLAN = Records(
    PayPlan,
    select(*columns_of(payplan, PayPlan)).where(payplan.c.PayPlanNum == bindparam("PayPlanNum")),
)


def get_payplan(conn: Connection, pay_plan_num: int) -> PayPlan | None:
    """The plan with this key, whoever it belongs to (POST /payments checks no ownership)."""
    return _PLAN.first(conn, PayPlanNum=pay_plan_num)


def procedure_patients(conn: Connection, proc_nums: Iterable[int]) -> dict[int, int]:
    """ProcNum -> PatNum for those of `proc_nums` that exist.

    The numbers come from a request, not from a table, so they go in literal IN lists, cut
    in chunks that stay far below every engine's parameter limit.
    """
    wanted = sorted(set(proc_nums))
    found: dict[int, int] = {}
    for start in range(0, len(wanted), _IN_LIST_CHUNK):
        chunk = wanted[start : start + _IN_LIST_CHUNK]
        rows = conn.execute(
            select(procedurelog.c.ProcNum, procedurelog.c.PatNum).where(
                procedurelog.c.ProcNum.in_(chunk)
            )
        )
        found.update((int(r.ProcNum), int(r.PatNum)) for r in rows)
    return found
