"""Checking loaded YAML against the format's types, every problem at its line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.dates import DateError, parse_date, parse_due
from ..core.diagnostics import Diagnostics, did_you_mean
from .types import Bool, Date, Either, Enum, Int, ListOf, Markdown, Obj, OneOrMany, Str, Type, Url


# --- checking loaded YAML against the types ---------------------------------------------

@dataclass
class Where:
    """The file and the YAML node a value came from, for messages; `text` (the file's text,
    when known) lets a problem inside a value be pointed at exactly."""

    path: str
    diags: Diagnostics
    text: str | None = None         # the file, to point at a placeholder inside a long value

    def error(self, mark: tuple[int, int], message: str, hint: str = "") -> None:
        self.diags.error(self.path, mark[0], mark[1], message, hint)

    def placeholder(self, mark: tuple[int, int], name: str, found: str) -> None:
        """A value still holding a skeleton's TODO (or another placeholder): at the line holding it."""
        line, col = mark
        if self.text is not None:
            lines = self.text.split("\n")
            for i in range(max(line - 1, 0), min(len(lines), line + 200)):
                at = lines[i].find(found)
                if at >= 0:
                    line, col = i + 1, at + 1
                    break
        self.diags.error(self.path, line, col, f"'{name}' is not filled in yet: it still says '{found}'",
                         "write what it should say (a new review's skeleton marks each such place with TODO)")

    def offset(self, mark: tuple[int, int]) -> int:
        """The position of a (line, column) mark in the text."""
        at, line = 0, 1
        while line < mark[0] and self.text:
            at = self.text.find("\n", at) + 1
            if at == 0:
                return len(self.text)
            line += 1
        return at + mark[1] - 1

    def position(self, at: int) -> tuple[int, int]:
        return self.text.count("\n", 0, at) + 1, at - (self.text.rfind("\n", 0, at) + 1) + 1


def _placeholders() -> re.Pattern:
    from importlib import resources
    import yaml
    patterns = yaml.safe_load(resources.files("actionplans").joinpath("skeletons/placeholders.yaml")
                              .read_text(encoding="utf-8"))
    return re.compile("|".join(f"(?:{p})" for p in patterns))


PLACEHOLDER = _placeholders()


def _unfilled(value: str, name: str, mark: tuple[int, int], where: Where) -> bool:
    """Report every placeholder in the value (all in one round); whether there was one."""
    found = False
    for m in PLACEHOLDER.finditer(value):
        where.placeholder(mark, name, m.group(0))
        found = True
    return found


def check_links(text: str, name: str, mark: tuple[int, int], where: Where) -> None:
    """Every link and image in a Markdown value must pass the URL allow-list (safeurl). Each
    refused URL is pointed at where it is written when it can be found in the file as it is
    (not through YAML escapes or folding), else at the value."""
    from ..core.markup import links_in
    from ..core.safeurl import url_hint, url_problem
    start = where.offset(mark)
    end = start + len(text) * 2 + 200
    used: set[int] = set()      # the same URL twice: the second is pointed at the second place
    for url in links_in(text):
        problem = url_problem(url)
        if problem is None:
            continue
        at = where.text.find(url, start, end) if where.text and url else -1
        while at >= 0 and at in used:
            at = where.text.find(url, at + 1, end)
        used.add(at)
        shown = url if len(url) <= 80 else url[:77] + "..."
        where.error(where.position(at) if at >= 0 else mark,
                    f"a link in '{name}' is not allowed: '{shown}' ({problem})", url_hint(url))


_KIND_WORDS = {dict: "a set of keys (key: value)", list: "a list", str: "text", int: "a number",
               float: "a number", bool: "true or false", type(None): "empty"}


def _what(value: Any) -> str:
    for kind, word in _KIND_WORDS.items():
        if isinstance(value, kind):
            return word
    return type(value).__name__


_DATES: dict[tuple[str, bool], Any] = {}
_MAY_LINK = re.compile(r"[\]<]").search     # a Markdown link, autolink or image needs one    # (text, due?) -> what parse_due/parse_date gave


