"""Stage 3 of the national view: the accepted sources joined into one model. Reviews keep
their partnership and their own page's address; agencies are national bodies once (matched by
id or any of their names, data/national.yaml) or local ones under their partnership; topics
are joined by id; a recommendation is national when its scope says so or a national body
leads one of its actions, and falls in one of the Commissioner's categories by its status."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..core.markup import plain_text
from .settings import Category, NationalBody, Settings, fold


@dataclass
class Partnership:
    key: str                # unique across the nation: the source's slug and the partnership's id
    id: str
    name: str
    url: str | None
    source: str             # the source's slug
    site: str               # the title of the site that publishes it
    reviews: list = field(default_factory=list)
    agencies: dict = field(default_factory=dict)    # local agency id → name, those its actions name


@dataclass
class Action:
    number: int
    text: str
    lead: str               # the lead agency's name, as its site gives it
    body: NationalBody | None
    status: str             # status_shown
    due: str | None
    overdue: bool
    url: str


@dataclass
class Recommendation:
    review: "Review"
    id: str
    text: str
    plain: str
    scope: str
    status: str             # the recommendation's derived status (STATUS_ORDER)
    category: Category
    url: str
    topics: tuple[str, ...]
    actions: list[Action]
    bodies: tuple[NationalBody, ...]      # the national bodies that lead its actions

    @property
    def key(self) -> str:
        return f"{self.review.key}#{self.id}"

    @property
    def national(self) -> bool:
        return self.scope == "national" or bool(self.bodies)


@dataclass
class Review:
    key: str
    id: str
    title: str
    type: str
    partnership: Partnership
    url: str
    published: str | None
    updated: str
    topics: tuple[str, ...]
    progress: dict
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return int(self.published[:4]) if self.published else None


@dataclass
class Topic:
    id: str
    name: str
    description: str | None
    reviews: list[Review] = field(default_factory=list)

    @property
    def partnerships(self) -> int:
        return len({r.partnership.key for r in self.reviews})


@dataclass
class Nation:
    as_of: dt.date
    partnerships: list[Partnership]
    reviews: list[Review]
    topics: list[Topic]
    bodies: list[tuple[NationalBody, list[tuple[Recommendation, Action]]]]
    recommendations: list[Recommendation]       # every one, in review order
    lessons: list = field(default_factory=list)     # lessons.Lesson, filled in by lessons.group()

    @property
    def national(self) -> list[Recommendation]:
        return [r for r in self.recommendations if r.national]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "site"


def age(published: str | None, as_of: dt.date) -> str:
    """How long ago the review was published, in words (a year alone counts from its middle)."""
    if not published:
        return "Not known"
    year = int(published[:4])
    month = int(published[5:7]) if len(published) >= 7 else 7
    day = int(published[8:10]) if len(published) >= 10 else 1
    months = (as_of.year - year) * 12 + as_of.month - month - (as_of.day < day)
    if months < 1:
        return "Under a month"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{months // 12} years"


def join(accepted: list[tuple[str, dict]], settings: Settings, as_of: dt.date) -> Nation:
    """The nation from each accepted source's slug and reviews.json, in the SOURCES order."""
    partnerships: list[Partnership] = []
    reviews: list[Review] = []
    topics: dict[str, Topic] = {}
    by_body: dict[str, tuple[NationalBody, list]] = {}
    for source, data in accepted:
        agencies = {a["id"]: a for a in data["agencies"]}
        national: dict[str, NationalBody | None] = {}
        for a in data["agencies"]:
            body = settings.body_for(a["id"], a["name"], a.get("short_name"))
            if body is None and a.get("kind") == "national-government":
                body = NationalBody(slug(a["name"]), a["name"], a.get("short_name"), a["kind"], a.get("url"), ())
            national[a["id"]] = body
        for t in data["topics"]:
            topics.setdefault(t["id"], Topic(t["id"], t["name"], t.get("description")))
        own = {p["id"]: Partnership(f"{source}-{p['id']}", p["id"], p["name"], p.get("url"), source, data["site"])
               for p in data["partnerships"]}
        partnerships += own.values()
        for r in data["reviews"]:
            p = own.get(r["partnership"]) or own.setdefault(
                r["partnership"], Partnership(f"{source}-{r['partnership']}", r["partnership"], r["partnership"],
                                              None, source, data["site"]))
            if p not in partnerships:
                partnerships.append(p)
            review = Review(f"{source}/{r['id']}", r["id"], r["title"], r["type"], p, r["url"], r.get("published"),
                            r["updated"], tuple(r.get("topics", ())), r["progress"])
            for rec in r["recommendations"]:
                actions = []
                for a in rec.get("actions", ()):
                    lead = a.get("lead_current") or a["lead"]
                    body = national.get(lead) or national.get(a["lead"])
                    if body is None:
                        for agency_id in {a["lead"], lead, *a.get("supporting", ())}:
                            if agency_id in agencies and national.get(agency_id) is None:
                                p.agencies[agency_id] = agencies[agency_id]["name"]
                    actions.append(Action(a["number"], a["action"], agencies.get(lead, {"name": lead})["name"], body,
                                          a["status_shown"], a.get("due"), a["overdue"], a["url"]))
                bodies = tuple({a.body.id: a.body for a in actions if a.body is not None}.values())
                out = Recommendation(review, rec["id"], rec["text"], plain_text(rec["text"]), rec.get("scope", "local"),
                                     rec["status"], settings.category_of(rec["status"]), rec["url"],
                                     tuple(rec.get("topics", ())), actions, bodies)
                review.recommendations.append(out)
                for a in actions:
                    if a.body is not None:
                        by_body.setdefault(a.body.id, (a.body, []))[1].append((out, a))
            p.reviews.append(review)
            reviews.append(review)
            for t in review.topics:
                if t in topics:
                    topics[t].reviews.append(review)
    order = {b.id: i for i, b in enumerate(settings.bodies)}
    bodies = sorted(by_body.values(), key=lambda b: (order.get(b[0].id, len(order)), b[0].name))
    return Nation(as_of, partnerships, reviews, sorted(topics.values(), key=lambda t: t.name.lower()), bodies,
                  [rec for r in reviews for rec in r.recommendations])


def by_category(recs: list[Recommendation], settings: Settings) -> list[tuple[Category, list[Recommendation]]]:
    groups: dict[str, list] = defaultdict(list)
    for r in recs:
        groups[r.category.id].append(r)
    return [(c, groups.get(c.id, [])) for c in settings.categories]
