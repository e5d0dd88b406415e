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

Convert = Callable[[Any, str], Any]
Make = Callable[[dict, str, dict], Any]
_MISSING = object()
_NOTHING: dict = {}     # nothing given by the caller


def build(obj: Obj, checked: dict, shown: str, **given: Any) -> Any:
    """obj.model built from `checked` (what conform() returned for obj, from the file `shown`),
    or None when a key the model cannot do without is missing or was refused (already
    reported). `given`: attributes the caller works out, used as they are."""
    return _maker(obj, frozenset(given))(checked, shown, given)


def _maker(obj: Obj, given: frozenset[str]) -> Make:
    makers = obj.__dict__.setdefault("_makers", {})     # made once per object type and caller
    make = makers.get(given)
    if make is None:
        make = makers[given] = _compile(obj, given)
    return make


def _compile(obj: Obj, given: frozenset[str]) -> Make:
    """A function that builds obj.model from checked content, written out field by field as a
    hand-written constructor would be (the way dataclasses writes __init__): a review site has
    tens of thousands of objects, and a loop over each one's keys made loading 1.5% slower."""
    if obj.model is None:
        raise TypeError(f"the {obj.name} has no model class to build")
    fields = {f.name: f for f in dataclasses.fields(obj.model)}
    env: dict[str, Any] = {"MISSING": _MISSING, "Source": Source, "cls": obj.model}
    body = ["    get = checked.get"]
    args = {name: f"given[{name!r}]" for name in given}
    for i, (key, f) in enumerate(obj.fields.items()):
        attr = f.attr or key
        if not f.model or attr in given:
            continue
        model_field, v = fields[attr], f"v{i}"
        if _has_default(model_field):
            absent = _default(model_field, f"default{i}", env)
        elif isinstance(f.type, ListOf):
            absent = "()"
        else:
            absent = None               # the model cannot do without it
        convert = _converter(f.type)
        if convert is None and absent is not None:
            body.append(f"    {v} = get({key!r}, {absent})")
        else:
            body.append(f"    {v} = get({key!r}, MISSING)")
            if convert is not None:
                env[f"convert{i}"] = convert
                if isinstance(f.type, Obj):     # None: the nested object was refused, as if left out
                    body.append(f"    if {v} is not MISSING and ({v} := convert{i}({v}, shown)) is None: {v} = MISSING")
                else:
                    body.append(f"    if {v} is not MISSING: {v} = convert{i}({v}, shown)")
            body.append(f"    if {v} is MISSING: " + (f"{v} = {absent}" if absent is not None else "return None"))
        args[attr] = v
    for name, model_field in fields.items():
        if name in args:
            continue
        if model_field.metadata.get("position"):
            args[name] = "Source(shown, *checked.get('__mark__', (1, 1)))"
        elif _has_default(model_field):     # derived, and not given: its default
            args[name] = _default(model_field, f"default_{name}", env)
        else:
            raise TypeError(f"{obj.model.__name__}.{name} is derived: the caller must give it")
    # in the model's order, as a hand-written constructor call would pass them
    source = "def make(checked, shown, given):\n" + "\n".join(body) + \
        f"\n    return cls({', '.join(args[name] for name in fields)})\n"
    exec(compile(source, f"<build {obj.name}>", "exec"), env)
    return env["make"]


def _has_default(f: dataclasses.Field) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


def _default(f: dataclasses.Field, name: str, env: dict) -> str:
    """The expression for a field's default, its value (or factory) put in env under name."""
    if f.default_factory is not dataclasses.MISSING:
        env[name] = f.default_factory
        return f"{name}()"
    env[name] = f.default
    return name


def _converter(typ: Type) -> Convert | None:
    """How a checked value becomes the model's (None: as it is)."""
    if isinstance(typ, Obj):
        return _nested(typ)
    if isinstance(typ, ListOf):        # OneOrMany too: conform() has made a list of it
        item = _converter(typ.item)
        if item is None:
            return lambda value, shown: tuple(value)

        def each(value: list, shown: str) -> tuple:
            out = []
            for v in value:
                made = item(v, shown)
                if made is not None:
                    out.append(made)
            return tuple(out)
        return each
    if isinstance(typ, Either) and typ.mapping is not None:
        # a plain value is the mapping's first key written alone: `- Grace` is `- text: Grace`
        mapping, first = _nested(typ.mapping), next(iter(typ.mapping.fields))
        return lambda value, shown: mapping(value if isinstance(value, dict) else {first: value}, shown)
    return None


def _nested(obj: Obj) -> Convert:
    """Builds a nested object; its maker is looked up on first use (an object may hold itself)."""
    make: Make | None = None

    def one(value: dict, shown: str) -> Any:
        nonlocal make
        if make is None:
            make = _maker(obj, frozenset())
        return make(value, shown, _NOTHING)
    return one
