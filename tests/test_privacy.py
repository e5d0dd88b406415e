"""Privacy on plans nobody tuned for (issue 13): every kind of mention is caught or replaced,
the build succeeds with any declared name and publishes none, names disguised with Unicode are
still names, and every finding arrives in one round."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import THEMES, VALID
from actionplans.build import build, check
from actionplans.commands.cli import main

import privacy_eval


def _site(tmp_path: Path, review_extra: str = "", people: list[dict] | None = None,
          redaction: dict | None = None) -> Path:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    review = content / "reviews" / "north-dhr-001.yaml"
    text = review.read_text(encoding="utf-8")
    if people is not None:
        listed = "".join(f"  - name: {p['name']}\n    refer_to_as: {p['refer_to_as']}\n" for p in people)
        text = re.sub(r"people:\n(?:  - .*\n(?:    .*\n)*)*", "people:\n" + listed, text)
    if review_extra:
        text = text.replace("summary: |\n", "summary: |\n" + "".join(f"  {line}\n" for line in review_extra.splitlines()))
    review.write_text(text, encoding="utf-8")
    if redaction is not None:
        (content / "redaction.yaml").write_text(yaml.safe_dump(redaction, allow_unicode=True), encoding="utf-8")
    return content


def _published(out: Path) -> str:
    """Every published byte as text, file names included (the search index is gzipped JSON)."""
    import gzip
    parts = []
    for p in sorted(out.rglob("*")):
        parts.append(str(p.relative_to(out)))
        if p.is_file():
            data = p.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


# --- the labelled documents -------------------------------------------------------------------

# dev and holdout were read while rules were written; holdout2 to holdout8 were written blind to
# the rules and each scored once before any change made for it (people flagged, look-alikes
# flagged): holdout2 86.8%, 4.3%; holdout3 93.2%, 5.3%; holdout4 95.4%, 1.8%; holdout5 97.4%,
# 1.7%; holdout6 95.6%, 6.1% (before a partnership could list its places); holdout7 95.0%, 2.6%;
# holdout8 95.8%, 3.1%; holdout9 98.6%, 2.1%; holdout10 98.1%, 5.2%; holdout11 96.5%, 3.9%;
# holdout12 96.2%, 3.6%; holdout13 97.6%, 1.5%; holdout14 98.2%, 3.9%; holdout15 97.5%, 2.9%;
# holdout16 97.7%, 2.5%; holdout17 98.7%, 4.6%; holdout18 99.0%, 3.1%; holdout19 98.5%, 3.6%;
# holdout20 97.4%, 1.2%; holdout21 97.2%, 1.5%; holdout22 98.9%, 2.6%; holdout23 97.2%, 1.6%;
# holdout24 98.0%, 3.6%; holdout25 96.8%, 4.0%; holdout26 98.3%, 2.5% (each set's first score
# with its pseudonyms declared). Their bars are their
# own: a little under today's score, so that a change losing a kind of mention fails.
@pytest.mark.parametrize("split,recall,lookalikes", [("dev", 0.98, 0.03), ("holdout", 0.975, 0.03),
                                                     ("holdout2", 0.985, 0.035), ("holdout3", 0.97, 0.04),
                                                     ("holdout4", 0.98, 0.03), ("holdout5", 0.98, 0.03),
                                                     ("holdout6", 0.98, 0.04), ("holdout7", 0.98, 0.03),
                                                     ("holdout8", 0.975, 0.035), ("holdout9", 0.98, 0.025),
                                                     ("holdout10", 0.985, 0.045), ("holdout11", 0.985, 0.045),
                                                     ("holdout12", 0.98, 0.04), ("holdout13", 0.97, 0.02),
                                                     ("holdout14", 0.975, 0.045), ("holdout15", 0.975, 0.03),
                                                     ("holdout16", 0.98, 0.03), ("holdout17", 0.98, 0.04),
                                                     ("holdout18", 0.985, 0.02), ("holdout19", 0.98, 0.04),
                                                     ("holdout20", 0.98, 0.02), ("holdout21", 0.97, 0.02),
                                                     ("holdout22", 0.985, 0.03), ("holdout23", 0.965, 0.02),
                                                     ("holdout24", 0.975, 0.04), ("holdout25", 0.96, 0.045),
                                                     ("holdout26", 0.975, 0.03)])
def test_labelled_documents_recall_and_look_alikes(split, recall, lookalikes):
    """Each review declares its pseudonyms (the check requires it); every other person must be
    flagged."""
    s = privacy_eval.score(split, declare_pseudonyms=True)
    print(f"\n{split}: people {s.people_flagged}/{s.people} = {s.recall:.3f}; "
          f"look-alikes flagged {s.lookalikes_flagged}/{s.lookalikes} = {s.lookalike_rate:.3f}")
    assert s.people > 250 and s.lookalikes > 300
    assert s.recall >= recall, s.missed[:20]
    assert s.lookalike_rate <= lookalikes, s.false[:20]


def test_labelled_documents_are_consistent():
    """Every label occurs in its entry as written (the data set's own check)."""
    for split in ("dev", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8",
                  "holdout9", "holdout10", "holdout11", "holdout12", "holdout13", "holdout14",
                  "holdout15", "holdout16", "holdout17", "holdout18", "holdout19", "holdout20", "holdout21",
                  "holdout22", "holdout23", "holdout24", "holdout25", "holdout26"):
        for path in sorted((privacy_eval.DATA / split).glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            for entry in doc["entries"]:
                for label in (entry.get("people") or []) + (entry.get("lookalikes") or []):
                    assert label["text"] in entry["text"], (path.name, label)


# --- kinds of mention, each caught -----------------------------------------------------------

@pytest.mark.parametrize("text,flagged", [
    ("Lead: JT/RB", ["JT", "RB"]),
    ("Owner: SM & KL", ["SM", "KL"]),
    ("XY suggests the pack is reviewed. From XY – YZ has delivered it.", ["XY", "YZ"]),
    ("A B to follow up with the ward.", ["A B"]),
    ("Karen M confirmed the dates.", ["Karen M"]),
    ("Present: Helen Brookes, Tomasz Wojcik, Gareth Lloyd (Chair)", ["Helen Brookes", "Tomasz Wojcik", "Gareth Lloyd"]),
    ("Contact Helen Brookes helen.brookes@north.gov.uk for details.", ["Helen Brookes"]),
    ("chased by email by lorraine pickles on 02/06", ["lorraine pickles"]),
    ("Mr Z has been sentenced.", ["Mr Z"]),
    ("Tracker: gillian sayers to update it.", ["gillian sayers"]),
    ("Family update by end Oct (ana-maria popescu).", ["ana-maria popescu"]),
    ("CMHT attends MARAC (Jas / PH / NU agreed).", ["Jas", "PH", "NU"]),
    ("Priyanka's deputy will attend the panel.", ["Priyanka"]),
    ("Refresher on the Halloran session for all health visitors.", ["Halloran"]),
    ("Child G asked the chair to thank the panel.", ["Child G"]),
    ("Mark (54) died at home in May 2022.", ["Mark"]),
    ("Panel members: Sioned Rees (Calan DVS), Manpreet Gill.", ["Sioned Rees", "Manpreet Gill"]),
    # initials of a person named in the review, even where they spell a common acronym
    ("New contact is Oksana Hrytsenko (Lead Nurse). MG emailed OH on 30/8.", ["Oksana Hrytsenko", "MG", "OH"]),
    ("Graham Holliday to escalate; chased by gh twice.", ["Graham Holliday", "gh"]),
    ("Lead: Dr Pádraig Ó Súilleabháin (PÓS), with Siobhan McGrath; smcg to feed back.", ["PÓS", "smcg"]),
    ("Action picked up by Gemma Quist.\nGQ confirms the pack is updated.", ["Gemma Quist", "GQ"]),
    ("Joe Bramley (DAST) chased three times; jbramley to escalate.", ["Joe Bramley", "jbramley"]),
    ("MJ and A M to review the SOP. Audit by I M (QA team). Re-audit 11/14 (P Z / R S).", ["A M", "I M", "P Z", "R S"]),
    ("18/01/24 no change. Bartosz awaiting figures from the analysts.", ["Bartosz"]),
    ("Diolch i Ddafydd am y data, a gan Wenllian ym mis Mai.", ["Ddafydd", "Wenllian"]),
    # a role's letters where initials stand: beside initials, in a column of dated entries, signed off
    ("Owners: JMcK/SW and SW & TN.", ["JMcK", "SW", "TN"]),
    ("CB 09/10/23 – audit done.\nSW 12/12/23 – prompt live.", ["CB", "SW"]),
    ("29/9/23 – no issues reported. COMPLETE (SW)", ["SW"]),
    ("Cofnodion 18.09.24 (SLl); EM/RhW i fonitro.", ["SLl", "EM", "RhW"]),
    ("Grace and Dr Oyelaran to re-audit in March.", ["Grace", "Dr Oyelaran"]),
    ("Can we get sign off before the Board? D\n\n> From: the author", ["D"]),
    ("7 Minute Briefing circulated by Natalia Ionescu. NI will add it to the repository.", ["Natalia Ionescu", "NI"]),
    ("Safeguarding Midwife AMc; RPe to comment.", ["AMc", "RPe"]),
    ("Lead\tIDVA Team Manager Joss\tOn track", ["Joss"]),
    ("Note from Amaka: the service can only support until Christmas.", ["Amaka"]),
    ("Chat pasted: [09:53] Rich can you confirm the police piece?", ["Rich"]),
    ("Oct 2024: N ap G and S. ap R. say the team is still outstanding; evidence held by M de V.", ["N ap G", "S. ap R", "M de V"]),
    ("Greenwich told at its April meeting; Will to add to the newsletter. Precious has set up a flag.", ["Will", "Precious"]),
    ("DS Oksana Kovalenko checks it daily; rhodri & oksana to present it.", ["DS Oksana Kovalenko", "oksana"]),
    ("[09:20] Oyelaran, Funmilayo (TEWV): yes, live on Monday.", ["Oyelaran, Funmilayo"]),
    ("Did mr d ever get referred? The release of adult z and baby r's notes.", ["mr d", "adult z", "baby r"]),
    ("Owner: Housing DA Champion Grace", ["Grace"]),
    ("Rukhsana N. and Tendai U. doing drop-ins.", ["Rukhsana N", "Tendai U"]),
    ("Nov-23 RN: SOP approved.\nJan-24 MH: alert live.\nMar-24 ZB - audit done.", ["RN", "MH", "ZB"]),
    # a given name that is also a word, alone in brackets after a job
    ("BK confirmed the IDVA (Sultana from Solace) started in March.", ["Sultana"]),
])
def test_each_kind_of_mention_is_an_error(tmp_path, monkeypatch, text, flagged):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra=text)
    result = check(content)
    found = " | ".join(d.message for d in result.diagnostics.errors)
    for name in flagged:
        assert f"'{name}'" in found, found
    assert result.failed()       # an error, not a warning: build refuses it as check does


def test_unexplained_capitals_are_errors_and_explained_ones_are_not(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="The QZ and the GP met the DS and the MARAC chair.")
    errors = [d.message for d in check(content).diagnostics.errors]
    assert any("'QZ'" in m for m in errors)
    assert not any(f"'{t}'" in m for m in errors for t in ("GP", "DS", "MARAC"))
    with (content / "glossary.yaml").open("a", encoding="utf-8") as f:
        f.write("- term: QZ\n  stands_for: Quality Zone\n  meaning: A made-up acronym.\n")
    assert not any("'QZ'" in d.message for d in check(content).diagnostics.errors)


def test_initials_the_site_explains_stay_an_acronym_beside_a_person_with_those_initials(tmp_path, monkeypatch):
    """"David Adams" makes "DA" his initials in the review, unless the glossary says what DA is."""
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="David Adams to chase. DA to book the training.")
    assert any("'DA'" in d.message for d in check(content).diagnostics.errors)
    with (content / "glossary.yaml").open("a", encoding="utf-8") as f:
        f.write("- term: DA\n  stands_for: Domestic abuse\n  meaning: Abuse by a partner or family member.\n")
    errors = [d.message for d in check(content).diagnostics.errors]
    assert not any("'DA'" in m for m in errors) and any("David Adams" in m for m in errors)


