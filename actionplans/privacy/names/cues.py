"""The words and patterns around a mention that tell a person from a thing: verbs people do,
labels reviews give, titles, what an institution or a programme is called."""

from __future__ import annotations

import re

from .lists import _lines, _words_file

NAME_HINT = (
    "declare it in people/names with refer_to_as, reword it, "
    "or add it to allow in redaction.yaml with a reason"
)


# =========================================================================== detection

# Look-alikes that are not people, whatever the caller passes.
# Laws, charities, programmes and record systems that look like names (data/words/known-terms.txt)
_BUILTIN_KNOWN = tuple(line.strip() for line in _lines("known-terms.txt"))

_TO_VERBS = (
    "discuss|liaise|speak|contact|chase|follow|confirm|check|send|e-?mail|share|update|arrange|"
    "meet|ask|look|raise|circulate|feed|provide|review|write|draft|attend|agree|action|link|"
    "pick|take|forward|escalate|call|phone|ring|visit|complete|present|lead|report|investigate|"
    "consider|explore|establish|find|obtain|identify|progress|seek|source|prepare|organise|"
    "organize|book|set|bring|produce|amend|sign|approve|invite|inform|advise|cascade|collate|"
    "pull|put|pass|let|add|make|get|do|go|see|discuss|remove|brief|deliver|run|ensure|give|hold|request|"
    "change|test|train|audit|monitor|plan|schedule|support|map|note|chair|keep|finalise|finalize|remind|"
    "return|develop|build|clarify|respond|reply|compile|analyse|analyze|scope|log|record|upload|refer|"
    "convene|facilitate|co-?ordinate|cover|help|query|close|summarise|summarize|draw|collect|re-?send|"
    "re-?audit|re-?circulate|recirculate|ensure|resubmit|submit|chase|delete|redraft|re-?draft|finalise|diarise|"
    "diarize|re-?sample|sample|cascade|pick[ \\t]+up"
)
_PAST_VERBS = (
    "said|says|agreed|agrees|confirmed|confirms|advised|advises|reported|reports|stated|states|"
    "explained|noted|notes|emailed|e-mailed|called|phoned|rang|spoke|speaks|met|asked|asks|"
    "requested|informed|raised|sent|sends|shared|chased|attended|visited|completed|presented|"
    "suggested|proposed|mentioned|recommended|wrote|writes|replied|responded|discussed|liaised|"
    "contacted|arranged|updated|reviewed|approved|signed|actioned|escalated|highlighted|"
    "feels|felt|thinks|thought|believes|wants|explained|delivered|led|chaired|to\\s+lead"
)
_INITIALS_VERB_RE = re.compile(rf"[ \t]+(?:to[ \t]+(?:{_TO_VERBS})|(?:{_PAST_VERBS}))\b")
# present-tense verbs a person does in minutes: "AM confirms", "BA has drafted"
_INITIALS_ACTS_RE = re.compile(r"[ \t]+(?:confirms|reports|advises|agrees|suggests|notes|states|explains|asks|"
                               r"recommends|proposes|presents|requests|queries|clarifies|leads|chairs|"
                               r"has[ \t]+(?:drafted|agreed|confirmed|sent|shared|written|delivered|spoken|signed|"
                               r"contacted|chased|completed|offered|asked|been[ \t]+asked))\b")
