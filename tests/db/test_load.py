"""odpay load: a mysqldump or JSON file goes in whole, checked, or not at all."""

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from odpay.loading.load import LoadError, LoadReport, NotLoadable, load_file
from tests.factories import patient, rows

DUMP = Path(__file__).parent / "data" / "od_dump.sql"
NOW = datetime(2024, 3, 10, 8, 0, 0)


def counts(engine: Engine) -> dict[str, int]:
    return {
        t: len(rows(engine, t)) for t in ("patient", "procedurelog", "adjustment", "definition")
    }


def refused(engine: Engine, path: Path) -> str:
    before = counts(engine)
    with pytest.raises(LoadError) as caught:
        load_file(engine, path, NOW)
    assert counts(engine) == before
    return str(caught.value)


def write(tmp_path: Path, text: str, name: str = "data.sql") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mysqldump_loads_exactly_and_reports_its_tables(fresh_db: Engine) -> None:
    report = load_file(fresh_db, DUMP, NOW)
    assert report == LoadReport(
        loaded={"adjustment": 2, "definition": 2, "patient": 2, "preference": 2, "procedurelog": 2},
        skipped={"appointment": 2},
    )
    assert rows(fresh_db, "adjustment") == [
        {
            "AdjNum": 901,
            "AdjDate": date(2024, 3, 2),
            "AdjAmt": -25.5,
            "PatNum": 7001,
            "AdjType": 1,
            "ProvNum": 1,
            "AdjNote": 'Senior discount; see "note"\nline two',
            "ProcDate": date(2024, 3, 1),
            "ProcNum": 0,
            "DateEntry": date(2024, 3, 2),
            "ClinicNum": 0,
            "StatementNum": 0,
            "SecUserNumEntry": 1,
            "SecDateTEdit": datetime(2024, 3, 2, 10, 15),
            "TaxTransID": 0,
        },
        {
            "AdjNum": 902,
            "AdjDate": date(2024, 3, 9),
            "AdjAmt": 40.0,
            "PatNum": 7002,
            "AdjType": 17,
            "ProvNum": 2,
            "AdjNote": "It's the NSF fee",
            "ProcDate": date(1, 1, 1),
            "ProcNum": 0,
            "DateEntry": date(2024, 3, 9),
            "ClinicNum": 0,
            "StatementNum": 0,
            "SecUserNumEntry": 1,
            "SecDateTEdit": datetime(2024, 3, 9, 11, 0),
            "TaxTransID": 0,
        },
    ]
    maeve, liam = rows(fresh_db, "patient")
    assert {k: maeve[k] for k in ("PatNum", "LName", "FName", "Guarantor", "PriProv")} == {
        "PatNum": 7001,
        "LName": "O'Hara",
        "FName": "Maeve",
        "Guarantor": 7001,
        "PriProv": 1,
    }
    assert maeve["Birthdate"] == date(1980, 5, 17)
    assert maeve["Address"] == "12 Elm St\r\nApt 3"
    assert maeve["EstBalance"] == 14.5
    assert maeve["SchedBeforeTime"] == time(8, 30)
    # Columns the dump does not name keep odpay's defaults.
    assert (maeve["MiddleI"], maeve["Bal_0_30"], maeve["SecDateEntry"]) == ("", 0.0, date(1, 1, 1))
    assert (liam["PatNum"], liam["FName"], liam["Guarantor"], liam["PriProv"]) == (
        7002,
        "Liam",
        7001,
        2,
    )
    procs = rows(fresh_db, "procedurelog")
    assert [
        (p["ProcNum"], p["ProcFee"], p["UnitQty"], p["ToothNum"], p["DrugQty"]) for p in procs
    ] == [
        (8001, 180.0, 1, "14", 0.0),
        (8002, 95.25, 1, "", 2.5),  # NULL takes the column's default (UnitQty 1)
    ]
    # The practice's own rows take the place of the blank practice's.
    check = rows(fresh_db, "definition", DefNum=69)
    care = rows(fresh_db, "definition", DefNum=391)
    assert [(d["ItemName"], d["Category"]) for d in check] == [("Check", 10)]
    assert [(d["ItemName"], d["ItemColor"], d["IsHidden"]) for d in care] == [
        ("Care\\Credit", -16777216, 1)
    ]
    assert [
        (p["PrefNum"], p["ValueString"])
        for p in rows(fresh_db, "preference", PrefName="RigorousAccounting")
    ] == [(500, "2")]
    assert [
        (p["ValueString"], p["Comments"])
        for p in rows(fresh_db, "preference", PrefName="PracticeTitle")
    ] == [("Elm Street Dental", "Shown on statements")]


