"""The floor for a Python renderer: the same pages as bench/hugo/ (home, review, agency, topic,
partnership pages and their lists) from the same content folder, with plain Jinja2 and
python-markdown, and no validation, no redaction, no link check, no guard.

    python bench/floor.py --content DIR --output DIR        # parse + index + render + write
    python bench/floor.py --content DIR --parse-only        # just the YAML (PyYAML C loader)

Prints one JSON line of timings. Whatever our build spends above this is the price of its
checks and of how it renders; nothing Python-based that renders these pages can be faster
than roughly this without changing libraries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import time
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import markdown
import yaml
from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup

AS_OF = "2026-11-21"
STALE_BEFORE = "2026-05-21"
OPEN = ("not-started", "in-progress", "no-update")
LABELS = {"not-started": "Not started", "in-progress": "In progress", "complete": "Complete",
          "complete-ongoing": "Complete – now routine practice", "not-achieved": "Closed – not achieved",
          "no-update": "No update published"}
STATES = ("complete", "complete-ongoing", "in-progress", "not-started", "not-achieved", "no-update")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(Loader):  # type: ignore[misc, valid-type]
    """Dates stay text, as in our loader and in Hugo's data files."""


_TextLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in Loader.yaml_implicit_resolvers.items()
}


def load_all(content: Path) -> dict:
    def load(path: Path):
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextLoader)
    reviews = [load(p) for p in sorted((content / "reviews").glob("*.yaml"))]
    return {"site": load(content / "site.yaml"), "agencies": load(content / "agencies.yaml") or [],
            "topics": load(content / "topics.yaml") or [], "reviews": reviews}


def facts(a: dict) -> dict:
    status = a.get("status") or "no-update"
    is_open = status in OPEN
    overdue = False
    due = str(a.get("due") or "")
    if is_open and due and due not in ("ongoing", "tbc"):
        end = due + "-12-31" if len(due) == 4 else due + "-31" if len(due) == 7 else due
        overdue = end < AS_OF
    ups = a.get("updates") or []
    last = str(ups[-1]["date"]) if ups else ""
    return {"status": status, "overdue": overdue, "stale": is_open and (not last or last < STALE_BEFORE)}


def rec_status(fs: list[dict]) -> str:
    n = len(fs)
    done = sum(f["status"] in ("complete", "complete-ongoing", "not-achieved") for f in fs)
    none = sum(f["status"] == "no-update" for f in fs)
    idle = sum(f["status"] == "not-started" for f in fs)
    if n == 0 or none == n:
        return "no-update"
    if done == n:
        return "complete"
    if none + idle == n:
        return "not-started"
    return "in-progress"


def index(data: dict) -> dict:
    """The cross-page facts, once, as bench/hugo/layouts/_partials/index.html computes them."""
    agency = {a["id"]: a for a in data["agencies"]}
    succ, pred = {}, defaultdict(list)
    for a in data["agencies"]:
        cur = a.get("replaced_by")
        if not cur:
            continue
        for _ in range(5):                      # follow a chain of renamings to the newest body
            nxt = agency[cur].get("replaced_by")
            if not nxt:
                break
            cur = nxt
        succ[a["id"]] = cur
        pred[cur].append(a)
    led, supp, bytopic, bypart = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    counts: Counter = Counter()
    review_counts, rec_statuses = {}, {}
    for r in data["reviews"]:
        bypart[r["partnership"]].append(r)
        rc: Counter = Counter()
        for rec in r.get("recommendations") or []:
            counts["recs"] += 1
            for t in rec.get("topics") or []:
                bytopic[t].append((r, rec))
            fs = []
            for n, a in enumerate(rec.get("actions") or [], start=1):
                f = facts(a)
                a["_facts"] = f
                fs.append(f)
                ref = {"r": r, "rec": rec, "n": n, "a": a, "f": f}
                for aid in {a["lead"], succ.get(a["lead"], a["lead"])}:
                    led[aid].append(ref)
                    counts[(aid, f["status"])] += 1
                    counts[(aid, "overdue")] += f["overdue"]
                for s in a.get("supporting") or []:
                    supp[s].append(ref)
                counts[("t", f["status"])] += 1
                counts[("t", "overdue")] += f["overdue"]
                counts[("t", "stale")] += f["stale"]
                rc[f["status"]] += 1
                rc["overdue"] += f["overdue"]
            rec_statuses[(r["id"], rec["id"])] = rec_status(fs)
        review_counts[r["id"]] = rc
    return {"agency": agency, "succ": succ, "pred": pred, "led": led, "supp": supp, "bytopic": bytopic,
            "bypart": bypart, "counts": counts, "review_counts": review_counts, "rec_status": rec_statuses,
            "part": {p["id"]: p for p in data["site"]["partnerships"]}}