_INITIALS_WEAK_VERB_RE = re.compile(r"[ \t]+(?:will|has|had|is|was|would|can|could|should|needs?|and|&|/)\b")
_INITIALS_DASH_RE = re.compile(r"[ \t]*(?:[\u2013\u2014]|-{1,2}|:)[ \t]")
_INITIALS_BEFORE_RE = re.compile(
    r"(?:\b(?:agreed|agree|discussed|discuss|spoke|spoken|speak|speaking|met|meeting|liaised|liaising|"
    r"liaise|checked|check|confirmed|emailed|e-mailed|email|called|phoned|rang|contacted|contact|"
    r"shared|raised|escalated|sent|forwarded|passed|chased|according|thanks|thank|asked|informed|"
    r"advised|updated|chaired|led|completed|signed\s+off|signed|provided|sent\s+to|delegated|allocated|"
    r"assigned)(?:[ \t]+(?:with|to|by|from|on|for))?|\bcc|\bper|\bFAO|\bfao|\battn|\bc/o|"
    r"\b(?:actions?|tasks?)[ \t]+(?:for|from)|\b(?:owner|action[ \t]+owner|lead|contact|by)[ \t]*:|"
    r"\b(?:present|attendees|attending|apologies|in[ \t]+attendance)[ \t]*:)[:. \t]+$",
    re.IGNORECASE,
)
_ACRONYM_NOUN_SET = _words_file("acronym-nouns")
_ARTICLES = "the|a|an|our|their|this|that|its|each|every|any|all|whose|which"
_CONTACT_AFTER_RE = re.compile(r"[ \u00a0]+(?:on|at|via)[ \u00a0]+(?:\+?\d[\d ()-]{6,}\d|[\w.+-]+@[\w-]+\.)")
_OPEN_QUOTES = ("'", "\u2018", '"', "\u201c")
_CLOSE_QUOTES = ("'", "\u2019", '"', "\u201d")
# Words reviews put before a letter or a number to name somebody: "Adult A", "Mother B", "Child 2"
_PERSON_LABELS = frozenset(
    "child baby adult person subject sibling victim perpetrator infant young mother father son daughter brother "
    "sister friend neighbour partner colleague relative cousin aunt uncle grandmother grandfather stepfather "
    "stepmother parent carer patient resident client tenant man woman boy girl male female witness suspect "
    "offender twin member "
    # the same in Welsh, as bilingual plans write them: "Plentyn A", "Oedolyn B"
    "plentyn oedolyn mam tad brawd chwaer mab merch".split())
_ACTS_AFTER_RE = re.compile(
    r"[ \u00a0]+\(\d{1,3}\)|[ \u00a0]+was[ \u00a0]+\d{1,3}\b|[ \u00a0]+(?:said|says|told|tells|reported|reports|lived|lives|died|attended|attends|called|rang|phoned|saw|"
    r"met|moved|disclosed|discloses|described|describes|returned|married|worked|works|spoke|visited|stayed|"
    r"recommends|recommended|proposes|proposed|chaired|chairs|presented|presents|"
    r"contacted|received|became|was[ \u00a0]+(?:seen|killed|found|admitted|referred|assessed|living|known|pregnant|"
    r"chair|chairing|minuting|absent|away|off[ \u00a0]+sick|on[ \u00a0]+leave)|"
    r"had[ \u00a0]+(?:been|told|said|a|an|no)|raised[ \u00a0]+(?:that|concerns?|whether|the)|asked[ \u00a0]+(?:for|that|whether|if|about)|"
    r"is[ \u00a0]+(?:checking|chasing|following|looking|liaising|arranging|leading|on[ \u00a0]+leave|off)|"
    r"to[ \u00a0]+(?:arrange|write|share|report|chase|confirm|send|check|contact|liaise|email|e-mail|speak|"
    r"meet|circulate|draft|invite|feed[ \u00a0]+back|follow[ \u00a0]+up|update[ \u00a0]+the|add|book|brief|"
    r"present|lead|review|collate|escalate|provide|pick[ \u00a0]+up)|"
    r"has[ \u00a0]+(?:set[ \u00a0]+up|sent|agreed|confirmed|drafted|shared|written|spoken|asked|offered|booked|"
    r"delivered|presented|emailed|e-mailed|chased|updated|completed|left|joined|retired|signed))\b"
    # somebody from somewhere, or with their part in a meeting: "Grace from Oasis", "Faith (minutes)"
    r"|[ \u00a0]+from[ \u00a0]+(?:the[ \u00a0]+)?[A-Z]"
    r"|[ \u00a0]+\((?:chair|minutes|minute[ -]taker|notes|note[ -]taker|secretary|author)\)")
_PERSON_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:(?:line|team|case|named|new|former|old|own)[ \u00a0]+)?(?:deputy|manager|team|colleague|colleagues|"
    r"mother|father|mum|dad|sister|brother|partner|husband|wife|son|daughter|children|child|baby|family|friend|"
    r"friends|aunt|uncle|grandmother|grandfather|niece|nephew|cousin|neighbour|carer|gp|post|role|email|e-mail|"
    r"office|caseload|supervisor|worker|advocate|absence|leave|view|views|death|home|flat|house|car)\b", re.IGNORECASE)
