"""The kinds of value the content format is made of (text, Markdown, slugs, references, dates,
lists, objects): each checks loaded YAML and describes itself as JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Type:
    description: str = ""

    def json(self) -> dict:
        raise NotImplementedError

    def example(self) -> str:
        return ""


@dataclass
class Str(Type):
    description: str = ""
    pattern: str | None = None
    pattern_hint: str = ""
    accept_numbers: bool = False

    def json(self) -> dict:
        out: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.accept_numbers:
            out = {"type": ["string", "integer"]}
        if self.pattern:
            out["pattern"] = self.pattern
        return out


@dataclass
class Markdown(Str):
    def json(self) -> dict:
        return {"type": "string", "minLength": 1, "contentMediaType": "text/markdown"}


@dataclass
class Slug(Str):
    pattern: str | None = SLUG_RE
    pattern_hint: str = "use lower-case letters, digits and hyphens, e.g. somerset-dhr-022"


@dataclass
class Ref(Slug):
    """An id of another thing (agency, topic, partnership); resolved across files later."""

    target: str = ""


@dataclass
class Url(Type):
    description: str = ""

    def json(self) -> dict:
        return {"type": "string", "format": "uri", "pattern": "^https://[^\\s]+$"}


@dataclass
class Date(Type):
    description: str = ""
    words: tuple[str, ...] = ()

    def json(self) -> dict:
        date = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
        options: list[dict] = [date, {"type": "integer", "minimum": 1900, "maximum": 2200}]
        if self.words:
            options.append({"enum": list(self.words)})
        return {"anyOf": options}


@dataclass
class Enum(Type):
    values: tuple[str, ...] = ()
    description: str = ""

    def json(self) -> dict:
        return {"enum": list(self.values)}


@dataclass
class Bool(Type):
    description: str = ""

    def json(self) -> dict:
        return {"type": "boolean"}


@dataclass
class Int(Type):
    minimum: int = 0
    maximum: int = 10**9
    description: str = ""

    def json(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass
class ListOf(Type):
    item: Type = field(default_factory=Str)
    min_items: int = 0
    description: str = ""

    def json(self) -> dict:
        out: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


@dataclass
class OneOrMany(ListOf):
    """One value or a list of them: `partnership: a` or `partnership: [a, b]`."""

    def json(self) -> dict:
        return {"anyOf": [self.item.json(), super().json()]}


@dataclass
class Either(Type):
    """A plain value or a mapping, chosen by what was written."""

    text: Type = field(default_factory=Str)
    mapping: "Obj | None" = None
    description: str = ""

    def json(self) -> dict:
        return {"anyOf": [self.text.json(), self.mapping.json() if self.mapping else {}]}


@dataclass
class Field:
    """One key of an object. `attr`: the model's attribute for it when the name differs (a key
    named like a model field that means something else); `model=False`: a key the model does not
    keep (editors' notes)."""

    type: Type
    required: bool = False
    description: str = ""
    published: bool = True
    attr: str = ""
    model: bool = True


@dataclass
class Obj(Type):
    name: str = ""
    fields: dict[str, Field] = field(default_factory=dict)
    description: str = ""
    model: type | None = None       # the core.model dataclass built from it (modelbuild.py)

    def json(self) -> dict:
        props = {}
        for key, f in self.fields.items():
            prop = dict(f.type.json())
            if f.description:
                prop["description"] = f.description
            props[key] = prop
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        if self.description:
            out["description"] = self.description
        return out
