"""Explicit linking: money and adjustments attached to a charge reduce that charge in full.

Spec: allocation.md §4 (4.1–4.5). Mirrors Open Dental's PaymentEdit.ExplicitlyLinkCredits.
Implicit linking (§6) lives in implicit.py; `implicit_link` is re-exported here.
"""

from collections import defaultdict

from odpay.domain.entries import AccountEntry, EntryKind, SplitCredit, balance
from odpay.domain.enums import PayPlanDebitType
from odpay.domain.implicit import implicit_link
from odpay.domain.ledger import Ledger
from odpay.domain.money import ZERO
from odpay.domain.prefs import PayPlanVersions, Prefs

__all__ = ["explicit_link", "implicit_link"]

Owner = tuple[int, int, int]  # PatNum, ProvNum, ClinicNum


def _owner(row: AccountEntry | SplitCredit) -> Owner:
    return (row.PatNum, row.ProvNum, row.ClinicNum)


def explicit_link(ledger: Ledger, prefs: Prefs) -> None:
    """§4.1–§4.5 on the ledger's entries and the splits' `rem`, in place."""
    procs: dict[int, AccountEntry] = {}
    adjs_by_owner: dict[Owner, list[AccountEntry]] = defaultdict(list)
    attached: dict[tuple[int, Owner], list[AccountEntry]] = defaultdict(list)
    pieces_by_payer: dict[Owner, list[AccountEntry]] = defaultdict(list)
    by_patient = prefs.PayPlansVersion == PayPlanVersions.NoCharges
    procedure, adjustment = EntryKind.Procedure, EntryKind.Adjustment  # see EntryKind
    for entry in ledger.entries:
        if entry.kind is procedure:
            procs[entry.ProcNum] = entry
        elif entry.kind is adjustment:
            adjs_by_owner[_owner(entry)].append(entry)
            if entry.ProcNum > 0:
                attached[(entry.ProcNum, _owner(entry))].append(entry)
        else:
            # §4.3 b: a plan's money comes from its guarantor (PayPlansVersion 4: the patient).
            payer = entry.PatNum if by_patient else entry.Guarantor
            pieces_by_payer[(payer, entry.ProvNum, entry.ClinicNum)].append(entry)

    # 4.1: adjustments attached to a procedure of the same owner merge into it, whatever sign.
    # (Each procedure only takes its own adjustments, so the order of procedures is free.)
    for (proc_num, owner), merged in attached.items():
        proc = procs.get(proc_num)
        if proc is not None and _owner(proc) == owner:
            total = sum((adj.amount for adj in merged), ZERO)
            proc.amount += total
            proc.adjusted = total
            for adj in merged:
                adj.amount = ZERO

    # 4.2: attached adjustments that found no procedure offset each other.
    for same_proc in attached.values():
        for neg in same_proc:
            if neg.amount < ZERO:
                balance([adj for adj in same_proc if adj.amount > ZERO], [neg])

    # 4.3: existing splits, grouped by patient, provider and clinic.
    groups: dict[Owner, list[SplitCredit]] = defaultdict(list)
    for split in ledger.splits:
        if split.rem != ZERO:
            groups[_owner(split)].append(split)
    for owner, splits in groups.items():
        _link_procedures(owner, splits, procs)
        _link_plan_pieces(splits, pieces_by_payer.get(owner, []))
        _link_adjustments(splits, adjs_by_owner.get(owner, []))

    # 4.4: insurance beyond the fee never pays other charges; the patient's own money can.
    # (Only a procedure below zero can be concerned, so that is checked first.)
    for proc in procs.values():
        if proc.amount < ZERO and proc.insPay > ZERO and proc.ProcCode != "ZZZFIX":
            after_ins = proc.feeTotal + proc.adjusted - proc.planApplied - proc.insPay
            if after_ins < ZERO:
                proc.amount = -min(proc.linkedPaid, -proc.amount)

    # 4.5: unattached positive and negative adjustments of one owner offset each other.
    if prefs.AdjustmentsOffsetEachOther:
        for owned in adjs_by_owner.values():
            unattached = [adj for adj in owned if adj.ProcNum == 0]
            balance(
                [adj for adj in unattached if adj.amount > ZERO],
                [adj for adj in unattached if adj.amount < ZERO],
            )


def _link_procedures(
    owner: Owner, group: list[SplitCredit], procs: dict[int, AccountEntry]
) -> None:
    """4.3 a: a split on a procedure of its own owner pays it in full (refunds raise it)."""
    for split in group:
        if split.ProcNum <= 0 or split.PayPlanNum != 0:
            continue
        proc = procs.get(split.ProcNum)
        if proc is not None and _owner(proc) == owner:
            proc.amount -= split.rem
            proc.linkedPaid += split.rem
            split.rem = ZERO


