"""Comparing a response object with an example from Open Dental's documentation: the same
field names in the same order, the same JSON types, the same values."""

import re
from typing import Any

DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def assert_same_shape(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    assert list(actual) == list(expected)
    # 0.0 == 0 in Python, so the JSON types are compared on their own.
    assert {k: type(v).__name__ for k, v in actual.items()} == {
        k: type(v).__name__ for k, v in expected.items()
    }
    assert actual == expected