def test_keys_given_by_the_file_do_not_collide_with_keys_given_later(fresh_db: Engine) -> None:
    load_file(fresh_db, DUMP, NOW)
    assert patient(fresh_db) > 7002


def test_a_json_file_of_tables_loads_with_open_dental_column_names(
    fresh_db: Engine, tmp_path: Path
) -> None:
    document = {
        "patient": [
            {"PatNum": 31, "LName": "Quill", "FName": "Ada", "Guarantor": 31, "Zip": 84101}
        ],
        "claimproc": [
            {"ClaimProcNum": 41, "ProcNum": 51, "PatNum": 31, "Status": 6, "InsPayEst": "80.5"}
        ],
        "payplan": [{"PayPlanNum": 61, "PatNum": 31, "Guarantor": 31, "Note": None}],
        "treatplan": [{"TreatPlanNum": 1}],
    }
    path = write(tmp_path, json.dumps(document), "data.json")
    assert load_file(fresh_db, path, NOW) == LoadReport(
        loaded={"patient": 1, "claimproc": 1, "payplan": 1}, skipped={"treatplan": 1}
    )
    [quill] = rows(fresh_db, "patient", PatNum=31)
    assert (quill["LName"], quill["Zip"]) == ("Quill", "84101")
    [cp] = rows(fresh_db, "claimproc", ClaimProcNum=41)
    assert (cp["InsPayEst"], cp["WriteOffEst"], cp["Status"]) == (80.5, -1.0, 6)
    [plan] = rows(fresh_db, "payplan", PayPlanNum=61)
    assert (plan["Note"], plan["IsDynamic"], plan["DatePayPlanStart"]) == ("", 0, date(1, 1, 1))


def test_an_unknown_column_of_a_known_table_loads_nothing(fresh_db: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "INSERT INTO `patient` (`PatNum`,`LName`) VALUES (7101,'Ng');\n"
        "INSERT INTO `adjustment` (`AdjNum`,`AdjAmount`) VALUES (7102,5);\n",
    )
    assert refused(fresh_db, path) == "Table adjustment has no column AdjAmount (row 1)."


def test_a_value_of_the_wrong_type_loads_nothing(fresh_db: Engine, tmp_path: Path) -> None:
    bad_date = write(
        tmp_path, "INSERT INTO `patient` (`PatNum`,`Birthdate`) VALUES (7201,'5/17/1980');"
    )
    bad_number = write(
        tmp_path, "INSERT INTO procedurelog (ProcNum,ProcFee) VALUES (7202,'lots');", "b.sql"
    )
    too_long = write(
        tmp_path, "INSERT INTO patient (PatNum,HmPhone) VALUES (7203,'" + "9" * 31 + "');", "c.sql"
    )
    not_whole = write(
        tmp_path, json.dumps({"patient": [{"PatNum": 7204, "Guarantor": 1.5}]}), "d.json"
    )
    assert refused(fresh_db, bad_date) == (
        "Table patient, row 1, column Birthdate: expected a date yyyy-MM-dd, not '5/17/1980'"
    )
    assert refused(fresh_db, bad_number) == (
        "Table procedurelog, row 1, column ProcFee: expected a number, not 'lots'"
    )
    assert refused(fresh_db, too_long) == (
        "Table patient, row 1, column HmPhone: longer than 30 characters"
    )
    assert refused(fresh_db, not_whole) == (
        "Table patient, row 1, column Guarantor: expected a whole number, not '1.5'"
    )


def test_a_dump_cut_off_in_a_statement_loads_none_of_its_earlier_rows(
    fresh_db: Engine, tmp_path: Path
) -> None:
    whole = DUMP.read_text(encoding="utf-8")
    cut = write(tmp_path, whole[: whole.index("(8002,")])
    unclosed = write(tmp_path, whole[: whole.index("Liam") + 2], "u.sql")
    assert refused(fresh_db, cut) == ("The file ends inside the statement that starts on line 77.")
    assert refused(fresh_db, unclosed) == "A quoted value that starts on line 61 is never closed."


def test_statements_other_than_inserts_and_set_up_are_refused(
    fresh_db: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path, "INSERT INTO patient (PatNum) VALUES (7301);\nDELETE FROM patient;\n")
    assert refused(fresh_db, path) == "Line 2: only INSERT statements can be loaded, not DELETE."


