"""The PayPlan and PayPlanCharge JSON, field for field, and the PayPlans request bodies.

Spec: Open Dental's API PayPlans and PayPlanCharges pages (their examples give the field order
and JSON types: money and APR as numbers with a point, flags as "true"/"false", enums by
name). Bodies are read with json_body's lenient rules (wire-format.md §3).
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from odpay.domain.money import to_double
from odpay.domain.payplans.rows import PaymentSchedule, PayPlanChargeRow
from odpay.domain.payplans.schedule import PayPlanFrequency
from odpay.domain.records import DynamicPayPlanTPOption, PayPlanChargeType, PayPlanLinkType
from odpay.http.wire import json_body as field
from odpay.http.wire.json_body import RawBody, read_object
from odpay.http.wire.payments import DateFormats, enum_text
from odpay.services.errors import BadRequest
from odpay.services.payplans.payplan_inputs import PayPlanDynamicInput, PayPlanDynamicUpdate
from odpay.services.payplans.payplans import PayPlanView


def _flag(value: bool) -> str:
    return "true" if value else "false"


def payplan_json(view: PayPlanView, formats: DateFormats) -> dict[str, Any]:
    p = view.plan
    return {
        "PayPlanNum": p.PayPlanNum,
        "PatNum": p.PatNum,
        "Guarantor": p.Guarantor,
        "PayPlanDate": formats.of_date(p.PayPlanDate),
        "APR": float(p.APR),
        "Note": p.Note,
        "PlanNum": p.PlanNum,
        "CompletedAmt": to_double(p.CompletedAmt),
        "InsSubNum": p.InsSubNum,
        "PaySchedule": enum_text(PaymentSchedule, p.PaySchedule),
        "NumberOfPayments": p.NumberOfPayments,
        "PayAmt": to_double(p.PayAmt),
        "DownPayment": to_double(p.DownPayment),
        "IsClosed": _flag(p.IsClosed),
        "PlanCategory": p.PlanCategory,
        "planCategory": view.plan_category_name,
        "IsDynamic": _flag(p.IsDynamic),
        "ChargeFrequency": enum_text(PayPlanFrequency, p.ChargeFrequency),
        "DatePayPlanStart": formats.of_date(p.DatePayPlanStart),
        "IsLocked": _flag(p.IsLocked),
        "DateInterestStart": formats.of_date(p.DateInterestStart),
        "DynamicPayPlanTPOption": enum_text(DynamicPayPlanTPOption, p.DynamicPayPlanTPOption),
        "principalAmount": to_double(view.principal_amount),
        "SheetDefNum": p.SheetDefNum,
    }


def payplancharge_json(c: PayPlanChargeRow, formats: DateFormats) -> dict[str, Any]:
    return {
        "PayPlanChargeNum": c.PayPlanChargeNum,
        "PayPlanNum": c.PayPlanNum,
        "Guarantor": c.Guarantor,
        "PatNum": c.PatNum,
        "ChargeDate": formats.of_date(c.ChargeDate),
        "Principal": to_double(c.Principal),
        "Interest": to_double(c.Interest),
        "Note": c.Note,
        "ProvNum": c.ProvNum,
        "ClinicNum": c.ClinicNum,
        "ChargeType": enum_text(PayPlanChargeType, c.ChargeType),
        "ProcNum": c.ProcNum,
        "SecDateTEntry": formats.of_date_time(c.SecDateTEntry),
        "SecDateTEdit": formats.of_date_time(c.SecDateTEdit),
        "StatementNum": c.StatementNum,
        "FKey": c.FKey,
        "LinkType": enum_text(PayPlanLinkType, c.LinkType),
        "IsOffset": _flag(c.IsOffset),
    }


def payplan_dynamic_input(body: RawBody) -> PayPlanDynamicInput:
    """POST /payplans/Dynamic; body errors are raised here, before the service runs."""
    f = read_object(body)
    return PayPlanDynamicInput(
        PatNum=field.integer(f.get("PatNum")),
        PayAmt=field.text(f.get("PayAmt")),
        NumberOfPayments=field.integer(f.get("NumberOfPayments")),
        procNums=field.integers(f.get("procNums")),
        adjNums=field.integers(f.get("adjNums")),
        Guarantor=field.integer(f.get("Guarantor")),
        PayPlanDate=field.text(f.get("PayPlanDate")),
        APR=field.text(f.get("APR")),
        DownPayment=field.text(f.get("DownPayment")),
        Note=field.text(f.get("Note")),
        PlanCategory=field.integer(f.get("PlanCategory")),
        ChargeFrequency=field.text(f.get("ChargeFrequency")),
        DatePayPlanStart=field.text(f.get("DatePayPlanStart")),
        DateInterestStart=field.text(f.get("DateInterestStart")),
        IsLocked=field.boolean_text(f.get("IsLocked")),
        DynamicPayPlanTPOption=field.text(f.get("DynamicPayPlanTPOption")),
    )


def payplan_dynamic_update(pay_plan_num: int | None, body: RawBody) -> PayPlanDynamicUpdate:
    """PUT /payplans/{PayPlanNum}/Dynamic: the plan is looked up first, so a body error
    travels to the service."""
    try:
        f = read_object(body)
        return PayPlanDynamicUpdate(
            pay_plan_num,
            PayAmt=field.text(f.get("PayAmt")),
            NumberOfPayments=field.integer(f.get("NumberOfPayments")),
            Guarantor=field.integer(f.get("Guarantor")),
            PayPlanDate=field.text(f.get("PayPlanDate")),
            APR=field.text(f.get("APR")),
            Note=field.text(f.get("Note")),
            PlanCategory=field.integer(f.get("PlanCategory")),
            ChargeFrequency=field.text(f.get("ChargeFrequency")),
            DatePayPlanStart=field.text(f.get("DatePayPlanStart")),
            DateInterestStart=field.text(f.get("DateInterestStart")),
            IsLocked=field.boolean_text(f.get("IsLocked")),
            SheetDefNum=field.integer(f.get("SheetDefNum")),
        )
    except BadRequest as error:
        return PayPlanDynamicUpdate(pay_plan_num, body_error=error.message)


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


Integer = int | str
Text = str | float


class PayPlanDynamicIn(BaseModel):
    """POST /payplans/Dynamic. PayAmt or NumberOfPayments, and procNums and/or adjNums."""

    model_config = _examples(
        {
            "PatNum": 5,
            "Guarantor": 5,
            "NumberOfPayments": 8,
            "APR": 10,
            "DownPayment": 100,
            "Note": "DownPayment in Cash",
            "ChargeFrequency": "Monthly",
            "IsLocked": "true",
            "DynamicPayPlanTPOption": "AwaitComplete",
            "procNums": [18],
            "adjNums": [2],
        }
    )
    PatNum: Integer
    PayAmt: Text | None = Field(None, description="Amount per charge (principal + interest).")
    NumberOfPayments: Integer | None = Field(None, description="Sets PayAmt instead.")
    procNums: list[Integer] | None = None
    adjNums: list[Integer] | None = Field(None, description="Unattached positive adjustments.")
    Guarantor: Integer | None = Field(None, description="Default: the patient.")
    PayPlanDate: str | None = Field(None, description="yyyy-MM-dd; default today.")
    APR: Text | None = Field(None, description="Percent a year; default 0.")
    DownPayment: Text | None = None
    Note: str | None = Field(None, description="Appended to the terms text.")
    PlanCategory: Integer | None = Field(None, description="Definition of category 47.")
    ChargeFrequency: str | None = Field(
        None, description="Weekly, EveryOtherWeek, OrdinalWeekday, Monthly (default), Quarterly."
    )
    DatePayPlanStart: str | None = Field(None, description="First due date; default in a month.")
    DateInterestStart: str | None = None
    IsLocked: bool | str | None = Field(None, description='Default "true"; must be with APR.')
    DynamicPayPlanTPOption: str | None = Field(
        None, description="AwaitComplete (default) or TreatAsComplete."
    )


class PayPlanDynamicUpdateIn(BaseModel):
    """PUT /payplans/{PayPlanNum}/Dynamic: any of these fields."""

    model_config = _examples({"PayAmt": 50, "Note": "Lower payments from now on"})
    PayAmt: Text | None = None
    NumberOfPayments: Integer | None = None
    Guarantor: Integer | None = None
    PayPlanDate: str | None = None
    APR: Text | None = None
    Note: str | None = None
    PlanCategory: Integer | None = None
    ChargeFrequency: str | None = None
    DatePayPlanStart: str | None = None
    DateInterestStart: str | None = None
    IsLocked: bool | str | None = None
    SheetDefNum: Integer | None = None
