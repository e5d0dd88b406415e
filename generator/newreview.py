"""`actionplans new review <id>`: a commented skeleton that passes `check` as it is."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

import yaml


def _first_id(path: Path, key: str = "id", nested: str | None = None) -> str | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    if nested and isinstance(data, dict):
        data = data.get(nested)
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and isinstance(item.get(key), str):
                return item[key]
    return None


def _site_as_of(path: Path) -> dt.date | None:
    from .dates import DateError, parse_date
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
    package = Path(str(resources.files("generator").joinpath("schemas/review.schema.json")))
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
    return f"{base.rstrip('/')}/data/schema/review.schema.json"


def new_review(content: Path, review_id: str, today: dt.date | None = None) -> Path:
    target = content / "reviews" / f"{review_id}.yaml"
    if target.exists():
        raise FileExistsError(f"{target} already exists: nothing was changed")
    today = today or dt.date.today()
    as_of = _site_as_of(content / "site.yaml")
    if as_of is not None and as_of < today:   # a fixed as_of is the latest date check accepts
        today = as_of
    text = resources.files("generator").joinpath("skeletons/review.yaml").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = text.format(schema=schema_ref(content, target.parent), id=review_id, today=today.isoformat(), year=today.year,
                       partnership=_first_id(content / "site.yaml", nested="partnerships") or "TODO-partnership",
                       agency=_first_id(content / "agencies.yaml") or "TODO-agency")
    with open(target, "x", encoding="utf-8") as fh:   # 'x': never overwrite, even in a race
        fh.write(text)
    return target
