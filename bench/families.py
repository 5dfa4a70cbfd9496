"""Build benchmark families straight into a database (not a test; see bench/README.md).

Two shapes. An "issue" family (the speed issue's workload, the default of run_post.py) is a
guarantor and two children with N completed procedures spread over the three, and nothing
else: no insurance, adjustments or plans, so the minimal transaction (minimal_tx.py) is a fair
comparison. A "standard" family has a guarantor, two children and 50 outstanding charges: 36 completed
procedures (12 with pending insurance estimates, 2 with attached negative adjustments), 8
unattached positive adjustments, and one dynamic payment plan on two procedures with 6 due and
6 future monthly charges.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text

from odpay.db.schema import (
    adjustment,
    claimproc,
    patient,
    payplan,
    payplancharge,
    payplanlink,
    procedurelog,
)
from odpay.db.upgrade import upgrade
from odpay.services.keys import create_key

DEV_KEY, CUST_KEY = "BenchDevKey00001", "BenchCustKey0001"


def _month(start: date, k: int) -> date:
    month = start.month - 1 + k
    return date(start.year + month // 12, month % 12 + 1, min(start.day, 28))


def _patient(conn: Connection, guarantor: int | None, name: str) -> int:
    pat_num = int(
        conn.execute(
            insert(patient).values(LName="Bench", FName=name, PriProv=1)
        ).inserted_primary_key[0]
    )
    conn.execute(
        patient.update().where(patient.c.PatNum == pat_num).values(Guarantor=guarantor or pat_num)
    )
    return pat_num


def standard_family(conn: Connection, today: date, procedures: int = 36) -> int:
    """One family with `procedures` completed procedures (50 charges at the default)."""
    guarantor = _patient(conn, None, "Guarantor")
    members = [guarantor, _patient(conn, guarantor, "Child1"), _patient(conn, guarantor, "Child2")]
    start = today - timedelta(days=730)
    proc_rows = [
        {
            "PatNum": members[i % 3],
            "ProcDate": start + timedelta(days=(i * 700) // max(procedures, 1)),
            "ProcFee": float(50 + (i * 37) % 450),
            "ProcStatus": 2,
            "ProvNum": 1,
            "CodeNum": 0,
        }
        for i in range(procedures)
    ]
    conn.execute(insert(procedurelog), proc_rows)
    procs = conn.execute(
        select(
            procedurelog.c.ProcNum,
            procedurelog.c.PatNum,
            procedurelog.c.ProcFee,
            procedurelog.c.ProcDate,
        )
        .where(procedurelog.c.PatNum.in_(members))
        .order_by(procedurelog.c.ProcNum)
    ).all()
    claims: list[dict[str, Any]] = [
        {
            "ProcNum": p.ProcNum,
            "PatNum": p.PatNum,
            "Status": 6,
            "ProvNum": 1,
            "InsPayEst": round(p.ProcFee * 0.4, 2),
            "WriteOffEst": 10.0,
            "ClaimNum": 0,
        }
        for p in procs[::3]
    ]
    conn.execute(insert(claimproc), claims)
    adjustments = [
        {
            "PatNum": members[i % 3],
            "AdjDate": start + timedelta(days=40 + i * 80),
            "AdjAmt": float(15 + i * 3),
            "ProvNum": 1,
            "AdjType": 2,
        }
        for i in range(8)
    ] + [
        {
            "PatNum": procs[i].PatNum,
            "AdjDate": procs[i].ProcDate,
            "AdjAmt": -10.0,
            "ProvNum": 1,
            "ProcNum": procs[i].ProcNum,
            "AdjType": 1,
        }
        for i in (1, 2)
    ]
    conn.execute(insert(adjustment), adjustments)
    linked = procs[-2:]
    plan_num = int(
        conn.execute(
            insert(payplan).values(
                PatNum=members[1],
                Guarantor=guarantor,
                IsDynamic=1,
                PlanNum=0,
                PayPlanDate=today - timedelta(days=190),
            )
        ).inserted_primary_key[0]
    )
    conn.execute(
        insert(payplanlink),
        [{"PayPlanNum": plan_num, "LinkType": 2, "FKey": p.ProcNum} for p in linked],
    )
    first = today - timedelta(days=180)
    charges = []
    for k in range(12):
        target = linked[0] if k < 6 else linked[1]
        charges.append(
            {
                "PayPlanNum": plan_num,
                "Guarantor": guarantor,
                "PatNum": target.PatNum,
                "ChargeDate": _month(first, k),
                "Principal": float(Decimal("20.00")),
                "Interest": 0.0,
                "ProvNum": 1,
                "ChargeType": 0,
                "LinkType": 2,
                "FKey": target.ProcNum,
            }
        )
    conn.execute(insert(payplancharge), charges)
    return guarantor


def issue_family(conn: Connection, today: date, procedures: int = 50) -> int:
    """A guarantor and two children with `procedures` completed procedures, nothing else."""
    guarantor = _patient(conn, None, "Guarantor")
    members = [guarantor, _patient(conn, guarantor, "Child1"), _patient(conn, guarantor, "Child2")]
    start = today - timedelta(days=730)
    conn.execute(
        insert(procedurelog),
        [
            {
                "PatNum": members[i % 3],
                "ProcDate": start + timedelta(days=(i * 700) // max(procedures, 1)),
                "ProcFee": float(50 + (i * 37) % 450),
                "ProcStatus": 2,
                "ProvNum": 1,
                "CodeNum": 0,
            }
            for i in range(procedures)
        ],
    )
    return guarantor


SHAPES = {"issue": issue_family, "standard": standard_family}


def prepare(
    engine: Engine, families: int, today: date, procedures: int = 36, shape: str = "standard"
) -> list[int]:
    """Schema, bench key and `families` families of `shape`; their guarantors' PatNums."""
    upgrade(engine)
    create_key(engine, DEV_KEY, CUST_KEY)
    return add_families(engine, families, today, procedures, shape)


def add_families(
    engine: Engine, families: int, today: date, procedures: int, shape: str = "issue"
) -> list[int]:
    """`families` more families of `shape` with `procedures` procedures each, one transaction."""
    build = SHAPES[shape]
    with engine.begin() as conn:
        return [build(conn, today, procedures) for _ in range(families)]


def analyze(engine: Engine) -> None:
    """Refresh the planner's statistics after a bulk load, as a live database would have them.

    Without it MariaDB plans the family's procedures as a scan of every procedure (its
    statistics still describe the empty tables), 10x slower for odpay and the minimal
    transaction alike.
    """
    tables = "patient, procedurelog, paysplit, payment, adjustment, claimproc"
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
        elif engine.dialect.name == "postgresql":
            conn.execute(text(f"ANALYZE {tables}"))
        else:
            conn.execute(text(f"ANALYZE TABLE {tables}")).all()
