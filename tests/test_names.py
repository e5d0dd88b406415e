"""Declared names are replaced; undeclared names are found, and look-alikes are left alone."""

from __future__ import annotations

import csv
import functools
import re
import time
from pathlib import Path

import pytest

from actionplans.privacy.names import NameDetector, NAME_HINT, DeclaredName, Replacement, Replacer, detect_names, name_lists
from actionplans.privacy.patterns import Finding

DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = Path(__file__).resolve().parent.parent / "content"


def _listed(name: str) -> list:
    """An example list, kept under its file's key (the web editor's form) or bare."""
    import yaml
    data = yaml.safe_load((EXAMPLE / f"{name}.yaml").read_text(encoding="utf-8"))
    return data[name] if isinstance(data, dict) else data


@functools.lru_cache(maxsize=1)
def _site_terms() -> tuple[str, ...]:
    """What a partnership's own files explain: the example site's glossary and agency names (an
    acronym no site file explains is reported, by design: it may be somebody's initials)."""
    import yaml
    terms = [g["term"] for g in _listed("glossary")]
    for a in _listed("agencies"):
        terms += [a["name"], *([a["short_name"]] if a.get("short_name") else []), *a.get("aliases", [])]
    return tuple(terms)
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"   # the public seed plans, real text


def replace(text: str, *declared: tuple[str, str]) -> str:
    return Replacer([DeclaredName(n, r) for n, r in declared]).replace(text)[0]


# =========================================================================== Replacer

VICTIM = ("Peter", "the victim")
OFFICER = ("Karen Marsh", "a council officer")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Peter called the GP.", "The victim called the GP."),  # capital at the start of a sentence
        ("The GP called Peter.", "The GP called the victim."),
        ("the GP called PETER and peter", "the GP called THE VICTIM and the victim"),  # any case
        ("Peter's mother", "The victim's mother"),  # possessive kept
        ("the GP saw Peter\u2019s mother", "the GP saw the victim\u2019s mother"),
        ("He moved to Peterborough with Peters and Peter-Paul.", "He moved to Peterborough with Peters and Peter-Paul."),
        ("He said: Peter did.", "He said: the victim did."),
        ("Notes. Peter left", "Notes. The victim left"),
        ("- Peter called", "- The victim called"),
        ("1. Peter called", "1. The victim called"),
        ("Peter\tcalled", "The victim\tcalled"),
        ("Update:\tPeter called", "Update:\tThe victim called"),
        ("updated by\nPeter today", "updated by\nthe victim today"),  # a line break inside a sentence
        ("first line.\n\nPeter called", "first line.\n\nThe victim called"),  # a new paragraph
        ("e.g. Peter", "e.g. the victim"),
        ('"Peter" was used', '"The victim" was used'),
        ("the death of: Peter", "the death of: the victim"),
        # in a file name or an id: an underscore or an id's hyphen separates words
        ("Evidence: IMR_Peter_Evidence_v4.docx", "Evidence: IMR_the victim_Evidence_v4.docx"),
        ("ref DHR-Peter-2023 closed", "ref DHR-the victim-2023 closed"),
        # but the second half of a double-barrelled surname is somebody else's name
        ("Ms Lloyd-Peter called", "Ms Lloyd-Peter called"),
    ],
)
def test_replacer_single_name(text, expected):
    assert replace(text, VICTIM) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Contact agreed by Karen Marsh today", "Contact agreed by a council officer today"),
        ("Contact agreed by karen marsh today", "Contact agreed by a council officer today"),
        ("introduced by Karen\nMarsh and", "introduced by a council officer and"),  # split across lines
        ("introduced by Karen  Marsh and", "introduced by a council officer and"),
        ("introduced by Kar-\nen Marsh and", "introduced by a council officer and"),  # hyphenated at a line end
        ("Marsh agreed to attend.", "A council officer agreed to attend."),  # the surname on its own
        ("the view of Marsh", "the view of a council officer"),
        ("Marsh's view", "A council officer's view"),
        ("signed by K. Marsh and K Marsh and K.Marsh", "signed by a council officer and a council officer and a council officer"),
        ("DS Marsh and Ms Karen Marsh said", "A council officer and a council officer said"),  # title or rank with the name
        ("Karen said", "A council officer said"),  # the first name on its own
        ("the salt marsh", "the salt marsh"),  # a lower-case word is left alone
        ("KAREN MARSH", "A COUNCIL OFFICER"),
        ("Marshall and Karenina", "Marshall and Karenina"),
    ],
)
def test_replacer_full_name_and_its_variants(text, expected):
    assert replace(text, OFFICER) == expected


