"""Pydantic models that only document the sandbox resources in OpenAPI: request bodies made
from the service inputs, response objects made from Open Dental's documentation examples.

Parsing never goes through these (json_body's lenient rules do), so a client never sees a
Pydantic message.
"""

from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, create_model

_LOOSE = {
    int | None: int | str | None,  # a JSON integer or a numeric string
    str | None: str | float | None,  # a JSON string or a number taken as its literal text
    bool | str | None: bool | str | None,
}


def body_model(
    name: str, source: type, doc: str, required: tuple[str, ...] = (), *examples: dict[str, Any]
) -> type[BaseModel]:
    """The body of a POST or PUT whose service input is the dataclass `source`."""
    fields: dict[str, Any] = {}
    for field, kind in get_type_hints(source).items():
        if "_" in field and field.islower():
            continue  # pat_num, body_error: not body fields
        loose = _LOOSE.get(kind, kind)
        fields[field] = (loose, ...) if field in required else (loose, None)
    config = ConfigDict(json_schema_extra={"examples": list(examples)})
    model: type[BaseModel] = create_model(name, __config__=config, __doc__=doc, **fields)
    return model


def output_model(name: str, doc: str, example: dict[str, Any]) -> type[BaseModel]:
    """A response object with `example`'s fields, in its order and with its JSON types."""
    fields: dict[str, Any] = {key: (type(value), ...) for key, value in example.items()}
    config = ConfigDict(json_schema_extra={"examples": [example]})
    model: type[BaseModel] = create_model(name, __config__=config, __doc__=doc, **fields)
    return model


def array_of(model: type[BaseModel]) -> Any:
    """A GET's response model: an array of `model` (a model made at run time)."""
    return list[model]  # type: ignore[valid-type]
