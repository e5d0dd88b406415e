"""A deterministic synthetic content folder in the content format, for benchmarks.

    python bench/corpus.py --reviews 2000 --out bench/corpus/n2000

The same --reviews and --seed always give byte-identical files. The shape follows the
issue's planning figures (2,000 reviews, ~15 recommendations of ~3 actions each, ~400
agencies) and the four real plans in content/ (text lengths, dated updates, milestones,
evidence, statuses, renamed agencies). Partnerships and agencies grow with the number of
reviews (one partnership per 80 reviews, 15 agencies each, plus 25 national bodies), so
N=2,000 has 400 agencies and N=200 has 55 (two partnerships): growth from 200 to 2,000 is then linear in
content, not distorted by a fixed agency list.

Text is built from plain-English phrases about action plans, with Unicode (curly quotes,
dashes, accented and non-Latin words) and a little Markdown, and never a person's name:
people appear only by role, so the redaction detector has nothing to flag. Each review
still declares pseudonyms in `people` (as real reviews do), drawn from a shared pool, so
the replacer and the output guard carry their real load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2026, 11, 21)          # the benchmark's fixed --as-of: no date may be later
REVIEWS_PER_PARTNERSHIP = 80
AGENCIES_PER_PARTNERSHIP = 15

# --- vocabulary ----------------------------------------------------------------------------
# Place names are syllable pairs: made up, so no real place is implied, and capitalised only
# inside agency and partnership names (which the redaction step treats as known terms).
_HEADS = ["Ash", "Brack", "Calder", "Dun", "Elm", "Fen", "Glen", "Hart", "Ivel", "Kings", "Lang", "Marl",
          "Nor", "Oak", "Pen", "Quarn", "Red", "Sand", "Thorn", "Up", "Wex", "Yarn", "Brid", "Cold", "East"]
_TAILS = ["bury", "field", "ford", "ham", "leigh", "mouth", "stead", "wick", "worth", "dale", "mere",
          "combe", "hurst", "ton", "by"]

# (id suffix, name pattern, kind, replaced_by suffix or None)
_LOCAL_AGENCIES = [
    ("police", "{P} Constabulary", "police", None),
    ("council", "{P} Council", "local-authority", None),
    ("county-council", "{P} County Council", "local-authority", "council"),
    ("district-council", "{P} District Council", "local-authority", "council"),
    ("nhs-ft", "{P} NHS Foundation Trust", "health", None),
    ("partnership-nhs-ft", "{P} Partnership NHS Foundation Trust", "health", "nhs-ft"),
    ("icb", "NHS {P} Integrated Care Board", "health", None),
    ("ccg", "NHS {P} Clinical Commissioning Group", "health", "icb"),
    ("csp-agency", "{P} Community Safety Partnership", "partnership", None),
    ("domestic-abuse-service", "{P} Domestic Abuse Service", "voluntary", None),
    ("homes", "{P} Homes", "housing", None),
    ("childrens-services", "{P} Children’s Services", "local-authority", None),
    ("adult-social-care", "{P} Adult Social Care", "local-authority", None),
    ("safeguarding-adults-board", "{P} Safeguarding Adults Board", "partnership", None),
    ("womens-aid", "{P} Women’s Aid", "voluntary", None),
]
assert len(_LOCAL_AGENCIES) == AGENCIES_PER_PARTNERSHIP

_NATIONAL_AGENCIES = [
    ("home-office", "Home Office", "national-government", None, None),
    ("nhs-england", "NHS England", "health", None, None),
    ("probation-service", "The Probation Service", "probation", "HMPPS", None),
    ("national-probation-service", "National Probation Service", "probation", "NPS", "probation-service"),
    ("regional-crc", "Regional Community Rehabilitation Company", "probation", "CRC", "probation-service"),
    ("dhsc", "Department of Health and Social Care", "national-government", "DHSC", None),
    ("crown-prosecution-service", "Crown Prosecution Service", "criminal-justice", "CPS", None),
    ("dwp", "Department for Work and Pensions", "national-government", "DWP", None),
    ("department-for-education", "Department for Education", "education", "DfE", None),
    ("ministry-of-justice", "Ministry of Justice", "national-government", "MoJ", None),
    ("hmcts", "HM Courts & Tribunals Service", "national-government", "HMCTS", None),
    ("acpo", "Association of Chief Police Officers", "police", "ACPO", "npcc"),
    ("npcc", "National Police Chiefs’ Council", "police", "NPCC", None),
    ("college-of-policing", "College of Policing", "police", None, None),
    ("care-quality-commission", "Care Quality Commission", "health", "CQC", None),
    ("public-health-england", "Public Health England", "health", "PHE", "ukhsa"),
    ("ukhsa", "UK Health Security Agency", "health", "UKHSA", None),
    ("victim-support", "Victim Support", "voluntary", None, None),
    ("safelives", "SafeLives", "voluntary", None, None),
    ("respect", "Respect", "voluntary", None, None),
    ("standing-together", "Standing Together Against Domestic Abuse", "voluntary", None, None),
    ("local-government-association", "Local Government Association", "other", "LGA", None),
    ("adass", "Association of Directors of Adult Social Services", "other", "ADASS", None),
    ("ofsted", "Ofsted", "education", None, None),
    ("domestic-abuse-commissioner", "Domestic Abuse Commissioner’s Office", "national-government", None, None),
]
_KINDS = {"police", "health", "local-authority", "probation", "housing", "voluntary", "education",
          "national-government", "partnership", "other"}

TOPICS = [
    ("risk-assessment", "Risk assessment", "How agencies identify and assess the risk of serious harm (DASH, DARA)."),
    ("information-sharing", "Information sharing", "Agencies telling each other what they know, in time for it to matter."),
    ("mental-health", "Mental health", "Support for people with mental ill health, and how services respond to it."),
    ("substance-misuse", "Drugs and alcohol", "How services respond when substance use is part of the picture."),
    ("training", "Training", "What staff are taught about domestic abuse, and how that is checked."),
    ("multi-agency-working", "Working together", "How agencies plan and act together, including MARAC and MAPPA."),
    ("safeguarding-adults", "Safeguarding adults", "Protecting adults at risk of abuse or neglect."),
    ("safeguarding-children", "Safeguarding children", "Protecting children who live with domestic abuse."),
    ("domestic-abuse-awareness", "Awareness of domestic abuse", "Helping people recognise abuse and know where to go."),
    ("housing", "Housing", "Housing services, homelessness and safe accommodation."),
    ("policies-and-procedures", "Policies and procedures", "The written rules agencies follow, kept up to date."),
    ("record-keeping", "Record keeping", "Writing down what was seen, said and decided, so that others can act on it."),
    ("coercive-control", "Coercive control", "Patterns of controlling behaviour, which are a crime."),
    ("family-and-friends", "Family and friends", "What family, friends and neighbours know, and how they can get help."),
    ("routine-enquiry", "Asking about abuse", "Professionals routinely and safely asking whether someone is being abused."),
    ("perpetrators", "People who cause harm", "How agencies respond to the people who abuse."),
    ("carers", "Carers", "People caring for a partner or relative, and the strain that can bring."),
    ("primary-care", "GP practices and primary care", "The first health services most people see."),
    ("criminal-justice", "Courts and criminal justice", "Police investigation, prosecution, courts and bail."),
    ("older-people", "Older people", "Abuse of and by older people, which is often missed."),
    ("professional-curiosity", "Professional curiosity", "Looking beyond what is first said or seen."),
    ("governance", "Governance", "How boards oversee learning and check that actions are done."),
    ("suicide", "Suicide after abuse", "Deaths by suicide where domestic abuse was part of the person’s life."),
    ("economic-abuse", "Economic abuse", "Control of money, work and housing as a form of abuse."),
    ("stalking", "Stalking and harassment", "Fixated and repeated behaviour, and how it is recognised."),
    ("young-people", "Teenagers and young adults", "Abuse in young people’s relationships."),
    ("disability", "Disabled victims", "Barriers disabled people face in getting help."),
    ("culture-and-faith", "Culture, faith and language", "Reaching communities in the language and places they use."),
    ("workplace", "Employers and workplaces", "What employers can notice and do."),
    ("honour-based-abuse", "So-called honour-based abuse", "Abuse justified by family or community ‘honour’."),
]

GLOSSARY = [
    ("DASH", "Domestic Abuse, Stalking and Harassment", "A checklist used to assess the risk a victim faces."),
    ("MARAC", "Multi-Agency Risk Assessment Conference", "A meeting where agencies agree a safety plan for each victim at highest risk."),
    ("IDVA", "Independent Domestic Violence Advisor", "A specialist who supports victims at high risk."),
    ("MAPPA", "Multi-Agency Public Protection Arrangements", "How agencies manage people who pose a serious risk."),
    ("MASH", "Multi-Agency Safeguarding Hub", "A team where agencies share information about safeguarding concerns."),
    ("IMR", "Individual Management Review", "An agency’s own account of its contact, written for a review."),
    ("GP", "General Practitioner", "A family doctor."),
    ("CSP", "Community Safety Partnership", "The local partnership that commissions domestic homicide reviews."),
    ("DHR", "Domestic Homicide Review", "A review of a death after domestic abuse, to learn lessons."),
    ("SAR", "Safeguarding Adults Review", "A review after an adult at risk dies or is seriously harmed."),
    ("DARDR", "Domestic Abuse Related Death Review", "The new name for domestic homicide reviews."),
    ("CSPR", "Child Safeguarding Practice Review", "A review after a child dies or is seriously harmed."),
    ("A&E", "Accident and Emergency", "The emergency department of a hospital."),
    ("ICB", "Integrated Care Board", "The NHS body that plans health services for an area."),
    ("CCG", "Clinical Commissioning Group", "The NHS body that planned local services until 2022."),
    ("IRIS", "Identification and Referral to Improve Safety", "A training and support programme for GP practices."),
    ("DVPN", "Domestic Violence Protection Notice", "An emergency notice police can issue to protect a victim."),
    ("DVPO", "Domestic Violence Protection Order", "A court order following a notice, lasting up to 28 days."),
    ("Clare’s Law", "", "The Domestic Violence Disclosure Scheme, under which police can tell someone about a partner’s past."),
    ("Coercive control", "", "A pattern of controlling acts used to harm, punish or frighten."),
]

_PSEUDONYMS = (
    "Adaeze Agnieszka Ailsa Aled Alinta Amara Anouk Aoife Arwel Bethan Bogdan Bronwen Caitríona Carys Ceri Chioma "
    "Dafydd Danuta Delyth Dorota Efua Eira Elin Emeka Eszter Ffion Gethin Gráinne Gwenllian Idris Ifan Ilse "
    "Ioana Jarek Jolanta Kofi Leontyne Lowri Macsen Małgorzata Nnamdi Noémie Oisín Olamide Oskar Radek Renée "
    "Rhodri Rhiannon Saoirse Siân Siôn Sølvi Tadeusz Teodora Wojciech Yetunde Zbigniew Zoë Zuzanna Åsa Ørjan "
    "Bartosz Cormac Darragh Eilidh Fionnuala Grzegorz Hamza Ifeoma Joanna Kasia Laoise Mairéad Niamh Olwen "
    "Przemek Ruairí Seren Tomasz Ulrika Wiktor Xanthe Yusuf Zofia"
).split()
_LETTER_PEOPLE = [f"{w} {c}" for w in ("Adult", "Child", "Baby") for c in "ABCDEFGH"]
_ROLES_REFER = ["the victim", "the perpetrator", "the victim’s son", "the victim’s daughter", "the victim’s mother",
                "the victim’s father", "the perpetrator’s former partner", "a family friend", "a neighbour",
                "the victim’s sister", "the victim’s brother"]

_VERBS = ["Review", "Update", "Deliver", "Embed", "Audit", "Develop", "Refresh", "Publish", "Agree", "Introduce",
          "Strengthen", "Evaluate", "Monitor", "Extend", "Promote", "Commission", "Re-launch", "Test"]
_OBJECTS = [
    "the guidance on routine enquiry about domestic abuse", "training for front-line staff on coercive and controlling behaviour",
    "the referral pathway between primary care and specialist domestic abuse services",
    "the information-sharing agreement between partner agencies", "the DASH risk assessment checklist used by practitioners",
    "the MARAC operating protocol and its referral thresholds", "the policy on working with people who cause harm",
    "supervision arrangements for staff holding complex cases", "record-keeping standards in case management systems",
    "the multi-agency safeguarding hub’s triage process", "the escalation policy for disagreements between professionals",
    "the carers’ assessment so that it asks about abuse", "the housing allocation policy for people fleeing abuse",
    "the approach to missed appointments – “was not brought” rather than “did not attend”",
    "the pathway for older victims whose abuser is also their carer", "awareness campaigns for employers and workplaces",
    "the process for checking a partner’s history under Clare’s Law", "joint working between drug and alcohol services and mental health teams",
    "the use of interpreters, never family members, when asking about abuse", "the quality-assurance audit of IDVA case files",
    "the self-assessment of domestic abuse practice across the partnership", "the protocol for sharing information with GP practices",
    "the response to economic abuse, including control of benefits and debts", "the recording of stalking and harassment reports",
]
_QUALIFIERS = [
    "so that risk is identified earlier", "across all partner agencies", "including the voice of the family",
    "with a focus on older victims", "so that professional curiosity is encouraged", "by the end of the financial year",
    "and report progress to the board every quarter", "so that it reflects the Domestic Abuse Act 2021",
    "for staff in A&E and maternity services", "with people who have lived experience of abuse",
    "in the five most-requested community languages (العربية, اردو, বাংলা, polski, română)",
    "so that no referral is closed without contact", "and check its impact through a case-file audit",
    "with café-style drop-in sessions for the public", "and share the learning in a seven-minute briefing",
]
_REC_SUBJECTS = ["All partner agencies should", "The community safety partnership should", "Health commissioners should",
                 "The police should", "Adult social care should", "Housing providers should", "The safeguarding board should",
                 "GP practices should", "Children’s services should", "Probation should", "The council should",
                 "Specialist domestic abuse services should"]
_UPDATES = [
    "Training delivered to {n} staff in {month} {year}; a further {m} sessions are planned.",
    "The audit found {p}% of records met the standard, up from {q}% a year before.",
    "Policy approved by the board and published on the intranet; staff were told through the team brief.",
    "Awaiting sign-off from the safeguarding lead. The draft has been shared with partners for comment.",
    "No progress this quarter: the post that leads this work was vacant and has now been filled.",
    "A seven-minute briefing was circulated to all teams and discussed in supervision.",
    "Included in the {month} newsletter, with reminders in later editions – feedback has been positive.",
    "The pathway is live; {n} referrals were made in its first three months.",
    "A task-and-finish group met {m} times and agreed the revised wording.",
    "Funding of £{n},000 was agreed for a further year, so the post continues.",
    "The naïve assumption that the victim would disclose unprompted was challenged in the refreshed training.",
    "Progress was reported to the board in {month} {year}, which asked for evidence of impact.",
]
# A second clause with numbers: real updates are all different, and repeated text would let
# Markdown caches hit far more often than they do on real plans.
_UPDATE_TAILS = [" {n} staff have now completed it.", " {p}% of teams have confirmed they have read it.",
                 " The next check is due in {month} {year2}.", " {m} cases were sampled; {q} met every standard.",
                 " Discussed at the board on {day} {month}."]
_OUTCOMES = [
    "Evidenced through the {year} audit, which found the guidance is now followed in most cases.",
    "Now routine practice and checked through the annual self-assessment.",
    "The board accepted that this could not be done because the service was decommissioned; the learning was passed to its successor.",
    "Staff surveys show more confidence in asking about abuse ({p}% agreed, against {q}% before).",
    "Referrals to the specialist service rose by {p}% in the year after the change.",
]
_MILESTONES = ["Draft policy circulated for consultation", "Training package agreed", "Pilot in two teams completed",
               "Board sign-off", "Audit tool designed", "Staff briefing delivered", "Evaluation report received"]
_LEAD_ROLES = ["Head of safeguarding", "Named nurse for safeguarding adults", "Domestic abuse lead",
               "Detective inspector, public protection", "Service manager, housing options",
               "Designated doctor for safeguarding", "Partnership manager"]
_SUMMARY = [
    "The review looked at how agencies worked with a woman in her {age}s and her partner over {years} years.",
    "The review looked at how agencies responded to an older man who was cared for by his son.",
    "Both had long-standing mental health and substance misuse difficulties and many brief contacts with services.",
    "The review found that risk was managed inconsistently and that agencies too often worked in isolation.",
    "Family members said they had seen the abuse but did not know where to go for help.",
    "Its recommendations focus on risk assessment, information sharing and professional curiosity.",
    "The review heard from friends and colleagues as well as from agencies – their accounts are reflected throughout.",
    "Several agencies had information that, put together, would have shown a pattern of coercive control.",
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_TYPES = [("dhr", "Domestic Homicide Review", "DHR", 80), ("dardr", "Domestic Abuse Related Death Review", "DARDR", 8),
          ("sar", "Safeguarding Adults Review", "SAR", 8), ("cspr", "Child Safeguarding Practice Review", "CSPR", 4)]
_STATUSES = [("complete", 38), ("complete-ongoing", 10), ("in-progress", 25), ("not-started", 8),
             ("not-achieved", 4), (None, 15)]


# --- YAML writing ------------------------------------------------------------------------
def q(s: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML), Unicode kept as it is."""
    return json.dumps(s, ensure_ascii=False)


