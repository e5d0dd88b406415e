"""The content as typed, immutable values: what every later stage works on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
import typing

from .dates import PartialDate
from .vocabulary import PATTERN_NAMES

Due = PartialDate | str | None   # a date, 'ongoing', 'tbc', or not given


def derived(why: str, *, position: bool = False, **kwargs: typing.Any) -> typing.Any:
    """A field the loader works out (a number, a resolved date; with `position`, the Source of
    the object, filled in for every object that has one) rather than reads from a key of the
    content format. Every other field is built from the key of the same name (or the Field's
    `attr`) in content/schema.py by content/modelbuild.py, and tests/test_model_schema.py holds
    the two files to each other."""
    return field(metadata={"derived": why, "position": position}, **kwargs)


@dataclass(frozen=True, slots=True)
class Source:
    """Where something was written, so later stages can point back at it."""

    path: str
    line: int
    col: int = 1


@dataclass(frozen=True, slots=True)
class Partnership:
    id: str
    name: str
    url: str | None = None
    theme: str | None = None
    description: str | None = None
    languages: tuple[str, ...] | None = None     # None: the site's languages


@dataclass(frozen=True, slots=True)
class SupportLine:
    name: str
    phone: str | None = None
    url: str | None = None
    hours: str | None = None


@dataclass(frozen=True, slots=True)
class Licence:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class AccessibilityInfo:
    organisation: str | None = None
    compliance: str = "partial"
    known_issues: tuple[str, ...] = ()
    prepared: PartialDate | None = None
    last_reviewed: PartialDate | None = None
    last_tested: PartialDate | None = None
    contact: str | None = None          # an e-mail address or a contact form's https address

    @property
    def contact_email(self) -> str | None:
        return self.contact if self.contact and not self.contact.startswith("https://") else None


@dataclass(frozen=True, slots=True)
class AdminConfig:
    """site.yaml `admin`: the web editor at /admin/ and the repository it opens pull requests against."""
    repository: str
    branch: str = "main"
    backend: str = "github"
    auth_url: str | None = None


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    base_url: str
    partnerships: tuple[Partnership, ...]
    as_of: dt.date = derived("site.yaml as_of, or the --as-of option; 'build': the day of the build")
    as_of_is_build_date: bool = derived("as_of was 'build'", default=True)
    language: str = "en-GB"
    stale_after_months: int = 6
    publish_pseudonyms: bool = False
    support: tuple[SupportLine, ...] = ()
    exit_page_url: str = "https://www.bbc.co.uk/weather"
    embed_allowed_origins: tuple[str, ...] = ()
    theme: str = "default"
    publisher: str | None = None
    description: str | None = None
    content_note: str | None = None
    noindex: bool = False
    licence: Licence = Licence("Open Government Licence v3.0",
                               "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
    accessibility: AccessibilityInfo = AccessibilityInfo()
    escalate_after_months: int = 6
    admin: AdminConfig | None = None
    languages: tuple[str, ...] = ("en",)
    cy: SiteConfig | None = derived("the same settings with their Welsh texts (content/bilingual.py)", default=None)


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    short_name: str | None = None
    kind: str = "other"
    url: str | None = None
    aliases: tuple[str, ...] = ()
    replaced_by: str | None = None
    cy: Agency | None = derived("the agency with its Welsh texts", default=None)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    description: str | None = None
    cy: Topic | None = derived("the topic with its Welsh texts", default=None)


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    meaning: str
    stands_for: str | None = None
    partnerships: tuple[str, ...] = ()    # where this meaning applies; () everywhere
    reviews: tuple[str, ...] = ()
    cy: GlossaryEntry | None = derived("its Welsh meaning; none: not explained on Welsh pages", default=None)

    @property
    def anchor(self) -> str:
        scope = "-".join(self.reviews or self.partnerships)
        term = "".join(c if c.isalnum() else "-" for c in self.term.lower()).strip("-")
        return "term-" + term + (f"--{scope}" if scope else "")


@dataclass(frozen=True, slots=True)
class DeclaredName:
    name: str
    refer_to_as: str


@dataclass(frozen=True, slots=True)
class AllowEntry:
    text: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RedactionConfig:
    names: tuple[DeclaredName, ...] = ()
    patterns: tuple[str, ...] = PATTERN_NAMES
    allow: tuple[AllowEntry, ...] = ()
    source: str | None = derived("the redaction file's path, as shown", default=None)
    places: tuple[str, ...] = ()    # towns, districts and sites the plans mention
    names_cy: tuple[DeclaredName, ...] = derived("the same names, with their Welsh wording (refer_to_as_cy)", default=())


@dataclass(frozen=True, slots=True)
class Milestone:
    text: str
    due: Due = None
    done: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Update:
    date: PartialDate
    text: str


@dataclass(frozen=True, slots=True)
class Action:
    number: int = derived("1-based position within its recommendation")
    action: str
    lead: str
    supporting: tuple[str, ...] = ()
    lead_role: str | None = None
    milestones: tuple[Milestone, ...] = ()
    due: Due = None
    status: str | None = None
    completed: PartialDate | None = None
    completed_unknown: bool = False
    outcome: str | None = None
    evidence: tuple[Evidence, ...] = ()
    updates: tuple[Update, ...] = ()
    notes: str | None = None
    source: Source | None = derived("where it was written", position=True, default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: str
    text: str
    scope: str | None = None
    source_kind: str | None = None
    topics: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    source: Source | None = derived("where it was written", position=True, default=None, compare=False)
    title: str | None = None         # a short subject for the contents list; optional


@dataclass(frozen=True, slots=True)
class Review:
    id: str
    type: str
    title: str
    partnership: str
    updated: PartialDate
    recommendations: tuple[Recommendation, ...]
    reference: str | None = None
    published: PartialDate | None = None
    report_url: str | None = None
    summary: str | None = None
    topics: tuple[str, ...] = ()
    people: tuple[DeclaredName, ...] = ()
    source: Source | None = derived("where it was written", position=True, default=None, compare=False)
    cy: Review | None = derived("the review with its Welsh texts, on a bilingual site", default=None)


@dataclass(frozen=True, slots=True)
class Content:
    site: SiteConfig
    agencies: tuple[Agency, ...]
    topics: tuple[Topic, ...]
    glossary: tuple[GlossaryEntry, ...]
    redaction: RedactionConfig
    reviews: tuple[Review, ...]

    def agency(self, agency_id: str) -> Agency:
        return self.agency_map[agency_id]

    @property
    def agency_map(self) -> dict[str, Agency]:
        return {a.id: a for a in self.agencies}
