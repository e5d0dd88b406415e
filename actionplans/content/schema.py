"""The content format as types.

One description serves two purposes: `conform()` checks loaded YAML against it, pointing at
lines, and `json_schema()` turns it into the JSON Schema that editors and the published
`/data/schema/` use. They cannot drift because they are the same objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.dates import DUE_WORDS, DateError, parse_date, parse_due
from ..core.diagnostics import Diagnostics, did_you_mean
from ..core.urls import path_for

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
from ..core.vocabulary import AGENCY_KINDS, PSEUDONYM_TYPES, REVIEW_TYPES, STATUSES  # noqa: F401 (the format's words)
PATTERN_NAMES = ("email", "phone", "postcode", "nhs-number", "ni-number", "file-name", "case-reference")


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
    type: Type
    required: bool = False
    description: str = ""
    published: bool = True


@dataclass
class Obj(Type):
    name: str = ""
    fields: dict[str, Field] = field(default_factory=dict)
    description: str = ""

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


# --- the content format ------------------------------------------------------------------

PERSON = Obj("person", {
    "name": Field(Str(), True, "a pseudonym or name used in the source text: never published"),
    "refer_to_as": Field(Str(), True, "how the public page refers to them, e.g. 'the victim'"),
})

MILESTONE = Obj("milestone", {
    "text": Field(Markdown(), True, "a step on the way"),
    "due": Field(Date(words=DUE_WORDS), False, "when the step is due"),
    "done": Field(Date(), False, "when the step was done"),
})

EVIDENCE = Obj("evidence", {
    "title": Field(Str(), True, "what the link shows"),
    "url": Field(Url(), True, "a public https link"),
})

UPDATE = Obj("update", {
    "date": Field(Date(), True, "the date of this progress update"),
    "text": Field(Markdown(), True, "what happened"),
})

ACTION = Obj("action", {
    "action": Field(Markdown(), True, "what will be done"),
    "lead": Field(Ref(target="agency"), True, "the agency leading the action: an id from agencies.yaml"),
    "supporting": Field(ListOf(Ref(target="agency")), False, "supporting agencies: ids from agencies.yaml"),
    "lead_role": Field(Str(), False, "a role, never a person's name"),
    "milestones": Field(ListOf(MILESTONE), False, "steps on the way"),
    "due": Field(Date(words=DUE_WORDS), False, "target date: YYYY-MM-DD, YYYY-MM, YYYY, ongoing or tbc"),
    "status": Field(Enum(STATUSES), False, "leave out when the agency has given no update"),
    "completed": Field(Date(), False, "when the action was completed"),
    "completed_unknown": Field(Bool(), False, "true when the plan says it is complete but gives no date"),
    "outcome": Field(Markdown(), False, "what changed, as evidence"),
    "evidence": Field(ListOf(EVIDENCE), False, "public links only"),
    "updates": Field(ListOf(UPDATE), False, "dated progress updates, newest last"),
    "notes": Field(Markdown(), False, "for editors only: never published", published=False),
})

RECOMMENDATION = Obj("recommendation", {
    "id": Field(Str(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$", accept_numbers=True,
                    pattern_hint="use letters, digits, dots and hyphens, e.g. \"3\" or \"3.1\""),
                True, "unique in the review; shown as 'Recommendation <id>'"),
    "text": Field(Markdown(), True, "the recommendation"),
    "scope": Field(Enum(("local", "regional", "national")), False),
    "source": Field(Enum(("panel", "agency")), False, "the overview panel/chair, or an agency's own IMR"),
    "topics": Field(ListOf(Ref(target="topic")), False, "ids from topics.yaml"),
    "notes": Field(Markdown(), False, "for editors only: never published", published=False),
    "actions": Field(ListOf(ACTION), False, "what agencies committed to"),
})

REVIEW = Obj("review", {
    "id": Field(Slug(), True, "the URL; must equal the file name; never a pseudonym or a name"),
    "type": Field(Enum(REVIEW_TYPES), True),
    "title": Field(Str(), True),
    "partnership": Field(Ref(target="partnership"), True, "an id from site.yaml partnerships"),
    "reference": Field(Str(), False, "the partnership's own reference, as printed on the report"),
    "published": Field(Date(), False, "when the report was published"),
    "updated": Field(Date(), True, "when this action plan was last updated"),
    "report_url": Field(Url(), False, "the published report (https)"),
    "summary": Field(Markdown(), False, "what the review looked at, in plain English"),
    "topics": Field(ListOf(Ref(target="topic")), False, "ids from topics.yaml"),
    "people": Field(ListOf(PERSON), False, "never published: every pseudonym and name in the source text",
                    published=False),
    "no_pseudonyms": Field(Bool(), False, "true when the source documents name nobody, not even by a "
                           "pseudonym (then people stays empty)", published=False),
    "notes": Field(Markdown(), False, "for editors only (where the plan came from): never published", published=False),
    "recommendations": Field(ListOf(RECOMMENDATION, min_items=1), True),
}, "One review's action plan: content/reviews/<id>.yaml")

AGENCY = Obj("agency", {
    "id": Field(Slug(), True),
    "name": Field(Str(), True, "the full name"),
    "short_name": Field(Str(), False),
    "kind": Field(Enum(AGENCY_KINDS), False),
    "url": Field(Url(), False),
    "aliases": Field(ListOf(Str()), False, "other names the source documents use"),
    "replaced_by": Field(Ref(target="agency"), False, "the body that took over this one's work"),
})

TOPIC = Obj("topic", {
    "id": Field(Slug(), True),
    "name": Field(Str(), True),
    "description": Field(Markdown(), False),
})

GLOSSARY_ENTRY = Obj("glossary entry", {
    "term": Field(Str(), True),
    "stands_for": Field(Str(), False, "for acronyms"),
    "meaning": Field(Markdown(), True, "plain English"),
    "partnership": Field(OneOrMany(Ref(target="partnership")), False,
                         "where this meaning applies: an id (or a list of ids) from site.yaml partnerships; "
                         "needed when a term has more than one meaning"),
    "review": Field(OneOrMany(Ref(target="review")), False,
                    "where this meaning applies: a review id (or a list); wins over a partnership's meaning"),
})

PARTNERSHIP = Obj("partnership", {
    "id": Field(Slug(), True),
    "name": Field(Str(), True),
    "url": Field(Url(), False),
    "theme": Field(Slug(pattern_hint="a folder name in themes/"), False, "a folder in themes/ for this partnership's pages"),
    "description": Field(Markdown(), False),
})

SUPPORT = Obj("support line", {
    "name": Field(Str(), True),
    "phone": Field(Str(pattern=r"^[0-9 +()]+$", pattern_hint="digits and spaces only, e.g. 0808 2000 247"), False),
    "url": Field(Url(), False),
    "hours": Field(Str(), False, "e.g. '24 hours, free'"),
})

ACCESSIBILITY = Obj("accessibility statement", {
    "organisation": Field(Str(), False, "who is responsible for the site"),
    "contact": Field(Str(), True, "how to report an accessibility problem: an e-mail address, or the https "
                                  "address of a contact form (shown on the accessibility statement)"),
    "compliance": Field(Enum(("full", "partial", "none")), False),
    "known_issues": Field(ListOf(Str()), False),
    "prepared": Field(Date(), False, "when the statement was prepared"),
    "last_reviewed": Field(Date(), False),
    "last_tested": Field(Date(), False),
})

LICENCE = Obj("licence", {
    "name": Field(Str(), True),
    "url": Field(Url(), True),
})

SITE = Obj("site", {
    "title": Field(Str(), True),
    "base_url": Field(Url(), True, "where the site is published"),
    "language": Field(Str(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$", pattern_hint="e.g. en-GB"), False),
    "as_of": Field(Date(words=("build",)), False, "'build' (today) or a fixed date, for reproducible builds"),
    "stale_after_months": Field(Int(1, 60), False),
    "escalate_after_months": Field(Int(1, 120), False,
                                   "actions overdue by more than this many months are listed on /escalation/ "
                                   "(default 6)"),
    "partnerships": Field(ListOf(PARTNERSHIP, min_items=1), True),
    "publish_pseudonyms": Field(Bool(), False),
    "support": Field(ListOf(SUPPORT), False, "shown on every page"),
    "exit_page_url": Field(Url(), False, "where 'Exit this page' goes"),
    "embed_allowed_origins": Field(ListOf(Url()), False, "sites allowed to frame /embed/ pages"),
    "theme": Field(Slug(pattern_hint="a folder name in themes/"), False),
    "publisher": Field(Str(), False, "who publishes the site"),
    "description": Field(Markdown(), False, "what the site is, for the home page"),
    "content_note": Field(Markdown(), False, "the content note shown on the home page"),
    "noindex": Field(Bool(), False, "ask search engines not to index the site"),
    "licence": Field(LICENCE, False, "the licence of the open data"),
    "accessibility": Field(ACCESSIBILITY, True, "the accessibility statement: its contact is required"),
    "admin": Field(Obj("web editor", {"repository": Field(Str(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", pattern_hint=(
        "write it as owner/name, e.g. example-org/plans")), True, "the repository pull requests go to: owner/name"),
        "branch": Field(Str(), False, "default main"), "backend": Field(Enum(("github", "gitlab")), False, "default github"),
        "auth_url": Field(Url(), False, "the OAuth server officers log in through (default https://api.netlify.com)")}),
        False, "the web editor at /admin/, which saves through pull requests; leave out for none"),
})

REDACTION_NAME = Obj("redacted name", {
    "name": Field(Str(), True),
    "refer_to_as": Field(Str(), True),
})

ALLOW_ENTRY = Obj("allowed word", {
    "text": Field(Str(), True, "a word or phrase that looks like a name but is not"),
    "reason": Field(Str(), False, "why it is safe to publish"),
})

REDACTION = Obj("redaction", {
    "names": Field(ListOf(REDACTION_NAME), False, "real people who appear in source text: never published"),
    "patterns": Field(ListOf(Enum(PATTERN_NAMES)), False, "personal-data patterns that fail the check"),
    "allow": Field(ListOf(Either(Str(), ALLOW_ENTRY)), False, "look like names, are not"),
})

FILES: dict[str, Type] = {"site": SITE, "agencies": ListOf(AGENCY), "topics": ListOf(TOPIC),
                          "glossary": ListOf(GLOSSARY_ENTRY), "redaction": REDACTION, "review": REVIEW}


KEYED_LISTS = ("agencies", "topics", "glossary")     # a bare list, or under its file's key (as a web editor needs)


def json_schema(name: str) -> dict:
    root = FILES[name]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://actionplans.example.org" + path_for("data_schema", name),
              "title": f"actionplans {name}"}
    listed = root.json()
    keyed = {"type": "object", "properties": {name: listed}, "required": [name], "additionalProperties": False}
    schema.update({"anyOf": [listed, keyed]} if name in KEYED_LISTS else listed)
    return schema


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