def block(text: str, indent: int, width: int = 92) -> str:
    """`>-` folded text wrapped as an officer's editor would, indented under its key."""
    pad = " " * indent
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(pad) + len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    lines.append(cur)
    return ">-\n" + "\n".join(pad + line for line in lines)


@dataclass
class Stats:
    reviews: int = 0
    recommendations: int = 0
    actions: int = 0
    updates: int = 0
    agencies: int = 0
    topics: int = len(TOPICS)
    partnerships: int = 0
    files: int = 0
    bytes: int = 0
    extra: dict = field(default_factory=dict)


def _date(d: dt.date, rng: random.Random) -> str:
    """Full date, month or year, as officers write them (mostly full dates)."""
    r = rng.random()
    if r < 0.7:
        return d.isoformat()
    if r < 0.95:
        return d.strftime("%Y-%m")
    return str(d.year)


def _between(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    if b <= a:
        return a
    return a + dt.timedelta(days=rng.randrange((b - a).days + 1))


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_QUALIFIERS)}."


def _fill(template: str, rng: random.Random, year: int) -> str:
    return template.format(n=rng.randrange(8, 400), m=rng.randrange(2, 12), p=rng.randrange(40, 99),
                           q=rng.randrange(10, 60), month=rng.choice(_MONTHS), year=year,
                           age=rng.choice([20, 30, 40, 50, 60, 70]), years=rng.randrange(2, 15),
                           year2=year + 1, day=rng.randrange(1, 29))