_MD = markdown.Markdown(output_format="html")


@lru_cache(maxsize=None)
def _md(text: str) -> str:
    _MD.reset()
    return _MD.convert(text)


def md(text: str | None) -> Markup:
    return Markup(_md(text)) if text else Markup("")


def show_date(value) -> str:
    d = str(value)
    if d == "ongoing":
        return "Ongoing"
    if d == "tbc":
        return "To be confirmed"
    if len(d) == 10:
        x = dt.date.fromisoformat(d)
        return f"{x.day} {x.strftime('%B %Y')}"
    if len(d) == 7:
        return dt.date.fromisoformat(d + "-01").strftime("%B %Y")
    return d


TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en-GB" class="no-js">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if title != site.title %}{{ title }} – {% endif %}{{ site.title }}</title>
<meta name="description" content="{{ title }}"><link rel="canonical" href="{{ site.base_url }}{{ url }}">
<meta property="og:title" content="{{ title }}"><link rel="stylesheet" href="/static/css/site.css"></head>
<body><a href="#main-content" class="ap-skip-link">Skip to main content</a>
<div class="ap-exit"><a href="{{ site.exit_page_url }}" class="ap-exit__button" role="button">Exit this page</a></div>
<header class="ap-header"><a href="/" class="ap-header__title">{{ site.title }}</a><nav class="ap-nav" aria-label="Main"><ul>
{% for label, target in [("Reviews", "/reviews/"), ("Agencies", "/agencies/"), ("Topics", "/topics/"), ("Partnerships", "/partnerships/")] %}<li><a href="{{ target }}"{% if url == target %} aria-current="page"{% endif %}>{{ label }}</a></li>{% endfor %}
</ul></nav></header>
<main id="main-content" class="ap-main">{% block main %}{% endblock %}</main>
<aside class="ap-support"><h2>If you need support</h2><ul>{% for s in site.support %}<li><a href="{{ s.url }}">{{ s.name }}</a>{% if s.phone %}: {{ s.phone }}{% endif %}</li>{% endfor %}</ul></aside>
<footer class="ap-footer"><p>Progress is shown as at {{ as_of | date }}.</p></footer></body></html>""",
    "macros.html": """{% macro tag(s) %}<strong class="ap-tag ap-tag--{{ s }}"><span class="ap-tag__icon" aria-hidden="true"></span>{{ labels[s] }}</strong>{% endmacro %}
{% macro bar(c, label) %}{% set total = states | map("extract", c) | sum %}{% set done = c["complete"] + c["complete-ongoing"] %}
<div class="ap-progress"><p class="ap-progress__summary">{% if total %}<strong>{{ done }} of {{ total }} actions complete</strong> ({{ (100 * done) // total }}%){% else %}No actions yet{% endif %}</p>
{% if total %}<div class="ap-bar" role="img" aria-label="{{ label }}: {% for s in states if c[s] %}{{ c[s] }} {{ labels[s] | lower }}; {% endfor %}">
{% for s in states if c[s] %}<span class="ap-bar__part ap-bar__part--{{ s }}" style="width: {{ '%.3f' | format(100 * c[s] / total) }}%"></span>{% endfor %}</div>
<ul class="ap-progress__key">{% for s in states if c[s] %}<li><span class="ap-key ap-key--{{ s }}" aria-hidden="true"></span>{{ labels[s] }}: <strong>{{ c[s] }}</strong></li>{% endfor %}</ul>
{% if c["overdue"] %}<p class="ap-progress__flags"><strong class="ap-flag ap-flag--overdue">{{ c["overdue"] }} overdue actions</strong></p>{% endif %}{% endif %}</div>{% endmacro %}
{% macro agency_link(aid) %}{% set a = ix.agency[aid] %}{% if aid in ix.succ %}{% set n = ix.succ[aid] %}<a href="/agencies/{{ n }}/">{{ ix.agency[n].name }}</a> <span class="ap-secondary">(formerly {{ a.name }})</span>{% else %}<a href="/agencies/{{ aid }}/">{{ a.name }}</a>{% endif %}{% endmacro %}
{% macro card(ref, h, show) %}{% set a = ref.a %}{% set f = ref.f %}
<article class="ap-action ap-action--{{ f.status }}" id="action-{{ ref.rec.id }}-{{ ref.n }}">
<h{{ h }} class="ap-action__title">{% if show %}<a href="/reviews/{{ ref.r.id }}/#recommendation-{{ ref.rec.id }}">{{ ref.r.title }}, recommendation {{ ref.rec.id }}</a>: action {{ ref.n }}{% else %}Action {{ ref.rec.id }}.{{ ref.n }}{% endif %}</h{{ h }}>
<p class="ap-action__status">{{ tag(f.status) }}{% if f.overdue %} <strong class="ap-flag ap-flag--overdue">Overdue</strong>{% endif %}{% if f.stale %} <strong class="ap-flag ap-flag--stale">No recent update</strong>{% endif %}</p>
<div class="ap-action__text">{{ a.action | markdown }}</div><dl class="ap-summary">
<div class="ap-summary__row"><dt>Lead agency</dt><dd>{{ agency_link(a.lead) }}{% if a.lead_role %}<br><span class="ap-secondary">{{ a.lead_role }}</span>{% endif %}</dd></div>
{% if a.supporting %}<div class="ap-summary__row"><dt>Supported by</dt><dd><ul class="ap-list">{% for s in a.supporting %}<li>{{ agency_link(s) }}</li>{% endfor %}</ul></dd></div>{% endif %}
<div class="ap-summary__row"><dt>Due</dt><dd>{% if a.due %}<time datetime="{{ a.due }}">{{ a.due | date }}</time>{% else %}No date given{% endif %}</dd></div>
{% if a.completed %}<div class="ap-summary__row"><dt>Completed</dt><dd><time datetime="{{ a.completed }}">{{ a.completed | date }}</time></dd></div>{% endif %}
{% if a.outcome %}<div class="ap-summary__row"><dt>Outcome</dt><dd>{{ a.outcome | markdown }}</dd></div>{% endif %}
{% if a.milestones %}<div class="ap-summary__row"><dt>Milestones</dt><dd><ul class="ap-list ap-milestones">{% for m in a.milestones %}<li>{{ m.text | markdown }}{% if m.done %} <span class="ap-secondary">(done {{ m.done | date }})</span>{% elif m.due %} <span class="ap-secondary">(due {{ m.due | date }})</span>{% endif %}</li>{% endfor %}</ul></dd></div>{% endif %}
{% if a.evidence %}<div class="ap-summary__row"><dt>Evidence</dt><dd><ul class="ap-list">{% for e in a.evidence %}<li><a href="{{ e.url }}">{{ e.title }}</a></li>{% endfor %}</ul></dd></div>{% endif %}
</dl>{% if a.updates %}<h{{ h + 1 }} class="ap-updates__title">Updates</h{{ h + 1 }}><ol class="ap-timeline">
{% for u in a.updates | reverse %}<li class="ap-timeline__item"><p class="ap-timeline__date"><time datetime="{{ u.date }}">{{ u.date | date }}</time></p><div class="ap-timeline__text">{{ u.text | markdown }}</div></li>{% endfor %}
</ol>{% else %}<p class="ap-secondary">No dated updates have been published for this action.</p>{% endif %}</article>{% endmacro %}
{% macro row(r) %}<li class="ap-card"><h3 class="ap-card__title"><a href="/reviews/{{ r.id }}/">{{ r.title }}</a></h3>
<dl class="ap-summary"><div class="ap-summary__row"><dt>Partnership</dt><dd>{{ ix.part[r.partnership].name }}</dd></div>
{% if r.published %}<div class="ap-summary__row"><dt>Published</dt><dd>{{ r.published | date }}</dd></div>{% endif %}
<div class="ap-summary__row"><dt>Last updated</dt><dd>{{ r.updated | date }}</dd></div></dl>
{{ bar(ix.review_counts[r.id], "Progress of " ~ r.title) }}</li>{% endmacro %}""",
    "home.html": """{% extends "base.html" %}{% import "macros.html" as m with context %}{% block main %}
<h1>{{ site.title }}</h1>{{ site.description | markdown }}<h2>Progress across all reviews</h2>
<ul class="ap-stats"><li>{{ reviews | length }} reviews</li><li>{{ ix.counts["recs"] }} recommendations</li>
<li>{{ totals["overdue"] }} overdue</li><li>{{ totals["stale"] }} with no update for 6 months</li></ul>
{{ m.bar(totals, "Progress of all actions") }}<h2>Reviews</h2><ul class="ap-cards">{% for r in reviews_sorted %}{{ m.row(r) }}{% endfor %}</ul>{% endblock %}""",
    "reviews.html": """{% extends "base.html" %}{% import "macros.html" as m with context %}{% block main %}
<h1>{{ title }}</h1><p class="ap-lead">{{ reviews | length }} reviews. Each shows what was recommended, who promised what, and how much has been done.</p>
<ul class="ap-cards">{% for r in reviews_sorted %}{{ m.row(r) }}{% endfor %}</ul>{% endblock %}""",
    "review.html": """{% extends "base.html" %}{% import "macros.html" as m with context %}{% block main %}
<span class="ap-caption">{{ ix.part[r.partnership].name }}</span><h1>{{ r.title }}</h1>
<p class="ap-updated">Last updated <time datetime="{{ r.updated }}">{{ r.updated | date }}</time></p>
<dl class="ap-summary"><div class="ap-summary__row"><dt>Partnership</dt><dd>{{ ix.part[r.partnership].name }}</dd></div>
{% if r.reference %}<div class="ap-summary__row"><dt>Reference</dt><dd>{{ r.reference }}</dd></div>{% endif %}
{% if r.published %}<div class="ap-summary__row"><dt>Report published</dt><dd>{{ r.published | date }}</dd></div>{% endif %}
{% if r.report_url %}<div class="ap-summary__row"><dt>Published report</dt><dd><a href="{{ r.report_url }}">Read the published report</a></dd></div>{% endif %}</dl>
{% if r.summary %}<h2>About this review</h2>{{ r.summary | markdown }}{% endif %}
<h2>Progress</h2><p>{{ r.recommendations | length }} recommendations.</p>{{ m.bar(ix.review_counts[r.id], "Progress of the actions in " ~ r.title) }}
<h2>Recommendations</h2><ol class="ap-contents">{% for rec in r.recommendations %}<li><a href="#recommendation-{{ rec.id }}">Recommendation {{ rec.id }}</a> – {{ labels[ix.rec_status[(r.id, rec.id)]] }}</li>{% endfor %}</ol>
{% for rec in r.recommendations %}<section class="ap-recommendation" id="recommendation-{{ rec.id }}"><h2 class="ap-recommendation__title">Recommendation {{ rec.id }}</h2>
<p>{{ m.tag(ix.rec_status[(r.id, rec.id)]) }}</p><div class="ap-recommendation__text">{{ rec.text | markdown }}</div>
<dl class="ap-summary">{% if rec.scope %}<div class="ap-summary__row"><dt>Scope</dt><dd>{{ rec.scope | capitalize }}</dd></div>{% endif %}
{% if rec.topics %}<div class="ap-summary__row"><dt>Topics</dt><dd>{% for t in rec.topics %}{% if not loop.first %}, {% endif %}<a href="/topics/{{ t }}/">{{ t }}</a>{% endfor %}</dd></div>{% endif %}</dl>
{% for a in rec.actions %}{{ m.card({"r": r, "rec": rec, "n": loop.index, "a": a, "f": a._facts}, 3, false) }}{% else %}<p class="ap-secondary">No actions have been published for this recommendation.</p>{% endfor %}
</section>{% endfor %}{% endblock %}""",
    "agencies.html": """{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1><table class="ap-table"><thead><tr><th>Agency</th><th>Actions led</th><th>Complete</th><th>Overdue</th></tr></thead><tbody>
{% for a in agencies_sorted if not a.replaced_by %}<tr><th scope="row"><a href="/agencies/{{ a.id }}/">{{ a.name }}</a>{% for p in ix.pred.get(a.id, []) %}<br><span class="ap-secondary">formerly {{ p.name }}</span>{% endfor %}</th>
<td>{{ states | map("agency_count", a.id) | sum }}</td><td>{{ ix.counts[(a.id, "complete")] + ix.counts[(a.id, "complete-ongoing")] }}</td><td>{{ ix.counts[(a.id, "overdue")] }}</td></tr>{% endfor %}</tbody></table>{% endblock %}""",
    "agency.html": """{% extends "base.html" %}{% import "macros.html" as m with context %}{% block main %}
{% set refs = ix.led.get(ag.id, []) %}<span class="ap-caption">Agency</span><h1>{{ ag.name }}</h1>
{% if ag.id in ix.succ %}<div class="ap-inset"><p>{{ ag.name }} no longer exists under this name: its work passed to <a href="/agencies/{{ ix.succ[ag.id] }}/">{{ ix.agency[ix.succ[ag.id]].name }}</a>, whose page also lists these actions.</p></div>{% endif %}
<dl class="ap-summary">{% if ag.short_name %}<div class="ap-summary__row"><dt>Also known as</dt><dd>{{ ag.short_name }}</dd></div>{% endif %}<div class="ap-summary__row"><dt>Type</dt><dd>{{ ag.kind }}</dd></div>
{% if ix.pred.get(ag.id) %}<div class="ap-summary__row"><dt>Formerly</dt><dd>{{ ix.pred[ag.id] | map(attribute="name") | join("; ") }}</dd></div>{% endif %}</dl>
<h2>Progress of the actions it leads</h2>{% if refs %}{{ m.bar(counts, "Progress of actions led by " ~ ag.name) }}{% else %}<p>{{ ag.name }} does not lead any action in the published reviews.</p>{% endif %}
{% set open = refs | selectattr("f.status", "in", ["not-started", "in-progress", "no-update"]) | list %}
{% set overdue = open | selectattr("f.overdue") | list %}{% if overdue %}<h2>Overdue actions ({{ overdue | length }})</h2>{% for ref in overdue %}{{ m.card(ref, 3, true) }}{% endfor %}{% endif %}
{% set rest = open | rejectattr("f.overdue") | list %}{% if rest %}<h2>Other open actions ({{ rest | length }})</h2>
{% for rid, group in rest | groupby("r.id") %}<h3 class="ap-group-title">{{ group[0].r.title }}</h3>{% for ref in group %}{{ m.card(ref, 4, true) }}{% endfor %}{% endfor %}{% endif %}
{% set closed = refs | rejectattr("f.status", "in", ["not-started", "in-progress", "no-update"]) | list %}
{% if closed %}<h2>Closed actions ({{ closed | length }})</h2><ul class="ap-list ap-compact">{% for ref in closed %}<li><a href="/reviews/{{ ref.r.id }}/#action-{{ ref.rec.id }}-{{ ref.n }}">{{ ref.r.title }}, action {{ ref.rec.id }}.{{ ref.n }}</a>: {{ ref.a.action | truncate(160) }} {{ m.tag(ref.f.status) }}{% if ref.a.completed %} <span class="ap-secondary">({{ ref.a.completed | date }})</span>{% endif %}</li>{% endfor %}</ul>{% endif %}
{% set supported = ix.supp.get(ag.id, []) %}{% if supported %}<h2>Actions it supports ({{ supported | length }})</h2><ul class="ap-list">{% for ref in supported %}<li><a href="/reviews/{{ ref.r.id }}/#action-{{ ref.rec.id }}-{{ ref.n }}">{{ ref.r.title }}, action {{ ref.rec.id }}.{{ ref.n }}</a> – {{ labels[ref.f.status] }}</li>{% endfor %}</ul>{% endif %}
{% endblock %}""",
    "topics.html": """{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1><ul class="ap-cards">{% for t in topics %}{% set recs = ix.bytopic.get(t.id, []) %}
<li class="ap-card"><h2 class="ap-card__title"><a href="/topics/{{ t.id }}/">{{ t.name }}</a></h2>{{ t.description | markdown }}<p>{{ recs | length }} recommendations in {{ recs | map(attribute="0.id") | unique | list | length }} reviews</p></li>{% endfor %}</ul>{% endblock %}""",
    "topic.html": """{% extends "base.html" %}{% import "macros.html" as m with context %}{% block main %}
{% set recs = ix.bytopic.get(t.id, []) %}<span class="ap-caption">Topic</span><h1>{{ t.name }}</h1>{{ t.description | markdown }}
<p>{{ recs | length }} recommendations about {{ t.name | lower }}.</p>
{% for rid, group in recs | groupby("0.id") %}<h2>{{ group[0][0].title }}</h2><ul class="ap-list ap-recs">{% for r, rec in group %}
<li><h3 class="ap-recs__title"><a href="/reviews/{{ r.id }}/#recommendation-{{ rec.id }}">Recommendation {{ rec.id }}</a></h3><p>{{ m.tag(ix.rec_status[(r.id, rec.id)]) }}</p><div>{{ rec.text | markdown }}</div></li>{% endfor %}</ul>{% endfor %}{% endblock %}""",
    "partnerships.html": """{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1><ul class="ap-list">{% for p in site.partnerships %}<li><a href="/partnerships/{{ p.id }}/">{{ p.name }}</a> ({{ ix.bypart[p.id] | length }} reviews)</li>{% endfor %}</ul>{% endblock %}""",
    "partnership.html": """{% extends "base.html" %}{% import "macros.html" as m with context %}{% block main %}<h1>{{ p.name }}</h1><ul class="ap-cards">{% for r in ix.bypart[p.id] %}{{ m.row(r) }}{% endfor %}</ul>{% endblock %}""",
}


def render_site(data: dict, ix: dict) -> dict[str, bytes]:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.filters.update(markdown=md, date=show_date,
                       extract=lambda s, c: c.get(s, 0),
                       agency_count=lambda s, aid: ix["counts"][(aid, s)])
    site = data["site"]
    env.globals.update(site=site, ix=ix, labels=LABELS, states=STATES, as_of=AS_OF)
    reviews_sorted = sorted(data["reviews"], key=lambda r: (str(r["updated"]), r["id"]), reverse=True)
    totals = {k[1]: v for k, v in ix["counts"].items() if isinstance(k, tuple) and k[0] == "t"}
    totals = Counter(totals)
    files: dict[str, bytes] = {}

    def page(path: str, template: str, title: str, **ctx) -> None:
        url = "/" + path.removesuffix("index.html")
        html = env.get_template(template).render(title=title, url=url, **ctx)
        files[path] = html.encode("utf-8")

    page("index.html", "home.html", site["title"], reviews=data["reviews"], reviews_sorted=reviews_sorted,
         totals=totals)
    page("reviews/index.html", "reviews.html", "Reviews", reviews=data["reviews"], reviews_sorted=reviews_sorted)
    for r in data["reviews"]:
        page(f"reviews/{r['id']}/index.html", "review.html", r["title"], r=r)
    page("agencies/index.html", "agencies.html", "Agencies",
         agencies_sorted=sorted(data["agencies"], key=lambda a: a["name"]))
    for a in data["agencies"]:
        counts = Counter({s: ix["counts"][(a["id"], s)] for s in STATES + ("overdue",)})
        page(f"agencies/{a['id']}/index.html", "agency.html", a["name"], ag=a, counts=counts)
    page("topics/index.html", "topics.html", "Topics", topics=data["topics"])
    for t in data["topics"]:
        page(f"topics/{t['id']}/index.html", "topic.html", t["name"], t=t)
    page("partnerships/index.html", "partnerships.html", "Partnerships")
    for p in site["partnerships"]:
        page(f"partnerships/{p['id']}/index.html", "partnership.html", p["name"], p=p)
    return files


def write(output: Path, files: dict[str, bytes]) -> None:
    if output.exists():
        shutil.rmtree(output)
    for name, data in files.items():
        dest = output / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, required=True)
    p.add_argument("--output", type=Path)
    p.add_argument("--parse-only", action="store_true", help="only parse every YAML file (PyYAML C loader)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    data = load_all(args.content)
    t_parse = time.perf_counter() - t0
    out = {"parse_s": round(t_parse, 3), "reviews": len(data["reviews"]), "c_loader": Loader is not yaml.SafeLoader}
    if not args.parse_only:
        if args.output is None:
            p.error("--output is needed unless --parse-only")
        t1 = time.perf_counter()
        ix = index(data)
        t2 = time.perf_counter()
        files = render_site(data, ix)
        t3 = time.perf_counter()
        write(args.output, files)
        t4 = time.perf_counter()
        out.update(index_s=round(t2 - t1, 3), render_s=round(t3 - t2, 3), write_s=round(t4 - t3, 3),
                   pages=len(files), bytes=sum(map(len, files.values())))
    out["total_s"] = round(time.perf_counter() - t0, 3)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