_PROGRAMME_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:review|report|pathway|session|sessions|training|model|protocol|audit|tool|toolkit|pack|"
    r"approach|framework|visits|checklist|method|briefing|workshop|template|seminar|lecture|"
    r"memorial)\b(?![ \u00a0]*\d)", re.IGNORECASE)
_PLACE_BEFORE = frozenset("in at for from of into near across around within outside between via and or the a an "
                          "to towards through".split())
# where a name typed in lower case stands on its own: "copied in by morag", "emailed tanisha", "thanks, jo"
_LOWER_NAME_BEFORE = frozenset("by cc emailed e-mailed asked thanks thank told ask contact contacted phoned called rang "
                               "chased per fao attn from with to".split())
_LOWER_NAME_ALONE_RE = re.compile(r"[ \t]*(?::|\(|,[ \t]*\(|\r?\n|$)")
# After a word in no list, what only a person does: a thing can be "delivered", "agreed", "sent" or
# "completed" ("Input delivered", "Protocol agreed"), but it does not say, ask or ring
_UNKNOWN_ACTS_RE = re.compile(
    r"[ \u00a0]+\(\d{1,3}\)|[ \u00a0]+was[ \u00a0]+\d{1,3}\b|[ \u00a0]+(?:said|says|told|tells|asked|asks|confirmed|"
    r"confirms|explained|explains|advised|advises|thinks|thought|feels|felt|believes|wants|wanted|rang|phoned|"
    r"e-?mailed|spoke|speaks|met|chaired|suggests|suggested|replied|responded|disclosed|discloses|described|lived|"
    r"lives|died|married|agrees|reports|states|recommends|recommended|proposes|proposed|presents|presented|"
    r"chairs|requested|queried|starts|started|joins|joined|leaves|has[ \u00a0]+briefed|has[ \u00a0]+met|"
    r"was[ \u00a0]+(?:chair|chairing|minuting|absent|away|off[ \u00a0]+sick|on[ \u00a0]+leave)|"
    r"will[ \u00a0]+(?:chase|contact|confirm|send|arrange|attend|speak|"
    r"liaise|check|circulate|update|share|email|e-mail|ring|phone|call|ask|discuss|follow|feed|bring|provide|"
    r"lead|chair|present|meet))\b"
    r"|[ \u00a0]+to[ \u00a0]+(?:" + _TO_VERBS + r")\b"
    r"|[ \u00a0]+(?:is[ \u00a0]+)?(?:chasing|checking|liaising|arranging|drafting|contacting|covering|following[ \u00a0]+up|"
    r"awaiting|emailing|e-mailing|booking|collating|organising|organizing|moving[ \u00a0]+to|leaving[ \u00a0]+(?:the|in|at|on))\b"
    r"|[ \u00a0]+is[ \u00a0]+(?:on[ \u00a0]+leave|off[ \u00a0]+sick|leading)\b"
    r"|[ \u00a0]+has[ \u00a0]+(?:drafted|agreed|confirmed|sent|shared|written|spoken|contacted|chased|offered|asked|"
    r"been[ \u00a0]+asked|said|told|explained|signed)\b")
# a body's short name or a note in brackets after a given name: "Olumide (SWA)", "Abimbola (interim)",
# "Delroy (IT, Neath Port Talbot Hospital) says"
_ORG_BRACKET_AFTER_RE = re.compile(r"[ \u00a0]+\((?:[A-Z][A-Za-z&]{1,7}|interim|acting|locum|maternity[ \u00a0]+cover|"
                                   r"[A-Z]{2,6},[^()\n]{2,40})\)")

