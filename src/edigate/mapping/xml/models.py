"""Record fields by dotted path, so a map naming a field the record lacks fails when compiled, not per document."""

from __future__ import annotations

import typing
from functools import lru_cache
from typing import Any

from ...records import EdiModel, is_record_part


def _unwrap(annotation: Any) -> Any:
    """list[X] / X | None / Annotated[X, ...] -> X."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return _unwrap(args[0]) if args else annotation


def field_type(model: type[EdiModel], names: list[str]) -> Any:
    """The (unwrapped) type of ``model.a.b`` for names ['a', 'b']; ValueError naming the first unknown part."""
    current: Any = model
    for index, name in enumerate(names):
        if not is_record_part(current) or name not in current.model_fields:
            where = ".".join(names[: index + 1])
            raise ValueError(f"{model.__name__} has no field {where!r}")
        current = _unwrap(current.model_fields[name].annotation)
    return current


@lru_cache(maxsize=512)
def model_at(model: type[EdiModel], dotted: str) -> type[EdiModel] | None:
    """The model class of the items of a (dotted) list field, or None when they are plain values."""
    found = field_type(model, dotted.split("."))
    return found if is_record_part(found) else None