def test_replacer_longest_match_first():
    out = replace(
        "Peter Stride met Peter, then Stride left. Peter Brandt stayed.",
        ("Peter Stride", "the chair"),
        ("Peter", "the victim"),
        ("Peter Brandt", "a probation officer"),
    )
    assert out == "The chair met the victim, then the chair left. A probation officer stayed."


def test_replacer_reports_every_replacement_with_offsets_into_the_original():
    text = "Karen Marsh saw Peter's file."
    out, done = Replacer([DeclaredName(*OFFICER), DeclaredName(*VICTIM)]).replace(text)
    assert out == "A council officer saw the victim's file."
    assert done == [
        Replacement(0, 11, "Karen Marsh", "A council officer"),
        Replacement(16, 23, "Peter's", "the victim's"),
    ]
    for r in done:
        assert text[r.start : r.end] == r.original


def test_replacer_leaves_a_variant_shared_by_two_people_for_a_person_to_decide():
    r = Replacer([DeclaredName("Peter Stride", "the chair"), DeclaredName("Peter Brandt", "a probation officer")])
    out, _ = r.replace("Peter said so.")
    assert out == "Peter said so."  # not replaced: which Peter?
    assert r.find(out) == [(0, 5, "Peter")]  # but the output guard still sees it


def test_replacer_labels_and_ordinary_word_pseudonyms():
    assert replace("Baby A was born; a baby a day later", ("Baby A", "the baby")) == "The baby was born; a baby a day later"
    assert replace("We hope Hope is well; HOPE", ("Hope", "the sister")) == "We hope the sister is well; THE SISTER"
    assert replace("Child E called", ("Child E", "a child")) == "A child called"


def test_replacer_possessive_after_s_and_quotes():
    assert replace("James' car", ("James", "the son")) == "The son's car"
    assert replace("'James' was used", ("James", "the son")) == "'The son' was used"
    assert replace("Peter's", ("Peter", "the parents")) == "The parents'"


def test_replacer_hyphenated_extraction_artefact_is_still_replaced():
    # "Susan and Daniel-during the period" (an extraction artefact in a seed)
    assert replace("Susan and Daniel-during the period", ("Daniel", "the perpetrator")) == "Susan and the perpetrator-during the period"


def test_replacer_find_reports_surviving_names_only():
    r = Replacer([DeclaredName(*OFFICER), DeclaredName(*VICTIM)])
    text = "Karen Marsh, a salt marsh, K. Marsh, Peterborough, PETER"
    assert [t for _, _, t in r.find(text)] == ["Karen Marsh", "K. Marsh", "PETER"]
    out, _ = r.replace(text)
    assert r.find(out) == []


def test_replacer_rejects_empty_declarations():
    with pytest.raises(ValueError):
        Replacer([DeclaredName("Peter", "")])
    with pytest.raises(ValueError):
        Replacer([DeclaredName(" ", "someone")])


def test_replacer_with_no_names_changes_nothing():
    assert Replacer([]).replace("Peter") == ("Peter", [])
    assert Replacer([]).find("Peter") == []


# =========================================================================== detector: units


def names_found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.text, f.severity) for f in detect_names(text, **kwargs)]


def test_name_lists_come_from_the_packages():
    lists = name_lists()
    assert "karen" in lists.popular_first and "smith" in lists.last
    # the US census lists, widened by Faker's given names and surnames of every Latin-script
    # locale (British, Irish, Polish, Nigerian, ...), folded as the detector reads text
    assert {"tomasz", "siobhan", "bethan", "imran", "kofi"} <= lists.popular_first
    assert {"nowak", "nwosu", "wojcik"} <= lists.last.keys()
    assert len(lists.last) > 80_000 and name_lists() is lists  # read once


