"""The model (core/model.py) and the content format (content/schema.py) cannot drift: every key of
every object in the format is a field of its model class with a matching Python type, every field
of the model is a key of the format unless the model marks it derived, and the model is built from
the format's types (content/modelbuild.py), not by a mapping written out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing

import pytest

from actionplans.content import schema as S
from actionplans.content.modelbuild import build
from actionplans.content.types import (Bool, Date, Either, Enum, Field, Int, ListOf, Markdown, Obj, Ref,
                                       Slug, Str, Url)
from actionplans.core import model as M
from actionplans.core.dates import PartialDate


def objects() -> list[Obj]:
    """Every object type the format is made of, found by walking it from each file's root."""
    found: dict[int, Obj] = {}

    def walk(typ) -> None:
        if isinstance(typ, Obj):
            if id(typ) in found:
                return
            found[id(typ)] = typ
            for f in typ.fields.values():
                walk(f.type)
        elif isinstance(typ, ListOf):
            walk(typ.item)
        elif isinstance(typ, Either):
            walk(typ.text)
            walk(typ.mapping)

    for root in S.FILES.values():
        walk(root)
    return list(found.values())


def _python_type(typ) -> object:
    """The Python type a value of this format type has in the model."""
    if isinstance(typ, Obj):
        return typ.model
    if isinstance(typ, Either):
        return typ.mapping.model if typ.mapping is not None else _python_type(typ.text)
    if isinstance(typ, ListOf):
        return (tuple, _python_type(typ.item))
    if isinstance(typ, Date):
        return PartialDate
    if isinstance(typ, (Str, Url, Enum)):      # Markdown, Slug and Ref are Str
        return str
    if isinstance(typ, Bool):
        return bool
    if isinstance(typ, Int):
        return int
    raise TypeError(typ)


def _members(annotation) -> list:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _members(a)]
    return [annotation]


def _fits(expected, annotation) -> bool:
    for member in _members(annotation):
        if isinstance(expected, tuple):
            if typing.get_origin(member) is tuple and _fits(expected[1], typing.get_args(member)[0]):
                return True
        elif member is expected:
            return True
    return False


def drift(obj: Obj) -> list[str]:
    """What the format says of one object that its model does not, and the other way round."""
    if obj.model is None:
        return [f"the {obj.name} names no model class"]
    problems = []
    fields = {f.name: f for f in dataclasses.fields(obj.model)}
    hints = typing.get_type_hints(obj.model)
    modelled: set[str] = set()
    for key, f in obj.fields.items():
        if not f.model:
            continue
        attr = f.attr or key
        modelled.add(attr)
        if attr not in fields:
            problems.append(f"{obj.name} key '{key}': {obj.model.__name__} has no field '{attr}'")
        elif fields[attr].metadata.get("derived"):
            problems.append(f"{obj.name} key '{key}': {obj.model.__name__}.{attr} is marked derived")
        elif not _fits(_python_type(f.type), hints[attr]):
            problems.append(f"{obj.name} key '{key}' is {type(f.type).__name__}, but "
                            f"{obj.model.__name__}.{attr} is {hints[attr]}")
    for name, f in fields.items():
        if f.metadata.get("derived"):
            continue
        if name not in modelled:
            problems.append(f"{obj.model.__name__}.{name} is no key of the {obj.name}: add it to the format, "
                            "or mark it derived")
            continue
        key = next(k for k, kf in obj.fields.items() if (kf.attr or k) == name)
        no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if no_default and not obj.fields[key].required and not isinstance(obj.fields[key].type, ListOf):
            problems.append(f"{obj.model.__name__}.{name} has no default, but '{key}' may be left out")
    return problems


@pytest.mark.parametrize("obj", objects(), ids=lambda o: o.name)
def test_every_object_of_the_format_matches_its_model(obj):
    assert drift(obj) == []


def test_every_model_class_is_built_from_the_format():
    built = {o.model for o in objects()}
    containers = {M.Content, M.Source}      # the whole site, and where a thing was written
    classes = {c for c in vars(M).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == M.__name__}
    assert classes - containers == built


