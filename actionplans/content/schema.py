"""The content format, written once with the types of types.py.

One description serves two purposes: `conform()` (conform.py) checks loaded YAML against it, pointing at
lines, and `json_schema()` turns it into the JSON Schema that editors and the published
`/data/schema/` use. They cannot drift because they are the same objects.
"""

from __future__ import annotations

from ..core import model as M
from ..core.dates import DUE_WORDS
from ..core.urls import path_for
from .types import Bool, Date, Either, Enum, Field, Int, ListOf, Markdown, Obj, OneOrMany, Ref, SLUG_RE, Slug, Str, Type, Url  # noqa: F401 (the format's types)
from .conform import Where, _what, conform, marks_of  # noqa: F401 (checking against them)
from ..core.vocabulary import AGENCY_KINDS, PATTERN_NAMES, PSEUDONYM_TYPES, REVIEW_TYPES, STATUSES  # noqa: F401 (the format's words)


# --- the content format ------------------------------------------------------------------

LANGUAGE_CODES = ("en", "cy")      # site/i18n.py holds each one's interface catalogue
WELSH = "_cy"                      # a text field's Welsh twin: title -> title_cy (content/bilingual.py)


def bilingual(obj: Obj, *names: str) -> Obj:
    """The object with a Welsh twin beside each named text field: `<name>_cy`, of the same type,
    needed on a bilingual site (languages: [en, cy]) wherever the English text is given."""
    fields = {}
    for key, f in obj.fields.items():     # each twin right after its English field (editor, schema, key order)
        fields[key] = f
        if key in names:
            fields[key + WELSH] = Field(f.type, False, f"the Welsh text of {key}, for the Welsh pages "
                                                       "(needed where the site publishes in Welsh)", f.published,
                                        model=False)     # the model keeps the Welsh as a Welsh twin: cy
    obj.fields = fields
    return obj


LANGUAGES = Field(ListOf(Enum(LANGUAGE_CODES), min_items=1), False,
                  "the languages pages are published in: [en] (the default) or [en, cy] for English and Welsh")

PERSON = bilingual(Obj("person", {
    "name": Field(Str(), True, "a pseudonym or name used in the source text: never published"),
    "refer_to_as": Field(Str(), True, "how the public page refers to them, e.g. 'the victim'"),
}, model=M.DeclaredName), "refer_to_as")

MILESTONE = bilingual(Obj("milestone", {
    "text": Field(Markdown(), True, "a step on the way"),
    "due": Field(Date(words=DUE_WORDS), False, "when the step is due"),
    "done": Field(Date(), False, "when the step was done"),
}, model=M.Milestone), "text")

EVIDENCE = bilingual(Obj("evidence", {
    "title": Field(Str(), True, "what the link shows"),
    "url": Field(Url(), True, "a public https link"),
}, model=M.Evidence), "title")

UPDATE = bilingual(Obj("update", {
    "date": Field(Date(), True, "the date of this progress update"),
    "text": Field(Markdown(), True, "what happened"),
}, model=M.Update), "text")

ACTION = bilingual(Obj("action", {
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
}, model=M.Action), "action", "lead_role", "outcome")

RECOMMENDATION = bilingual(Obj("recommendation", {
    "id": Field(Str(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$", accept_numbers=True,
                    pattern_hint="use letters, digits, dots and hyphens, e.g. \"3\" or \"3.1\""),
                True, "unique in the review; shown as 'Recommendation <id>'"),
    "title": Field(Str(pattern=r"^[^\n]{1,100}$", pattern_hint="keep it to a few words on one line (100 characters at most)"), False,
                   "a short subject (a few words) naming the recommendation in the review's contents list"),
    "text": Field(Markdown(), True, "the recommendation"),
    "scope": Field(Enum(("local", "regional", "national")), False),
    "source": Field(Enum(("panel", "agency")), False, "the overview panel/chair, or an agency's own IMR",
                    attr="source_kind"),      # the model's `source` is where it was written
    "topics": Field(ListOf(Ref(target="topic")), False, "ids from topics.yaml"),
    "notes": Field(Markdown(), False, "for editors only: never published", published=False, model=False),
    "actions": Field(ListOf(ACTION), False, "what agencies committed to"),
}, model=M.Recommendation), "title", "text")

REVIEW = bilingual(Obj("review", {
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
                           "pseudonym (then people stays empty)", published=False, model=False),
    "notes": Field(Markdown(), False, "for editors only (where the plan came from): never published", published=False,
                   model=False),
    "recommendations": Field(ListOf(RECOMMENDATION, min_items=1), True),
}, "One review's action plan: content/reviews/<id>.yaml", model=M.Review), "title", "summary")

