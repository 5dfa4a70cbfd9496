"""The sandbox commands through the real console script: demo load, load, prefs."""

import subprocess
import sys
from pathlib import Path

from odpay.db.engine import make_engine
from tests.factories import rows

ODPAY = str(Path(sys.executable).parent / "odpay")
DUMP = Path(__file__).parent.parent / "db" / "data" / "od_dump.sql"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ODPAY, *args], capture_output=True, text=True, timeout=300)


def counted(url: str, table: str) -> int:
    engine = make_engine(url)
    try:
        return len(rows(engine, table))
    finally:
        engine.dispose()


def test_demo_load_builds_a_new_database_and_the_same_seed_gives_the_same_counts(
    tmp_path: Path,
) -> None:
    first_url = f"sqlite:///{tmp_path / 'a.db'}"
    second_url = f"sqlite:///{tmp_path / 'b.db'}"
    first = run("demo", "load", "--database-url", first_url, "--families", "12", "--seed", "9")
    second = run("demo", "load", "--database-url", second_url, "--families", "12", "--seed", "9")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1].startswith("Loaded 12 families in ")
    counts = first.stdout.splitlines()[-1].split(": ", 1)[1]
    assert counts == second.stdout.splitlines()[-1].split(": ", 1)[1]
    assert counted(first_url, "patient") == int(counts.split(" patient")[0])
    assert [
        r["PrefName"] for r in rows(make_engine(first_url), "preference", PrefName="ApiPaymentType")
    ] == ["ApiPaymentType"]


def test_demo_load_refuses_zero_families(tmp_path: Path) -> None:
    refused = run(
        "demo", "load", "--database-url", f"sqlite:///{tmp_path / 'z.db'}", "--families", "0"
    )
    assert refused.returncode == 2


def test_load_reports_its_tables_and_a_bad_file_loads_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"
    assert run("db", "upgrade", "--database-url", url).returncode == 0
    cut = tmp_path / "cut.sql"
    text = DUMP.read_text(encoding="utf-8")
    cut.write_text(text[: text.index("(8002,")], encoding="utf-8")

    refused = run("load", str(cut), "--database-url", url)
    loaded = run("load", str(DUMP), "--database-url", url)

    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "Reading cut.sql",
        "Nothing was loaded. The file ends inside the statement that starts on line 77.",
    ]
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines() == [
        "adjustment: 2 rows loaded",
        "definition: 2 rows loaded",
        "patient: 2 rows loaded",
        "preference: 2 rows loaded",
        "procedurelog: 2 rows loaded",
        "appointment: 2 rows skipped (odpay does not hold this table)",
    ]
    assert counted(url, "patient") == 2


def test_prefs_set_checks_the_value_and_list_shows_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prefs.db'}"
    run("db", "upgrade", "--database-url", url)
    refused = run("prefs", "set", "PayPlansVersion", "7", "--database-url", url)
    accepted = run("prefs", "set", "PayPlansVersion", "2", "--database-url", url)
    listed = run("prefs", "list", "--database-url", url)
    assert (refused.returncode, refused.stderr.strip()) == (
        2,
        "PayPlansVersion must be between 1 and 4.",
    )
    assert (accepted.returncode, accepted.stdout.strip()) == (0, "PayPlansVersion = 2")
    assert "PayPlansVersion = 2" in listed.stdout.splitlines()
    assert "RigorousAccounting = 1" in listed.stdout.splitlines()


def test_load_refuses_an_empty_or_unknown_file_in_one_line_with_exit_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'refuse.db'}"
    empty = tmp_path / "empty.sql"
    empty.write_bytes(b"")
    array = tmp_path / "rows.json"
    array.write_text('[{"PatNum": 1}]', encoding="utf-8")
    for path, reason in (
        (empty, "empty.sql is empty."),
        (
            array,
            "rows.json is a JSON array; odpay load takes a JSON object of tables "
            '({"patient": [rows], ...}) or a mysqldump file.',
        ),
    ):
        refused = run("load", str(path), "--database-url", url)
        assert (refused.returncode, refused.stdout) == (2, "")
        assert refused.stderr == f"odpay load: {reason} Nothing was loaded.\n"


def test_load_shows_its_progress_on_stderr(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    assert run("db", "upgrade", "--database-url", url).returncode == 0
    loaded = run("load", str(DUMP), "--database-url", url)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stderr.startswith("Reading od_dump.sql")
    assert "rows loaded" not in loaded.stderr