def test_detector_finding_shape():
    text = "Update: Karen Marsh agreed the plan."
    [f] = detect_names(text)
    assert isinstance(f, Finding)
    assert (f.text, f.rule, f.severity) == ("Karen Marsh", "name:first-last", "error")
    assert text[f.start : f.end] == f.text
    assert f.message == "looks like a person's name: 'Karen Marsh'"
    assert f.hint == NAME_HINT and "refer_to_as" in f.hint and "allow" in f.hint


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DS Holloway reviewed the DASH.", [("DS Holloway", "error")]),
        ("Dr Okonkwo confirmed.", [("Dr Okonkwo", "error")]),
        ("Signed by J. Hendry.", [("J. Hendry", "error")]),
        ("JT – staff do attend the training", [("JT", "error")]),
        ("RB to discuss with the named nurse", [("RB", "error")]),
        ("as agreed with KM, the leaflet", [("KM", "error")]),
        ("Referral discussed with Tomasz Nowak today.", [("Tomasz Nowak", "error")]),
        ("Chidi Eze confirmed the visit.", [("Chidi Eze", "warning")]),  # in no list: a warning
        ("Peter has completed his training.", [("Peter", "warning")]),  # a first name alone: a warning
        ("Nkechi Okafor attended. Okafor agreed.", [("Nkechi Okafor", "warning"), ("Okafor", "warning")]),
        ("Joanne Ellery chaired. Ellery will circulate the minutes.", [("Joanne Ellery", "error"), ("Ellery", "error")]),
        # a word in no list doing what people do in minutes
        ("Update: Tobenna to book the room for the panel.", [("Tobenna", "error")]),
        ("Thanks for this; Shireen confirmed the dates.", [("Shireen", "error")]),
        ("Practices in Keighley and Baildon had been told.", []),            # places, told about
        ("Data for Moulsecoomb shared at the board.", []),
        ("MARAC Co-ordinators to update the system.", []),                    # a job, not a name
        ("Toolkit launched in May; Input delivered to the teams.", []),       # things are delivered, not people
        ("Obioma will chase the GP.", [("Obioma", "error")]),
        ("I spoke to Jas about it.", [("Jas", "error")]),                     # spoken to, greeted, signed
        ("Regards,\nKemi", [("Kemi", "error")]),
        ("Thanks Grace, will do.", [("Grace", "error")]),
        ("The IDVA (Shireen) confirmed the date.", [("Shireen", "error")]),   # after a role, in brackets
        ("Recorded on Niche; thanks to Refuge for the data.", []),
        ("On one visit a nurse, Nurse Kettle, noted bruising.", [("Nurse Kettle", "error")]),    # nursing titles
        ("Sister Okonedo (ward manager) agreed.", [("Sister Okonedo", "error")]),
        ("The Nurse Practitioner saw her.", []),
        ("Adult A's partner Lee was arrested.", [("Adult A", "error"), ("Lee", "error")]),  # a relative, named
        ("Our partner Organisations met in May.", []),
        ("She is known as 'P' in this report; her son is referred to as C.", [("P", "error"), ("C", "error")]),
        ("The review (known as Domestic Homicide Review 12) found that she called Police.", []),
        ("Cynllun Gweithredu / Action Plan – Diweddariad Dydd Llun, Mai 2023", []),   # Welsh headings and dates
        # a name written in capitals; a heading in capitals is not one
        ("Signed: DEBORAH HALLIWELL, Head of Service", [("DEBORAH HALLIWELL", "warning")]),
        ("ACTION PLAN UPDATE", []),
        ("The victim, KAREN, was seen by the GP.", [("KAREN", "error")]),
        ("OKAFOR was arrested on 3 May.", [("OKAFOR", "error")]),
        ("A2 DOMINION HOUSING GROUP LTD.", []),                                # a firm, in a heading
        ("Admitted to CROMER WARD on 2 June.", []),
        ("Present: Lisa JONES (Chair), DS Mark OYELARAN", [("Lisa JONES", "error"), ("DS Mark", "error"), ("OYELARAN", "error")]),
        ("Mother A said that Partner 2 had left.", [("Mother A", "error"), ("Partner 2", "error")]),
        # initials with a particle; a common acronym of that shape is not
        ("Draft protocol v0.3 (DapR, May 2023)", [("DapR", "error")]),
        ("Letter from the DfE and the MoJ.", []),
        # a given name typed in lower case, standing where a person stands
        ("copied in by tanisha: can someone check?", [("tanisha", "error")]),
        ("he was frank with the panel", []),
        # people numbered the way reviews number them
        ("Child 2 was at school; Adult 1 was not told.", [("Child 2", "error"), ("Adult 1", "error")]),
        # a word in no list, listed with a person ("and", "&", a comma inside a list)
        ("Referrals checked by Tomasz Nowak and Ifeoluwa.", [("Tomasz Nowak", "error"), ("Ifeoluwa", "warning")]),
        ("Present: Dr Okonkwo (ICB), Sibusiso (Refuge), JT", [("Dr Okonkwo", "error"), ("Sibusiso", "warning"), ("JT", "error")]),
        ("Training delivered by Dr Okonkwo, Taunton.", [("Dr Okonkwo", "error")]),     # an address ends with a town
        ("No reply from Gwent; Ms Prosser to chase.", [("Ms Prosser", "error")]),
        # a given name that is also a word, where only a person stands
        ("Grace from Women's Aid to arrange the visit.", [("Grace", "error")]),
        ("Minutes: Faith raised that the flags are not visible.", [("Faith", "error")]),
        ("In attendance: Joy (minutes), the DHR coordinator.", [("Joy", "error")]),
        ("Referrals rose in May from Bradford and Leeds.", []),                  # a month, a time
        ("Good morning Dilnoza, the figures are attached.", [("Dilnoza", "error")]),
        ("Evidence held by Olusegun at the unit.", [("Olusegun", "error")]),
        # people lettered in Welsh, as bilingual plans write them
        ("Argymhelliad 2: Plentyn A and Oedolyn B were not seen.", [("Plentyn A", "error"), ("Oedolyn B", "error")]),
        # a given name known only from the baby-name records, typed in lower case
        ("emailed kasia wrobel about the leaflet", [("kasia wrobel", "error")]),
        # a name with the name the person goes by, in brackets
        ("Jaswinder (Jas) Dhillon is on leave until May.", [("Jaswinder (Jas) Dhillon", "error")]),
        ("Present: Cllr Okafor (Chair), the IDVA team (JT, DO, HM/RC)", [("Cllr Okafor", "error"), ("JT", "error"),
                                                                          ("DO", "error"), ("HM", "error"), ("RC", "error")]),
        # two capitals alone in brackets are initials or an acronym, never a word; after a rank or
        # a job even a known acronym is somebody's initials
        ("Update 12/03/23 (AD): audit of 40 cases done.", [("AD", "error")]),
        ("Named Nurse (MP)", [("MP", "error")]),
        ("Custody Sgt (KW)", [("KW", "error")]),
        ("A letter to the Member of Parliament (MP) went out.", []),
        # after a job and the body it works for, in brackets; doing what people do
        ("Named Nurse Adults, Whittington Health (Nyasha)", [("Nyasha", "error")]),
        ("Her sister Farzana (Ilford) was told.", [("Farzana", "error")]),
        ("Update: Wiktoria chasing the remaining settings.", [("Wiktoria", "error")]),
        # the address lines of a pasted e-mail; a greeting, even of a name that is a word
        ("From: Mensah, Kojo <k.mensah@example.org>\nTo: Ozturk, Tuba; DHR Mailbox\nSubject: update",
         [("Mensah", "warning"), ("Kojo", "warning"), ("Ozturk", "warning"), ("Tuba", "warning")]),
        ("> Morning Tuba, the protocol was signed off.", [("Tuba", "error")]),
        ("Good morning, Will you attend?", []),
        # who wrote a dated update, in brackets
        ("Update May 2023 (MP): the form is live.", [("MP", "error")]),
        ("Costs fell in 2023 (MP figures).", []),
        # a title and a name, or an address's name part, typed in lower case
        ("Apologies: dr okonjo, the MARAC chair", [("dr okonjo", "error")]),
        ("Distribution: yewande.adeyemi; DHR inbox", [("yewande.adeyemi", "error")]),
        ("Saved as report.docx on the shared drive.", []),
        # after a job, set off by commas; in brackets after a body the site knows
        ("The Karma Nirvana trainer, Rukhsar, was booked.", [("Rukhsar", "error")]),
        ("Kemi to ask Refuge (Parveen) for dates.", [("Kemi", "error"), ("Parveen", "error")]),
        # a hyphenated given name is a given name (not a word for its "-ise"): alone, a warning, as "Peter"
        ("Kerry-Louise says the pilot went well.", [("Kerry-Louise", "warning")]),
        ("Olusegun is checking the numbers.", [("Olusegun", "error")]),
        # a name inside the name of an award or a programme; a building or a body is a public name
        ("The Margaret Holden Award nominations close on Friday.", [("Margaret Holden", "warning")]),
        ("Admitted to the Mary Seacole Unit.", []),
        # a given name in lower case, in a team; a name found in the text, again in lower case
        ("rosa in CAT to re-brief the night team.", [("rosa", "error")]),
        ("Audit with Hương Trần (adult QA). huong on leave until 16/9.", [("Hương Trần", "error"), ("huong", "error")]),
        # who wrote each message of a pasted chat; a person and where they work, in brackets
        ("Pasted from Teams:\nJade Tuckwell 10:41\nbriefing done\nTeam Meeting 10:30", [("Jade Tuckwell", "warning")]),
        ("The IDVA (Ayodele from Refuge) started in March.", [("Ayodele", "warning")]),
        # a name typed in lower case where a sentence starts makes it no ordinary word
        ("Olanike Eze added it to the induction. olanike also took it to the ward.",
         [("Olanike Eze", "warning"), ("olanike", "error")]),
        # a month after a paragraph number is no date
        ("3.2 June saw her GP twice.", [("June", "error")]),
        # an acronym's letters opening a clause and given a task are somebody's initials
        ("Form still in use. HO to remove it.", [("HO", "error")]),
        ("ACTION 18: MH to brief the Cabinet Member.", [("MH", "error")]),
        # a word in no list doing what people do in minutes: recommends, was chair, has signed
        ("Carys recommends closure.", [("Carys", "error")]),
        ("Sunita was chair that month.", [("Sunita", "error")]),
        ("I'll send it when Ife has signed it off.", [("Ife", "error")]),
        # a given name before the short name of the body they work for
        ("HIDVA in ED Mon-Fri: Olumide (SWA)", [("Olumide", "error"), ("SWA", "error")]),
        # whoever a memorial remembers was a person; "Men's" is no third name
        ("Training via the Mercy Adjei Memorial Seminar series.", [("Mercy Adjei", "warning")]),
        ("Leaflet drafted under the Kofi Asamoah Men's Project.", [("Kofi Asamoah", "error")]),
        # spaced initials closing a bracket after who did it
        ("Minutes agreed (proposed J. W., seconded A H).", [("J. W", "error"), ("A H", "error")]),
        ("Actions from review 14/05/24 (notes: N D):", [("N D", "error")]),
        # a double-barrelled surname is not a word for the ending of its second half
        ("Dip sample by DS Fashola-Reed: child recorded.", [("DS Fashola-Reed", "error")]),
        # a job in capitals, then who does it
        ("Watch Manager Tidswell and the crew gave input.", [("Tidswell", "error")]),
        # given names typed in lower case: opening a sentence, in brackets after a team, asked
        # to do something at the start of a chat line, before a body in brackets
        ("Staff attended. nasra from the team asked for a session.", [("nasra", "error")]),
        ("Process agreed. tomasz moving to Tameside in May.", [("tomasz", "error")]),
        ("Change request raised w/ Athena team (gavin).", [("gavin", "error")]),
        ("ok will get it.\njade can u send the ref", [("jade", "error")]),
        ("Letter sent after kasia dabrowska (legal) checked wording.", [("kasia dabrowska", "error")]),
        # a message pasted without its time, surname first; a person called to in a chat
        ("Update:\nKaur, Jaspreet: HIDVA now at huddle.", [("Kaur, Jaspreet", "warning")]),
        ("will do by lunch. @bisi can you remind me", [("bisi", "error")]),
        # a given name and the initial 'A', doing something
        ("Referred on to MARAC. Kemi A chasing the remaining 3.", [("Kemi A", "error")]),
        # a fund named after somebody: a given name that is also a word, and a surname
        ("Bid made to the Lily Armstrong Fund.", [("Lily Armstrong", "warning")]),
        # a given name with a note in brackets, doing something; after a job in lower case; starting
        ("Delroy (IT, Northshire Hospital) says release due", [("Delroy", "error")]),
        ("Complete. Panel chair Rosemary and family informed", [("Rosemary", "error")]),
        ("HIDVA recruited – Chinonso starts 6/5", [("Chinonso", "error")]),
        ("Policy updated. Morwenna has briefed the teams.", [("Morwenna", "error")]),
        # two letters that spell an acronym, with the job of whoever they are
        ("Owner: NB (Lead Nurse) supported by the team", [("NB", "error")]),
    ],
)
def test_detector_rules(text, expected):
    assert names_found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officers to consider a disclosure under Clare's Law.",
        "The patient was admitted to the Mary Seacole Unit.",
        "Somerset County should consider implementing Operation Encompass.",
        "All staff have access to Triangle of Care training.",
        "Avon and Somerset Constabulary, Southern Health NHS Foundation Trust and Barnardo's agreed.",
        "Services in Somerset, Taunton, Southampton and Oxford.",
        "DASH, MARAC, IDVA, MAPPA, CCG, ICB, GP, SBAR and PHN.",
        "June 2021. Monday 3 May. April 2022: cases reviewed.",
        "Will staff be trained? Grace period applies. Mark the referral as urgent.",
        "@team please note the BCU and PPN figures; Plan A to be agreed.",
        "Leeds, Bradford: figures up.",
        "ED (Emergency Department) staff and the SW (Social Worker) to visit.",
        # irregular verbs are words: "crew gave" is no lower-case name
        "The crew gave input and the team went through it.",
        # an ordinary job word after a job is a job, not a surname
        "IRIS extended to every practice with an IRIS Advocate Educator (funded).",
        "CCG to draft the contract wording. ICB to confirm the date.",
        # Welsh: places mutate as names do, and "ym mis Mai" is a month
        "Teithio i Gaerdydd a Fangor ym mis Mai. Diolch i Bawb.",
        # an initial and a word that is no surname of the review: "browser", "twice", "blank"
        # two letters after "and" in a list of options
        "Options A and B were costed.",
        # a chronology of agencies' contacts is no column of initials; a word beside a doctor
        "GP 12/03/23 – attended.\nED 14/03/23 – attended with injuries.",
        "Faith and Community groups met Refuge and the GP.",
        # a rating or an answer at the end of an entry is no signature
        "Sep 23 – no progress. R.\nOct 23 – two referrals. A.\nCompleted? Y",
    ],
)
def test_detector_look_alikes_are_not_errors(text):
    assert [f for f in detect_names(text) if f.severity == "error"] == []


