"""Regenerate what odpay takes from Open Dental's schema document: src/odpay/db/schema.py (the
tables) and src/odpay/domain/enums.py (the enums), with copies of the parts read in
tests/db/data/od_tables.xml and tests/domain/data/od_enums.xml, which the tests check them
against.

Tables: columns, order and types from the document; which columns odpay reads or writes from the
odpay spec's schema.md. Enums: each from the document's <Enumeration> of that name, its members
in order, each with the value its description starts with ("2- Complete.") or, where the
description gives none, its position. Run: python scripts/gen_schema.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ET
from pathlib import Path

TABLES = [
    "patient",
    "procedurelog",
    "procedurecode",
    "adjustment",
    "claimproc",
    "payment",
    "paysplit",
    "payplan",
    "payplancharge",
    "payplanlink",
    "definition",
    "preference",
    "clinic",
    "provider",
    "userod",
    "securitylog",
]

# Columns Open Dental documents as "-1 if blank" and the one quantity that starts at 1 (D11).
MINUS_ONE = {
    "claimproc": {
        "Percentage",
        "PercentOverride",
        "CopayAmt",
        "PaidOtherIns",
        "CopayOverride",
        "DedEst",
        "DedEstOverride",
        "InsEstTotalOverride",
        "PaidOtherInsOverride",
        "WriteOffEst",
        "WriteOffEstOverride",
    }
}
ONE = {"procedurelog": {"UnitQty"}}

# schema.md section 6.
INDEXES = {
    "patient": [("Guarantor",)],
    "procedurelog": [("PatNum", "ProcStatus")],
    "procedurecode": [("ProcCode",)],
    "adjustment": [("PatNum",), ("ProcNum",)],
    "claimproc": [("PatNum",), ("ProcNum",), ("ClaimNum",), ("PayPlanNum",)],
    "payment": [("PatNum",), ("DateEntry",), ("PayType",)],
    "paysplit": [
        ("PatNum",),
        ("PayNum",),
        ("ProcNum",),
        ("AdjNum",),
        ("PayPlanNum",),
        ("PayPlanChargeNum",),
        ("FSplitNum",),
    ],
    "payplan": [("PatNum",), ("Guarantor",)],
    "payplancharge": [
        ("PayPlanNum", "ChargeDate"),
        ("Guarantor",),
        ("PatNum",),
        ("FKey", "LinkType"),
    ],
    "payplanlink": [("PayPlanNum",), ("FKey", "LinkType")],
    "definition": [("Category",)],
    "userod": [("UserName",)],
    "securitylog": [("PatNum",), ("FKey",), ("LogDateTime",)],
}
UNIQUE = {"preference": [("PrefName",)]}


def _type_expr(od_type: str) -> str:
    t = od_type.lower()
    m = re.fullmatch(r"(varchar|char)\((\d+)\)", t)
    if m:
        return f"{m.group(1)}({m.group(2)})"
    simple = {
        "bigint(20)": "BIGINT",
        "int(11)": "INT",
        "int(2)": "INT",
        "smallint": "SMALLINT",
        "smallint(6)": "SMALLINT",
        "tinyint": "TINYINT",
        "tinyint(1)": "TINYINT",
        "tinyint(4)": "TINYINT",
        "double": "DOUBLE",
        "float": "FLOAT",
        "text": "TEXT",
        "mediumtext": "TEXT",
        "longtext": "TEXT",
        "date": "DATE",
        "datetime": "DATETIME",
        "timestamp": "TIMESTAMP",
        "time": "TIME",
    }
    if t not in simple:
        raise SystemExit(f"unknown Open Dental type {od_type!r}")
    return simple[t]


def _default_expr(table: str, column: str, od_type: str) -> str:
    t = od_type.lower()
    if column in MINUS_ONE.get(table, ()):
        return 'server_default="-1"'
    if column in ONE.get(table, ()):
        return 'server_default="1"'
    if t.startswith(("bigint", "int", "smallint", "tinyint", "double", "float")):
        return 'server_default="0"'
    if t.startswith(("varchar", "char")) or t.endswith("text"):
        return "server_default=EMPTY"
    if t == "date":
        return "server_default=NO_DATE"
    if t == "datetime":
        return "server_default=NO_DATETIME"
    if t == "time":
        return 'server_default="00:00:00"'
    if t == "timestamp":
        return "server_default=NOW"
    raise SystemExit(f"no default for {od_type!r}")


def _uses(schema_md: str) -> dict[str, list[str]]:
    """Columns marked R, W or RW per table in schema.md section 3."""
    uses: dict[str, list[str]] = {}
    current = None
    for line in schema_md.splitlines():
        head = re.match(r"#### `(\w+)`", line)
        if head:
            current = head.group(1)
            continue
        row = re.match(r"\| (\d+) \| (\w+) \| [^|]+ \| [^|]+ \| ([RW]*) \|", line)
        if row and current and row.group(3):
            uses.setdefault(current, []).append(row.group(2))
    return uses


# odpay's name -> (the document's name, the column or use it serves).
ENUMS: dict[str, tuple[str, str]] = {
    "ProcStat": ("ProcStat", "procedurelog.ProcStatus"),
    "PatientStatus": ("PatientStatus", "patient.PatStatus"),
    "ClaimProcStatus": ("ClaimProcStatus", "claimproc.Status"),
    "PayPlanDebitType": ("PayPlanDebitTypes", "paysplit.PayPlanDebitType"),
    "PayPlanChargeType": ("PayPlanChargeType", "payplancharge.ChargeType"),
    "PayPlanLinkType": ("PayPlanLinkType", "payplancharge.LinkType, payplanlink.LinkType"),
    "DynamicPayPlanTPOption": ("DynamicPayPlanTPOptions", "payplan.DynamicPayPlanTPOption"),
    "DefCat": ("DefCat", "definition.Category"),
    "PaymentSource": ("CreditCardSource", "payment.PaymentSource"),
    "ProcessStat": ("ProcessStat", "payment.ProcessStatus"),
    "PatientGender": ("PatientGender", "patient.Gender"),
    "PatientPosition": ("PatientPosition", "patient.Position"),
    "ContactMethod": (
        "ContactMethod",
        "patient.PreferConfirmMethod, PreferContactMethod, PreferRecallMethod",
    ),
    "YN": ("YN", "patient.TxtMsgOk"),
    "PlaceOfService": ("PlaceOfService", "procedurelog.PlaceService"),
    "ProviderStatus": ("ProviderStatus", "provider.ProvStatus"),
    "TreatmentArea": ("TreatmentArea", "procedurecode.TreatArea"),
    "ToothPaintingType": ("ToothPaintingType", "procedurecode.PaintType"),
    "SubstitutionCondition": ("SubstitutionCondition", "procedurecode.SubstOnlyIf"),
}

_LEADING_VALUE = re.compile(r"\s*(\d+)\s*[-.]?")


def members(enumeration: ET.Element) -> list[tuple[str, int]]:
    """(name, value) of each member; `None` becomes `None_`, a Python keyword otherwise."""
    found = []
    for position, value in enumerate(enumeration.iter("EnumValue")):
        match = _LEADING_VALUE.match(value.text or "")
        name = value.get("name") or ""
        found.append((f"{name}_" if name == "None" else name, int(match[1]) if match else position))
    return found


def documented(root: ET.Element) -> dict[str, ET.Element]:
    """odpay's name -> the document's first <Enumeration> of that enum (each column that uses
    an enum repeats it)."""
    first: dict[str, ET.Element] = {}
    for enumeration in root.iter("Enumeration"):
        first.setdefault(enumeration.get("name") or "", enumeration)
    return {name: first[od_name] for name, (od_name, _) in ENUMS.items()}


def render(enumerations: dict[str, ET.Element]) -> str:
    out = [
        '"""Open Dental\'s enums that odpay reads or writes, by name and stored value.',
        "",
        "Generated by scripts/gen_schema.py from Open Dental's schema document; do not edit by hand.",
        '"""',
        "",
        "from enum import IntEnum",
    ]
    for name, (od_name, column) in ENUMS.items():
        out += ["", "", f"class {name}(IntEnum):"]
        if od_name != name:
            out.append(f'    """{column} (Open Dental\'s {od_name})."""')
        else:
            out.append(f'    """{column}."""')
        out.append("")
        out += [f"    {member} = {value}" for member, value in members(enumerations[name])]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--shared", default=str(Path(__file__).resolve().parents[1] / ".." / "shared")
    )
    args = parser.parse_args()
    shared = Path(args.shared)
    root = ET.parse(shared / "reference" / "OpenDentalDocumentation25-4.xml").getroot()
    uses = _uses((shared / "spec" / "schema.md").read_text())
    tables = {t.get("name"): t for t in root.findall("table")}

    out = [
        '"""Open Dental\'s tables as odpay holds them: names, column order and types as in Open',
        "Dental 25.4, a default on every column, and the indexes of schema.md section 6.",
        "",
        "Generated by scripts/gen_schema.py from Open Dental's schema document; do not edit by hand.",
        '"""',
        "",
        "from sqlalchemy import Column, Index, MetaData, Table",
        "",
        "from odpay.db.types import (",
        "    BIGINT, DATE, DATETIME, DOUBLE, EMPTY, FLOAT, INT, NO_DATE, NO_DATETIME, NOW,",
        "    SMALLINT, TEXT, TIME, TIMESTAMP, TINYINT, char, primary_key, varchar,",
        ")",
        "",
        "metadata = MetaData()",
        "",
    ]
    xml_out = ET.Element("database", version=root.get("version", ""))
    for name in TABLES:
        table = tables[name]
        xml_copy = ET.SubElement(xml_out, "table", name=name)
        cols = sorted(table.findall("column"), key=lambda c: int(c.get("order")))
        out.append(f"{name} = Table(")
        out.append(f'    "{name}",')
        out.append("    metadata,")
        for col in cols:
            cname, ctype = col.get("name"), col.get("type")
            ET.SubElement(xml_copy, "column", order=col.get("order"), name=cname, type=ctype)
            if (col.findtext("summary") or "").strip().lower().startswith("primary key"):
                out.append(f'    primary_key("{cname}"),')
            else:
                out.append(
                    f'    Column("{cname}", {_type_expr(ctype)}, nullable=False, '
                    f"{_default_expr(name, cname, ctype)}),"
                )
        for cols_ in INDEXES.get(name, []):
            ix = f"ix_{name}_{'_'.join(cols_)}"
            args_ = ", ".join(f'"{c}"' for c in cols_)
            out.append(f'    Index("{ix}", {args_}),')
        for cols_ in UNIQUE.get(name, []):
            ix = f"ux_{name}_{'_'.join(cols_)}"
            args_ = ", ".join(f'"{c}"' for c in cols_)
            out.append(f'    Index("{ix}", {args_}, unique=True),')
        out.append("    sqlite_autoincrement=True,")
        out.append(")")
        out.append("")
    out.append(
        "# Columns odpay reads or writes (schema.md section 3); upgrade refuses a database that"
    )
    out.append("# lacks one of them.")
    out.append("USED_COLUMNS: dict[str, tuple[str, ...]] = {")
    for name in TABLES:
        cols = ", ".join(f'"{c}"' for c in uses.get(name, []))
        out.append(f'    "{name}": ({cols},),' if cols else f'    "{name}": (),')
    out.append("}")
    out.append("")
    root_dir = Path(__file__).resolve().parents[1]
    (root_dir / "src/odpay/db/schema.py").write_text("\n".join(out))
    _write_copy(xml_out, root_dir / "tests/db/data/od_tables.xml")

    enumerations = documented(root)
    (root_dir / "src/odpay/domain/enums.py").write_text(render(enumerations))
    enums_copy = ET.Element("enumerations")
    for name, enumeration in enumerations.items():
        kept = ET.SubElement(enums_copy, "Enumeration", name=name)
        for value in enumeration.iter("EnumValue"):
            ET.SubElement(kept, "EnumValue", name=value.get("name") or "").text = value.text
    _write_copy(enums_copy, root_dir / "tests/domain/data/od_enums.xml")


def _write_copy(element: ET.Element, path: Path) -> None:
    """The part of the document a generated module was made from, for its tests."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.indent(element)
    ET.ElementTree(element).write(path, encoding="utf-8", xml_declaration=True)


if __name__ == "__main__":
    main()
