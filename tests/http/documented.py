"""Does /openapi.json document a response? Each refusal's exact text must be one of the
examples of its operation and status (a `{Name}` place in a documented text matches any
text without a line break)."""

import json
import re
from functools import cache
from typing import Any

from fastapi import FastAPI


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[0-9]+" if p.startswith("{") else re.escape(p) for p in parts))


@cache
def _text_pattern(documented: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[A-Za-z_][A-Za-z0-9_]*\})", documented)
    return re.compile("".join(".+" if p.startswith("{") else re.escape(p) for p in parts))


def operation_of(document: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    """The documented operation a request reached; literal segments win over parameters."""
    matches = [
        (template.count("{"), operation)
        for template, operations in document["paths"].items()
        if (operation := operations.get(method.lower())) and _path_pattern(template).fullmatch(path)
    ]
    return min(matches, key=lambda m: m[0])[1] if matches else None


def documented_texts(operation: dict[str, Any], status: int) -> list[str]:
    found = operation["responses"].get(str(status), {})
    return list(found.get("content", {}).get("application/json", {}).get("examples", {}))


def undocumented_refusal(
    app: FastAPI, method: str, path: str, status: int, body: bytes
) -> str | None:
    """Why this 4xx answer is not documented, or None when it is (or the path is no route)."""
    if not 400 <= status < 500:
        return None
    operation = operation_of(app.openapi(), method, path)
    if operation is None:
        return None
    text = json.loads(body)
    texts = documented_texts(operation, status)
    if any(_text_pattern(t).fullmatch(text) for t in texts):
        return None
    return f"{method} {path}: {status} {text!r} is not among {texts}"