def test_a_group_named_after_somebody_is_a_decision_a_known_law_is_not():
    """"Sofia's Voice" publishes a name (a warning: allow it if it is the group's public name);
    "Clare's Law" is a known term and "St Mary's Hospital" a place."""
    found = detect_names('The "Sofia\'s Voice" carer group met. Clare\'s Law requests rose. St Mary\'s Hospital agreed.')
    assert [(f.text, f.rule, f.severity) for f in found] == [("Sofia", "name:in-programme", "warning")]


def test_a_short_form_of_a_name_where_people_are_thanked_or_greeted():
    text = "[10:05] Olumide Fashola: will send.\n[10:06] Marta: thanks Olu, and thanks all."
    assert "Olu" in [f.text for f in detect_names(text) if f.severity == "error"]
    assert "all" not in [f.text for f in detect_names(text)]


def test_a_log_in_name_is_an_initial_and_a_surname_of_the_review_only():
    """"Kim Rowser" named makes "krowser" hers; "browser" (b + Rowser) stays a word, and a word
    that is an initial and a surname nobody in the review has ("ahughes") is left alone."""
    detect = NameDetector()
    assert [f.text for f in detect("Kim Rowser chaired; krowser to send it.")] == ["Kim Rowser", "krowser"]
    assert detect("Open it in a browser; ahughes has the link.") == []


