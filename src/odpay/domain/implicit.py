"""Implicit linking: free money is assumed to have paid the oldest charges it can match.

Spec: allocation.md §6 (6.1–6.5, the eight layers and bucket steps 1–8). Mirrors Open Dental's
PaymentEdit.ImplicitlyLinkCredits and ProcessImplicitLinkBucket. In each step an entry or credit
that has been used up stays used up, so every scan keeps a cursor instead of starting over.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter

from odpay.domain.entries import AccountEntry, EntryKind, PayAsTotal, SplitCredit, balance
from odpay.domain.enums import PayPlanDebitType
from odpay.domain.ledger import Ledger
from odpay.domain.money import ZERO

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
        procedure = EntryKind.Procedure  # see EntryKind
        rest: list[AccountEntry] = []
        chosen: list[AccountEntry] = []
        for entry in work:
            if entry.kind is procedure and entry.ProcNum in pay_first:
                chosen.append(entry)
            else:
                rest.append(entry)
        work = rest + chosen
    return work


def implicit_link(
    ledger: Ledger, payer: int, preferred: bool = False, pay_first: Collection[int] = ()
) -> None:
    """§6 in place: the ledger's entries end up owing what free credit has not covered.

    Every step below skips an entry at zero, so once at zero an entry never changes again;
    the same holds for a credit with nothing left. No step makes an entry negative either, so
    the negative entries W starts with are the only ones there will ever be. Each layer
    therefore looks only at what is still open, but a bucket exists for every key W has, even
    when all its entries are at zero: its splits still net in step 4. Within a layer the
    buckets share no entry and no credit, so their order does not matter, and a bucket without
    credit moves value only in steps 7-8, when it holds a negative adjustment or piece.
    """
    _net_plan_splits(ledger.splits)  # 6.3
    hidden = ledger.hidden_types
    splits = [s for s in ledger.splits if s.rem != ZERO and s.UnearnedType not in hidden]
    pays = [p for p in ledger.pay_as_totals if p.rem != ZERO]
    if not splits and not pays and not any(e.amount < ZERO and not e.tp for e in ledger.entries):
        return  # every step moves value out of a credit or a negative entry of W: nothing to do
    work = working_list(ledger.entries, payer, preferred, pay_first)
    negatives = [e for e in work if e.amount < ZERO]
    # The negative entries steps 7 and 8 balance: unattached adjustments, adjustment pieces.
    offsets = [
        e
        for e in negatives
        if (e.kind is EntryKind.Adjustment and e.ProcNum == 0)
        or (e.kind is EntryKind.PlanPiece and e.isAdjPiece)
    ]
    groups = _OwnerGroups(work)
    for names in LAYERS:  # 6.4
        splits = [s for s in splits if s.rem != ZERO]
        pays = [p for p in pays if p.rem != ZERO]
        offsets = [e for e in offsets if e.amount < ZERO]
        if not splits and not pays and not offsets:
            continue
        key = _projection(names)
        buckets = groups.layer(key)
        bucket_pays: dict[Hashable, list[PayAsTotal]] = defaultdict(list)
        for pay in pays:
            bucket_pays[key(_owner(pay))].append(pay)
        bucket_splits: dict[Hashable, list[SplitCredit]] = defaultdict(list)
        for split in splits:
            bucket_splits[key(_owner(split))].append(split)
        # The negative entries of each bucket that step 6, 7 or 8 could use.
        bucket_offsets: dict[Hashable, list[AccountEntry]] = defaultdict(list)
        for entry in offsets:
            bucket_offsets[key(_owner(entry))].append(entry)
        for bucket_key in dict.fromkeys([*bucket_pays, *bucket_splits]):
            if bucket_key in buckets:
                _process_bucket(
                    groups.bucket(buckets[bucket_key]),
                    bucket_pays.get(bucket_key, []),
                    bucket_splits.get(bucket_key, []),
                    bucket_offsets.get(bucket_key, []),
                )
        for bucket_key, bucket_negatives in bucket_offsets.items():
            if bucket_key not in bucket_pays and bucket_key not in bucket_splits:
                _balance_bucket(groups.bucket(buckets[bucket_key]), bucket_negatives)
    balance(work, negatives)  # 6.5: any negative entry pays any positive one, FIFO


class _OwnerGroups:
    """W's entries grouped by owner (ProvNum, PatNum, ClinicNum), as positions in W.

    Every layer key is a part of the owner, so a layer's bucket is the union of some owners'
    groups: W is grouped once, not once per layer, and a bucket is made only when it has
    something to do.
    """

    def __init__(self, work: list[AccountEntry]) -> None:
        self._work = work
        # Every owner of W has a group, even one whose entries are all at zero already: its
        # bucket still exists (see implicit_link). Its open entries are the ones kept.
        self._positions: dict[Owner, list[int]] = defaultdict(list)
        for position, entry in enumerate(work):
            group = self._positions[entry.ProvNum, entry.PatNum, entry.ClinicNum]
            if entry.amount != ZERO:
                group.append(position)

    def layer(self, key: Callable[[Owner], Hashable]) -> dict[Hashable, list[Owner]]:
        """The layer's bucket keys that W has, each with the owners it covers."""
        owners: dict[Hashable, list[Owner]] = defaultdict(list)
        for owner in self._positions:
            owners[key(owner)].append(owner)
        return owners

    def bucket(self, owners: list[Owner]) -> "_Bucket":
        """The bucket of these owners: their groups merged back into W order."""
        groups = [self._open(owner) for owner in owners]
        positions = groups[0] if len(groups) == 1 else sorted(chain.from_iterable(groups))
        return _Bucket(self._work, positions)

    def _open(self, owner: Owner) -> list[int]:
        """The owner's group without its leading entries at zero. Credit pays in W order, so
        paid entries gather at the front, and an entry at zero stays at zero."""
        group = self._positions[owner]
        paid = 0
        while paid < len(group) and self._work[group[paid]].amount == ZERO:
            paid += 1
        del group[:paid]
        return group


