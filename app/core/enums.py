"""Enumerations that explain their values in the OpenAPI document.

A generated client or a Swagger UI reader sees `compliant`, `unverified`, `published_late` …; each
value carries its meaning (Chinese / English) so nobody has to guess it from the name.
"""

from enum import StrEnum
from inspect import cleandoc
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:  # the pure modules that use it (verdicts, the calendar, deadlines) import no pydantic
    from pydantic import GetJsonSchemaHandler
    from pydantic_core import CoreSchema


class DescribedEnum(StrEnum):
    """A string enumeration whose members are declared as `NAME = "value", "中文 / what it means"`."""

    description: str

    def __new__(cls, value: str, description: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: "CoreSchema", handler: "GetJsonSchemaHandler") -> dict[str, Any]:
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        meanings = "\n".join(f"- `{member.value}`: {member.description}" for member in cls)
        intro = cleandoc(cls.__doc__) if cls.__doc__ else ""
        target["description"] = f"{intro}\n\n{meanings}" if intro else meanings
        # The vendor extension generators read (openapi-generator); Swagger UI shows the description.
        target["x-enum-descriptions"] = [member.description for member in cls]
        return schema

    @property
    def label(self) -> str:
        """The Chinese part of the description: what catalogs call it."""
        return self.description.split(" / ", 1)[0]