def test_a_common_acronym_is_somebodys_initials_only_where_a_person_stands(tmp_path, monkeypatch):
    """Beside "Deniz Arslan", "DA" is the acronym in "a DA incident" and her in "DA to lead"."""
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Deniz Arslan chaired. Nobody asked about DA and a DA incident.")
    assert not any("'DA'" in d.message for d in check(content).diagnostics.errors)
    content = _site(tmp_path / "two", review_extra="Deniz Arslan chaired. DA to lead the audit.")
    assert any("'DA'" in d.message for d in check(content).diagnostics.errors)


def test_the_partnerships_places_are_never_taken_for_people(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Sessions ran in Stanley and Clifton, and Emeka Obi to chase.")
    flagged = lambda: " | ".join(d.message for d in check(content).diagnostics.errors)
    assert "'Stanley'" in flagged() or "'Clifton'" in flagged()
    with (content / "redaction.yaml").open("a", encoding="utf-8") as f:
        f.write("places: [Stanley, Clifton]\n")
    found = flagged()
    assert "'Stanley'" not in found and "'Clifton'" not in found and "Emeka Obi" in found


def test_a_dhr_declares_its_pseudonyms_or_says_it_has_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path)
    review = content / "reviews" / "north-dhr-001.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(re.sub(r"people:\n(?:  - .*\n(?:    .*\n)*)*", "people: []\n", text), encoding="utf-8")
    errors = check(content).diagnostics.errors
    assert any("declares none" in d.message and d.path.endswith("north-dhr-001.yaml") for d in errors)


