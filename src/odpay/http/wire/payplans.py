"""The PayPlan and PayPlanCharge JSON, field for field, and the PayPlans request bodies.

Spec: Open Dental's API PayPlans and PayPlanCharges pages (their examples give the field order
and JSON types: money and APR as numbers with a point, flags as "true"/"false", enums by
name). Bodies are read with json_body's lenient rules (wire-format.md §3).
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from odpay.domain.enums import DynamicPayPlanTPOption, PayPlanChargeType, PayPlanLinkType
from odpay.domain.money import to_double
from odpay.domain.payplans.rows import PaymentSchedule, PayPlanChargeRow
from odpay.domain.payplans.schedule import PayPlanFrequency
from odpay.http.wire.bodies import body_input, bool_text, update_input
from odpay.http.wire.json_body import RawBody
from odpay.http.wire.payments import DateFormats
from odpay.services.enum_names import name_of
from odpay.services.payplans.payplan_inputs import PayPlanDynamicInput, PayPlanDynamicUpdate
from odpay.services.payplans.payplans import PayPlanView


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
        "PaySchedule": name_of(PaymentSchedule, p.PaySchedule),
        "NumberOfPayments": p.NumberOfPayments,
        "PayAmt": to_double(p.PayAmt),
        "DownPayment": to_double(p.DownPayment),
        "IsClosed": bool_text(p.IsClosed),
        "PlanCategory": p.PlanCategory,
        "planCategory": view.plan_category_name,
        "IsDynamic": bool_text(p.IsDynamic),
        "ChargeFrequency": name_of(PayPlanFrequency, p.ChargeFrequency),
        "DatePayPlanStart": formats.of_date(p.DatePayPlanStart),
        "IsLocked": bool_text(p.IsLocked),
        "DateInterestStart": formats.of_date(p.DateInterestStart),
        "DynamicPayPlanTPOption": name_of(DynamicPayPlanTPOption, p.DynamicPayPlanTPOption),
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
        "ChargeType": name_of(PayPlanChargeType, c.ChargeType),
        "ProcNum": c.ProcNum,
        "SecDateTEntry": formats.of_date_time(c.SecDateTEntry),
        "SecDateTEdit": formats.of_date_time(c.SecDateTEdit),
        "StatementNum": c.StatementNum,
        "FKey": c.FKey,
        "LinkType": name_of(PayPlanLinkType, c.LinkType),
        "IsOffset": bool_text(c.IsOffset),
    }


def payplan_dynamic_input(body: RawBody) -> PayPlanDynamicInput:
    """POST /payplans/Dynamic; body errors are raised here, before the service runs."""
    return body_input(PayPlanDynamicInput, body)


def payplan_dynamic_update(pay_plan_num: int | None, body: RawBody) -> PayPlanDynamicUpdate:
    """PUT /payplans/{PayPlanNum}/Dynamic: the plan is looked up first, so a body error
    travels to the service."""
    return update_input(PayPlanDynamicUpdate, body, pay_plan_num=pay_plan_num)


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
