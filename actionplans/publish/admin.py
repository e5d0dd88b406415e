"""The web editor at /admin/: Decap CMS, its configuration generated from the content format.

The configuration is never written by hand: every field comes from the types in
content/schema.py and every list of choices from data/vocabulary.yaml (or, for partnerships,
from site.yaml), so a key added to the format appears in the editor by itself. Only reviews,
agencies, topics and the glossary are collections: site.yaml and redaction.yaml are not, so
the editor can neither read nor change the list of names that must never be published.

The CMS's own files are not ours: they come from the pinned npm release (data/decap-cms.sha256
lists each file and its hash) and are copied only when every byte matches.
"""

from __future__ import annotations

import hashlib
import html
import importlib.resources
import os
from pathlib import Path
from typing import Any

import yaml

from ..content import schema as S
from ..content.bilingual import site_languages
from ..core.model import Content
from ..core.vocabulary import AGENCY_KIND_LABELS, REVIEW_TYPE_LABELS, STATUS_LABELS

PACKAGE = "decap-cms"
VERSION = "3.16.3"
NPM_ARGS = ("install", "--prefix", ".tools/cms", "--no-audit", "--no-fund", "--ignore-scripts", f"{PACKAGE}@{VERSION}")
INSTALL = "actionplans install-editor (or: npm " + " ".join(NPM_ARGS) + ")"
# Decap's local backend (its `decap-server` proxy) is used only when the editor itself is opened
# from this machine: the CMS tries it on these hosts alone, so it is inert on the published site.
LOCAL_PROXY = "http://127.0.0.1:8081/api/v1"
LOCAL_HOSTS = ("127.0.0.1", "localhost")
DEFAULT_AUTH = "https://api.netlify.com"


class AdminError(Exception):
    """The CMS's files are missing or not the pinned release."""


class NotInstalled(AdminError):
    """The editor's release is not on this machine (a first build, a laptop without npm): the
    site is built without /admin/ and the officer is told; Netlify and the checks install it."""


# --- the pinned release -------------------------------------------------------------------

def pinned_files() -> dict[str, str]:
    """file name -> SHA-256 of each file the pinned release serves."""
    text = importlib.resources.files("actionplans").joinpath("data", "decap-cms.sha256").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            out[name] = digest
    return out


def bundle_dirs(content_dir: Path) -> list[Path]:
    """Where the installed release may be, most specific first: ACTIONPLANS_DECAP_DIR, then the
    folder beside content/, the current folder and this package's checkout."""
    here = os.environ.get("ACTIONPLANS_DECAP_DIR")
    if here:
        return [Path(here)]
    roots = [Path(content_dir).absolute().parent, Path.cwd(), Path(__file__).resolve().parents[2]]
    dirs = []
    for root in dict.fromkeys(roots):
        dirs += [root / ".tools" / "cms" / "node_modules" / PACKAGE / "dist", root / "node_modules" / PACKAGE / "dist"]
    return dirs


def bundle(content_dir: Path) -> dict[str, bytes]:
    """The pinned release's files, read from the first place that has them, each checked."""
    wanted = pinned_files()
    for folder in bundle_dirs(content_dir):
        if not (folder / "decap-cms.js").is_file():
            continue
        out = {}
        for name, digest in sorted(wanted.items()):
            path = folder / name
            data = path.read_bytes() if path.is_file() else b""
            if hashlib.sha256(data).hexdigest() != digest:
                raise AdminError(f"{path} is not the file {PACKAGE} {VERSION} ships"
                                 + ("" if data else " (it is missing)"))
            out[name] = data
        return out
    raise NotInstalled(f"the web editor's files ({PACKAGE} {VERSION}) are not installed: the site is built "
                       "without /admin/")


# --- the configuration --------------------------------------------------------------------

_LABELS = {S.STATUSES: STATUS_LABELS, S.REVIEW_TYPES: REVIEW_TYPE_LABELS, S.AGENCY_KINDS: AGENCY_KIND_LABELS}
_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _options(values: tuple[str, ...]) -> list[Any]:
    labels = _LABELS.get(values)
    return [{"label": labels[v], "value": v} for v in values] if labels else list(values)