# --- one round, every mention ------------------------------------------------------------------

def test_validation_and_name_findings_come_in_one_round_each_at_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Karen Marsh met Gareth Lloyd.\nLater Gareth Lloyd wrote to Karen Marsh.")
    review = content / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("status: in-progress", "status: in-progres", 1),
                      encoding="utf-8")
    errors = check(content).diagnostics.errors
    assert any("in-progres" in d.message for d in errors)                  # a format error ...
    lloyd = [d for d in errors if "Gareth Lloyd" in d.message]
    assert len(lloyd) == 2 and lloyd[0].line != lloyd[1].line             # ... and each mention


def test_a_name_found_later_in_a_review_is_reported_at_its_earlier_mention(tmp_path, monkeypatch):
    """The summary (checked after the actions) names "Carys Penhallow": "Carys" alone in an update
    is then a name too, reported at its own line."""
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Panel: Carys Penhallow (independent chair).")
    review = content / "reviews" / "north-dhr-001.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("text: Audit finished and reported to the board.",
                                   "text: Audit finished; figures checked against Carys in March.", 1), encoding="utf-8")
    lines = review.read_text(encoding="utf-8").split("\n")
    found = [d for d in check(content).diagnostics.errors if "'Carys'" in d.message]
    assert len(found) == 1 and "against Carys" in lines[found[0].line - 1], [d.message for d in found]