def _link_plan_pieces(group: list[SplitCredit], candidates: list[AccountEntry]) -> None:
    """4.3 b1–b3: plan splits pay the pieces of their owner's plans."""
    # b1: negative plan splits cancel the positive ones made for the same production. Only a
    # negative split itself, or a positive one, changes here, and neither changes sign, so the
    # negatives are known up front and the splits of each production are indexed once.
    negatives = [s for s in group if s.rem < ZERO and s.UnearnedType == 0 and s.PayPlanNum > 0]
    same_production: dict[tuple[int, int, int, int], list[SplitCredit]] = defaultdict(list)
    if negatives:
        for split in group:
            same_production[_production(split)].append(split)
    principal = PayPlanDebitType.Principal  # see EntryKind
    for neg in negatives:
        positives = [s for s in same_production[_production(neg)] if s.rem > ZERO]
        size = abs(neg.rem)
        positives.sort(
            key=lambda s: (
                s.PayPlanChargeNum != neg.PayPlanChargeNum,
                s.PayPlanDebitType != neg.PayPlanDebitType,
                s.PayPlanDebitType != principal,
                -s.DatePay.toordinal(),
                s.rem != size,
            )
        )
        for pos in positives:
            if neg.rem >= ZERO:
                break
            moved = min(-neg.rem, pos.rem)
            neg.rem += moved
            pos.rem -= moved
    if not candidates:
        return
    # b2: splits naming the piece's charge. Open Dental's two skip rules (a split naming other
    # production; a split naming none while the piece names some) leave exactly the splits that
    # name the piece's own production.
    by_charge: dict[tuple[int, int, int, int], list[SplitCredit]] = defaultdict(list)
    for split in group:
        if split.UnearnedType == 0:
            key = (split.PayPlanNum, split.PayPlanChargeNum, split.ProcNum, split.AdjNum)
            by_charge[key].append(split)
    for piece in candidates:
        key = (piece.PayPlanNum, piece.PayPlanChargeNum, piece.ProcNum, piece.AdjNum)
        for split in [s for s in by_charge.get(key, ()) if s.rem > ZERO]:
            # min(split, piece) as Open Dental: a piece below zero hands its value to the split.
            taken = min(split.rem, piece.amount)
            piece.amount -= taken
            split.rem -= taken
    # b3: then splits naming only the plan, or the piece's production, pay its pieces in order.
    queues: dict[tuple[int, int, int], list[tuple[int, SplitCredit]]] = defaultdict(list)
    for position, split in enumerate(group):
        if split.UnearnedType == 0 and split.PayPlanNum > 0:
            queues[(split.PayPlanNum, split.ProcNum, split.AdjNum)].append((position, split))
    cursors: dict[tuple[int, int, int], int] = defaultdict(int)
    for piece in candidates:
        keys = [(piece.PayPlanNum, 0, 0)]
        if piece.ProcNum > 0 or piece.AdjNum > 0:
            keys.append((piece.PayPlanNum, piece.ProcNum, piece.AdjNum))
        while piece.amount > ZERO:
            # The earliest split with money left in either queue; a used-up split stays used up,
            # so each queue's cursor only moves forward.
            best: tuple[int, SplitCredit] | None = None
            for queue_key in keys:
                queue = queues.get(queue_key, [])
                while cursors[queue_key] < len(queue) and queue[cursors[queue_key]][1].rem <= ZERO:
                    cursors[queue_key] += 1
                if cursors[queue_key] < len(queue) and (
                    best is None or queue[cursors[queue_key]][0] < best[0]
                ):
                    best = queue[cursors[queue_key]]
            if best is None:
                break
            split = best[1]
            taken = min(split.rem, piece.amount)
            piece.amount -= taken
            split.rem -= taken


def _production(split: SplitCredit) -> tuple[int, int, int, int]:
    """What b1 matches a negative plan split with: UnearnedType, PayPlanNum, AdjNum, ProcNum."""
    return (split.UnearnedType, split.PayPlanNum, split.AdjNum, split.ProcNum)


def _link_adjustments(group: list[SplitCredit], adjustments: list[AccountEntry]) -> None:
    """4.3 c: a split on an adjustment, or on the procedure an adjustment is attached to, pays
    the first such adjustment of its owner in full."""
    if not adjustments:
        return
    by_adj: dict[int, list[SplitCredit]] = defaultdict(list)
    by_proc: dict[int, list[SplitCredit]] = defaultdict(list)
    for split in group:
        if split.PayPlanNum != 0:
            continue
        if split.AdjNum > 0:
            by_adj[split.AdjNum].append(split)
        if split.ProcNum > 0:
            by_proc[split.ProcNum].append(split)
    for adj in adjustments:
        paying = by_adj.get(adj.AdjNum, []) + (
            by_proc.get(adj.ProcNum, []) if adj.ProcNum > 0 else []
        )
        for split in paying:
            adj.amount -= split.rem
            split.rem = ZERO
