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
from collections.abc import Iterable, Iterator
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
# What may follow the opening quote of a value, up to its closing quote (not included).
_QUOTES = "'\"`"
_QUOTED_BODY = {
    "'": re.compile(r"(?:[^'\\]|\\.|'')*", re.DOTALL),
    '"': re.compile(r'(?:[^"\\]|\\.|"")*', re.DOTALL),
    "`": re.compile(r"(?:[^`]|``)*", re.DOTALL),
}
IGNORED_STATEMENTS = {
    "LOCK",
    "UNLOCK",
    "SET",
    "CREATE",
    "DROP",
    "ALTER",
    "USE",
    "START",
    "COMMIT",
    "BEGIN",
}


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


def read_dump(source: str | Iterable[str]) -> Iterator[InsertStatement]:
    """The INSERT statements of a dump, in file order, from its whole text or its lines.

    Given lines (an open file), it holds one statement at a time, so a dump of any size is read
    in bounded memory. Text that may still be the start of a longer token (a quoted value or
    comment not closed yet) waits for the next line.
    """
    reader = _Statements()
    for chunk in (source,) if isinstance(source, str) else source:
        yield from reader.feed(chunk)
    yield from reader.finish()


class _Statements:
    """Text fed line by line, read into tokens and cut into statements at each `;`."""

    def __init__(self) -> None:
        self.pending = ""  # text not read into tokens yet
        self.line = 1  # the line `pending` starts on
        self.tokens: list[tuple[str, str]] = []  # the current statement's
        self.start_line = 1
        self.closer_from = 0  # > 0: `pending` opens a quote; its end is looked for from here

    def feed(self, chunk: str) -> Iterator[InsertStatement]:
        self.pending += chunk
        if self.closer_from and not self._closed():
            return
        yield from self._read()

    def finish(self) -> Iterator[InsertStatement]:
        if self.closer_from:
            yield from self._read()
        if self.pending:
            if self.closer_from:
                raise DumpError(f"A quoted value that starts on line {self.line} is never closed.")
            raise DumpError(f"Unexpected character {self.pending[0]!r} on line {self.line}.")
        if self.tokens:
            raise DumpError(
                f"The file ends inside the statement that starts on line {self.start_line}."
            )

    def _read(self) -> Iterator[InsertStatement]:
        text = self.pending
        position = 0
        last: re.Match[str] | None = None  # the last token kept, if nothing came after it
        for match in _TOKEN.finditer(text):
            if match.start() != position:
                break  # a character no token starts with
            position = match.end()
            kind = match.lastgroup or ""
            value = match.group()
            self.line += value.count("\n")
            last = None
            if kind in ("space", "comment"):
                continue
            if not self.tokens:
                self.start_line = self.line - value.count("\n")
            if kind == "punct" and value == ";":
                statement = _statement(self.tokens, self.start_line)
                if statement is not None:
                    yield statement
                self.tokens = []
                continue
            self.tokens.append((kind, value))
            last = match
        rest = text[position:]
        if rest and last is not None and rest[0] == last.group()[0] in _QUOTES:
            # 'it' then 'x...: the quote doubles ('it''x...) and the value goes on past the
            # text read so far; the regex fell back to the shorter value. Read it again.
            self.tokens.pop()
            self.line -= last.group().count("\n")
            rest = text[last.start() :]
        self.pending = rest
        self.closer_from = 1 if rest and (rest[0] in _QUOTES or rest.startswith("/*")) else 0
        if rest and not self.closer_from:
            raise DumpError(f"Unexpected character {rest[0]!r} on line {self.line}.")

    def _closed(self) -> bool:
        """Whether the quote or comment `pending` opens now ends in it. Looks only at text not
        looked at before, so a value spread over many lines costs linear time."""
        text = self.pending
        if text.startswith("/*"):
            found = text.find("*/", max(2, self.closer_from - 1))
            self.closer_from = len(text)
            return found != -1
        body = _QUOTED_BODY[text[0]].match(text, self.closer_from)
        end = body.end() if body else self.closer_from
        self.closer_from = end
        # The body stops at its closing quote, or at a `\` or quote the next text may pair.
        return end + 1 < len(text)


def _statement(tokens: list[tuple[str, str]], line: int) -> InsertStatement | None:
    if not tokens:
        return None
    first = tokens[0][1].upper()
    if first in IGNORED_STATEMENTS:
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