# --- declared names: the build succeeds and publishes none ----------------------------------

def test_build_succeeds_with_initials_month_and_word_pseudonyms_and_publishes_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    people = [{"name": "Susan", "refer_to_as": "the victim"}, {"name": "Daniel", "refer_to_as": "the perpetrator"},
              {"name": "June", "refer_to_as": "her mother"}, {"name": "Hope", "refer_to_as": "her sister"},
              {"name": "May", "refer_to_as": "her aunt"}]
    content = _site(tmp_path, people=people,
                    review_extra="June and Hope met JT and KW in May 2023; May's flat was visited on 3 June 2023.",
                    redaction={"names": [{"name": "JT", "refer_to_as": "a manager"},
                                         {"name": "KW", "refer_to_as": "a nurse"},
                                         {"name": "Karen Whitlock", "refer_to_as": "a council officer"}],
                               "patterns": ["email", "phone", "postcode", "nhs-number", "ni-number", "file-name",
                                            "case-reference"],
                               "allow": [{"text": "Clare's Law", "reason": "a disclosure scheme"}]})
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.errors]
    published = _published(out)
    assert not re.search(r"\b(?:JT|KW)\b", published)
    assert not re.search(r"\bHope\b", published)
    # June and May appear only as months of dates, never as people
    for m in re.finditer(r"\b(?:June|May)\b", published):
        around = published[max(0, m.start() - 12):m.end() + 6]
        assert re.search(r"\d\s*(?:June|May)|(?:June|May),?\s+\d{4}", around), around
    assert "her mother and her sister met a manager and a nurse" in published.lower()
    assert "her aunt's flat" in published.lower()