def test_name_lists_are_kept_in_a_cache_file_that_is_checked(tmp_path, monkeypatch):
    """Read once a machine from the packages, then from a JSON file; a broken file is read again."""
    from actionplans.privacy.names import lists
    monkeypatch.setenv("ACTIONPLANS_NAMES_CACHE", str(tmp_path))
    calls = []

    def read():
        calls.append(1)
        return lists.NameLists(frozenset({"ama"}), frozenset(), {"okafor": 3}, frozenset({"kasia"}))
    first = lists._stored(read)
    [stored] = tmp_path.glob("name-lists-*.json")
    assert lists._stored(read) == first and len(calls) == 1
    stored.write_text('{"popular": "not a list"}', encoding="utf-8")
    assert lists._stored(read) == first and len(calls) == 2
    monkeypatch.setenv("ACTIONPLANS_NAMES_CACHE", "off")
    lists._stored(read)
    assert len(calls) == 3


def test_a_name_found_late_in_a_review_is_found_in_its_earlier_texts():
    """ "Hodan (BSWA)" alone means nothing; "Hodan Farah" in a later list makes it a name."""
    from actionplans.privacy.names import NameDetector
    detect = NameDetector()
    early, late = "Figures checked against Carys in March.", "Distribution: Carys Penhallow; DHR inbox"
    before = detect.learned
    first = [f.text for f in detect(early)]
    assert [f.text for f in detect(late)] == ["Carys Penhallow"]
    assert "Carys" not in first and [f.text for f in detect.recheck(early, before)] == ["Carys"]
    assert detect.recheck("Nothing to see here.", before) == []