def conform(value: Any, typ: Type, name: str, mark: tuple[int, int], where: Where) -> Any:
    """Return the value checked and converted (dates parsed), or None after reporting why not."""
    kind = typ.__class__
    if value.__class__ is str and _unfilled(value, name, mark, where) \
            and (kind is not Markdown and kind is not Str or getattr(typ, "pattern", None)):
        return None     # 'published: TODO' is a placeholder, not a mistyped date
    if (kind is Markdown or kind is Str) and value.__class__ is str and not typ.pattern and value.strip():
        # the commonest case, text that needs no check: what the Str branch below returns
        if kind is Markdown:
            if _MAY_LINK(value):
                check_links(value, name, mark, where)
            return value.strip("\n")
        return value.strip()
    if isinstance(typ, Obj):
        if not isinstance(value, dict):
            where.error(mark, f"'{name}' should be {_KIND_WORDS[dict]}, not {_what(value)}")
            return None
        return _conform_obj(value, typ, where)
    if isinstance(typ, OneOrMany) and value is not None and not isinstance(value, list):
        one = conform(value, typ.item, name, mark, where)
        return [] if one is None else [one]
    if isinstance(typ, ListOf):
        if value is None:
            return []
        if not isinstance(value, list):
            where.error(mark, f"'{name}' should be a list (one '- ' line per item, or [a, b]), not {_what(value)}")
            return None
        if len(value) < typ.min_items:
            where.error(mark, f"'{name}' needs at least {typ.min_items} item{'s' if typ.min_items > 1 else ''}")
        marks = getattr(value, "item_marks", [])
        out = []
        for i, item in enumerate(value):
            item_mark = marks[i] if i < len(marks) else mark
            checked = conform(item, typ.item, name, item_mark, where)
            if checked is not None:
                out.append(checked)
        return out
    if isinstance(typ, Either):
        if isinstance(value, dict) and typ.mapping is not None:
            return conform(value, typ.mapping, name, mark, where)
        return conform(value, typ.text, name, mark, where)
    if value is None:
        where.error(mark, f"'{name}' is empty", f"give a value, or remove the '{name}' line")
        return None
    if isinstance(typ, Date):
        if isinstance(value, str) and value.strip().lower() in typ.words:
            return value.strip().lower()
        due = "ongoing" in typ.words
        if value.__class__ is str:      # a site repeats its dates: each text is parsed once
            known = _DATES.get((value, due))
            if known is not None:
                return known
        try:
            parsed = parse_due(value) if due else parse_date(value)
            if value.__class__ is str:
                if len(_DATES) >= 50_000:
                    _DATES.clear()
                _DATES[(value, due)] = parsed      # a PartialDate (frozen) or a word
            return parsed
        except DateError as exc:
            where.error(mark, f"'{name}' is not a date: '{value}' ({exc})")
            return None
    if isinstance(typ, Enum):
        text = str(value).strip() if not isinstance(value, bool) else str(value).lower()
        if text in typ.values:
            return text
        guess = did_you_mean(text.lower().replace(" ", "-").replace("_", "-"), typ.values)
        where.error(mark, f"'{name}' cannot be '{value}'{guess}: use one of {', '.join(typ.values)}")
        return None
    if isinstance(typ, Bool):
        if isinstance(value, bool):
            return value
        where.error(mark, f"'{name}' should be true or false, not '{value}'")
        return None
    if isinstance(typ, Int):
        if isinstance(value, int) and not isinstance(value, bool) and typ.minimum <= value <= typ.maximum:
            return value
        where.error(mark, f"'{name}' should be a whole number from {typ.minimum} to {typ.maximum}, not '{value}'")
        return None
    if isinstance(typ, Url):
        if not isinstance(value, str):
            where.error(mark, f"'{name}' should be a web address starting https://, not {_what(value)}")
            return None
        url = value.strip()
        from ..core.safeurl import url_problem
        if re.fullmatch(r"https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", url) and "\\" not in url:
            problem = url_problem(url, https_only=True)
            if problem is None:
                return url
            where.error(mark, f"'{name}' is not allowed: '{url}' ({problem})", "use the public https:// address of the page")
            return None
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "http":
            where.error(mark, f"'{name}' must use https: '{url}'", f"write https://{url[7:]}")
        elif scheme and scheme != "https":
            where.error(mark, f"'{name}' must be an https web address, not a '{scheme}:' link",
                        "use the public https:// address of the page")
        else:
            where.error(mark, f"'{name}' is not a full web address: '{url}'", "write it as https://…")
        return None
    if isinstance(typ, Str):
        if isinstance(value, bool):
            where.error(mark, f"'{name}' should be text, not {value}: put it in quotes")
            return None
        if isinstance(value, (int, float)):
            if typ.accept_numbers and isinstance(value, int):
                value = str(value)
            else:
                where.error(mark, f"'{name}' should be text, not a number (YAML reads it as {value})",
                            "put it in quotes exactly as printed, so no leading zero is lost")
                return None
        if not isinstance(value, str):
            where.error(mark, f"'{name}' should be text, not {_what(value)}")
            return None
        if not value.strip():
            where.error(mark, f"'{name}' is empty", f"give a value, or remove the '{name}' line")
            return None
        if typ.pattern and not re.fullmatch(typ.pattern, value):    # in full: "id\n" is not an id
            where.error(mark, f"'{name}' cannot be '{value}': {typ.pattern_hint or 'it has characters that are not allowed'}")
            return None
        return value.strip() if not isinstance(typ, Markdown) else value.strip("\n")
    raise TypeError(f"unknown type {typ!r}")


def _conform_obj(value: dict, typ: Obj, where: Where) -> dict:
    key_marks = getattr(value, "key_marks", {})
    value_marks = getattr(value, "value_marks", {})
    own = getattr(value, "mark", (1, 1))
    out: dict[str, Any] = {"__mark__": own, "__marks__": dict(value_marks)}
    meant: set[str] = set()
    for key in value:
        if key not in typ.fields:
            guess = did_you_mean(key, typ.fields)
            if guess:
                meant.add(guess.split("'")[1])
            where.error(key_marks.get(key, own), f"unknown key '{key}'{guess}",
                        "" if guess else f"the keys of a {typ.name} are: {', '.join(typ.fields)}")
    for key, f in typ.fields.items():
        if key in value:
            item, ftype = value[key], f.type
            kind = ftype.__class__
            if (kind is Markdown or kind is Str) and item.__class__ is str and not ftype.pattern and item.strip():
                _unfilled(item, key, value_marks.get(key, own), where)
                if kind is Markdown and _MAY_LINK(item):
                    check_links(item, key, value_marks.get(key, own), where)
                out[key] = item.strip("\n") if kind is Markdown else item.strip()   # as conform() would
                continue
            checked = conform(item, ftype, key, value_marks.get(key, own), where)
            if checked is not None:
                out[key] = checked
        elif f.required and key not in meant:   # a misspelt key is reported once, as unknown
            where.error(own, f"'{key}' is missing from this {typ.name}",
                        f"add '{key}:' ({f.description})" if f.description else f"add '{key}:'")
    return out


def marks_of(checked: dict, key: str) -> tuple[int, int]:
    """Where a key's value was written (falls back to the start of the mapping)."""
    return checked.get("__marks__", {}).get(key, checked.get("__mark__", (1, 1)))
