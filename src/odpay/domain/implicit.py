"""Implicit linking: free money is assumed to have paid the oldest charges it can match.

Spec: allocation.md §6 (6.1–6.5, the eight layers and bucket steps 1–8). Mirrors Open Dental's
PaymentEdit.ImplicitlyLinkCredits and ProcessImplicitLinkBucket. In each step an entry or credit
that has been used up stays used up, so every scan keeps a cursor instead of starting over.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Sequence
from operator import itemgetter

from odpay.domain.entries import AccountEntry, EntryKind, PayAsTotal, SplitCredit, balance
from odpay.domain.ledger import Ledger
from odpay.domain.records import PayPlanDebitType

# §6.4: the bucket keys, from the closest match to none at all.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("ProvNum", "PatNum", "ClinicNum"),
    ("ProvNum", "PatNum"),
    ("ProvNum", "ClinicNum"),
    ("PatNum", "ClinicNum"),
    ("ProvNum",),
    ("PatNum",),
    ("ClinicNum",),
    (),
)

_DEBIT_ORDER: dict[int, int] = {PayPlanDebitType.Interest: 0, PayPlanDebitType.Principal: 1}


Owner = tuple[int, int, int]  # ProvNum, PatNum, ClinicNum: the finest layer's key


def _projection(names: tuple[str, ...]) -> Callable[[Owner], Hashable]:
    """The layer key of an owner: the part of (ProvNum, PatNum, ClinicNum) the layer keeps."""
    if not names:
        return lambda _owner: ()
    project: Callable[[Owner], Hashable] = itemgetter(*(LAYERS[0].index(n) for n in names))
    return project


def _owner(row: AccountEntry | SplitCredit | PayAsTotal) -> Owner:
    return (row.ProvNum, row.PatNum, row.ClinicNum)


def working_list(
    entries: Sequence[AccountEntry], payer: int, preferred: bool, pay_first: Collection[int]
) -> list[AccountEntry]:
    """§6.1: the entries implicit linking may touch, the ones to keep unpaid placed last."""
    work = [entry for entry in entries if not entry.tp]
    if preferred:
        # The payer's charges go last so that old credit finds the relatives' charges first.
        work = [e for e in work if e.PatNum != payer] + [e for e in work if e.PatNum == payer]
    if pay_first:

        def chosen(entry: AccountEntry) -> bool:
            return entry.kind is EntryKind.Procedure and entry.ProcNum in pay_first

        work = [e for e in work if not chosen(e)] + [e for e in work if chosen(e)]
    return work


def implicit_link(
    ledger: Ledger, payer: int, preferred: bool = False, pay_first: Collection[int] = ()
) -> None:
    """§6 in place: the ledger's entries end up owing what free credit has not covered.

    Within a layer the buckets share no entry and no credit, so their order does not matter.
    Only a bucket holding credit with money left runs every step; in the others steps 1–6 have
    nothing to move, so only the entries steps 7 and 8 balance are looked at.
    """
    work = working_list(ledger.entries, payer, preferred, pay_first)
    _net_plan_splits(ledger.splits)  # 6.3
    linkable = [s for s in ledger.splits if s.UnearnedType not in ledger.hidden_types]
    fine: dict[Owner, list[int]] = defaultdict(list)
    for position, entry in enumerate(work):
        fine[_owner(entry)].append(position)
    procs = [e for e in work if e.kind is EntryKind.Procedure]
    unattached = [e for e in work if e.kind is EntryKind.Adjustment and e.ProcNum == 0]
    pieces = [e for e in work if e.kind is EntryKind.PlanPiece]
    for names in LAYERS:  # 6.4
        key = _projection(names)
        pays: dict[Hashable, list[PayAsTotal]] = defaultdict(list)
        for pay in ledger.pay_as_totals:
            if pay.rem != 0:
                pays[key(_owner(pay))].append(pay)
        splits: dict[Hashable, list[SplitCredit]] = defaultdict(list)
        for split in linkable:
            if split.rem != 0:
                splits[key(_owner(split))].append(split)
        credited = set(pays) | set(splits)
        groups: dict[Hashable, list[list[int]]] = defaultdict(list)
        for owner, positions in fine.items():
            if key(owner) in credited:
                groups[key(owner)].append(positions)
        for bucket_key, parts in groups.items():
            positions = parts[0] if len(parts) == 1 else sorted(i for p in parts for i in p)
            entries = [work[i] for i in positions]
            _process_bucket(entries, pays.get(bucket_key, []), splits.get(bucket_key, []))
        _balance_uncredited(key, credited, procs, unattached, pieces)
    balance(work, work)  # 6.5: any negative entry pays any positive one, FIFO


def _balance_uncredited(
    key: Callable[[Owner], Hashable],
    credited: set[Hashable],
    procs: list[AccountEntry],
    unattached: list[AccountEntry],
    pieces: list[AccountEntry],
) -> None:
    """6.4 steps 7 and 8 for the buckets without credit, from W's entries of those kinds."""
    # 7: negative unattached adjustments lower the positive procedures of their bucket.
    negative: dict[Hashable, list[AccountEntry]] = defaultdict(list)
    for entry in unattached:
        if entry.amount < 0 and (bucket := key(_owner(entry))) not in credited:
            negative[bucket].append(entry)
    if negative:
        positive: dict[Hashable, list[AccountEntry]] = defaultdict(list)
        for entry in procs:
            if entry.amount > 0 and (bucket := key(_owner(entry))) in negative:
                positive[bucket].append(entry)
        for bucket, negatives in negative.items():
            balance(positive.get(bucket, []), negatives)
    # 8: a plan's negative adjustment pieces lower its positive pieces in the bucket.
    negative_pieces: dict[tuple[Hashable, int], list[AccountEntry]] = defaultdict(list)
    for entry in pieces:
        if entry.isAdjPiece and entry.amount < 0:
            bucket = key(_owner(entry))
            if bucket not in credited:
                negative_pieces[(bucket, entry.PayPlanNum)].append(entry)
    if negative_pieces:
        positive_pieces: dict[tuple[Hashable, int], list[AccountEntry]] = defaultdict(list)
        for entry in pieces:
            if entry.amount > 0:
                plan_bucket = (key(_owner(entry)), entry.PayPlanNum)
                if plan_bucket in negative_pieces:
                    positive_pieces[plan_bucket].append(entry)
        for plan_bucket, negatives in negative_pieces.items():
            balance(positive_pieces.get(plan_bucket, []), negatives)