# Just before a person: greeted, thanked, spoken or written to ("Hi Bev,", "spoke to Jas", "Regards,\nKemi"),
# or named as somebody's relative
_PERSON_BEFORE = tuple(
    "hi|hello|dear|thanks|thank you|many thanks|regards|kind regards|best wishes|cheers|spoke to|speak to|"
    "shared by|sent by|held by|drafted by|written by|chaired by|told by|raised by|picked up by|covered by|"
    "pick up with|picking up with|check with|checking with|checked with|speak with|spoke with|spoken with|"
    "spoken to|speaking to|talked to|emailed|e-mailed|phoned|rang|asked|told|chased|cc|cc'd|copied to|copied in|"
    "fao|attn|met with|meeting with|liaised with|liaising with|discussed with|agreed with|according to|passed to|"
    "forwarded to|allocated to|assigned to|delegated to|thanks to|"

    # a relative or someone close, named after the word: "her brother Kyle", "Adult A's partner Lee"
    "mother|father|mum|dad|brother|sister|son|daughter|partner|ex-partner|husband|wife|boyfriend|"
    "girlfriend|aunt|uncle|cousin|niece|nephew|grandmother|grandfather|grandson|granddaughter|stepfather|"
    "stepmother|stepson|stepdaughter|friend|neighbour".split("|"))


# Who a message came from, as its heading: "Note from Amaka:", "Reply from Ioana:" (the colon
# tells a person from a body: "No reply from Gwent;")
_FROM_HEADING_BEFORE_RE = re.compile(r"(?i:note|notes|message|reply|response|e-?mail|feedback|comments?|update)"
                                     r"[ \u00a0]+from[ \u00a0]+$")


def _person_before(text: str, start: int) -> bool:
    """One of _PERSON_BEFORE ends just before ``start`` (a comma, colon or line break between)."""
    window = text[max(0, start - 24):start].rstrip(" \t\r\n,:\u00a0").lower()
    if not window.endswith(_PERSON_BEFORE):     # one C-level test: most words have none before them
        return False
    for cue in _PERSON_BEFORE:
        if window.endswith(cue) and (len(window) == len(cue) or not (window[-len(cue) - 1].isalnum()
                                                                     or window[-len(cue) - 1] == "-")):
            return True
    return False


# A role a name follows in brackets: "named nurse (Precious)", "the IDVA (Shireen)"
_ROLE_BEFORE_RE = re.compile(
    r"(?:nurse|manager|worker|officer|lead|chair|co-?ordinator|advis[eo]r|consultant|sergeant|inspector|"
    r"practitioner|midwife|visitor|head|director|coordinator|caseworker|navigator|advocate|educator|trainer|"
    r"therapist|psychologist|clinician|matron|champion|liaison|IDVA|ISVA|IDSVA|GP|SW|DS|DI|DC|PC)"
    # and up to three words naming the team or the body: "Named Nurse Adults, ELFT (Tendai)"
    r"(?:[ \t]*,?[ \t]+(?-i:[A-Z])[\w&'\u2019-]*){0,3}[ \t]*$", re.IGNORECASE)
# How a review defines the name it uses: "known as 'P' in this report", "referred to as C",
# "called 'Hope'" (a quote is needed after called or named: "she called Police" defines nothing)
_DEFINES_NAME_RE = re.compile(
    r"\b(?:known|referred[ \u00a0]+to|identified|described)(?:[ \u00a0]+(?:here(?:in|after)?|in[ \u00a0]+this[ \u00a0]+"
    r"(?:report|review|summary|plan)))?[ \u00a0]+as[ \u00a0]+['\"\u2018\u201c]?(?P<name>[A-Z](?:[a-z'\u2019-]+)?)\b(?!['\u2019]s)"
    r"|\b(?:called|named)[ \u00a0]+['\"\u2018\u201c](?P<quoted>[A-Z](?:[a-z'\u2019-]+)?)['\"\u2019\u201d]")
_NEXT_CAPITAL_RE = re.compile(r"['\"\u2019\u201d]?[ \u00a0]+(?:[A-Z][a-z]|and[ \u00a0]+[A-Z]|&)")
_AGENT_ENDINGS = ("ors", "ers", "ists", "ians", "ants", "ents", "ees")
_LABEL_NUMBER_RE = re.compile(r"[ \u00a0]+(\d{1,2})(?![\d/.:%\w]|\.\d)")
# "DapR", "McK", "VdM", "DeS": initials with a particle (a capital at each end, 1–3 lower-case between)
_MIXED_INITIALS_RE = re.compile(r"[A-Z][a-z]{1,3}[A-Z]{1,2}|[A-Z][a-z][A-Z][a-z]?|[A-Z]{2}[a-z]{1,2}[A-Z]"
                                # Welsh letters of two characters: "SLl" (S. Lloyd), "RhW", "EMLl"
                                r"|(?=[A-Z]*(?:Ll|Rh|Dd|Ch|Th|Ff))(?:[A-Z](?![a-z])|Ll|Rh|Dd|Ch|Th|Ff){2,3}"
                                # two capitals and the start of a surname: "AMc", "RPe" (not a plural: "GPs")
                                r"|[A-Z]{2}[a-rt-z]")
