"""actionplans translations update | check: the interface catalogues kept up to date.

update: extract every interface string from the theme's templates and the generator's code
(data/locale/babel.cfg, Babel's extractors) and from the vocabulary data file, write
data/locale/messages.pot, and merge it into each language's .po (new strings empty, removed ones
kept as obsolete) for a translator to fill in. check: every string has a translation in every
catalogue; exit 1 and a list of what is missing otherwise (CI runs it through the tests)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from ..content.progress import ROLL_UP_RULE
from ..core.vocabulary import AGENCY_KIND_LABELS, REVIEW_STATES, REVIEW_TYPE_LABELS, STATUS_LABELS, STATUS_MEANINGS
from ..site.i18n import DEFAULT, LANGUAGES
from ..site.languages import extra_strings

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "data" / "locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
# Quarters as the progress chart names them (content/changes.py), and a recommendation's scope.
EXTRA = ("Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec", "Local", "Regional", "National")


def data_messages() -> list[str]:
    """Interface words that live in data, not in code: the vocabulary's labels and meanings."""
    words = [*STATUS_LABELS.values(), *STATUS_MEANINGS.values(), *REVIEW_TYPE_LABELS.values(),
             *AGENCY_KIND_LABELS.values(), *REVIEW_STATES.values(), ROLL_UP_RULE, *EXTRA, *extra_strings()]
    return list(dict.fromkeys(words))


def extract() -> Catalog:
    with (LOCALE / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    catalog = Catalog(project="actionplans", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        if filename.startswith(("tests", "national")) or "national_" in filename:
            continue        # the national view is English-only (docs/national-data.md)
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for word in data_messages():
        if word not in catalog:
            catalog.add(word, None, [("data/vocabulary.yaml", 0)])
    return catalog


def _po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "messages.po"


def update() -> int:
    template = extract()
    buf = io.BytesIO()
    write_po(buf, template, sort_output=True, omit_header=False, width=100)
    (LOCALE / "messages.pot").write_bytes(buf.getvalue())
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        path = _po_path(lang)
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        catalog.update(template, update_header_comment=False)
        out = io.BytesIO()
        write_po(out, catalog, sort_output=True, width=100, ignore_obsolete=False)
        path.write_bytes(out.getvalue())
    return check()


def missing(lang: str) -> list[str]:
    with _po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    out = []
    for msgid in (m.id for m in extract() if m.id):
        message = catalog.get(msgid)
        strings = message.string if message is not None else None
        if isinstance(strings, tuple):
            empty = not all(strings) or len(strings) != catalog.num_plurals
        else:
            empty = not strings
        if message is None or empty or message.fuzzy:
            out.append(msgid if isinstance(msgid, str) else msgid[0])
    return out


def check() -> int:
    bad = 0
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        for msgid in missing(lang):
            print(f"{_po_path(lang)}: error: no translation of {msgid!r} — "
                  f"add its msgstr, then run actionplans translations check", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


def add_parser(sub) -> None:
    t = sub.add_parser("translations", help="keep the interface catalogues (data/locale/) up to date")
    t.add_argument("action", choices=("update", "check"),
                   help="update: extract the strings and merge them into each .po; check: report untranslated strings")
    t.set_defaults(func=lambda args: update() if args.action == "update" else check())