def _net_plan_splits(splits: list[SplitCredit]) -> None:
    """6.3: per plan, positive splits absorb negative ones (Interest, Principal, Unknown)."""
    by_plan: dict[int, list[SplitCredit]] = defaultdict(list)
    for split in splits:
        if split.PayPlanNum > 0:
            by_plan[split.PayPlanNum].append(split)
    for plan_splits in by_plan.values():
        plan_splits.sort(key=lambda s: _DEBIT_ORDER.get(s.PayPlanDebitType, 2))
        negatives = [s for s in plan_splits if s.rem < 0]
        cursor = 0
        for pos in plan_splits:
            while pos.rem > 0 and cursor < len(negatives):
                neg = negatives[cursor]
                if neg.rem >= 0:
                    cursor += 1
                    continue
                moved = min(pos.rem, -neg.rem)
                pos.rem -= moved
                neg.rem += moved


def _process_bucket(
    entries: list[AccountEntry], pays: list[PayAsTotal], splits: list[SplitCredit]
) -> None:
    """6.4 steps 1–8 for one bucket; `splits` are the bucket's linkable splits."""
    plain: list[AccountEntry] = []
    procs: list[AccountEntry] = []
    unattached: list[AccountEntry] = []
    plan_entries: dict[int, list[AccountEntry]] = defaultdict(list)
    for entry in entries:
        if entry.kind is EntryKind.PlanPiece:
            plan_entries[entry.PayPlanNum].append(entry)
            continue
        plain.append(entry)
        if entry.kind is EntryKind.Procedure:
            procs.append(entry)
        elif entry.ProcNum == 0:
            unattached.append(entry)
    # 1: pay-as-total insurance pays non-plan entries; a negative entry gives its value back.
    cursor = 0
    for pay in pays:
        while pay.rem != 0 and cursor < len(plain):
            entry = plain[cursor]
            if entry.amount == 0:
                cursor += 1
                continue
            moved = min(entry.amount, pay.rem)
            entry.amount -= moved
            pay.rem -= moved
    # 2: the bucket's positive and negative splits, fixed from here on.
    pos = [s for s in splits if s.rem > 0]
    neg = [s for s in splits if s.rem < 0 and s.PayPlanNum == 0]
    # 3: plan splits pay their own plan's pieces first.
    plan_cursor: dict[int, int] = defaultdict(int)
    for split in pos:
        if split.PayPlanNum <= 0:
            continue
        pieces = plan_entries.get(split.PayPlanNum, [])
        while split.rem != 0 and plan_cursor[split.PayPlanNum] < len(pieces):
            entry = pieces[plan_cursor[split.PayPlanNum]]
            if entry.amount == 0:
                plan_cursor[split.PayPlanNum] += 1
                continue
            moved = min(entry.amount, split.rem)
            entry.amount -= moved
            split.rem -= moved
    # 4: unattached positive splits absorb unattached negative ones.
    cursor = 0
    for split in pos:
        if split.PayPlanNum != 0:
            continue
        while split.rem > 0 and cursor < len(neg):
            other = neg[cursor]
            if other.rem >= 0:
                cursor += 1
                continue
            moved = min(split.rem, -other.rem)
            split.rem -= moved
            other.rem += moved
    # 5: what is left pays the bucket's entries in order.
    cursor = 0
    for split in pos:
        while split.rem > 0 and cursor < len(entries):
            entry = entries[cursor]
            if entry.amount <= 0:
                cursor += 1
                continue
            moved = min(entry.amount, split.rem)
            entry.amount -= moved
            split.rem -= moved
    # 6: negative unattached splits cancel negative unattached adjustments.
    cursor = 0
    for split in neg:
        while split.rem < 0 and cursor < len(unattached):
            entry = unattached[cursor]
            if entry.amount >= 0:
                cursor += 1
                continue
            moved = max(entry.amount, split.rem)  # the one nearer zero
            entry.amount -= moved
            split.rem -= moved
    # 7: negative unattached adjustments lower positive procedures.
    balance(procs, unattached)
    # 8: a plan's negative adjustment pieces lower its positive pieces.
    for plan_pieces in plan_entries.values():
        negative = [e for e in plan_pieces if e.isAdjPiece and e.amount < 0]
        if negative:
            balance(plan_pieces, negative)
