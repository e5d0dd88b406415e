"""`actionplans init [DIR]`: a complete new site for one partnership, ready to check and build.

The files are data shipped in the package (data/init/), copied with a few placeholders filled
in. A name starting `dot-` is written with a dot (`dot-gitignore` → `.gitignore`): packaging
tools and editors treat dot-files in a package specially, so they are not stored as such.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

from .. import __version__
from ..content import schema

TEMPLATE = "data/init"
DEFAULT_NAME = "Community Safety Partnership"
DEFAULT_BASE_URL = "https://actionplans.example.org"


class InitError(Exception):
    pass


def partnership_id(name: str) -> str:
    """A web-address id from a name: 'Safer Northshire Partnership' → safer-northshire-partnership."""
    folded = unicodedata.normalize("NFKD", name.replace("&", " and ")).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    text = text[:60].strip("-") or "partnership"
    # an id YAML would read as true/false, empty or a number ('yes', '2024') would not stay text
    if re.fullmatch(r"[0-9-]+|y|n|yes|no|on|off|true|false|null", text):
        text = f"{text}-partnership"
    return text


def _yaml_text(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: any name (colons, quotes, #) stays text.
    return json.dumps(value, ensure_ascii=False)


def _template_files():
    """(relative path in the new site, resource) for every file of the template, sorted."""
    root = resources.files("actionplans").joinpath(TEMPLATE)
    out = []

    def walk(node, parts):
        for child in node.iterdir():
            if child.name == "__pycache__":
                continue
            name = "." + child.name[4:] if child.name.startswith("dot-") else child.name
            if child.is_dir():
                walk(child, parts + [name])
            else:
                out.append(("/".join(parts + [name]), child))
    walk(root, [])
    return sorted(out, key=lambda item: item[0])


def _schemas() -> dict[str, str]:
    """The JSON Schemas the files' `$schema` comments point at, made from the content format."""
    return {f"schemas/{name}.schema.json": json.dumps(schema.json_schema(name), indent=2, sort_keys=True) + "\n"
            for name in sorted(schema.FILES)}


def planned_files(name: str, base_url: str = DEFAULT_BASE_URL, today: dt.date | None = None) -> dict[str, str]:
    """Every file `init` writes, by relative path, with its text."""
    today = today or dt.date.today()
    values = {
        # in YAML files the name is quoted, so any name (a colon, a quote, a #) stays text
        "__NAME_YAML__": _yaml_text(name),
        "__TITLE_YAML__": _yaml_text(f"{name} action plans"),
        "__NAME__": name,
        "__ID__": partnership_id(name),
        "__BASE_URL__": base_url,
        "__TODAY__": today.isoformat(),
        "__YEAR__": str(today.year),
        "__NEXT_YEAR__": str(today.year + 1),
        "__VERSION__": __version__,
    }
    files: dict[str, str] = {}
    for rel, res in _template_files():
        text = res.read_text(encoding="utf-8")
        for token, value in values.items():
            text = text.replace(token, value)
        files[rel] = text
    files.update(_schemas())
    return files


def init_site(target: Path, name: str, base_url: str = DEFAULT_BASE_URL, today: dt.date | None = None) -> list[Path]:
    """Write the new site into target (made if missing). Refuses before writing anything if any
    file it would write is already there."""
    if not name.strip():
        raise InitError("the partnership's name is empty: give it with --name \"Safer Northshire Partnership\"")
    if not re.fullmatch(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d{1,5})?(?:/[A-Za-z0-9._~/-]*)?", base_url):
        raise InitError(f"--base-url must be https://, the host and at most a simple path "
                        f"(e.g. https://www.council.gov.uk/plans), not '{base_url}'")
    files = planned_files(name.strip(), base_url.rstrip("/"), today)
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder: nothing was written")
    clashes = [rel for rel in files if (target / rel).exists() or (target / rel).is_symlink()]
    if clashes:
        shown = ", ".join(clashes[:5]) + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
        raise InitError(f"{target} already has {shown}: nothing was written (init never overwrites; "
                        "choose an empty folder)")
    written = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:   # 'x': never overwrite, even in a race
            fh.write(text)
        written.append(path)
    return written
