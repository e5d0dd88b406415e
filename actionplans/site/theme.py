"""Stage 6: the Jinja environment. A partnership's theme overrides the default by file name;
`default/<name>` always reaches the default template, so an override can extend it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape

from ..core.dates import PartialDate
from ..core.markup import plain_text, render_inline, render_markdown
from ..content.progress import STATUS_LABELS, STATUS_MEANINGS
from .i18n import DEFAULT, LANGUAGES, month_text, overdue_text, quarter_text, show_date, translations

DEFAULT_THEME = "default"


class ThemeError(Exception):
    pass


def theme_dirs(themes_dir: Path, name: str) -> list[Path]:
    """The folders searched for templates and static files, most specific first."""
    dirs = []
    if name != DEFAULT_THEME:
        own = themes_dir / name
        if not own.is_dir():
            raise ThemeError(f"theme '{name}' is not a folder in {themes_dir}")
        dirs.append(own)
    default = themes_dir / DEFAULT_THEME
    if not default.is_dir():
        raise ThemeError(f"the default theme is missing from {themes_dir}")
    dirs.append(default)
    for d in dirs:      # a link would load templates, or publish files, from anywhere on the disk
        for part in (d, d / "templates", d / "static"):
            if part.is_symlink():
                raise ThemeError(f"{part} is a symbolic link: themes must hold real files")
    return dirs


def iso_date(value: object) -> str:
    if isinstance(value, PartialDate):
        return value.iso()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return ""


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural_form or singular + 's')}"


@dataclass(frozen=True)
class Assets:
    """Static files with a content hash in their name, so they can be cached for a year."""

    urls: dict[str, str]        # 'css/site.css' -> '/static/css/site.1a2b3c4d.css'
    files: dict[str, bytes]     # output path -> bytes

    def url(self, name: str) -> str:
        return self.urls[name]


def collect_assets(dirs: list[Path], base_path: str) -> Assets:
    chosen: dict[str, Path] = {}
    for d in reversed(dirs):                 # later (more specific) themes win
        static = d / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_symlink():
                raise ThemeError(f"{path} is a symbolic link: themes must hold real files")
            if path.is_file():
                chosen[path.relative_to(static).as_posix()] = path
    urls, files = {}, {}
    for name in sorted(chosen):
        data = chosen[name].read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, ext = name.rpartition(".")
        hashed = f"static/{stem}.{digest}.{ext}" if dot else f"static/{name}.{digest}"
        urls[name] = f"{base_path}/{hashed}"
        files[hashed] = data
    return Assets(urls, files)


def make_environment(themes_dir: Path, name: str, lang: str = DEFAULT) -> Environment:
    """The theme's environment for pages in one language: Jinja's i18n extension with that
    language's catalogue (none for English, whose strings are the msgids)."""
    dirs = theme_dirs(themes_dir, name)
    for d in dirs:
        for path in (d / "templates").rglob("*"):
            if path.is_symlink():
                raise ThemeError(f"{path} is a symbolic link: themes must hold real files")
    loader = ChoiceLoader([
        *(FileSystemLoader(str(d / "templates")) for d in dirs),
        PrefixLoader({DEFAULT_THEME: FileSystemLoader(str(themes_dir / DEFAULT_THEME / "templates"))}),
    ])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, extensions=["jinja2.ext.i18n"])
    # newstyle: a translation is Markup, and the values put into it are escaped.
    env.install_gettext_translations(translations(lang), newstyle=True)
    _ = translations(lang).gettext
    env.filters.update(
        markdown=render_markdown, inline=render_inline, plain=plain_text, iso=iso_date,
        date=lambda value: show_date(value, lang),
        status_label=lambda s: _(STATUS_LABELS[s]), status_meaning=lambda s: _(STATUS_MEANINGS[s]),
        overdue_label=lambda facts: overdue_text(facts, lang), translate=lambda s: _(s) if s else s,
        quarter=lambda label: quarter_text(label, lang), translate_month=lambda label: month_text(label, lang),
        # a translation as plain text, escaped again like any value where the English was a plain string
        text=lambda s: s.unescape() if hasattr(s, "unescape") else s,
    )
    env.globals.update(plural=plural, STATUS_LABELS=STATUS_LABELS, lang=lang, html_lang=LANGUAGES[lang])
    return env
