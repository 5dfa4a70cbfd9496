"""PUT /payplans/{PayPlanNum}/Close: close a patient or dynamic plan (not an insurance plan).

Spec: Open Dental's API PayPlans page (PUT Close) and its manual (Close Plan). For a dynamic
plan the charges not yet due go; what its production still brings beyond the charges already
due is charged today as one "Close Out Charge" per production item; production that never had
a charge due leaves the plan. Interest of the future charges is not charged. Texts Open Dental
does not document are odpay wording.
"""

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import Connection, Engine

from odpay.db.ledger.family import load_family
from odpay.db.ledger.payplans import (
    charges_of,
    delete_charges_after,
    delete_links,
    insert_charges,
    update_payplan,
)
from odpay.db.practice.cache import load_prefs
from odpay.domain.money import ZERO
from odpay.domain.payplans.schedule import ScheduledCharge
from odpay.services.clock import office_now
from odpay.services.keys import Key
from odpay.services.payplans.payplan_production_rows import plan_production
from odpay.services.payplans.payplan_terms import charge_rows
from odpay.services.payplans.payplans import PayPlanView, locked_plan, payplan_views
from odpay.services.refusals import CLOSING_INSURANCE_PLAN, PAYPLAN, PAYPLAN_IS_ALREADY_CLOSED
from odpay.services.transaction import family_transaction

CLOSE_OUT_NOTE = "Close Out Charge"


def close_payplan(engine: Engine, pay_plan_num: int | None, key: Key) -> PayPlanView:
    if pay_plan_num is None:
        raise PAYPLAN.id_required.error()

    def work(conn: Connection) -> PayPlanView:
        now = office_now()
        today = now.date()
        plan = locked_plan(conn, pay_plan_num)
        if plan.PlanNum != 0:
            raise CLOSING_INSURANCE_PLAN.error()
        if plan.IsClosed:
            raise PAYPLAN_IS_ALREADY_CLOSED.error()
        closed = replace(plan, IsClosed=True)
        if plan.IsDynamic:
            family = load_family(conn, plan.PatNum)
            assert family is not None  # the plan's patient row was locked above
            production = plan_production(conn, family, load_prefs(conn), today, pay_plan_num)
            posted = charges_of(conn, pay_plan_num, due_by=today)
            charged: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
            for charge in posted:
                if charge.ChargeType == 0:
                    charged[charge.LinkType, charge.FKey] += charge.Principal
            close_out: list[ScheduledCharge] = []
            gone: list[tuple[int, int]] = []
            for item in production:
                done = charged[item.LinkType, item.FKey]
                if done <= 0:
                    gone.append((item.LinkType, item.FKey))
                elif item.amount > done:
                    close_out.append(
                        ScheduledCharge(
                            ChargeDate=today,
                            Principal=item.amount - done,
                            Interest=ZERO,
                            LinkType=item.LinkType,
                            FKey=item.FKey,
                            ProvNum=item.ProvNum,
                            ClinicNum=item.ClinicNum,
                        )
                    )
            delete_charges_after(conn, pay_plan_num, today)
            delete_links(conn, pay_plan_num, gone)
            rows = charge_rows(closed, family, close_out, now)
            insert_charges(conn, [replace(row, Note=CLOSE_OUT_NOTE) for row in rows])
            completed = sum(charged.values(), ZERO) + sum((c.Principal for c in close_out), ZERO)
            closed = replace(closed, CompletedAmt=completed)
            update_payplan(conn, pay_plan_num, IsClosed=True, CompletedAmt=completed)
        else:
            update_payplan(conn, pay_plan_num, IsClosed=True)
        return payplan_views(conn, [closed], today)[0]

    return family_transaction(engine, work)
