"""The blank practice (schema.md §5): written into a new database only.

It keeps Open Dental's own DefNums (Check = 69, Prepayment = 283, ...) so documentation
examples such as `"PayType": 69, "payType": "Check"` come out the same (D12).
"""

from sqlalchemy import Connection, Table, func, insert, select, text

from odpay.db.schema import definition, preference, provider, userod
from odpay.db.state import practice_changed

# (DefNum, Category, ItemOrder, ItemName, ItemValue)
DEFINITIONS = [
    (1, 1, 2, "Misc Neg Adjustment", "-"),
    (2, 1, 3, "Misc Pos Adjustment", "+"),
    (8, 1, 0, "Professional Discount", "-"),
    (9, 1, 1, "Cash Discount", "-"),
    (13, 1, 7, "$10 Referral Discount", "-"),
    (14, 1, 8, "BROKEN Appt - No Show", "+"),
    (15, 1, 9, "BROKEN Appt w/o 24 hrs Notice", "+"),
    (16, 1, 10, "Returned Check", "+"),
    (17, 1, 11, "NSF fee", "+"),
    (170, 1, 12, "Finance Charge", "+"),
    (185, 1, 13, "5% Cash Discount", "-"),
    (186, 1, 14, "10% Senior Discount", "-"),
    (187, 1, 15, "New Patient Discount", "-"),
    (188, 1, 16, "Discount", "-"),
    (245, 1, 17, "Billing Charge", "+"),
    (307, 1, 18, "Late Charge", "+"),
    (69, 10, 0, "Check", ""),
    (70, 10, 1, "Cash", ""),
    (71, 10, 2, "Credit Card", ""),
    (283, 29, 0, "Prepayment", ""),
    (299, 29, 1, "Treat Plan Prepayment", "X"),
    (308, 29, 2, "Payment Plan Prepay", "X"),
]

PREFERENCES = {
    "ApiPaymentType": "69",
    "PrepaymentUnearnedType": "283",
    "DynamicPayPlanPrepaymentUnearnedType": "308",
    "TpUnearnedType": "299",
    "RigorousAccounting": "1",
    "RigorousAdjustments": "1",
    "AccountAllowFutureDebits": "0",
    "FutureTransDatesAllowed": "0",
    "BalancesDontSubtractIns": "0",
    "AdjustmentsOffsetEachOther": "1",
    "PayPlansVersion": "1",
    "PrePayAllowedForTpProcs": "0",
    "AllowPrepayProvider": "1",
    "PracticeDefaultProv": "1",
    "EasyNoClinics": "1",
    "RefundAdjustmentType": "0",
}


def is_new_database(conn: Connection) -> bool:
    count_defs = conn.execute(select(func.count()).select_from(definition)).scalar_one()
    count_prefs = conn.execute(select(func.count()).select_from(preference)).scalar_one()
    return count_defs == 0 and count_prefs == 0


def seed_blank_practice(conn: Connection) -> bool:
    """Write the blank practice when the database is new; return whether it did."""
    if not is_new_database(conn):
        return False
    conn.execute(
        insert(definition),
        [
            {
                "DefNum": num,
                "Category": cat,
                "ItemOrder": order,
                "ItemName": name,
                "ItemValue": value,
                "IsHidden": 0,
                "ItemColor": 0,
            }
            for num, cat, order, name, value in DEFINITIONS
        ],
    )
    conn.execute(
        insert(preference),
        [{"PrefName": name, "ValueString": value} for name, value in PREFERENCES.items()],
    )
    if conn.execute(select(func.count()).select_from(provider)).scalar_one() == 0:
        conn.execute(
            insert(provider).values(
                ProvNum=1,
                Abbr="DOC",
                ItemOrder=0,
                LName="Provider",
                FName="Default",
                IsHidden=0,
                ProvStatus=0,
            )
        )
    if conn.execute(select(func.count()).select_from(userod)).scalar_one() == 0:
        conn.execute(insert(userod).values(UserNum=1, UserName="API", IsHidden=1))
    for table in (definition, provider, userod):
        continue_keys_above_max(conn, table)
    practice_changed(conn)
    return True


def continue_keys_above_max(conn: Connection, table: Table) -> None:
    """After inserting explicit keys, make PostgreSQL's identity continue above them.

    MariaDB and SQLite (AUTOINCREMENT) move their counters on explicit inserts by themselves.
    """
    if conn.dialect.name != "postgresql":
        return
    key = next(iter(table.primary_key.columns)).name
    conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{key}'), "
            f'GREATEST((SELECT COALESCE(MAX("{key}"), 0) FROM "{table.name}"), 1))'
        )
    )