def test_a_row_with_too_few_values_for_its_table_is_refused(
    fresh_db: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path, "INSERT INTO `definition` VALUES (7401,10,0,'Cash','');")
    assert (
        refused(fresh_db, path) == "Line 1: table definition takes 7 values per row, a row has 5."
    )


def test_a_database_refusal_rolls_back_every_table(fresh_db: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "INSERT INTO patient (PatNum,LName) VALUES (7501,'Ito');\n"
        "INSERT INTO adjustment (AdjNum,AdjAmt) VALUES (7502,5),(7502,6);\n",
    )
    assert refused(fresh_db, path).startswith("Table adjustment: the database refused the rows: ")
    assert rows(fresh_db, "patient", PatNum=7501) == []


def test_json_that_is_not_an_object_of_row_lists_is_refused(
    fresh_db: Engine, tmp_path: Path
) -> None:
    not_rows = write(tmp_path, json.dumps({"patient": {"PatNum": 1}}), "a.json")
    broken = write(tmp_path, '{"patient": [', "b.json")
    assert refused(fresh_db, not_rows) == "Table patient: the value must be a list of row objects."
    assert refused(fresh_db, broken).startswith("The file is not valid JSON: ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.sql", b"", "empty.sql is empty."),
        ("blank.sql", b"\xef\xbb\xbf \n\t\n", "blank.sql is empty."),
        (
            "rows.json",
            b'[{"PatNum": 1}]',
            "rows.json is a JSON array; odpay load takes a JSON object of tables "
            '({"patient": [rows], ...}) or a mysqldump file.',
        ),
        (
            "rows.csv",
            b"PatNum,LName\n1,Ng\n",
            "rows.csv is neither a JSON object of tables nor a mysqldump file "
            "(it starts with 'PatNum,LName').",
        ),
        ("dump.sql.gz", b"\x1f\x8b\x08\x00rest", "dump.sql.gz is compressed; unpack it first."),
        (
            "schema.sql",
            b"-- no data\nCREATE TABLE t (a int);\n",
            "schema.sql holds no rows to load.",
        ),
        ("tables.json", b"{}", "tables.json holds no rows to load."),
    ],
)
def test_a_file_that_is_empty_or_of_another_kind_is_refused(
    fresh_db: Engine, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = counts(fresh_db)
    with pytest.raises(NotLoadable) as caught:
        load_file(fresh_db, path, NOW)
    assert str(caught.value) == message
    assert counts(fresh_db) == before


def test_a_large_dump_is_written_as_it_is_read_and_progress_counts_its_bytes(
    fresh_db: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "big.sql"
    with path.open("w", encoding="utf-8") as dump:
        dump.write("-- MySQL dump\nLOCK TABLES `adjustment` WRITE;\n")
        for batch in range(30):
            values = ",".join(
                f"({9000 + batch * 100 + n},'2024-03-02',-1.5,7001,1,1,'note ''{n}''')"
                for n in range(100)
            )
            dump.write(
                "INSERT INTO `adjustment` (`AdjNum`,`AdjDate`,`AdjAmt`,`PatNum`,`AdjType`,"
                f"`ProvNum`,`AdjNote`) VALUES {values};\n"
            )
        dump.write("UNLOCK TABLES;\n")
    read: list[int] = []
    report = load_file(fresh_db, path, NOW, progress=read.append)
    assert report == LoadReport(loaded={"adjustment": 3000})
    assert sum(read) == path.stat().st_size
    assert len(read) == 33  # one report a line
    notes = {r["AdjNum"]: r["AdjNote"] for r in rows(fresh_db, "adjustment")}
    assert (len(notes), notes[9000], notes[11999]) == (3000, "note '0'", "note '99'")


def test_a_bad_row_late_in_a_dump_rolls_back_the_rows_written_before_it(
    fresh_db: Engine, tmp_path: Path
) -> None:
    good = ",".join(f"({9500 + n},'Ng')" for n in range(1500))  # more than one batch
    path = write(
        tmp_path,
        f"INSERT INTO patient (PatNum,LName) VALUES {good};\n"
        "INSERT INTO patient (PatNum,Birthdate) VALUES (11001,'soon');\n",
    )
    assert refused(fresh_db, path) == (
        "Table patient, row 1501, column Birthdate: expected a date yyyy-MM-dd, not 'soon'"
    )
    assert rows(fresh_db, "patient", PatNum=9500) == []