def test_pseudonym_labels_are_reported_until_declared():
    text = "Baby A was placed in foster care. Child B reported it. See Appendix C."
    assert [f.text for f in detect_names(text)] == ["Baby A", "Child B"]
    assert detect_names(text, declared=["Baby A", "Child B"]) == []


def test_detector_does_not_report_declared_names_or_allowed_terms():
    text = "Karen Marsh met Susan. Marsh agreed. The Hestia Team and Jane Doe Centre attended."
    declared = [DeclaredName("Karen Marsh", "a council officer"), DeclaredName("Susan", "the victim")]
    assert names_found(text, declared=declared, known_terms=["Jane Doe Centre"]) == []
    assert names_found("Karen Marsh met Susan.", declared=["Karen Marsh", "Susan"]) == []
    assert names_found("Liz Hardy spoke.", allow=[{"term": "Liz Hardy", "reason": "public figure"}]) == []
    assert names_found("Liz Hardy spoke.") == [("Liz Hardy", "error")]


def test_detector_reports_a_surname_left_next_to_a_declared_first_name():
    assert names_found("Susan Holdsworth called.", declared=["Susan"]) == [("Holdsworth", "error")]


def test_detector_reports_names_split_across_table_lines():
    text = "Michael\tChildren's Service\tBarnardo's (SIDAS)\nHammond\tManager\n"
    fs = detect_names(text)
    assert [(f.text, f.rule, f.severity) for f in fs] == [("Michael", "name:split", "error"), ("Hammond", "name:split", "error")]
    assert "Michael \u2026 Hammond" in fs[0].message