class _Bucket:
    """One bucket's entries not at zero, in W order, found as a step reaches them: a step that
    runs out of credit never looks at the rest of a long bucket. Each step iterates afresh."""

    def __init__(self, work: list[AccountEntry], positions: list[int]) -> None:
        self._work = work
        self._positions = positions

    def __iter__(self) -> Iterator[AccountEntry]:
        work = self._work
        for position in self._positions:
            entry = work[position]
            if entry.amount != ZERO:
                yield entry


def _net_plan_splits(splits: list[SplitCredit]) -> None:
    """6.3: per plan, positive splits absorb negative ones (Interest, Principal, Unknown)."""
    by_plan: dict[int, list[SplitCredit]] = defaultdict(list)
    for split in splits:
        if split.PayPlanNum > 0:
            by_plan[split.PayPlanNum].append(split)
    for plan_splits in by_plan.values():
        plan_splits.sort(key=lambda s: _DEBIT_ORDER.get(s.PayPlanDebitType, 2))
        balance(plan_splits, plan_splits)


def _process_bucket(
    entries: Iterable[AccountEntry],
    pays: list[PayAsTotal],
    splits: list[SplitCredit],
    offsets: list[AccountEntry],
) -> None:
    """6.4 steps 1–8 for one bucket with credit; `splits` are its linkable splits, `offsets`
    its negative unattached adjustments and adjustment pieces (in W order)."""
    adjustment, plan_piece = EntryKind.Adjustment, EntryKind.PlanPiece  # see EntryKind
    # 1: pay-as-total insurance pays non-plan entries; a negative entry gives its value back.
    # Only the entry being paid changes, so the next one is found when the money reaches it.
    plain = (e for e in entries if e.kind is not plan_piece and e.amount != ZERO)
    paid = next(plain, None) if pays else None
    for pay in pays:
        while pay.rem != ZERO and paid is not None:
            moved = min(paid.amount, pay.rem)
            paid.amount -= moved
            pay.rem -= moved
            if paid.amount == ZERO:
                paid = next(plain, None)
    # 2: the bucket's positive and negative splits, fixed from here on.
    pos = [s for s in splits if s.rem > ZERO]
    neg = [s for s in splits if s.rem < ZERO and s.PayPlanNum == 0]
    # 3: plan splits pay their own plan's pieces first.
    plan_entries: dict[int, list[AccountEntry]] = defaultdict(list)
    if any(split.PayPlanNum > 0 for split in pos):
        for entry in [e for e in entries if e.kind is plan_piece]:
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
    if neg:
        balance([split for split in pos if split.PayPlanNum == 0], neg)
    # 5: what is left pays the bucket's entries in order (found as in step 1).
    owing = (e for e in entries if e.amount > ZERO)
    owed = next(owing, None) if any(split.rem > ZERO for split in pos) else None
    for split in pos:
        while split.rem > ZERO and owed is not None:
            moved = min(owed.amount, split.rem)
            owed.amount -= moved
            split.rem -= moved
            if owed.amount == ZERO:
                owed = next(owing, None)
    # 6: negative unattached splits cancel negative unattached adjustments.
    unattached = [e for e in offsets if e.kind is adjustment and e.ProcNum == 0]
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
    _balance_bucket(entries, offsets)


def _balance_bucket(entries: Iterable[AccountEntry], offsets: list[AccountEntry]) -> None:
    """6.4 steps 7 and 8: the bucket's negative adjustments and adjustment pieces (`offsets`,
    the only negative entries these steps use; see implicit_link)."""
    procedure, adjustment = EntryKind.Procedure, EntryKind.Adjustment  # see EntryKind
    plan_piece = EntryKind.PlanPiece
    negative = [e for e in offsets if e.amount < ZERO]
    # 7: negative unattached adjustments lower positive procedures (balance stops as soon as
    # they are used up, so the positive procedures are found on the way).
    unattached = [e for e in negative if e.kind is adjustment and e.ProcNum == 0]
    if unattached:
        balance((e for e in entries if e.kind is procedure and e.amount > ZERO), unattached)
    # 8: a plan's negative adjustment pieces lower its positive pieces (step 7 moves no piece).
    if not any(e.kind is plan_piece and e.isAdjPiece for e in negative):
        return
    plan_entries: dict[int, list[AccountEntry]] = defaultdict(list)
    for entry in [e for e in entries if e.kind is plan_piece]:
        plan_entries[entry.PayPlanNum].append(entry)
    for plan_pieces in plan_entries.values():
        adj_pieces = [e for e in plan_pieces if e.isAdjPiece and e.amount < ZERO]
        if adj_pieces:
            balance(plan_pieces, adj_pieces)
