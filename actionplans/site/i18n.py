"""The interface in more than one language: gettext catalogues (Babel) for Jinja's i18n
extension, and the words the generator itself shows (statuses, dates, counts) in each language.

English is the source language: its strings are the msgids, so an English page is rendered
with no catalogue at all (NullTranslations) and stays byte for byte what it was. Each other
language's catalogue is data/locale/<code>/LC_MESSAGES/messages.po, compiled in memory when a
build first needs it: no binary .mo file is kept in git, and an edited .po is used at once."""

from __future__ import annotations

import datetime as dt
import gettext
import importlib.resources
import io
from functools import lru_cache
from typing import Callable

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..core.dates import PartialDate

DEFAULT = "en"
# A site.yaml language code → the value of <html lang> and hreflang, and Babel's locale.
LANGUAGES: dict[str, str] = {"en": "en-GB", "cy": "cy"}
# Each language's own name, as its speakers write it (the language switch links say it).
NATIVE_NAMES: dict[str, str] = {"en": "English", "cy": "Cymraeg"}


def locale_dir():
    return importlib.resources.files("actionplans").joinpath("data", "locale")


def catalogue_path(lang: str):
    return locale_dir().joinpath(lang, "LC_MESSAGES", "messages.po")


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (none for English, the source language)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"no interface catalogue for the language {lang!r}")
    with catalogue_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf)


def gettext_for(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    return translations(lang).ngettext


def show_date(value: object, lang: str = DEFAULT) -> str:
    """'31 March 2024' / '31 Mawrth 2024', 'June 2023' / 'Mehefin 2023', '2023'; the words a
    due date may be ('ongoing', 'tbc'), and no date at all, in the page's language."""
    _ = gettext_for(lang)
    if value == "ongoing":
        return _("Ongoing")
    if value == "tbc":
        return _("To be confirmed")
    if value is None:
        return _("Not given")
    if lang == DEFAULT:
        if isinstance(value, PartialDate):
            return value.display()
        if hasattr(value, "strftime"):
            return f"{value.day} {value.strftime('%B %Y')}"
        return str(value)
    if isinstance(value, PartialDate):
        if not value.month:
            return str(value.year)
        pattern = "d MMMM y" if value.day else "MMMM y"
        return format_date(dt.date(value.year, value.month, value.day or 1), pattern, locale=lang)
    if isinstance(value, dt.date):
        return format_date(value, "d MMMM y", locale=lang)
    return str(value)


def overdue_text(facts, lang: str = DEFAULT) -> str:
    """'Overdue by 14 months', 'Overdue by 3 weeks', 'Overdue by 1 day' ('' when not overdue),
    in the page's language with its plural rules."""
    if not facts.overdue:
        return ""
    ngettext = ngettext_for(lang)
    if facts.overdue_months:
        n = facts.overdue_months
        return ngettext("Overdue by %(num)d month", "Overdue by %(num)d months", n) % {"num": n}
    if facts.overdue_days >= 7:
        n = facts.overdue_days // 7
        return ngettext("Overdue by %(num)d week", "Overdue by %(num)d weeks", n) % {"num": n}
    n = facts.overdue_days
    return ngettext("Overdue by %(num)d day", "Overdue by %(num)d days", n) % {"num": n}


def quarter_text(label: str, lang: str = DEFAULT) -> str:
    """A chart's quarter, 'Apr–Jun 2021', in the page's language ('Ebr–Meh 2021')."""
    months, _, year = label.rpartition(" ")
    return f"{gettext_for(lang)(months)} {year}" if months else label


def month_text(label: str, lang: str = DEFAULT) -> str:
    """A month as a list's heading, 'March 2024' (content/changes.by_month), in the page's
    language ('Mawrth 2024'); a year alone stays as it is."""
    if lang == DEFAULT:
        return label
    try:
        month = dt.datetime.strptime(label, "%B %Y").date()
    except ValueError:
        return label
    return format_date(month, "MMMM y", locale=lang)
