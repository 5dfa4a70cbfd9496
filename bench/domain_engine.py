"""CPU time of the allocation engine alone, on in-memory families (not a test; never in CI).

python bench/domain_engine.py [--runs 200]

Builds, without a database, the family of bench/families.py with 36 procedures (50 charges) and
with 9,986 procedures (10,008 ledger entries), then prints one JSON line with the median CPU
milliseconds of auto_split (paying 1.00), outstanding and build_ledger for each.
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from odpay.domain.allocation import PaymentRequest, auto_split
from odpay.domain.enums import ClaimProcStatus, PayPlanLinkType
from odpay.domain.family import Family
from odpay.domain.ledger import build_ledger
from odpay.domain.outstanding import outstanding
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    Procedure,
)
from tests.domain.builders import BLANK_DEFINITIONS, BLANK_PROVIDERS, PREFS, TODAY, patient

GUARANTOR, PLAN = 1, 1
SIZES = {"50 charges": 36, "10,008 entries": 9_986}  # procedures; 14 more charges besides


def _month(start: date, k: int) -> date:
    month = start.month - 1 + k
    return date(start.year + month // 12, month % 12 + 1, min(start.day, 28))


def standard_family(procedures: int, today: date = TODAY) -> Family:
    """bench/families.py's family: procedures spread over two years and three members, every
    third with a pending estimate, 8 unattached and 2 attached adjustments, and a dynamic plan
    on the last two procedures with 6 due and 6 future monthly charges of 20.00."""
    members = (GUARANTOR, GUARANTOR + 1, GUARANTOR + 2)
    start = today - timedelta(days=730)
    procs = tuple(
        Procedure(
            ProcNum=i + 1,
            PatNum=members[i % 3],
            ProcDate=start + timedelta(days=(i * 700) // procedures),
            ProcFee=Decimal(50 + (i * 37) % 450).quantize(Decimal("0.01")),
            ProvNum=1,
        )
        for i in range(procedures)
    )
    claimprocs = tuple(
        ClaimProc(
            ClaimProcNum=n + 1,
            ProcNum=p.ProcNum,
            PatNum=p.PatNum,
            Status=ClaimProcStatus.Estimate,
            ProvNum=1,
            InsPayEst=(p.ProcFee * Decimal("0.4")).quantize(Decimal("0.01")),
            WriteOffEst=Decimal("10.00"),
        )
        for n, p in enumerate(procs[::3])
    )
    adjustments = tuple(
        Adjustment(
            AdjNum=i + 1,
            PatNum=members[i % 3],
            AdjDate=start + timedelta(days=40 + i * 80),
            AdjAmt=Decimal(15 + i * 3).quantize(Decimal("0.01")),
            ProvNum=1,
        )
        for i in range(8)
    ) + tuple(
        Adjustment(
            AdjNum=9 + n,
            PatNum=procs[i].PatNum,
            AdjDate=procs[i].ProcDate,
            AdjAmt=Decimal("-10.00"),
            ProvNum=1,
            ProcNum=procs[i].ProcNum,
        )
        for n, i in enumerate((1, 2))
    )
    linked = procs[-2:]
    first = today - timedelta(days=180)
    charges = tuple(
        PayPlanCharge(
            PayPlanChargeNum=k + 1,
            PayPlanNum=PLAN,
            Guarantor=GUARANTOR,
            PatNum=target.PatNum,
            ChargeDate=_month(first, k),
            Principal=Decimal("20.00"),
            ProvNum=1,
            FKey=target.ProcNum,
            LinkType=PayPlanLinkType.Procedure,
        )
        for k, target in enumerate(linked[0] if k < 6 else linked[1] for k in range(12))
    )
    return Family(
        payer=patient(GUARANTOR),
        members=tuple(patient(n, Guarantor=GUARANTOR) for n in members),
        procedures=procs,
        adjustments=adjustments,
        claimprocs=claimprocs,
        payplans=(PayPlan(PLAN, members[1], GUARANTOR, IsDynamic=True),),
        payplancharges=charges,
        payplanlinks=tuple(
            PayPlanLink(n + 1, PLAN, PayPlanLinkType.Procedure, p.ProcNum)
            for n, p in enumerate(linked)
        ),
        definitions=BLANK_DEFINITIONS,
        providers=BLANK_PROVIDERS,
    )


def median_cpu_ms(run: Callable[[], object], runs: int) -> float:
    """Median process CPU time of one call, after one warm-up call."""
    run()
    timings = []
    for _ in range(runs):
        started = time.process_time_ns()
        run()
        timings.append(time.process_time_ns() - started)
    return round(statistics.median(timings) / 1e6, 3)


def measure(fam: Family, runs: int) -> dict[str, float]:
    """Median CPU ms of paying 1.00 by the guarantor, of outstanding and of build_ledger."""
    request = PaymentRequest(PatNum=GUARANTOR, PayAmt=Decimal("1.00"), PayDate=TODAY, ClinicNum=0)
    return {
        "entries": len(build_ledger(fam, PREFS, TODAY).entries),
        "auto_split": median_cpu_ms(lambda: auto_split(fam, PREFS, request, TODAY), runs),
        "outstanding": median_cpu_ms(lambda: outstanding(fam, PREFS, TODAY), runs),
        "build_ledger": median_cpu_ms(lambda: build_ledger(fam, PREFS, TODAY), runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    results = {}
    for name, procedures in SIZES.items():
        # Fewer runs for the large family keep the whole bench under a minute.
        runs = args.runs if procedures < 1_000 else max(args.runs // 4, 5)
        results[name] = measure(standard_family(procedures), runs)
    print(json.dumps({"python": sys.version.split()[0], "cpu_ms_median": results}))


if __name__ == "__main__":
    main()
