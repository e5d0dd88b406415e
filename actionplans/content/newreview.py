"""`actionplans new review <id>`: a commented skeleton that says what to fill in. It does not
pass `check` until every TODO is replaced: an unfilled skeleton must never be published."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

import yaml

from ..core.urls import path_for


def _ids(path: Path, key: str = "id", nested: str | None = None) -> list[str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    if nested and isinstance(data, dict):
        data = data.get(nested)     # site.yaml's partnerships, or a list kept under its file's key
    if not isinstance(data, list):
        return []
    return [item[key] for item in data if isinstance(item, dict) and isinstance(item.get(key), str)]


def _examples(ids: list[str], shown: int = 3) -> str:
    return f", e.g. {', '.join(ids[:shown])}" if ids else ""


def _site_as_of(path: Path) -> dt.date | None:
    from ..core.dates import DateError, parse_date
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        value = data.get("as_of") if isinstance(data, dict) else None
        if value in (None, "build"):
            return None
        return parse_date(str(value)).last_day()
    except (OSError, yaml.YAMLError, UnicodeDecodeError, DateError):
        return None


def schema_ref(content: Path, review_dir: Path) -> str:
    """Where the skeleton's `$schema` comment points, as seen from the review's folder: the
    site's own schemas/ (written by `init`), else the package's when it sits inside the site
    (this repository), else the schema the site publishes."""
    root = content.resolve().parent
    own = root / "schemas" / "review.schema.json"
    package = Path(str(resources.files("actionplans").joinpath("schemas/review.schema.json")))
    for candidate in (own, package):
        if candidate.is_file() and root in candidate.resolve().parents:
            return os.path.relpath(candidate.resolve(), review_dir.resolve()).replace(os.sep, "/")
    base = None
    try:
        data = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
        base = data.get("base_url") if isinstance(data, dict) else None
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        pass
    base = base if isinstance(base, str) and base.startswith("https://") else "https://actionplans.example.org"
    return base.rstrip("/") + path_for("data_schema", "review")


def new_review(content: Path, review_id: str, today: dt.date | None = None) -> Path:
    target = content / "reviews" / f"{review_id}.yaml"
    if target.exists():
        raise FileExistsError(f"{target} already exists: nothing was changed")
    today = today or dt.date.today()
    as_of = _site_as_of(content / "site.yaml")
    if as_of is not None and as_of < today:   # a fixed as_of is the latest date check accepts
        today = as_of
    text = resources.files("actionplans").joinpath("skeletons/review.yaml").read_text(encoding="utf-8")
    partnerships = _ids(content / "site.yaml", nested="partnerships")
    target.parent.mkdir(parents=True, exist_ok=True)
    # One partnership is the answer; of several, a person chooses (a guess would be published).
    text = text.format(schema=schema_ref(content, target.parent), id=review_id, today=today.isoformat(),
                       partnership=partnerships[0] if len(partnerships) == 1 else "TODO",
                       partnerships="" if len(partnerships) == 1 else _examples(partnerships),
                       agencies=_examples(_ids(content / "agencies.yaml", nested="agencies")))
    with open(target, "x", encoding="utf-8") as fh:   # 'x': never overwrite, even in a race
        fh.write(text)
    return target