def test_drift_is_found_both_ways():
    """The check above can fail: a key the model lacks, a field the format lacks, a type that differs."""
    extra_key = Obj("topic", {**S.TOPIC.fields, "colour": Field(Str())}, model=M.Topic)
    assert any("no field 'colour'" in p for p in drift(extra_key))
    missing_key = Obj("topic", {k: f for k, f in S.TOPIC.fields.items() if k != "description"}, model=M.Topic)
    assert any("Topic.description is no key" in p for p in drift(missing_key))
    wrong_type = Obj("topic", {**S.TOPIC.fields, "description": Field(Int())}, model=M.Topic)
    assert any("'description' is Int" in p for p in drift(wrong_type))
    optional_needed = Obj("topic", {**S.TOPIC.fields, "name": Field(Str(), False)}, model=M.Topic)
    assert any("Topic.name has no default" in p for p in drift(optional_needed))


# --- building: what a new key gets without any code written for it ------------------------

@dataclasses.dataclass(frozen=True)
class _Part:
    label: str
    size: int = 1


@dataclasses.dataclass(frozen=True)
class _Thing:
    id: str
    kind_of: str | None = None
    parts: tuple[_Part, ...] = ()
    extras: tuple[_Part, ...] = ()
    when: PartialDate | None = None
    flag: bool = False
    source: M.Source | None = M.derived("where", position=True, default=None)
    counted: int = M.derived("given by the caller", default=0)


_PART = Obj("part", {"label": Field(Str(), True), "size": Field(Int(1, 9))}, model=_Part)
_THING = Obj("thing", {
    "id": Field(Slug(), True),
    "kind": Field(Enum(("a", "b")), attr="kind_of"),
    "parts": Field(ListOf(_PART)),
    "extras": Field(ListOf(Either(Str(), _PART))),
    "when": Field(Date()),
    "flag": Field(Bool()),
    "notes": Field(Markdown(), model=False),
    "ref": Field(Ref(target="x"), model=False),
}, model=_Thing)


def test_build_follows_the_types():
    checked = {"__mark__": (4, 3), "id": "one", "kind": "b", "notes": "kept out",
               "parts": [{"__mark__": (5, 1), "label": "p", "size": 3}, {"__mark__": (6, 1), "size": 2}],
               "extras": ["plain", {"label": "mapped", "size": 5}], "when": PartialDate(2024, 5, None)}
    thing = build(_THING, checked, "content/x.yaml", counted=7)
    assert thing == _Thing("one", "b", (_Part("p", 3),), (_Part("plain"), _Part("mapped", 5)),
                           PartialDate(2024, 5, None), False, M.Source("content/x.yaml", 4, 3), 7)
    assert drift(_THING) == [] and drift(_PART) == []


def test_build_leaves_out_what_cannot_be_built():
    assert build(_THING, {"kind": "a"}, "x.yaml") is None            # no id: the model needs one
    thing = build(_THING, {"id": "two", "parts": []}, "x.yaml")
    assert thing.parts == () and thing.kind_of is None and thing.source == M.Source("x.yaml", 1, 1)


def test_site_defaults_come_from_the_model():
    checked = {"__mark__": (1, 1), "title": "T", "base_url": "https://example.org/", "partnerships": [],
               "accessibility": {"__mark__": (3, 1), "contact": "a@example.org"}, "licence": {"name": "only a name"}}
    site = build(S.SITE, checked, "site.yaml", as_of=dt.date(2024, 1, 1))
    defaults = M.SiteConfig("T", "https://example.org/", (), dt.date(2024, 1, 1))
    # a licence missing its address (reported by the format check) leaves the default licence
    assert site == dataclasses.replace(defaults, accessibility=M.AccessibilityInfo(contact="a@example.org"))
    assert build(S.REDACTION, {}, "r.yaml").patterns == M.RedactionConfig().patterns != ()
