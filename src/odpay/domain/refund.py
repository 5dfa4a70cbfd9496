"""The splits of a refund: each original split mirrored, its amount negated.

Spec: payments.md §4.2 step 3, allocation.md §12 invariant 8. A mirror split names the same
patient, provider, clinic and charge as the split it reverses, so explicit linking (allocation.md
§4.3) reopens exactly what the original had paid.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from odpay.domain.records import NewSplit, PaySplit


def refund_splits(original: Sequence[PaySplit], today: date) -> list[NewSplit]:
    """One mirror split per original split, in SplitNum order, dated `today`.

    Every attachment column is copied; SplitAmt is negated and FSplitNum names the original.
    The columns the records do not carry (ProcDate, IsDiscount, DiscountType) are the
    database layer's to copy.
    """
    return [
        replace(split.as_new(), SplitAmt=-split.SplitAmt, DatePay=today, FSplitNum=split.SplitNum)
        for split in sorted(original, key=_split_num)
    ]


def _split_num(split: PaySplit) -> int:
    return split.SplitNum