def _ref(ref: S.Ref, content: Content, multiple: bool) -> dict:
    if ref.target == "partnership":     # they live in site.yaml, which the editor never opens
        return {"widget": "select", "multiple": multiple,
                "options": [{"label": p.name, "value": p.id} for p in content.site.partnerships]}
    if ref.target == "review":
        return {"widget": "relation", "collection": "reviews", "value_field": "id",
                "search_fields": ["title", "id"], "display_fields": ["title"], "multiple": multiple}
    listed = {"agency": "agencies", "topic": "topics"}[ref.target]
    shown = "name"
    return {"widget": "relation", "collection": "lists", "file": listed,
            "value_field": f"{listed}.*.id", "search_fields": [f"{listed}.*.{shown}", f"{listed}.*.id"],
            "display_fields": [f"{listed}.*.{shown}"], "multiple": multiple}


def _pattern(typ: S.Type) -> list[str] | None:
    if isinstance(typ, S.Date):
        words = "|".join(typ.words)
        regex = f"^({_DATE}{'|' + words if words else ''})$"
        hint = "a date: YYYY-MM-DD, YYYY-MM or YYYY" + (f", or {' or '.join(typ.words)}" if typ.words else "")
        return [regex, hint]
    if isinstance(typ, S.Url):
        return [r"^https://\S+$", "an https:// web address"]
    if isinstance(typ, S.Str) and typ.pattern:
        return [typ.pattern, typ.pattern_hint or "this value has characters that are not allowed"]
    return None


def widget(typ: S.Type, content: Content) -> dict:
    """The Decap widget for one type of the content format."""
    if isinstance(typ, S.OneOrMany) and isinstance(typ.item, S.Ref):
        return _ref(typ.item, content, multiple=True)
    if isinstance(typ, S.ListOf):
        item = typ.item
        if isinstance(item, S.Ref):
            return _ref(item, content, multiple=True)
        if isinstance(item, S.Enum):
            return {"widget": "select", "multiple": True, "options": _options(item.values)}
        if isinstance(item, S.Obj):
            out = {"widget": "list", "fields": fields(item, content)}
            if item.fields:
                first = next(iter(item.fields))
                out["summary"] = "{{fields." + first + "}}"
            return out
        return {"widget": "list", "field": {"name": "item", "label": "Item", **widget(item, content)}}
    if isinstance(typ, S.Obj):
        return {"widget": "object", "fields": fields(typ, content)}
    if isinstance(typ, S.Ref):
        return _ref(typ, content, multiple=False)
    if isinstance(typ, S.Enum):
        return {"widget": "select", "options": _options(typ.values)}
    if isinstance(typ, S.Bool):
        return {"widget": "boolean"}
    if isinstance(typ, S.Int):
        return {"widget": "number", "value_type": "int", "min": typ.minimum, "max": typ.maximum}
    # Markdown is kept as the officer types it: Decap's rich-text widget would rewrite it.
    out: dict[str, Any] = {"widget": "text" if isinstance(typ, S.Markdown) else "string"}
    pattern = _pattern(typ)
    if pattern:
        out["pattern"] = pattern
    return out


def fields(obj: S.Obj, content: Content) -> list[dict]:
    out = []
    welsh = "cy" in site_languages(content.site)
    for key, f in obj.fields.items():
        if key.endswith(S.WELSH) and not welsh:
            continue        # an English-only site's editor shows no Welsh fields
        label = _label(key[:-len(S.WELSH)]) + " (Welsh)" if key.endswith(S.WELSH) else _label(key)
        entry: dict[str, Any] = {"name": key, "label": label, **widget(f.type, content), "required": f.required}
        hint = f.description
        if not f.published and "never published" not in hint.lower():
            hint = (hint + ". " if hint else "") + "Never published."
        if hint:
            entry["hint"] = hint[0].upper() + hint[1:]
        out.append(entry)
    return out


