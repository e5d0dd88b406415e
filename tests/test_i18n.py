"""The interface in Welsh: the catalogue is complete, plural forms follow Welsh rules, dates are
written the Welsh way, and the theme's strings all reach the catalogue."""

from __future__ import annotations

import datetime as dt

from jinja2 import DictLoader

from actionplans.commands import translations
from actionplans.core.dates import PartialDate
from actionplans.site.i18n import ngettext_for, quarter_text, show_date, translations as catalogue
from actionplans.site.theme import make_environment


def test_every_interface_string_has_a_welsh_translation():
    extracted = [m for m in translations.extract() if m.id]
    assert len(extracted) > 150        # the theme's, the generator's and the vocabulary's strings
    assert translations.missing("cy") == []


def test_the_check_command_fails_on_a_missing_translation(tmp_path, monkeypatch, capsys):
    po = translations._po_path("cy").read_text(encoding="utf-8")
    broken = po.replace('msgstr "Gadael y dudalen hon"', 'msgstr ""')
    assert broken != po
    (tmp_path / "cy" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "cy" / "LC_MESSAGES" / "messages.po").write_text(broken, encoding="utf-8")
    (tmp_path / "babel.cfg").write_text((translations.LOCALE / "babel.cfg").read_text(encoding="utf-8"))
    monkeypatch.setattr(translations, "LOCALE", tmp_path)
    assert translations.check() == 1
    assert "Exit this page" in capsys.readouterr().err


def test_the_catalogue_header_asks_for_review_by_a_welsh_speaker():
    text = translations._po_path("cy").read_text(encoding="utf-8")
    assert "NEEDS REVIEW BY A WELSH SPEAKER" in text.split("msgid", 1)[0]
    assert "nplurals=6" in text


def test_welsh_plural_forms_follow_the_welsh_rules():
    cat = catalogue("cy")
    # Welsh has six plural categories (zero, one, two, few, many, other): the catalogue's
    # plural expression picks the form by the number, not English's one/other.
    forms = {n: cat.ngettext("%(num)d of them has no published action.",
                             "%(num)d of them have no published action.", n) for n in range(0, 12)}
    assert all("ohonynt" in f for f in forms.values())
    assert cat.ngettext(", so it is not counted above.", ", so they are not counted above.", 1) == \
        ", felly nid yw'n cael ei gyfrif uchod."
    assert cat.ngettext(", so it is not counted above.", ", so they are not counted above.", 2) == \
        ", felly nid ydynt yn cael eu cyfrif uchod."
    assert ngettext_for("cy")("Overdue by %(num)d month", "Overdue by %(num)d months", 3) % {"num": 3} \
        == "Yn hwyr o 3 mis"
    assert ngettext_for("en")("Overdue by %(num)d month", "Overdue by %(num)d months", 3) % {"num": 3} \
        == "Overdue by 3 months"


def test_dates_in_welsh():
    assert show_date(PartialDate(2024, 3, 31), "cy") == "31 Mawrth 2024"
    assert show_date(PartialDate(2023, 6), "cy") == "Mehefin 2023"
    assert show_date(PartialDate(2023), "cy") == "2023"
    assert show_date(dt.date(2024, 2, 1), "cy") == "1 Chwefror 2024"
    assert show_date("ongoing", "cy") == "Parhaus"
    assert show_date(PartialDate(2024, 3, 31), "en") == "31 March 2024"
    assert quarter_text("Apr–Jun 2021", "cy") == "Ebr–Meh 2021"


def test_the_theme_speaks_welsh_with_the_welsh_catalogue():
    env = make_environment(_themes(), "default", "cy")
    html = env.get_template("_exit_page.html").render(site={"exit_page_url": "https://example.org"})
    assert "Gadael y dudalen hon" in html and "Exit this page" not in html
    assert env.filters["status_label"]("complete") == "Wedi'i gwblhau"
    english = make_environment(_themes(), "default", "en").get_template("_exit_page.html")
    assert "Exit this page" in english.render(site={"exit_page_url": "https://example.org"})


def _themes():
    from pathlib import Path
    import actionplans
    return Path(actionplans.__file__).parent / "themes"