@pytest.mark.parametrize("disguise", [
    "Sus\u0430n",                    # a Cyrillic a
    "\uff33\uff55\uff53\uff41\uff4e",  # full-width letters
    "Su\u0301san",                   # a combining accent
    "Su\u200dsan",                   # a zero-width joiner
    "Sus\u00adan",                   # a soft hyphen
    "S u s a n",                     # spaced letters
])
def test_a_disguised_declared_name_is_replaced(tmp_path, monkeypatch, disguise):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra=f"A letter was sent to {disguise}'s family.")
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.errors]
    page = (out / "reviews" / "north-dhr-001" / "index.html").read_text(encoding="utf-8")
    assert "A letter was sent to the victim's family." in page
    assert disguise not in _published(out)


def test_a_word_mixing_alphabets_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Training by Deb\u043erah Quill on domestic abuse.")
    assert any("mixes letters" in d.message for d in check(content).diagnostics.errors)


@pytest.mark.parametrize("agency_id", ["susans-house", "susan-s-refuge", "the-susan-trust"])
def test_a_declared_name_in_an_agency_id_is_refused(tmp_path, monkeypatch, agency_id):
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path)
    with (content / "agencies.yaml").open("a", encoding="utf-8") as f:
        f.write(f"- id: {agency_id}\n  name: A refuge\n  kind: voluntary\n")
    errors = check(content).diagnostics.errors
    assert any(agency_id in d.message and "Susan" in d.message for d in errors), [d.message for d in errors]


