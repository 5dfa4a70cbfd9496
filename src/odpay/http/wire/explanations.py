"""The JSON of odpay's explanations (odpay extension): each split with its rule, each charge
left owing with its reason, and one sentence each that a person can read.

Money is text with two decimals ("100.00"), dates are yyyy-MM-dd, as in Open Dental's JSON.
"""

from decimal import Decimal
from typing import Any

from odpay.domain.account import AccountLine, LineKind
from odpay.domain.entries import EntryKind
from odpay.domain.explanation import ChargeRef, SplitReason, SplitRule, UnpaidCharge, UnpaidReason
from odpay.domain.records import NewSplit, PaySplit
from odpay.services.account.family_ledger import LedgerPage
from odpay.services.payments.explain_payment import StoredExplanation
from odpay.services.payments.preview_payment import PaymentExplanation

_RULE_TEXT = {
    SplitRule.ChosenProcedure: "Chosen procedure (procNums): paid before anything else.",
    SplitRule.PatientPreferred: "Patient preferred: the payer's own charges come first.",
    SplitRule.NamedPlanCharge: "The payment names this payment plan: only its charges are paid.",
    SplitRule.DuePlanCharge: "Due payment plan charge, oldest first.",
    SplitRule.OldestCharge: "Oldest outstanding charge of the family (first in, first out).",
    SplitRule.LeftoverToUnearned: "Leftover after every outstanding charge: unearned money.",
    SplitRule.NothingToPay: "No charge to pay: the whole amount is unearned money.",
    SplitRule.Remainder: "What the other splits did not cover: unearned money.",
    SplitRule.NegativePayment: "A negative payment pays no charge: one negative unearned split.",
    SplitRule.Prepayment: "Prepayment: the whole amount is kept as unearned money.",
    SplitRule.DynamicPlanPrepayment: "Prepayment reserved for the dynamic payment plan.",
    SplitRule.ManualUnallocated: (
        "Manual mode (RigorousAccounting = don't enforce): unallocated on the patient's provider."
    ),
}

_REASON_TEXT = {
    UnpaidReason.NothingLeft: "Nothing left: the payment was used up on other charges.",
    UnpaidReason.TreatmentPlanned: "Treatment-planned procedure: never paid automatically.",
    UnpaidReason.FuturePlanCharge: "Payment plan charge not due yet: it counts once its date comes.",
    UnpaidReason.OtherPlan: "The payment names another payment plan.",
    UnpaidReason.ManualMode: "Manual mode: the payment is not split over charges.",
    UnpaidReason.NegativePayment: "A negative payment pays no charge.",
    UnpaidReason.Prepayment: "Prepayment: the money is kept unearned, not applied.",
}


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def split_json(split: NewSplit) -> dict[str, Any]:
    """A split in the columns the engine decides, as GET /paysplits names them."""
    return {
        "SplitAmt": money(split.SplitAmt),
        "PatNum": split.PatNum,
        "ProvNum": split.ProvNum,
        "ClinicNum": split.ClinicNum,
        "ProcNum": split.ProcNum,
        "AdjNum": split.AdjNum,
        "PayPlanNum": split.PayPlanNum,
        "PayPlanChargeNum": split.PayPlanChargeNum,
        "PayPlanDebitType": split.PayPlanDebitType,
        "UnearnedType": split.UnearnedType,
    }


def charge_json(charge: ChargeRef) -> dict[str, Any]:
    return {
        "kind": charge.kind.name,
        "date": charge.date.isoformat(),
        "PatNum": charge.PatNum,
        "ProvNum": charge.ProvNum,
        "ClinicNum": charge.ClinicNum,
        "ProcNum": charge.ProcNum,
        "AdjNum": charge.AdjNum,
        "PayPlanNum": charge.PayPlanNum,
        "PayPlanChargeNum": charge.PayPlanChargeNum,
        "ProcCode": charge.ProcCode,
    }


def _charge_name(charge: ChargeRef) -> str:
    if charge.kind is EntryKind.Procedure:
        return f"procedure {charge.ProcCode or charge.ProcNum} of {charge.date.isoformat()}"
    if charge.kind is EntryKind.Adjustment:
        return f"adjustment {charge.AdjNum} of {charge.date.isoformat()}"
    return f"payment plan {charge.PayPlanNum} charge of {charge.date.isoformat()}"


