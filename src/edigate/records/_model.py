"""The base of every record part, the decorator that makes one, and the value types they share.

Records are the contract with ERP teams, so they are strict about shape (unknown fields are refused) but
lenient about presence (almost everything is optional): a partner that leaves data out must still produce a
record, while a map that invents a field name must fail loudly in tests.

Each part is a pydantic dataclass with slots (`@record_part`), not a `BaseModel`: the same validation, JSON and
JSON Schema, at a third of the memory and less time to build and free. A 20-line order is about 70 parts; as
`BaseModel`s each carried a `__dict__` and a set of the fields given, 66 KB an order against 22 KB now, and the
mapping benchmark spent more time building and freeing those than interpreting the map (docs/maps.md, "Speed").
`EdiModel` gives the parts the `BaseModel` methods the rest of the code and users' hooks call (`model_validate`,
`model_dump`, `model_dump_json`, `model_copy`, `model_json_schema`, `model_fields`), with the same meaning.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar, dataclass_transform

from pydantic import ConfigDict, Field, PlainSerializer, StringConstraints, TypeAdapter
from pydantic.dataclasses import dataclass

if TYPE_CHECKING:
    from typing import Self

    from pydantic.fields import ComputedFieldInfo, FieldInfo


def _decimal_to_text(value: Decimal) -> str:
    """Write a Decimal in plain notation ('100', never '1E+2') so any JSON reader takes it back exactly."""
    return format(value, "f")


Amount = Annotated[
    Decimal,
    Field(allow_inf_nan=False),
    PlainSerializer(_decimal_to_text, return_type=str, when_used="json"),
]
"""A money amount or other exact number: a Decimal in Python, a string in JSON so no precision is lost."""

Code = Annotated[str, StringConstraints(min_length=1)]
"""A non-empty identifier or code (a qualifier, a document number). Absent is None, never ''."""

RECORD_CONFIG = ConfigDict(
    extra="forbid",
    validate_assignment=True,
    json_schema_serialization_defaults_required=True,
)
"""Unknown fields refused, assignments validated, every field present in the JSON Schema of delivered JSON."""

Part = TypeVar("Part", bound="EdiModel")
IncEx = set[str] | dict[str, Any] | None


@cache
def _adapter(cls: type[EdiModel]) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


class EdiModel:
    """Base of every record part (declared with `@record_part`): the `BaseModel` methods, for a dataclass.

    Equality is by value (the dataclass's), and a part holds only its fields (slots: no `__dict__`).
    """

    __slots__ = ()

    model_fields: ClassVar[dict[str, FieldInfo]]
    """The fields, by name, as pydantic sees them (annotation, default, description)."""
    model_computed_fields: ClassVar[dict[str, ComputedFieldInfo]]
    """Derived fields that appear in the JSON (e.g. ``record_id``), by name."""

    @classmethod
    def model_validate(cls, obj: Any) -> Self:
        """A validated part from plain data (a dict, e.g. ``json.loads`` output) or an instance."""
        return _adapter(cls).validate_python(obj)  # type: ignore[no-any-return]

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Self:
        """A validated part from its JSON text."""
        return _adapter(cls).validate_json(data)  # type: ignore[no-any-return]

    @classmethod
    def validator(cls) -> Callable[[Any], Self]:
        """`model_validate` without its Python-level wrapper, for a caller validating many records."""
        return _adapter(cls).validator.validate_python  # type: ignore[no-any-return]

    @classmethod
    def model_json_schema(cls, mode: Literal["validation", "serialization"] = "validation") -> dict[str, Any]:
        """The JSON Schema of the part: 'validation' for what it accepts, 'serialization' for what it writes."""
        return _adapter(cls).json_schema(mode=mode)

    def model_dump(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        include: IncEx = None,
        exclude: IncEx = None,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
        round_trip: bool = False,
    ) -> dict[str, Any]:
        """The part as plain data: Python values, or JSON-compatible ones with ``mode='json'``."""
        return _adapter(type(self)).dump_python(  # type: ignore[no-any-return]
            self,
            mode=mode,
            include=include,
            exclude=exclude,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
            round_trip=round_trip,
        )

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: IncEx = None,
        exclude: IncEx = None,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
    ) -> str:
        """The part as JSON text (numbers as strings, dates ISO 8601, derived fields included)."""
        dumped = _adapter(type(self)).dump_json(
            self,
            indent=indent,
            include=include,
            exclude=exclude,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
        )
        return dumped.decode()

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, with ``update``'s values set as given (not validated, as `BaseModel.model_copy`)."""
        made = copy.deepcopy(self) if deep else copy.copy(self)
        for name, value in (update or {}).items():
            if name not in self.model_fields:
                raise ValueError(f"{type(self).__name__} has no field {name!r}")
            object.__setattr__(made, name, value)
        return made


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
def record_part(cls: type[Part]) -> type[Part]:
    """Make `cls` (a subclass of EdiModel) a record part: a slotted pydantic dataclass, keyword-only, strict."""
    made: Any = dataclass(cls, config=RECORD_CONFIG, slots=True, kw_only=True)
    made.model_fields = made.__pydantic_fields__
    made.model_computed_fields = {name: dec.info for name, dec in made.__pydantic_decorators__.computed_fields.items()}
    _DERIVED[made.__module__, made.__qualname__] = frozenset(made.model_computed_fields)
    return made  # type: ignore[no-any-return]


_DERIVED: dict[tuple[str, str], frozenset[str]] = {}


def derived_fields(cls: type) -> frozenset[str]:
    """The computed field names of a record part class. A validator of the part gets as `cls` the class as
    written, before `dataclass(slots=True)` made the one in use, which does not have its computed fields;
    both have the same module and name."""
    return _DERIVED.get((cls.__module__, cls.__qualname__), frozenset())


def is_record_part(value: object) -> bool:
    """Whether `value` is a record part class or instance (where code used to ask for a `BaseModel`). Anything
    else, an annotation such as ``Literal['x']`` or ``list[str]`` included, is not."""
    cls = value if isinstance(value, type) else type(value)
    return issubclass(cls, EdiModel) and "model_fields" in cls.__dict__