AGENCY = bilingual(Obj("agency", {
    "id": Field(Slug(), True),
    "name": Field(Str(), True, "the full name"),
    "short_name": Field(Str(), False),
    "kind": Field(Enum(AGENCY_KINDS), False),
    "url": Field(Url(), False),
    "aliases": Field(ListOf(Str()), False, "other names the source documents use"),
    "replaced_by": Field(Ref(target="agency"), False, "the body that took over this one's work"),
}, model=M.Agency), "name", "short_name")

TOPIC = bilingual(Obj("topic", {
    "id": Field(Slug(), True),
    "name": Field(Str(), True),
    "description": Field(Markdown(), False),
}, model=M.Topic), "name", "description")

GLOSSARY_ENTRY = bilingual(Obj("glossary entry", {
    "term": Field(Str(), True),
    "stands_for": Field(Str(), False, "for acronyms"),
    "meaning": Field(Markdown(), True, "plain English"),
    "partnership": Field(OneOrMany(Ref(target="partnership")), False,
                         "where this meaning applies: an id (or a list of ids) from site.yaml partnerships; "
                         "needed when a term has more than one meaning", attr="partnerships"),
    "review": Field(OneOrMany(Ref(target="review")), False,
                    "where this meaning applies: a review id (or a list); wins over a partnership's meaning",
                    attr="reviews"),
}, model=M.GlossaryEntry), "stands_for", "meaning")

PARTNERSHIP = bilingual(Obj("partnership", {
    "id": Field(Slug(), True),
    "name": Field(Str(), True),
    "url": Field(Url(), False),
    "theme": Field(Slug(pattern_hint="a folder name in themes/"), False, "a folder in themes/ for this partnership's pages"),
    "description": Field(Markdown(), False),
    "languages": LANGUAGES,
}, model=M.Partnership), "name", "description")

SUPPORT = bilingual(Obj("support line", {
    "name": Field(Str(), True),
    "phone": Field(Str(pattern=r"^[0-9 +()]+$", pattern_hint="digits and spaces only, e.g. 0808 2000 247"), False),
    "url": Field(Url(), False),
    "hours": Field(Str(), False, "e.g. '24 hours, free'"),
}, model=M.SupportLine), "name", "hours")

ACCESSIBILITY = Obj("accessibility statement", {
    "organisation": Field(Str(), False, "who is responsible for the site"),
    "contact": Field(Str(), True, "how to report an accessibility problem: an e-mail address, or the https "
                                  "address of a contact form (shown on the accessibility statement)"),
    "compliance": Field(Enum(("full", "partial", "none")), False),
    "known_issues": Field(ListOf(Str()), False),
    "prepared": Field(Date(), False, "when the statement was prepared"),
    "last_reviewed": Field(Date(), False),
    "last_tested": Field(Date(), False),
}, model=M.AccessibilityInfo)

LICENCE = bilingual(Obj("licence", {
    "name": Field(Str(), True),
    "url": Field(Url(), True),
}, model=M.Licence), "name")

SITE = bilingual(Obj("site", {
    "title": Field(Str(), True),
    "base_url": Field(Url(), True, "where the site is published"),
    "language": Field(Str(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$", pattern_hint="e.g. en-GB"), False),
    "languages": LANGUAGES,
    "as_of": Field(Date(words=("build",)), False, "'build' (today) or a fixed date, for reproducible builds",
                   model=False),     # the model's as_of is a date: this, or --as-of (crosscheck._site)
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
        "auth_url": Field(Url(), False, "the OAuth server officers log in through (default https://api.netlify.com)")},
        model=M.AdminConfig),
        False, "the web editor at /admin/, which saves through pull requests; leave out for none"),
}, model=M.SiteConfig), "title", "publisher", "description", "content_note")

REDACTION_NAME = bilingual(Obj("redacted name", {
    "name": Field(Str(), True),
    "refer_to_as": Field(Str(), True),
}, model=M.DeclaredName), "refer_to_as")

ALLOW_ENTRY = Obj("allowed word", {
    "text": Field(Str(), True, "a word or phrase that looks like a name but is not"),
    "reason": Field(Str(), False, "why it is safe to publish"),
}, model=M.AllowEntry)

REDACTION = Obj("redaction", {
    "names": Field(ListOf(REDACTION_NAME), False, "real people who appear in source text: never published"),
    "patterns": Field(ListOf(Enum(PATTERN_NAMES)), False, "personal-data patterns that fail the check"),
    "allow": Field(ListOf(Either(Str(), ALLOW_ENTRY)), False, "look like names, are not"),
    "places": Field(ListOf(Str()), False, "towns, districts, streets and sites the plans mention: never taken for a "
                    "person's name"),
}, model=M.RedactionConfig)

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