_LOWER_WORD_RE = re.compile(r"(?<![\w@.\-/])[a-z][a-z\u2010-]*[a-z](?![\w@/]|\.[a-z])")
_LOWER_GAP_RE = re.compile(r"[ \u00a0]+")

_SPACED_GAP_RE = re.compile(r"\.?[ \u00a0]|\.")     # between spaced initials: "A B", "J. T.", "J.T."
# ... or with a particle of a surname between: "N ap G", "S. ap R.", "N.ap.G", "M de V"
_PARTICLE_GAP_RE = re.compile(r"\.?[ \u00a0]?(?:ap|ab|ferch|de|da|di|du|van|von|le|la)\.?[ \u00a0]?")


_NAME_CELL_RE = re.compile(
    r"(?m)(?:^|\t)[ \u00a0]*(?P<cell>(?:[A-Z][\w.'\u2019-]*[ \u00a0]+){0,2}[A-Z][\w'\u2019-]*[ \u00a0]*)(?=\t|\r?$)"
)
_ARTICLE_SET = frozenset(_ARTICLES.split("|"))
_SERVICE_NOUN_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:helpline|line|service|services|project|scheme|programme|program|team|unit|"
    r"centre|center|model|tool|toolkit|pathway|app|website|clinic|ward|house|suite|hub|group|"
    r"network|forum|approach|framework|protocol|checklist|form|award|fund|law|act|principles)\b"
)
_NEXT_WORD_RE = re.compile(r"[ \t]+([a-z]+(?:-[a-z]+)?)")


# A greeting at the start of a message, then a word and a comma or the end of the line: "Morning
# Tuba,", "Hi Will," — whoever is greeted is a person, even one whose name is also a word
_GREETING_RE = re.compile(r"(?:^|[\n>:])[ \t>]*(?:hi|hiya|hello|dear|morning|good morning|afternoon|"
                          r"good afternoon|evening|good evening)[ \t]+$", re.IGNORECASE)


# Spoken to at the start of a message: "Rich can you confirm", "Sam, could you"
_ADDRESSED_RE = re.compile(r",?[ \t]+(?:can|could|would|will)[ \t]+(?:you|u)\b|,?[ \t]+(?:pls|please)[ \t]+[a-z]")
_MESSAGE_START_RE = re.compile(r"(?:^|[\n>:\]])[ \t>]*$")


def _greeted(text: str, start: int, end: int) -> bool:
    """Greeted ("Morning Tuba,"), or spoken to at the start of a message ("Rich can you ...")."""
    after = text[end:end + 2]
    if (after[:1] in (",", "\n", "!") or after == "") and _GREETING_RE.search(text, max(0, start - 24), start):
        return True
    return bool(_ADDRESSED_RE.match(text, end)) and bool(_MESSAGE_START_RE.search(text, max(0, start - 12), start))


# "(Sultana from Solace)": a person and where they work, in brackets
_FROM_BODY_RE = re.compile(r",?[ \u00a0]+(?:from|at|of)[ \u00a0]+[A-Z][^()\n]{0,40}\)")

# What is named after somebody whose name it then publishes (unlike a building or a body)
_PROGRAMME_WORDS = frozenset("award awards challenge fellowship fund lecture lectures medal memorial prize programme "
                             "program project report review scholarship scheme trophy appeal bursary".split())

# Words that make the month after them a time: "in May", "by June", "since April"
_WHEN_BEFORE = frozenset("in by since until till from during before after of early late mid end until "
                         "throughout this next last "
                         # Welsh: "ym mis Mai" (in the month of May), "erbyn Mai" (by), "ers" (since), "tan" (until)
                         "mis erbyn ers tan".split())
