"""Content in English and Welsh. site.yaml names the languages (`languages: [en, cy]`, for the
site or a partnership); each translatable text field has a Welsh twin beside it (`title_cy`,
`text_cy`: schema.bilingual). The Welsh version of a file is the same file with each Welsh
twin in place of its English field (welsh_view), modelled by the same code, so it is checked,
redacted and derived exactly as the English one. localise() gives the whole model in one
language, which the Welsh pages are rendered from."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..core.diagnostics import Diagnostics
from ..core.model import Content, SiteConfig
from .schema import WELSH
from .types import Either, ListOf, Obj, Type

DEFAULT_LANGUAGES = ("en",)


def has_welsh(data: Any) -> bool:
    if isinstance(data, dict):
        return any(isinstance(k, str) and k.endswith(WELSH) for k in data) or any(
            has_welsh(v) for k, v in data.items() if not str(k).startswith("__"))
    if isinstance(data, list):
        return any(has_welsh(v) for v in data)
    return False


def welsh_view(data: Any) -> Any:
    """The checked YAML with each `<name>_cy` value in place of `<name>` (and its line marks)."""
    if isinstance(data, list):
        return [welsh_view(v) for v in data]
    if not isinstance(data, dict):
        return data
    out = {k: welsh_view(v) for k, v in data.items() if not (isinstance(k, str) and k.endswith(WELSH))}
    marks = dict(data.get("__marks__", {}))
    for key, value in data.items():
        if isinstance(key, str) and key.endswith(WELSH):
            out[key[:-len(WELSH)]] = value
            if key in marks:
                marks[key[:-len(WELSH)]] = marks[key]
    if "__marks__" in data:
        out["__marks__"] = marks
    return out


def _objects(t: Type) -> Obj | None:
    if isinstance(t, Obj):
        return t
    if isinstance(t, ListOf):
        return _objects(t.item)
    if isinstance(t, Either):
        return t.mapping
    return None


def missing_welsh(data: Any, obj: Obj, shown: str, diags: Diagnostics, where: str) -> None:
    """An error at each English text that has a Welsh twin in the format but none in the file."""
    if isinstance(data, list):
        for item in data:
            missing_welsh(item, obj, shown, diags, where)
        return
    if not isinstance(data, dict):
        return
    marks = data.get("__marks__", {})
    for name, f in obj.fields.items():
        if name.endswith(WELSH) or name not in data:
            continue
        if name + WELSH in obj.fields and data.get(name) not in (None, "") and name + WELSH not in data:
            line, col = marks.get(name, data.get("__mark__", (1, 1)))
            diags.error(shown, line, col, f"'{name}' has no Welsh text: {where} publishes in English and Welsh",
                        f"add {name}{WELSH}: with the Welsh text, beside {name}:")
        inner = _objects(f.type)
        if inner is not None:
            missing_welsh(data[name], inner, shown, diags, where)


def languages_of(site: SiteConfig, partnership_id: str) -> tuple[str, ...]:
    for p in site.partnerships:
        if p.id == partnership_id:
            return p.languages or site.languages
    return site.languages


def site_languages(site: SiteConfig) -> tuple[str, ...]:
    """Every language some page of the site is published in, English first."""
    langs = set(site.languages) | {lang for p in site.partnerships for lang in (p.languages or ())}
    return tuple(sorted(langs, key=lambda lang: (lang != "en", lang)))


def localise(content: Content, lang: str) -> Content:
    """The model in one language: each object that has a Welsh version replaced by it."""
    if lang == "en":
        return content
    pick = (lambda o: getattr(o, lang, None) or o)
    return dataclasses.replace(
        content, site=pick(content.site), agencies=tuple(pick(a) for a in content.agencies),
        topics=tuple(pick(t) for t in content.topics), reviews=tuple(pick(r) for r in content.reviews),
        # a term with no meaning in the language is not explained on its pages (no English there)
        glossary=tuple(e for e in (getattr(g, lang, None) for g in content.glossary) if e is not None))