def reason_json(reason: SplitReason) -> dict[str, Any]:
    text = _RULE_TEXT[reason.rule]
    answer: dict[str, Any] = {"rule": reason.rule.value, "charge": None}
    if reason.charge is not None and reason.owed_before is not None:
        assert reason.owed_after is not None
        answer["charge"] = charge_json(reason.charge)
        answer["owedBefore"] = money(reason.owed_before)
        answer["owedAfter"] = money(reason.owed_after)
        text += (
            f" The {_charge_name(reason.charge)} owed {money(reason.owed_before)}"
            f" and owes {money(reason.owed_after)} after this split."
        )
    answer["text"] = text
    return answer


def unpaid_json(unpaid: UnpaidCharge) -> dict[str, Any]:
    return {
        "charge": charge_json(unpaid.charge),
        "owed": money(unpaid.owed),
        "reason": unpaid.reason.value,
        "text": f"The {_charge_name(unpaid.charge)} still owes {money(unpaid.owed)}. "
        + _REASON_TEXT[unpaid.reason],
    }


def explanation_json(explanation: PaymentExplanation) -> dict[str, Any]:
    return {
        "splits": [
            {**split_json(item.split), "explanation": reason_json(item.reason)}
            for item in explanation.splits
        ],
        "unpaid": [unpaid_json(u) for u in explanation.unpaid],
    }


def _stored_text(split: PaySplit) -> str:
    """A split the engine does not reproduce, described by what it is on."""
    if split.FSplitNum > 0 and split.SplitAmt < 0:
        on = f"refunds split {split.FSplitNum}"
    elif split.PayPlanChargeNum > 0:
        on = f"pays payment plan {split.PayPlanNum} charge {split.PayPlanChargeNum}"
    elif split.ProcNum > 0:
        on = f"pays procedure {split.ProcNum}"
    elif split.AdjNum > 0:
        on = f"pays adjustment {split.AdjNum}"
    elif split.UnearnedType > 0:
        on = "is unearned money"
    else:
        on = "is unallocated"
    return (
        f"This split {on}. The engine does not make these splits for this payment today "
        "(splits set by PUT Partial, a refund, a payment made in Open Dental, or a family "
        "changed since), so no rule is given."
    )


def stored_explanation_json(explained: StoredExplanation) -> dict[str, Any]:
    splits = []
    for split, reason in explained.splits:
        if reason is None:
            why: dict[str, Any] = {
                "rule": "NotReproduced",
                "charge": None,
                "text": _stored_text(split),
            }
        else:
            why = reason_json(reason)
        splits.append({"SplitNum": split.SplitNum, **split_json(split), "explanation": why})
    return {
        "PayNum": explained.payment.PayNum,
        "PatNum": explained.payment.PatNum,
        "PayAmt": money(explained.payment.PayAmt),
        "PayDate": explained.payment.PayDate.isoformat(),
        "reproduced": explained.reproduced,
        "options": explained.options,
        "splits": splits,
        "unpaid": [unpaid_json(u) for u in explained.unpaid],
    }


def _line_json(
    line: AccountLine, index: int, targets: dict[tuple[LineKind, int], int]
) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "index": index,
        "kind": line.kind.name,
        "date": line.date.isoformat(),
        "PatNum": line.PatNum,
        "key": line.key,
        "ProvNum": line.ProvNum,
        "code": line.code,
        "description": line.description,
        "charge": money(line.charge) if line.charge else "",
        "credit": money(line.credit) if line.credit else "",
        "balance": money(line.balance),
    }
    if line.kind is LineKind.Payment:
        answer["splits"] = [
            {
                "SplitNum": split.SplitNum,
                **split_json(split),
                "target": targets.get((LineKind.Procedure, split.ProcNum))
                if split.ProcNum > 0
                else targets.get((LineKind.Adjustment, split.AdjNum)),
            }
            for split in line.splits
        ]
    return answer


def ledger_json(page: LedgerPage) -> dict[str, Any]:
    return {
        "guarantor": page.guarantor,
        "members": [{"PatNum": p.PatNum, "FName": p.FName, "LName": p.LName} for p in page.members],
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "balance": money(page.balance),
        "lines": [
            _line_json(line, page.offset + i, page.targets) for i, line in enumerate(page.lines)
        ],
    }
