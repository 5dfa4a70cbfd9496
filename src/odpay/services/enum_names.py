"""Open Dental's enums as the API spells them: a member's name, and the value a name means."""

from enum import IntEnum
from functools import cache

from odpay.domain.enums import DefCat


@cache  # a page names the same few members hundreds of times
def name_of(enum: type[IntEnum], value: int) -> str:
    """The member's name (`None_` is `None`); a value without one as its decimal text."""
    member = enum._value2member_map_.get(value)
    return str(value) if member is None else member.name.rstrip("_")


def value_named(enum: type[IntEnum], text: str) -> int | None:
    """The value whose name is exactly `text` (case-sensitive), or None."""
    for member in enum:
        if member.name.rstrip("_") == text:
            return int(member)
    return None


def def_cat_name(category: int) -> str:
    return name_of(DefCat, category)


def def_cat_named(text: str) -> int | None:
    return value_named(DefCat, text)
