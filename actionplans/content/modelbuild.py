"""The typed model (core/model.py) built from checked content by the format's own types
(schema.py): each object's keys become the fields of the model class its Obj names, lists
become tuples, nested objects their own models, and what a file leaves out takes the model's
default. A key added to the format is modelled with no mapping written for it; where the model
keeps more than the file says (a position, a number, a resolved date), the caller gives it."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from ..core.model import Source
from .types import Either, ListOf, Obj, Type

_DEFAULT = object()     # absent: the model's default applies
_NEEDED = object()      # absent: the model has no default, so there is nothing to build

Convert = Callable[[Any, str], Any]


@dataclasses.dataclass(frozen=True)
class _Plan:
    cls: type
    keys: tuple[tuple[str, str, Convert | None, Any], ...]     # key, attribute, conversion, when absent
    position: str | None                                        # the attribute holding its Source


def build(obj: Obj, checked: dict, shown: str, **given: Any) -> Any:
    """obj.model built from `checked` (what conform() returned for obj, from the file `shown`),
    or None when a key the model cannot do without is missing or was refused (already
    reported). `given`: attributes the caller works out, used as they are."""
    plan = obj.__dict__.get("_plan") or _plan(obj)
    values: dict[str, Any] = {}
    for key, attr, convert, absent in plan.keys:
        if attr in given:
            continue
        if key in checked:
            value = checked[key]
            if convert is None:
                values[attr] = value
                continue
            value = convert(value, shown)
            if value is not None:
                values[attr] = value
                continue
        if absent is _NEEDED:
            return None
        if absent is not _DEFAULT:
            values[attr] = absent
    if plan.position is not None:
        line, col = checked.get("__mark__", (1, 1))
        values[plan.position] = Source(shown, line, col)
    values.update(given)
    return plan.cls(**values)


def _plan(obj: Obj) -> _Plan:
    if obj.model is None:
        raise TypeError(f"the {obj.name} has no model class to build")
    fields = {f.name: f for f in dataclasses.fields(obj.model)}
    keys = []
    for key, f in obj.fields.items():
        if not f.model:
            continue
        attr = f.attr or key
        model_field = fields[attr]
        has_default = model_field.default is not dataclasses.MISSING \
            or model_field.default_factory is not dataclasses.MISSING
        absent = _DEFAULT if has_default else () if isinstance(f.type, ListOf) else _NEEDED
        keys.append((key, attr, _converter(f.type), absent))
    position = next((f.name for f in fields.values() if f.metadata.get("position")), None)
    plan = _Plan(obj.model, tuple(keys), position)
    obj.__dict__["_plan"] = plan      # built once per object type, on first use
    return plan


def _converter(typ: Type) -> Convert | None:
    """How a checked value becomes the model's (None: as it is)."""
    if isinstance(typ, Obj):
        return lambda value, shown: build(typ, value, shown)
    if isinstance(typ, ListOf):        # OneOrMany too: conform() has made a list of it
        item = _converter(typ.item)
        if item is None:
            return lambda value, shown: tuple(value)
        return lambda value, shown: tuple(m for m in (item(v, shown) for v in value) if m is not None)
    if isinstance(typ, Either) and typ.mapping is not None:
        # a plain value is the mapping's first key written alone: `- Grace` is `- text: Grace`
        mapping, first = typ.mapping, next(iter(typ.mapping.fields))
        return lambda value, shown: build(mapping, value if isinstance(value, dict) else {first: value}, shown)
    return None