def test_detector_output_is_sorted_and_deterministic():
    text = "Karen Marsh met DS Holloway and JT – then Nkechi Okafor. Holloway left."
    first = detect_names(text)
    assert first == detect_names(text)
    assert [f.start for f in first] == sorted(f.start for f in first)
    for f in first:
        assert text[f.start : f.end] == f.text and f.rule.startswith("name:")


def test_detector_empty_text():
    assert detect_names("") == []


# =========================================================================== detector: labelled set


def _unescape(s: str) -> str:
    return s.replace("\\n", "\n").replace("\\t", "\t")


def _labelled() -> list[tuple[str, list[str]]]:
    rows = []
    for raw in (DATA / "names_labelled.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        text, expected = raw.rsplit("\t", 1)
        people = [] if expected.strip() == "none" else [_unescape(e.strip()) for e in expected.split(" | ")]
        rows.append((_unescape(text), people))
    return rows


def _spans(text: str, people: list[str]) -> list[tuple[int, int]]:
    """Where each expected string is: whole words, longest first, never overlapping another."""
    spans: list[tuple[int, int]] = []
    for person in sorted(people, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(person) + r"(?!\w)", text):
            if not any(m.start() < e and s < m.end() for s, e in spans):
                spans.append((m.start(), m.end()))
                break
        else:
            raise AssertionError(f"{person!r} is not in {text!r}")
    return sorted(spans)


def _covered(text: str, span: tuple[int, int], findings: list[Finding]) -> bool:
    """Every letter of the span is inside some finding."""
    return all(
        any(f.start <= k < f.end for f in findings) for k in range(*span) if text[k].isalpha()
    )


def _score(rows):
    expected = hit = reported = correct = 0
    misses, false = [], []
    for text, people in rows:
        findings = detect_names(text, known_terms=_site_terms())
        spans = _spans(text, people)
        for span in spans:
            expected += 1
            if _covered(text, span, findings):
                hit += 1
            else:
                misses.append(text[span[0] : span[1]])
        for f in findings:
            reported += 1
            if any(f.start < e and s < f.end for s, e in spans):
                correct += 1
            else:
                false.append(f.text)
    return expected, hit, reported, correct, misses, false


def test_labelled_set_is_well_formed():
    rows = _labelled()
    assert len(rows) >= 150
    assert sum(1 for _, p in rows if p) >= 70 and sum(1 for _, p in rows if not p) >= 60
    for text, people in rows:
        _spans(text, people)  # every expected string is in its line


def test_detector_recall_and_precision_on_labelled_set():
    expected, hit, reported, correct, misses, false = _score(_labelled())
    recall = hit / expected
    precision = correct / reported
    print(f"\nlabelled set: recall {hit}/{expected} = {recall:.3f}, precision {correct}/{reported} = {precision:.3f}")
    print(f"  missed: {misses}\n  not people: {false}")
    assert recall >= 0.95, misses
    assert precision >= 0.85, false


def test_detector_errors_only_on_look_alike_lines_are_rare():
    rows = [(t, p) for t, p in _labelled() if not p]
    terms = _site_terms()
    # pseudonym labels ("Baby A", "Mr A") are reported until the review declares them, as it must
    labels = ["Baby A", "Child B", "Child C", "Mr A"]
    errors = [(t, f.text) for t, _ in rows for f in detect_names(t, known_terms=terms, declared=labels)
              if f.severity == "error"]
    print(f"\nlook-alike lines: {len(rows)}, errors on them: {errors}")
    assert len(errors) <= len(rows) * 0.02


# =========================================================================== detector: the seed documents


def _seed_labels() -> list[dict[str, str]]:
    lines = [line for line in (DATA / "seed_staff_names.tsv").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _seed_text(name: str) -> str:
    path = SEEDS / name
    assert path.is_file(), f"seed document not found: {path} (shared/ must sit beside the repository)"
    return path.read_text(encoding="utf-8")


def test_detector_finds_the_hand_labelled_staff_names_in_the_seeds():
    labels = _seed_labels()
    files = sorted({row["file"] for row in labels} | {p.name for p in SEEDS.glob("*.txt")})
    assert len(files) == 4
    expected = hit = hit_errors = reported = correct = 0
    misses, false = [], []
    total_chars = 0
    cpu = 0.0
    for name in files:
        text = _seed_text(name)
        total_chars += len(text)
        pseudonyms = [DeclaredName(r["text"], "someone") for r in labels if r["file"] == name and r["kind"] == "pseudonym"]
        start = time.process_time()
        findings = detect_names(text, declared=pseudonyms)
        cpu += time.process_time() - start
        errors = [f for f in findings if f.severity == "error"]
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        spans: list[tuple[int, int]] = []
        rows = [r for r in labels if r["file"] == name and r["kind"] == "staff"]
        for row in sorted(rows, key=lambda r: -len(r["text"])):  # "Peter Stride" before "Peter"
            line = int(row["line"])
            begin, end = line_starts[line - 1], (line_starts[line] if line < len(line_starts) else len(text))
            taken = 0
            for m in re.finditer(r"(?<!\w)" + re.escape(row["text"]) + r"(?!\w)", text[begin:end]):
                span = (begin + m.start(), begin + m.end())
                if taken == int(row["count"]) or any(span[0] < e and s < span[1] for s, e in spans):
                    continue
                taken += 1
                spans.append(span)
                expected += 1
                if _covered(text, span, findings):
                    hit += 1
                else:
                    misses.append((name, row["text"], line))
                if _covered(text, span, errors):
                    hit_errors += 1
            assert taken == int(row["count"]), row
        for f in findings:
            reported += 1
            if any(f.start < e and s < f.end for s, e in spans):
                correct += 1
            else:
                false.append((name, f.text, f.severity))
    recall = hit / expected
    print(
        f"\nseeds: staff-name recall {hit}/{expected} = {recall:.3f} (as errors: {hit_errors}/{expected} = {hit_errors / expected:.3f});"
        f" precision {correct}/{reported} = {correct / reported:.3f}; {cpu * 1000:.0f} ms CPU for {total_chars / 1000:.0f} KB"
    )
    print(f"  missed: {misses}\n  not staff: {false}")
    assert expected >= 30
    assert recall >= 0.95, misses


def test_pseudonyms_in_the_seeds_are_all_replaced():
    labels = _seed_labels()
    for name in sorted({r["file"] for r in labels if r["kind"] == "pseudonym"}):
        rows = [r for r in labels if r["file"] == name and r["kind"] == "pseudonym"]
        text = _seed_text(name)
        replacer = Replacer([DeclaredName(r["text"], f"person {i}") for i, r in enumerate(rows)])
        out, done = replacer.replace(text)
        for i, row in enumerate(rows):
            made = sum(1 for d in done if re.fullmatch(f"person {i}(?:'s)?", d.replacement, re.IGNORECASE))
            assert made == int(row["count"]), (name, row["text"], made)
        assert replacer.find(out) == []


def test_detector_speed_on_the_seeds():
    texts = [_seed_text(p.name) for p in sorted(SEEDS.glob("*.txt"))]
    size = sum(len(t) for t in texts)
    name_lists()
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for text in texts:
            detect_names(text)
        best = min(best, time.process_time() - start)
    per_100kb = best / size * 100_000 * 1000
    print(f"\ndetector speed: {per_100kb:.0f} ms CPU per 100 KB (seeds, {size / 1000:.0f} KB, best of 3)")
    assert per_100kb < 1000  # the target is about 100; this only catches a runaway rule


@pytest.mark.parametrize("declared,text,expected", [
    # spaced initials and initials joined by a hyphen, declared as typed
    ("J R", "Notes: J R to chase.", "Notes: a person to chase."),
    ("Lisa P-J", "Sign-off by Lisa P-J today.", "Sign-off by a person today."),
    ("D O'R", "D O'R – awaiting the pilot.", "A person – awaiting the pilot."),
    # a title typed in lower case as part of the declared name
    ("sgt wojcik", "[16:01] sgt wojcik: refresher given", "[16:01] a person: refresher given"),
    ("j. ekwueme", "Chased / j. ekwueme admin", "Chased / a person admin"),
    # a title and a letter typed in lower case; but "child a" stays words
    ("Mr D", "also did mr d ever get a letter", "also did a person ever get a letter"),
    ("Child A", "give each child a book", "give each child a book"),
    ("Adult Z", "the release of adult z was agreed", "the release of a person was agreed"),
    # initials are not mutated as Welsh names are: "GC" declared leaves every "C" alone
    ("GC", "GC to check Part C of the form.", "A person to check Part C of the form."),
])
def test_replacer_declared_as_typed(declared, text, expected):
    assert Replacer([DeclaredName(declared, "a person")]).replace(text)[0] == expected


def test_findings_inside_a_declared_name_are_not_reported():
    # the name is replaced: nothing inside it is left to decide
    detect = NameDetector(declared=["fatima", "J R"])
    assert detect("Briefing issued. fatima to present at the forum; J R to chase.") == []


def test_a_unit_after_a_number_is_no_initials():
    assert names_found("The file is 7MB and the scan 2GB.") == []
