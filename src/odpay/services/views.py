"""What a use case hands back to HTTP: the stored rows plus the definition names the wire
format shows beside them (`payType`, `unearnedType`)."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from odpay.db.practice.cache import definition_names
from odpay.domain.enums import DefCat
from odpay.domain.records import Payment, PaySplit


@dataclass(frozen=True, slots=True)
class PaymentView:
    payment: Payment
    pay_type_name: str  # "" when PayType is 0 or names no category-10 definition
    replayed: bool = False  # an earlier answer given again for its Idempotency-Key


@dataclass(frozen=True, slots=True)
class PaySplitView:
    split: PaySplit
    unearned_type_name: str  # "" when UnearnedType is 0 or names no category-29 definition


def payment_views(conn: Connection, payments: Sequence[Payment]) -> list[PaymentView]:
    names = definition_names(conn, DefCat.PaymentTypes) if payments else {}
    return [PaymentView(p, names.get(p.PayType, "")) for p in payments]


def payment_view(conn: Connection, payment: Payment) -> PaymentView:
    return payment_views(conn, [payment])[0]


def paysplit_views(conn: Connection, splits: Sequence[PaySplit]) -> list[PaySplitView]:
    names = definition_names(conn, DefCat.PaySplitUnearnedType) if splits else {}
    return [PaySplitView(s, names.get(s.UnearnedType, "")) for s in splits]
