"""Reading mysqldump text: INSERT statements in, everything else skipped or refused."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from odpay.loading.sql_dump import NULL, DumpError, InsertStatement, Number, read_dump, unquote

DUMP = Path(__file__).parent / "data" / "od_dump.sql"


def test_escapes_are_read_as_mysql_writes_them() -> None:
    assert unquote(r"'a\0b\'c\"d\\e\nf\rg\tZ\Zh\bi'") == "a\0b'c\"d\\e\nf\rg\tZ\x1ah\bi"
    assert unquote("'it''s'") == "it's"
    assert unquote('"say ""hi"""') == 'say "hi"'
    assert unquote("'50\\% off\\_now'") == "50\\% off\\_now"
    assert unquote("'\"\"'") == '""'


def test_positional_and_column_list_inserts_with_every_kind_of_value() -> None:
    text = (
        "-- comment\n# another\n/*!40101 SET NAMES utf8mb4 */;\n"
        "DROP TABLE IF EXISTS `t`;\nCREATE TABLE `t` (`a` int);\nLOCK TABLES `t` WRITE;\n"
        "INSERT INTO `t` VALUES (1,-2.5e1,'x;y',NULL,0x4869),(2,.5,\"q\",_binary 'b',-3);\n"
        "INSERT IGNORE INTO `db`.`u` (`a`,b) VALUES (3,'4');\nUNLOCK TABLES;\nCOMMIT;\n"
    )
    assert list(read_dump(text)) == [
        InsertStatement(
            "t",
            None,
            [
                (Number("1"), Number("-2.5e1"), "x;y", NULL, "Hi"),
                (Number("2"), Number(".5"), "q", "b", Number("-3")),
            ],
            7,
        ),
        InsertStatement("u", ("a", "b"), [(Number("3"), "4")], 8),
    ]


def test_a_missing_semicolon_at_the_end_is_a_cut_off_file() -> None:
    with pytest.raises(DumpError) as caught:
        list(read_dump("INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2)"))
    assert str(caught.value) == "The file ends inside the statement that starts on line 2."


def test_a_value_list_that_breaks_off_is_refused() -> None:
    with pytest.raises(DumpError) as caught:
        list(read_dump("INSERT INTO t VALUES (1,2;"))
    assert str(caught.value) == "Line 1: expected ')', found the end."


def test_a_stray_character_is_refused_with_its_line() -> None:
    with pytest.raises(DumpError) as caught:
        list(read_dump("INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1 ! 2);"))
    assert str(caught.value) == "Unexpected character '!' on line 2."


def test_a_dump_read_line_by_line_gives_what_the_whole_text_gives() -> None:
    whole = DUMP.read_text(encoding="utf-8")
    tricky = (
        "INSERT INTO t VALUES ('it''\nx',\"a\"\"\nb\", 'c\\\\\n', 'd\\'\n');\n"
        "/* a\n;b */ INSERT INTO `u``\n` VALUES (1);\n-- done\n"
    )
    for text in (whole, tricky):
        assert list(read_dump(text.splitlines(keepends=True))) == list(read_dump(text))
    assert list(read_dump(tricky)) == [
        InsertStatement("t", None, [("it'\nx", 'a"\nb', "c\\\n", "d'\n")], 1),
        InsertStatement("u`\n", None, [(Number("1"),)], 7),
    ]


def test_lines_are_read_only_as_far_as_the_statements_asked_for() -> None:
    def lines() -> Iterator[str]:
        yield "INSERT INTO t VALUES (1);\n"
        raise AssertionError("read past the first statement")

    assert next(read_dump(lines())) == InsertStatement("t", None, [(Number("1"),)], 1)


def test_an_unclosed_quote_in_lines_is_reported_at_the_end_with_its_line() -> None:
    with pytest.raises(DumpError) as caught:
        list(read_dump(["INSERT INTO t VALUES (1);\n", "INSERT INTO t VALUES ('a\n", "b);\n"]))
    assert str(caught.value) == "A quoted value that starts on line 2 is never closed."


def test_a_stray_character_in_lines_stops_the_reading_at_once() -> None:
    def lines() -> Iterator[str]:
        yield '[{"PatNum": 1}]\n'
        raise AssertionError("read on after a stray character")

    with pytest.raises(DumpError) as caught:
        list(read_dump(lines()))
    assert str(caught.value) == "Unexpected character '[' on line 1."
