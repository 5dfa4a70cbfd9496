"""Read the INSERT statements of a mysqldump file into rows; everything else is skipped.

Understood: `INSERT [IGNORE] INTO `t` VALUES (...),(...);` (values in the table's column
order) and `INSERT INTO t (`a`,`b`) VALUES ...` (mysqldump --complete-insert); backquoted or
bare names, a `db`.`t` prefix; strings in single or double quotes with MySQL's escapes
(\\0 \\' \\" \\b \\n \\r \\t \\Z \\\\ \\% \\_ and doubled quotes), NULL, numbers, 0x hex.
Statements that only set up a session or a table (LOCK, UNLOCK, SET, CREATE, DROP, ALTER, USE,
START TRANSACTION, COMMIT) and comments (`-- `, `#`, `/* */`, `/*! */`) are ignored. Any other
statement, or a file that ends inside a statement, is an error: a partial dump loads nothing.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

# One token: blanks, comments, quoted text, names, numbers, punctuation. `-- ` needs a
# blank after the dashes (MySQL's rule), so `--5` stays a number.
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>--(?=\s|$)[^\n]*|\#[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")
  | (?P<name>`(?:[^`]|``)*`)
  | (?P<hex>0[xX][0-9a-fA-F]+)
  | (?P<number>[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z_0-9$]*)
  | (?P<punct>[(),;.=*@])
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {
    "0": "\0",
    "b": "\b",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "Z": "\x1a",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "%": "\\%",  # MySQL keeps the backslash of \% and \_ (they matter only in LIKE)
    "_": "\\_",
}
_ESCAPE = {
    "'": re.compile(r"\\(.)|''", re.DOTALL),
    '"': re.compile(r'\\(.)|""', re.DOTALL),
}
_IGNORED = {"LOCK", "UNLOCK", "SET", "CREATE", "DROP", "ALTER", "USE", "START", "COMMIT", "BEGIN"}


class DumpError(ValueError):
    """The file is not a dump odpay can read; the message says where."""


class Null:
    """SQL NULL (a distinct type, so that no text or number is ever mistaken for it)."""

    def __repr__(self) -> str:
        return "NULL"


NULL = Null()


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric literal as written, so the loader decides between integer and double."""

    text: str


Value = str | Number | Null


@dataclass(frozen=True, slots=True)
class InsertStatement:
    table: str
    columns: tuple[str, ...] | None  # None: values in the table's own column order
    rows: list[tuple[Value, ...]]
    line: int


def read_dump(text: str) -> Iterator[InsertStatement]:
    """The INSERT statements of `text`, in file order."""
    tokens: list[tuple[str, str]] = []
    line = 1
    start_line = 1
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            break  # a character no token starts with
        position = match.end()
        kind = match.lastgroup or ""
        value = match.group()
        if kind in ("space", "comment"):
            line += value.count("\n")
            continue
        if not tokens:
            start_line = line
        line += value.count("\n")
        if kind == "punct" and value == ";":
            statement = _statement(tokens, start_line)
            if statement is not None:
                yield statement
            tokens = []
            continue
        tokens.append((kind, value))
    if position != len(text):
        stray = text[position]
        where = text.count("\n", 0, position) + 1
        if stray in "'\"`":
            raise DumpError(f"A quoted value that starts on line {where} is never closed.")
        raise DumpError(f"Unexpected character {stray!r} on line {where}.")
    if tokens:
        raise DumpError(f"The file ends inside the statement that starts on line {start_line}.")


def _statement(tokens: list[tuple[str, str]], line: int) -> InsertStatement | None:
    if not tokens:
        return None
    first = tokens[0][1].upper()
    if first in _IGNORED:
        return None
    if first not in ("INSERT", "REPLACE"):
        raise DumpError(f"Line {line}: only INSERT statements can be loaded, not {first}.")
    reader = _Reader(tokens, line)
    reader.word(first)
    if reader.peek_word("IGNORE"):
        reader.word("IGNORE")
    reader.word("INTO")
    table = reader.table_name()
    columns = reader.column_list() if reader.peek_punct("(") else None
    reader.word("VALUES")
    rows = [reader.row()]
    while reader.peek_punct(","):
        reader.punct(",")
        rows.append(reader.row())
    reader.end()
    return InsertStatement(table, columns, rows, line)


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]], line: int) -> None:
        self.tokens = tokens
        self.at = 0
        self.line = line

    def _fail(self, wanted: str) -> DumpError:
        got = self.tokens[self.at][1] if self.at < len(self.tokens) else "the end"
        return DumpError(f"Line {self.line}: expected {wanted}, found {got[:40]}.")

    def _next(self, wanted: str) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise self._fail(wanted)
        token = self.tokens[self.at]
        self.at += 1
        return token

    def peek_word(self, word: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at][1].upper() == word

    def peek_punct(self, mark: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at] == ("punct", mark)

    def word(self, word: str) -> None:
        kind, value = self._next(word)
        if kind != "word" or value.upper() != word:
            self.at -= 1
            raise self._fail(word)

    def punct(self, mark: str) -> None:
        if self._next(f"'{mark}'") != ("punct", mark):
            self.at -= 1
            raise self._fail(f"'{mark}'")

    def name(self) -> str:
        kind, value = self._next("a name")
        if kind == "name":
            return value[1:-1].replace("``", "`")
        if kind == "word":
            return value
        self.at -= 1
        raise self._fail("a name")

    def table_name(self) -> str:
        name = self.name()
        if self.peek_punct("."):  # `database`.`table`
            self.punct(".")
            name = self.name()
        return name

    def column_list(self) -> tuple[str, ...]:
        self.punct("(")
        names = [self.name()]
        while self.peek_punct(","):
            self.punct(",")
            names.append(self.name())
        self.punct(")")
        return tuple(names)

    def row(self) -> tuple[Value, ...]:
        self.punct("(")
        values = [self.value()]
        while self.peek_punct(","):
            self.punct(",")
            values.append(self.value())
        self.punct(")")
        return tuple(values)

    def value(self) -> Value:
        kind, text = self._next("a value")
        if kind == "word" and text.upper() == "_BINARY":
            kind, text = self._next("a value")
        if kind == "string":
            return unquote(text)
        if kind == "number":
            return Number(text)
        if kind == "word" and text.upper() == "NULL":
            return NULL
        if kind == "hex":
            try:
                return bytes.fromhex(text[2:]).decode()
            except ValueError as exc:
                raise DumpError(f"Line {self.line}: {text[:40]} is not UTF-8 text.") from exc
        self.at -= 1
        raise self._fail("a value")

    def end(self) -> None:
        if self.at != len(self.tokens):
            raise self._fail("';'")


def unquote(literal: str) -> str:
    """The text of a quoted MySQL string literal."""
    quote = literal[0]
    body = literal[1:-1]

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return quote
        char = match.group(1)
        return _ESCAPES.get(char, char)

    return _ESCAPE[quote].sub(replace, body)