def _places(n: int) -> list[str]:
    out = []
    for i in range(n):
        head, tail = _HEADS[i % len(_HEADS)], _TAILS[(i // len(_HEADS) + i * 7) % len(_TAILS)]
        name = head + tail
        out.append(name if name not in out else f"{name} Vale")
    return out


def _slug(s: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in s.lower()).split())


def write_corpus(n: int, out: Path, seed: int = 20261121) -> Stats:
    """Write the whole content folder for `n` reviews into `out` (replaced if present)."""
    rng = random.Random(f"{seed}-{n}")
    if out.exists():
        shutil.rmtree(out)
    (out / "reviews").mkdir(parents=True)
    stats = Stats()
    n_part = max(2, round(n / REVIEWS_PER_PARTNERSHIP))
    places = _places(n_part)
    partnerships = [(f"{_slug(p)}-csp", f"{p} Community Safety Partnership", p) for p in places]
    stats.partnerships = n_part

    def emit(name: str, text: str) -> None:
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        stats.files += 1
        stats.bytes += len(data)

    # site.yaml
    site = ["# Synthetic benchmark site (bench/corpus.py): every name is made up.",
            "title: Domestic homicide review action plans (benchmark)",
            "publisher: The benchmark partnerships",
            "description: >-\n  A synthetic site used to measure build speed. Nothing here describes a real review.",
            "base_url: https://bench.example.org", "language: en-GB", f"as_of: {AS_OF.isoformat()}",
            "stale_after_months: 6", "partnerships:"]
    for pid, pname, _ in partnerships:
        site += [f"  - id: {pid}", f"    name: {q(pname)}", "    url: https://example.org"]
    site += ["publish_pseudonyms: false", "support:",
             "  - name: National Domestic Abuse Helpline", "    phone: 0808 2000 247",
             "    url: https://www.nationaldahelpline.org.uk", "    hours: free, 24 hours a day",
             "exit_page_url: https://www.bbc.co.uk/weather", "theme: default",
             "accessibility:", "  contact: https://example.org/contact"]
    emit("site.yaml", "\n".join(site) + "\n")

    # agencies.yaml: local bodies per partnership (some renamed), then national bodies
    agencies: list[tuple[str, str, str, str | None, str | None]] = []
    local_ids: dict[str, list[str]] = {}
    for pid, _, place in partnerships:
        ps = _slug(place)
        ids = []
        for suffix, pattern, kind, rb in _LOCAL_AGENCIES:
            aid = f"{ps}-{suffix}"
            agencies.append((aid, pattern.format(P=place), kind, None, f"{ps}-{rb}" if rb else None))
            ids.append(aid)
        local_ids[pid] = ids
    for aid, name, kind, short, rb in _NATIONAL_AGENCIES:
        agencies.append((aid, name, kind if kind in _KINDS else "other", short, rb))
    national_ids = [a[0] for a in _NATIONAL_AGENCIES]
    ag = ["# Synthetic agencies: renamed bodies keep their entry with replaced_by.", ""]
    for aid, name, kind, short, rb in agencies:
        ag += [f"- id: {aid}", f"  name: {q(name)}"]
        if short:
            ag.append(f"  short_name: {q(short)}")
        ag.append(f"  kind: {kind}")
        if rb:
            ag.append(f"  replaced_by: {rb}")
        ag.append("")
    emit("agencies.yaml", "\n".join(ag))
    stats.agencies = len(agencies)

    emit("topics.yaml", "".join(f"- id: {tid}\n  name: {q(name)}\n  description: {q(desc)}\n"
                                for tid, name, desc in TOPICS))
    gl = []
    for term, stands, meaning in GLOSSARY:
        gl += [f"- term: {q(term)}"] + ([f"  stands_for: {q(stands)}"] if stands else []) + \
              [f"  meaning: {q(meaning)}", ""]
    emit("glossary.yaml", "\n".join(gl))
    emit("redaction.yaml", "names: []\npatterns: [email, phone, postcode, nhs-number, ni-number, file-name, "
                           "case-reference]\nallow:\n  - text: Clare’s Law\n    reason: the disclosure scheme\n")

    topic_ids = [t[0] for t in TOPICS]
    topic_weights = [1.0 / (1 + i * 0.15) for i in range(len(topic_ids))]   # some topics recur far more
    statuses, status_w = zip(*_STATUSES)
    counters: dict[str, int] = {}
    for i in range(n):
        pid, _, place = partnerships[i % n_part]
        tname, tlong, tshort, _ = rng.choices(_TYPES, weights=[t[3] for t in _TYPES])[0]
        counters[pid] = counters.get(pid, 0) + 1
        number = f"{counters[pid]:03d}"
        rid = f"{_slug(place)}-{tname}-{number}"
        published = _between(rng, dt.date(2014, 1, 1), dt.date(2025, 12, 31))
        updated = _between(rng, published + dt.timedelta(days=90), AS_OF)
        text = _review(rng, rid, pid, tname, tlong, tshort, number, published, updated, local_ids[pid],
                       national_ids, topic_ids, topic_weights, statuses, status_w, stats)
        emit(f"reviews/{rid}.yaml", text)
        stats.reviews += 1
    return stats


def _review(rng, rid, pid, tname, tlong, tshort, number, published, updated, local, national, topic_ids,
            topic_weights, statuses, status_w, stats: Stats) -> str:
    y = [f"id: {rid}", f"type: {tname}", f"title: {q(f'{tlong} {number}')}", f"partnership: {pid}",
         f"reference: {q(f'{tshort} {number}')}", f"published: {_date(published, rng)}",
         f"updated: {updated.isoformat()}"]
    if rng.random() < 0.6:
        y.append(f"report_url: https://example.org/reviews/{rid}-executive-summary.pdf")
    summary = " ".join(_fill(s, rng, published.year) for s in rng.sample(_SUMMARY, rng.randrange(3, 6)))
    y.append("summary: " + block(summary, 2))
    review_topics = sorted(set(rng.choices(topic_ids, weights=topic_weights, k=rng.randrange(3, 9))),
                           key=topic_ids.index)
    y.append("topics: [" + ", ".join(review_topics) + "]")
    y.append("people:")
    people = rng.sample(_PSEUDONYMS, rng.randrange(2, 5)) + rng.sample(_LETTER_PEOPLE, rng.randrange(0, 3))
    for name, role in zip(people, rng.sample(_ROLES_REFER, len(people))):
        y += [f"  - name: {q(name)}", f"    refer_to_as: {q(role)}"]
    y.append("")
    y.append("recommendations:")
    leads = local * 3 + national       # local bodies lead most actions
    for r in range(1, rng.randrange(8, 23) + 1):           # mean 15
        stats.recommendations += 1
        first = _sentence(rng)
        rec_text = f"{rng.choice(_REC_SUBJECTS)} {first[0].lower()}{first[1:]}"
        if rng.random() < 0.4:
            rec_text += " " + _sentence(rng)
        if rng.random() < 0.1:
            rec_text += " See **the executive summary**, section 9."
        y += [f'  - id: "{r}"', "    text: " + block(rec_text, 6),
              f"    scope: {rng.choices(['local', 'regional', 'national'], weights=[8, 1, 1])[0]}",
              f"    source: {rng.choice(['panel', 'agency'])}",
              "    topics: [" + ", ".join(sorted(set(rng.choices(topic_ids, weights=topic_weights,
                                                               k=rng.randrange(1, 4))), key=topic_ids.index)) + "]",
              "    actions:"]
        for _ in range(rng.choices([1, 2, 3, 4, 5], weights=[15, 20, 30, 20, 15])[0]):   # mean 3
            stats.actions += 1
            y += _action(rng, leads, published, updated, statuses, status_w, stats)
        y.append("")
    return "\n".join(y) + "\n"


def _action(rng, leads, published, updated, statuses, status_w, stats: Stats) -> list[str]:
    a = ["      - action: " + block(" ".join(_sentence(rng) for _ in range(rng.randrange(1, 3))), 10)]
    lead = rng.choice(leads)
    a.append(f"        lead: {lead}")
    supporting = sorted(set(rng.sample(leads, rng.choices([0, 1, 2, 3], weights=[40, 30, 20, 10])[0])) - {lead})
    if supporting:
        a.append("        supporting: [" + ", ".join(supporting) + "]")
    if rng.random() < 0.3:
        a.append(f"        lead_role: {q(rng.choice(_LEAD_ROLES))}")
    due = _between(rng, published + dt.timedelta(days=60), published + dt.timedelta(days=900))
    if rng.random() < 0.3:
        a.append("        milestones:")
        for text in rng.sample(_MILESTONES, rng.randrange(1, 3)):
            m_due = _between(rng, published, due)
            a += [f"          - text: {q(text)}", f"            due: {m_due.strftime('%Y-%m')}"]
            if m_due < updated and rng.random() < 0.6:
                a.append(f"            done: {_between(rng, m_due, updated).isoformat()}")
    a.append(f"        due: {_date(due, rng) if rng.random() > 0.03 else rng.choice(['ongoing', 'tbc'])}")
    status = rng.choices(statuses, weights=status_w)[0]
    if status is not None:
        a.append(f"        status: {status}")
    if status in ("complete", "complete-ongoing", "not-achieved"):
        a.append(f"        completed: {_date(_between(rng, published, updated), rng)}")
    if status == "not-achieved" or (status and status.startswith("complete") and rng.random() < 0.6):
        a.append("        outcome: " + block(_fill(rng.choice(_OUTCOMES), rng, updated.year), 10))
    if rng.random() < 0.2:
        a += ["        evidence:", f"          - title: {q(f'Audit report {updated.year}')}",
              f"            url: https://example.org/evidence/{rng.randrange(10**6):06d}.pdf"]
    n_updates = rng.choices([0, 1, 2, 3, 4], weights=[20, 30, 25, 15, 10])[0] if status is not None else 0
    if n_updates:
        a.append("        updates:")
        dates = sorted(_between(rng, published, updated) for _ in range(n_updates))
        for d in dates:
            stats.updates += 1
            a += [f"          - date: {d.isoformat()}",
                  "            text: " + block(_fill(rng.choice(_UPDATES) + rng.choice(_UPDATE_TAILS), rng, d.year), 14)]
    return a


def edit_one_review(content: Path, n: int = 1) -> Path:
    """The edit an officer makes between two serve-mode rebuilds: a sentence added to the
    summary of the first review (visible on its page). `n` makes each edit different."""
    path = sorted((content / "reviews").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    marker = "summary: >-\n  "
    if marker not in text:
        raise ValueError(f"{path}: no summary to edit")
    text = text.replace(marker, f"{marker}This summary was edited ({n}) by the benchmark. ", 1)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reviews", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=20261121)
    args = p.parse_args(argv)
    s = write_corpus(args.reviews, args.out, args.seed)
    print(f"{args.out}: {s.reviews} reviews, {s.recommendations} recommendations, {s.actions} actions, "
          f"{s.updates} updates, {s.agencies} agencies, {s.topics} topics, {s.partnerships} partnerships; "
          f"{s.files} files, {s.bytes / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
