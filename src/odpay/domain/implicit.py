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
from odpay.domain.money import ZERO
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

    Every step below skips an entry at zero, so once at zero an entry never changes again;
    the same holds for a credit with nothing left. Each layer therefore looks only at what is
    still open, but a bucket exists for every key W has, even when all its entries are at zero:
    its splits still net in step 4. Within a layer the buckets share no entry and no credit,
    so their order does not matter, and a bucket without credit moves value only in steps 7-8.
    """
    work = working_list(ledger.entries, payer, preferred, pay_first)
    _net_plan_splits(ledger.splits)  # 6.3
    hidden = ledger.hidden_types
    open_entries = [e for e in work if e.amount != ZERO]
    owners = {_owner(e) for e in work}
    splits = [s for s in ledger.splits if s.rem != ZERO and s.UnearnedType not in hidden]
    pays = [p for p in ledger.pay_as_totals if p.rem != ZERO]
    for names in LAYERS:  # 6.4
        open_entries = [e for e in open_entries if e.amount != ZERO]
        splits = [s for s in splits if s.rem != ZERO]
        pays = [p for p in pays if p.rem != ZERO]
        key = _projection(names)
        buckets: dict[Hashable, list[AccountEntry]] = defaultdict(list)
        for entry in open_entries:
            buckets[key(_owner(entry))].append(entry)
        bucket_pays: dict[Hashable, list[PayAsTotal]] = defaultdict(list)
        for pay in pays:
            bucket_pays[key(_owner(pay))].append(pay)
        bucket_splits: dict[Hashable, list[SplitCredit]] = defaultdict(list)
        for split in splits:
            bucket_splits[key(_owner(split))].append(split)
        # The buckets holding a negative entry that step 7 or 8 could use.
        offsetting = {
            key(_owner(e))
            for e in open_entries
            if e.amount < ZERO
            and (
                (e.kind is EntryKind.Adjustment and e.ProcNum == 0)
                or (e.kind is EntryKind.PlanPiece and e.isAdjPiece)
            )
        }
        existing = {key(owner) for owner in owners}
        for bucket_key in dict.fromkeys([*bucket_pays, *bucket_splits]):
            if bucket_key in existing:
                _process_bucket(
                    buckets.get(bucket_key, []),
                    bucket_pays.get(bucket_key, []),
                    bucket_splits.get(bucket_key, []),
                )
        for bucket_key in offsetting:
            if bucket_key not in bucket_pays and bucket_key not in bucket_splits:
                _balance_bucket(buckets[bucket_key])
    balance(open_entries, open_entries)  # 6.5: any negative entry pays any positive one, FIFO


def _net_plan_splits(splits: list[SplitCredit]) -> None:
    """6.3: per plan, positive splits absorb negative ones (Interest, Principal, Unknown)."""
    by_plan: dict[int, list[SplitCredit]] = defaultdict(list)
    for split in splits:
        if split.PayPlanNum > 0:
            by_plan[split.PayPlanNum].append(split)
    for plan_splits in by_plan.values():
        plan_splits.sort(key=lambda s: _DEBIT_ORDER.get(s.PayPlanDebitType, 2))
        negatives = [s for s in plan_splits if s.rem < ZERO]
        cursor = 0
        for pos in plan_splits:
            while pos.rem > ZERO and cursor < len(negatives):
                neg = negatives[cursor]
                if neg.rem >= ZERO:
                    cursor += 1
                    continue
                moved = min(pos.rem, -neg.rem)
                pos.rem -= moved
                neg.rem += moved


def _process_bucket(
    entries: list[AccountEntry], pays: list[PayAsTotal], splits: list[SplitCredit]
) -> None:
    """6.4 steps 1–8 for one bucket with credit; `splits` are its linkable splits."""
    # 1: pay-as-total insurance pays non-plan entries; a negative entry gives its value back.
    if pays:
        plain = [e for e in entries if e.kind is not EntryKind.PlanPiece and e.amount != ZERO]
        cursor = 0
        for pay in pays:
            while pay.rem != ZERO and cursor < len(plain):
                entry = plain[cursor]
                if entry.amount == ZERO:
                    cursor += 1
                    continue
                moved = min(entry.amount, pay.rem)
                entry.amount -= moved
                pay.rem -= moved
    # 2: the bucket's positive and negative splits, fixed from here on.
    pos = [s for s in splits if s.rem > ZERO]
    neg = [s for s in splits if s.rem < ZERO and s.PayPlanNum == 0]
    # 3: plan splits pay their own plan's pieces first.
    plan_entries: dict[int, list[AccountEntry]] = defaultdict(list)
    for entry in [e for e in entries if e.kind is EntryKind.PlanPiece]:
        plan_entries[entry.PayPlanNum].append(entry)
    for plan_num, plan_pieces in plan_entries.items():
        cursor = 0
        for split in pos:
            if split.PayPlanNum != plan_num:
                continue
            while split.rem != ZERO and cursor < len(plan_pieces):
                entry = plan_pieces[cursor]
                if entry.amount == ZERO:
                    cursor += 1
                    continue
                moved = min(entry.amount, split.rem)
                entry.amount -= moved
                split.rem -= moved
    # 4: unattached positive splits absorb unattached negative ones.
    cursor = 0
    for split in pos:
        if split.PayPlanNum != 0:
            continue
        while split.rem > ZERO and cursor < len(neg):
            other = neg[cursor]
            if other.rem >= ZERO:
                cursor += 1
                continue
            moved = min(split.rem, -other.rem)
            split.rem -= moved
            other.rem += moved
    # 5: what is left pays the bucket's entries in order.
    if any(split.rem > ZERO for split in pos):
        owing = [e for e in entries if e.amount > ZERO]
        cursor = 0
        for split in pos:
            while split.rem > ZERO and cursor < len(owing):
                entry = owing[cursor]
                moved = min(entry.amount, split.rem)
                entry.amount -= moved
                split.rem -= moved
                if entry.amount == ZERO:
                    cursor += 1
    # 6: negative unattached splits cancel negative unattached adjustments.
    unattached = [e for e in entries if e.kind is EntryKind.Adjustment and e.ProcNum == 0]
    cursor = 0
    for split in neg:
        while split.rem < ZERO and cursor < len(unattached):
            entry = unattached[cursor]
            if entry.amount >= ZERO:
                cursor += 1
                continue
            moved = max(entry.amount, split.rem)  # the one nearer zero
            entry.amount -= moved
            split.rem -= moved
    _balance_bucket(entries)


def _balance_bucket(entries: list[AccountEntry]) -> None:
    """6.4 steps 7 and 8: the bucket's negative adjustments and adjustment pieces."""
    # 7: negative unattached adjustments lower positive procedures.
    unattached = [e for e in entries if e.kind is EntryKind.Adjustment and e.ProcNum == 0]
    if any(e.amount < ZERO for e in unattached):
        positive = [e for e in entries if e.kind is EntryKind.Procedure and e.amount > ZERO]
        balance(positive, unattached)
    # 8: a plan's negative adjustment pieces lower its positive pieces.
    plan_entries: dict[int, list[AccountEntry]] = defaultdict(list)
    for entry in [e for e in entries if e.kind is EntryKind.PlanPiece]:
        plan_entries[entry.PayPlanNum].append(entry)
    for plan_pieces in plan_entries.values():
        negative = [e for e in plan_pieces if e.isAdjPiece and e.amount < ZERO]
        if negative:
            balance(plan_pieces, negative)