def config(content: Content) -> dict:
    """Decap CMS's config.yml, as data."""
    admin = content.site.admin
    assert admin is not None
    backend: dict[str, Any] = {"name": admin.backend, "repo": admin.repository, "branch": admin.branch,
                               "base_url": admin.auth_url or DEFAULT_AUTH}
    reviews = {"name": "reviews", "label": "Reviews", "label_singular": "Review",
               "folder": "content/reviews", "extension": "yaml", "format": "yaml", "create": True,
               "identifier_field": "id", "slug": "{{id}}", "summary": "{{title}}",
               "fields": fields(S.REVIEW, content)}
    lists = {"name": "lists", "label": "Agencies, topics and glossary", "files": []}
    for name, label in (("agencies", "Agencies"), ("topics", "Topics"), ("glossary", "Glossary")):
        listed = S.FILES[name]
        lists["files"].append({"name": name, "label": label, "file": f"content/{name}.yaml", "format": "yaml",
                               "fields": [{"name": name, "label": label, **widget(listed, content)}]})
    return {
        "backend": backend,
        "local_backend": {"url": LOCAL_PROXY, "allowed_hosts": list(LOCAL_HOSTS)},
        "publish_mode": "editorial_workflow",       # every save is a pull request, never a push
        "site_url": content.site.base_url,
        "display_url": content.site.base_url,
        # Decap asks for a media folder; the format has no uploads, so no field uses it.
        "media_folder": "content/uploads",
        "locale": "en",
        "editor": {"preview": False},
        "collections": [reviews, lists],
    }


def _order(typ: S.Type) -> dict | None:
    if isinstance(typ, S.ListOf):
        return _order(typ.item)
    if not isinstance(typ, S.Obj):
        return None
    nested = {k: t for k, f in typ.fields.items() if (t := _order(f.type)) is not None}
    return {"keys": list(typ.fields), **({"fields": nested} if nested else {})}


def key_order() -> dict:
    """The order of the keys of every mapping the editor saves (keep-order.js applies it): a
    review's, and under agencies/topics/glossary, the lists'."""
    tree = _order(S.REVIEW)
    assert tree is not None
    tree.setdefault("fields", {}).update({name: _order(S.FILES[name]) for name in S.KEYED_LISTS})
    return tree


def key_order_js() -> bytes:
    import json
    return ("// Generated by actionplans from the content format: the order keep-order.js keeps.\n"
            f"window.ACTIONPLANS_KEY_ORDER = {json.dumps(key_order(), separators=(',', ':'))};\n").encode("utf-8")


def keep_order_js() -> bytes:
    return importlib.resources.files("actionplans").joinpath("data", "admin", "keep-order.js").read_bytes()


def config_yaml(content: Content) -> bytes:
    head = ("# Generated by actionplans from the content format (content/schema.py, data/vocabulary.yaml):\n"
            "# do not edit; it is written again by every build.\n")
    return (head + yaml.safe_dump(config(content), sort_keys=False, allow_unicode=True, width=100)).encode("utf-8")


def index_html(content: Content) -> bytes:
    title = html.escape(f"Edit – {content.site.title}")
    lang = html.escape(content.site.language)
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="noindex, nofollow">\n'
            f'<title>{title}</title>\n</head>\n<body>\n'
            '<script src="decap-cms.js"></script>\n<script src="key-order.js"></script>\n'
            '<script src="keep-order.js"></script>\n</body>\n</html>\n').encode("utf-8")


NOTICE = (f"/admin/ is Decap CMS {VERSION} (https://decapcms.org), from the npm package {PACKAGE}, "
          "MIT licence, copyright Netlify, Inc. and the Decap CMS contributors.\n"
          "decap-cms.js.LICENSE.txt lists the licences of the components bundled in it.\n")


def generated(content: Content) -> dict[str, bytes]:
    """The files made from the content (the guard checks them like any page)."""
    return {"admin/index.html": index_html(content), "admin/config.yml": config_yaml(content),
            "admin/key-order.js": key_order_js(), "admin/keep-order.js": keep_order_js(),
            "admin/NOTICE.txt": NOTICE.encode("utf-8")}


def vendored(content_dir: Path) -> dict[str, bytes]:
    """The CMS's own files, under admin/: code, byte for byte the pinned release."""
    return {f"admin/{name}": data for name, data in bundle(content_dir).items()}