def test_a_missing_redaction_file_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _site(tmp_path)
    assert main(["check", "--redaction", "privat/redaction.yaml"]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "privat/redaction.yaml" in err
    assert main(["build", "--redaction", "privat/redaction.yaml", "--themes", str(THEMES)]) == 1
    assert not (tmp_path / "output").exists()


def test_the_guard_leaves_the_pinned_search_engine_alone_and_scans_a_changed_one(valid_output):
    from actionplans.privacy.guard import guard_output, is_search_engine
    from actionplans.privacy.redact import RedactionLog
    from actionplans.core.model import DeclaredName
    engine = (valid_output / "pagefind" / "pagefind.js").read_bytes()
    assert is_search_engine("pagefind/pagefind.js", engine)
    log = RedactionLog(declared=[DeclaredName("ab", "a manager"), DeclaredName("Karen Whitlock", "an officer")])
    # the engine's minified code holds every pair of letters: declared initials do not trip it
    assert b"ab" in engine.lower()
    assert guard_output({"pagefind/pagefind.js": engine}, None, log) == []
    changed = engine + b"/* Karen Whitlock */"
    assert not is_search_engine("pagefind/pagefind.js", changed)
    assert guard_output({"pagefind/pagefind.js": changed}, None, log)


def test_the_sign_off_report_lists_every_decision_and_every_finding(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _site(tmp_path, review_extra="Susan's sister spoke to Gareth Lloyd about Clare's Law.")
    assert main(["redaction-report", "--out", "report.md"]) == 1      # a finding is still undecided
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "'Susan' → 'the victim' (3 replacements" in report      # declared → wording, and how often
    assert "line 10 (summary): 'Susan's' → 'The victim's'" in report and "line 11 (summary)" in report
    assert "name:first-last: 'Gareth Lloyd'" in report             # undecided, with its place
    assert "'Clare's Law' — the Domestic Violence Disclosure Scheme" in report   # allowed → reason
    assert "'Karen Whitlock' → 'a council officer'" in report      # site-wide names


def test_a_short_finding_is_reported_where_it_is_not_at_the_first_such_letters(tmp_path, monkeypatch):
    """'M' or 'JT' also occur earlier in the file (in 'Marsh', 'MARAC'): the mention is found by the
    words before it, at its own line and column."""
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Reviewed at the MARAC. Karen M agreed. Then JT wrote.")
    review = (content / "reviews" / "north-dhr-001.yaml").read_text(encoding="utf-8").split("\n")
    errors = {m.group(1): (d.line, d.col) for d in check(content).diagnostics.errors
              if (m := re.search(r": '([^']+)'", d.message))}
    for found, before in (("M", "Karen M"), ("JT", "Then JT")):
        line, col = errors[found]
        assert review[line - 1][col - 1:].startswith(found) and before in review[line - 1], (found, line, col)


def test_a_declared_name_that_spells_markup_builds_and_is_replaced(tmp_path, monkeypatch):
    # "Li" is a surname and an HTML tag: the guard looks for it in what readers meet, not in <li>
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Ms Li chaired the panel; Em Li attended.",
                    redaction={"names": [{"name": "Em Li", "refer_to_as": "a panel member"},
                                         {"name": "Li", "refer_to_as": "the chair"},
                                         {"name": "Karen Whitlock", "refer_to_as": "a council officer"}],
                               "patterns": ["email", "phone", "postcode"],
                               "allow": [{"text": "Clare's Law", "reason": "a disclosure scheme"}]})
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.errors]
    published = _published(out)
    assert "<li" in published
    assert not re.search(r"(?<![<\w/])Li\b", published)
    assert "a panel member attended" in published


def test_declared_initials_are_not_refused_inside_a_web_address(tmp_path, monkeypatch):
    # "TR" declared: the accessibility statement links https://www.w3.org/TR/WCAG22/
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="TR chaired the panel.",
                    redaction={"names": [{"name": "TR", "refer_to_as": "the chair"},
                                         {"name": "Karen Whitlock", "refer_to_as": "a council officer"}],
                               "patterns": ["email", "phone", "postcode"],
                               "allow": [{"text": "Clare's Law", "reason": "a disclosure scheme"}]})
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.errors]
    published = _published(out)
    assert "/TR/" in published
    assert "The chair chaired the panel" in published
    assert not re.search(r"(?<![/\w])TR(?![/\w])", published)


def test_a_declared_name_holding_an_allowed_word_is_still_replaced(tmp_path, monkeypatch):
    # "Jun" allowed (a month, as plans abbreviate it), "Jun Xu" declared: the name wins
    monkeypatch.chdir(tmp_path)
    content = _site(tmp_path, review_extra="Terms of reference received from Jun Xu in Jun 2023.",
                    redaction={"names": [{"name": "Jun Xu", "refer_to_as": "the reviewer"},
                                         {"name": "Karen Whitlock", "refer_to_as": "a council officer"}],
                               "patterns": ["email", "phone", "postcode"],
                               "allow": [{"text": "Jun", "reason": "a month"},
                                         {"text": "Clare's Law", "reason": "a disclosure scheme"}]})
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.errors]
    published = _published(out)
    assert "received from the reviewer in Jun 2023" in published
    assert "Jun Xu" not in published
