"""What the national view works with, read once from data files: its limits and categories
(data/national.yaml), the national bodies, helplines and allowed phrases of the starter site
every partnership begins with (data/init/content/), so that both use the same ids and words."""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass, field

import yaml


def _data(*parts: str) -> dict:
    text = importlib.resources.files("actionplans").joinpath("data", *parts).read_text("utf-8")
    return yaml.safe_load(text)


def fold(text: str) -> str:
    """A name as compared across partnerships: case, punctuation and "the" left out."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "").replace("\u2019", "")).split()
    return " ".join(w for w in words if w != "the")


@dataclass(frozen=True)
class NationalBody:
    id: str
    name: str
    short_name: str | None
    kind: str
    url: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    bodies: tuple[NationalBody, ...]
    categories: tuple[Category, ...]
    support: tuple[dict, ...]           # the helplines shown on every page
    allow: tuple[str, ...]              # phrases that are never a person's name
    timeout: float
    max_bytes: int
    retries: int
    threshold: float
    exit_page_url: str
    licence: dict
    index: dict = field(default_factory=dict, compare=False, hash=False, repr=False)   # fold(name) → body

    def body_for(self, agency_id: str, name: str = "", short_name: str | None = None) -> NationalBody | None:
        """The national body an agency of some site is, by its id or any of its names."""
        index = self.index
        for key in (agency_id, fold(name), fold(short_name or "")):
            if key and key in index:
                return index[key]
        return None

    def category_of(self, status: str) -> Category:
        for c in self.categories:
            if status in c.statuses:
                return c
        return self.categories[-1]      # a status no category names: no evidence either way

    @property
    def allowed_phones(self) -> tuple[str, ...]:
        return tuple(s["phone"] for s in self.support if s.get("phone"))


def _body_index(bodies: tuple[NationalBody, ...]) -> dict[str, NationalBody]:
    index: dict[str, NationalBody] = {}
    for body in bodies:
        index[body.id] = body
        for name in (body.name, body.short_name or "", *body.aliases):
            if name:
                index.setdefault(fold(name), body)
    return index


@functools.cache
def settings() -> Settings:
    own = _data("national.yaml")
    starter = _data("init", "content", "agencies.yaml")
    site = _data("init", "content", "site.yaml")
    redaction = _data("init", "content", "redaction.yaml")
    bodies = tuple(NationalBody(a["id"], a["name"], a.get("short_name"), a["kind"], a.get("url"),
                                tuple(own["aliases"].get(a["id"], ())))
                   for a in starter if a.get("kind") != "partnership" and not a["id"].startswith("__"))
    categories = tuple(Category(c["id"], c["label"], tuple(c["statuses"])) for c in own["categories"])
    fetch = own["fetch"]
    support = tuple({key: s.get(key) for key in ("name", "url", "phone", "hours")} for s in site.get("support") or ())
    return Settings(bodies, categories, support,
                    tuple(a["text"] for a in redaction.get("allow") or ()),
                    float(fetch["timeout_seconds"]), int(fetch["max_bytes"]), int(fetch["retries"]),
                    float(own["similarity_threshold"]), site["exit_page_url"], dict(site["licence"]),
                    _body_index(bodies))
