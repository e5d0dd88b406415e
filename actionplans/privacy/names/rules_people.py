"""Detector rules over runs of capitalised words: titles, first names with surnames,
initials with surnames, words in no list."""

from __future__ import annotations

import re

from .cues import _ORG_BRACKET_AFTER_RE, _FROM_BODY_RE, _FROM_HEADING_BEFORE_RE, _WHEN_BEFORE, _greeted, _DEFINES_NAME_RE, _NEXT_CAPITAL_RE, _ROLE_BEFORE_RE, _UNKNOWN_ACTS_RE, _person_before, _ACTS_AFTER_RE, _AGENT_ENDINGS, _CLOSE_QUOTES, _CONTACT_AFTER_RE, _INITIALS_ACTS_RE, _INITIALS_VERB_RE, _LABEL_NUMBER_RE, _OPEN_QUOTES, _PERSON_AFTER_RE, _PERSON_LABELS, _PLACE_BEFORE, _SERVICE_NOUN_AFTER_RE
from .lists import _ACRONYMS, _FUNCTION_WORDS, _INSTITUTION_SUFFIX, _KEEP_AS_NAMES, _LABEL_WORDS, _ORDINARY, _RANKS, _TITLES, _TITLE_PREFIXES, _WEAK_TITLES, _name_words, _plain_word
from .tokens import _word_before
from .views import _MONTHS, _in_a_date

# after "Kemi A": what a person does, not what follows an article ("a confirmed case")
_A_THEN_VERB_RE = re.compile(r"[ \u00a0]+(?:chasing|checking|confirmed[ \u00a0]+(?:that|the|with|on|by)|"
                             r"said|says|reports|agreed|to[ \u00a0]+[a-z]+)\b")


class _PersonRules:
    """Rules the detector runs at each capitalised token (mixed into _Detector)."""

    def rule_title(self, i: int) -> int | None:
        toks = self.toks
        tok = toks[i]
        k = i
        if tok.base in _TITLE_PREFIXES and self.joined(i) and toks[i + 1].base in _TITLES:
            k = i + 1
        elif tok.base not in _TITLES:
            return None
        while self.joined(k) and toks[k + 1].base in _TITLES and toks[k + 1].base not in ("PC", "DC", "DS"):
            k += 1
        title = toks[k]
        names = self._collect(k)
        if not names:
            # "Mr Z", "Dr S": a title and one capital, a pseudonym or a surname's initial
            nxt = toks[k + 1] if self.joined(k) else None
            if (nxt is not None and nxt.shape == "initial" and title.base not in _WEAK_TITLES
                    and not (self.joined(k + 1) and toks[k + 2].shape in ("title", "upper"))):
                self.add(i, k + 1, "name:title", "error")
                return k + 2
            return None
        last = toks[names[-1]]
        if title.base in _WEAK_TITLES or title.shape == "upper":
            rank = title.base in _RANKS and not last.sent
            if not (self.surname_score(last) == 2 or self.first_tier(toks[names[0]]) == 2
                    or (self.surname_score(last) == 1 and (rank or not self.is_last(last)))):
                return None
        if self._institution_after(names[-1]):
            return names[-1] + 1
        self.add(i, names[-1], "name:title", "error")
        return names[-1] + 1

    def rule_first(self, i: int) -> int | None:
        toks = self.toks
        tok = toks[i]
        tier = self.first_tier(tok)
        if tier == 0 or tok.masked:
            return None
        if tok.shape == "upper" and (len(tok.base) < 3 or tok.base in _ACRONYMS):
            return None
        prev = toks[i - 1] if i > 0 else None
        after_place_word = prev is not None and prev.low in ("st", "saint", "operation", "project", "storm", "hurricane", "hms", "camp", "port", "fort", "mount", "lake") and self.joined(i - 1)
        if after_place_word:
            return None
        ambiguous = self.ambiguous_first(tok)
        names = self._collect(i)
        if len(names) > 1 and toks[names[-1]].poss and self.ordinary(toks[names[-1]]):
            names = names[:-1]      # "Kofi Asamoah Men's Project": the men's, not a third name
        if tok.shape == "upper":
            names = [k for k in names if toks[k].shape == "upper"]
            if not names or ambiguous or self.surname_score(toks[names[-1]]) < 2:
                return None
        if names:
            last = toks[names[-1]]
            if self._institution_after(names[-1]):
                # a programme, an award or a report named after somebody ("the Margaret Holden
                # Award", "the Kofi Asamoah Men's Project") publishes their name: a decision to make.
                # A building or a body ("Mary Seacole Unit") is a public name already.
                if len(names) == 1 and tok.shape == "title" and (self._memorial_after(names[-1]) or (
                        self._programme_after(names[-1]) and self.surname_score(last) > 0
                        and (not ambiguous or self.surname_score(last) == 2))):
                    self.add(i, names[-1], "name:in-programme", "warning",
                             f"may be a person's name inside the name of a programme or award: "
                             f"'{self.text[tok.start:last.end]}' (allow it with a reason if that is its public name)")
                return names[-1] + 1
            score = max(self.surname_score(toks[k]) for k in names)
            unknown = any(not self.is_last(toks[k]) and self.surname_score(toks[k]) == 1 for k in names)
            if self.is_suffix(last) and len(names) == 1:
                if not self.soft_suffix(last) or ambiguous:
                    return names[-1] + 1  # "Victoria Hospital", "Grace House"
                if self.joined(names[-1]) and toks[names[-1] + 1].shape == "title":
                    return names[-1] + 1  # "Eden House Women's Centre"
                self.add(i, names[-1], "name:first-last", "warning")
                return names[-1] + 1
            if tok.shape == "upper":
                severity = "warning"
            elif ambiguous:
                if self.surname_score(toks[names[0]]) == 2:
                    severity = "error"
                elif unknown and not (tok.sent and any(self.ordinary(toks[k]) or _plain_word(toks[k].low) for k in names)):
                    severity = "warning"
                else:
                    return None
            elif tier == 2:
                severity = "error"
            else:
                severity = "error" if score == 2 else "warning"
            self.add(i, names[-1], "name:first-last", severity)
            return names[-1] + 1
        # a first name and the initial of a surname: "Karen M", "Helen B."
        if (tok.shape == "title" and not tok.poss and self._initial_after(i)
                and not toks[i + 1].masked and toks[i + 1].base not in ("A", "I")
                and not (self.joined(i + 1) and toks[i + 2].shape in ("title", "initial", "upper"))
                and (tier == 2 or not ambiguous)):
            self.add(i, i + 1, "name:first-initial", "error",
                     f"looks like a person's first name and initial: '{self.text[tok.start:toks[i + 1].end]}'")
            return i + 2
        # a first name on its own
        if ambiguous or tier < 2 or tok.shape != "title":
            return None
        if self._institution_after(i):
            return i + 1
        if tok.poss and i + 1 < len(toks) and toks[i + 1].shape == "title" and toks[i + 1].start - tok.end <= 2:
            if not toks[i + 1].masked and toks[i + 1].low not in _INSTITUTION_SUFFIX:   # a known law is masked
                self.add(i, i, "name:in-programme", "warning", f"may be a person's name in the name of a group or "
                         f"programme: '{tok.base}' (allow it with a reason if that is its public name)")
            return i + 1  # "Sofia's Voice", "Sarah's Law": a possessive in front of a capitalised word
        if self.joined(i) and toks[i + 1].shape in ("title", "upper") and self.ordinary(toks[i + 1]) and not toks[i + 1].sent:
            return i + 1  # "Christian Aid": part of the name of something
        if not tok.poss and _SERVICE_NOUN_AFTER_RE.match(self.text, tok.end):
            return i + 1  # "the Pippa helpline"
        self.add(i, i, "name:first-name", "warning")
        return i + 1

    def _initial_after(self, i: int) -> bool:
        """A single capital follows token i and ends the name ('A' only when a person's verb
        follows: "Kemi A chasing", not "a confirmed case"; 'I' never)."""
        toks = self.toks
        if not (self.joined(i) and toks[i + 1].shape == "initial" and not toks[i + 1].masked and toks[i + 1].base != "I"
                and not (self.joined(i + 1) and toks[i + 2].shape in ("title", "initial", "upper"))):
            return False
        return toks[i + 1].base != "A" or bool(_A_THEN_VERB_RE.match(self.text, toks[i + 1].end))

    def rule_unknown_initial(self, i: int) -> int | None:
        """A capitalised word in no list and not a word, then an initial: "Harjit B", "Gethin L"."""
        toks = self.toks
        tok = toks[i]
        if (tok.shape != "title" or tok.poss or self.never_name(tok) or self.ordinary(tok) or self.is_suffix(tok)
                or tok.low in _LABEL_WORDS or not self._initial_after(i)):
            return None
        if _word_before(self.text, tok.start).lower() in _LABEL_WORDS - {"and", "or"}:
            return None     # "Flat Tamar B"; but "Rukhsana N. and Tendai U." are two people
        self.add(i, i + 1, "name:first-initial", "error",
                 f"looks like a person's first name and initial: '{self.text[tok.start:toks[i + 1].end]}'")
        return i + 2

    def rule_possessive(self, i: int) -> int | None:
        """A capitalised word in no word list, owning a person or a role: "Priyanka's deputy"."""
        tok = self.toks[i]
        # a given name that is also a word counts too: "Amber's sister", "Will's GP" are people
        if (tok.shape != "title" or not tok.poss or self.never_name(tok) or self.is_place(tok)
                or tok.low in _INSTITUTION_SUFFIX or (self.ordinary(tok) and tok.low not in self.lists.popular_first)):
            return None
        if not _PERSON_AFTER_RE.match(self.text, tok.end):
            return None
        self.add(i, i, "name:possessive", "error", f"looks like a person's name: '{tok.base}'")
        return i + 1

    def rule_acts(self, i: int) -> int | None:
        """A given name, even one that is also a word, doing what people do: "Rose saw her GP",
        "Amber reports contact", "May called police" (a pseudonym not declared yet)."""
        tok = self.toks[i]
        if (tok.shape != "title" or tok.poss or tok.masked or self.is_place(tok) or self.first_tier(tok) != 2
                or tok.low in _FUNCTION_WORDS or tok.base in _TITLES):
            return None
        if tok.low in _MONTHS and (_in_a_date(self.text, tok.start, tok.end)
                                   or _word_before(self.text, tok.start).lower() in _WHEN_BEFORE):
            return None     # "in May from Bradford": a time
        quoted = self.text[tok.start - 1:tok.start] in _OPEN_QUOTES and self.text[tok.end:tok.end + 1] in _CLOSE_QUOTES
        if not (quoted or _ACTS_AFTER_RE.match(self.text, tok.end)):
            return None     # a review named by its pseudonym is quoted: "DHR 'Hope'"
        self.add(i, i, "name:first-name", "error", f"looks like a person's name: '{tok.base}'")
        return i + 1

    # "Child G asked", "Adult M's brother": a pseudonym of the kind reviews give
    def rule_labels(self) -> None:
        toks = self.toks
        text = self.text
        if " as " in text or "called" in text or "named" in text:
            # "known as 'P' in this report", "referred to as C", "called 'Hope'": a pseudonym defined
            taken = sorted(self.masked + self.declared_spans)
            for m in _DEFINES_NAME_RE.finditer(text):
                group = "name" if m.group("name") else "quoted"
                start, end = m.span(group)
                word = m.group(group)
                if any(a < end and start < b for a, b in taken) or _NEXT_CAPITAL_RE.match(text, end):
                    continue    # declared or known, or the first word of a longer name: a thing
                low = word.lower()
                if len(word) > 1 and _plain_word(low) and low not in self.lists.popular_first:
                    continue    # "known as Safeguarding": a word, not a name
                self.findings.append((start, end, "name:pseudonym", "error",
                                      f"looks like a pseudonym: '{word}' (declare it under people:)"))
        for i, tok in enumerate(toks):
            if tok.low not in _PERSON_LABELS or tok.masked:
                continue
            number = _LABEL_NUMBER_RE.match(self.text, tok.end) if tok.shape == "title" and not tok.poss else None
            if number and not any(s < tok.start + 1 and tok.start < e for s, e, *_ in self.findings):
                # "Child 2", "Adult 1": people numbered the way reviews number them
                self.findings.append((tok.start, number.end(1), "name:pseudonym", "error",
                                      f"looks like a pseudonym: '{self.text[tok.start:number.end(1)]}' "
                                      "(declare it under people:)"))
                continue
            if not self.joined(i):
                continue
            nxt = toks[i + 1]
            if nxt.shape != "initial" or nxt.masked or nxt.declared or (i + 1) in self.covered:
                continue
            if self.joined(i + 1) and toks[i + 2].shape in ("title", "initial"):
                continue
            self.add(i, i + 1, "name:pseudonym", "error",
                     f"looks like a pseudonym: '{self.text[tok.start:nxt.end]}' (declare it under people:)")

    def rule_acts_unknown(self, i: int) -> int | None:
        """A capitalised word in no list where a person stands: doing what people do in minutes
        ("Tobenna to book the room", "Shireen confirmed"), spoken to or greeted ("spoke to Jas",
        "Hi Bev,", "Regards, Kemi"), or named after a role ("named nurse (Precious)"). Given
        names are too many for any list; a given name that is also a word ("Thanks Grace") counts
        where it is greeted or spoken to."""
        tok = self.toks[i]
        if (tok.shape != "title" or tok.poss or tok.masked or tok.declared or len(tok.base) < 3
                or self.never_name(tok) or self.is_place(tok) or self.is_suffix(tok)
                or tok.low in _FUNCTION_WORDS or tok.low in _LABEL_WORDS or tok.low in _MONTHS):
            return None
        text = self.text
        before = _person_before(text, tok.start) or (
            text[tok.end:tok.end + 1] == ":" and _FROM_HEADING_BEFORE_RE.search(text, max(0, tok.start - 24), tok.start)) or None
        greeted = _greeted(text, tok.start, tok.end)
        # "named nurse (Precious)", "the trainer, Shazia, was booked", "Ashiana (Parveen)": after a
        # job, or in brackets after a body the site knows
        after_role = before is None and not greeted and self._after_role(i)
        if before is None and not greeted and not after_role and i > 0 and self.joined(i - 1) \
                and self.toks[i - 1].shape in ("title", "upper") and not self.toks[i - 1].sent:
            return None     # the last word of a longer name: "Cranstoun Women's Service confirmed" is judged whole
        # a given name that is also a word ("IDVA (Sultana from Solace)") is a person after a job
        named = after_role and (self.first_tier(tok) > 0 or tok.low in self.lists.recorded_first)
        if self.ordinary(tok) and not (before is not None and tok.low in self.lists.popular_first) \
                and not greeted and not named:
            return None
        if tok.low.endswith(_AGENT_ENDINGS) or _plain_word(tok.low.replace("-", "").replace("\u2010", "")):
            if (before is None or tok.low not in self.lists.popular_first) and not greeted and not named:
                return None     # "Co-ordinators to update": people by their job, not by name
        if before is None and not greeted:
            acts = _UNKNOWN_ACTS_RE.match(text, tok.end) or (
                (tok.low in self.lists.recorded_first or tok.low in self.lists.popular_first)
                and _ORG_BRACKET_AFTER_RE.match(text, tok.end))
            if not after_role and not (acts and _word_before(text, tok.start).lower() not in _PLACE_BEFORE):
                return None     # "data for Moulsecoomb shared", "Keighley and Shipley had been told": places
        self.add(i, i, "name:first-name", "error",
                 f"looks like a person's name: '{tok.base}' (if it is an organisation or a system, add it to "
                 "the agencies, the glossary or allow)")
        return i + 1

    def rule_capitals_name(self, i: int) -> int | None:
        """A name written in capitals: "MARY O'BRIEN", "JOHN SMITH-JONES" (a given name that is no
        word, then a surname that is no word), as in a heading or a signature."""
        toks = self.toks
        tok = toks[i]
        if tok.shape != "upper" or len(tok.base) < 3 or tok.masked or tok.declared or not self.joined(i):
            return None
        nxt = toks[i + 1]
        if nxt.shape != "upper" or len(nxt.base) < 2 or nxt.masked or nxt.declared:
            return None
        if tok.base in _ACRONYMS or nxt.base in _ACRONYMS or tok.low not in _name_words().first:
            return None
        if not self.is_last(nxt) or self.ordinary(nxt) or self.never_name(nxt) or self.is_place(nxt):
            return None
        self.add(i, i + 1, "name:full-name", "error",
                 f"looks like a person's name in capitals: '{self.text[tok.start:nxt.end]}'")
        return i + 2

    def rule_capitals_word(self) -> None:
        """One word in capitals that is a given name or a surname and no word: "KAREN, was seen",
        "OKAFOR was arrested"; and the police style "Ade OYELARAN", a given name then a surname in
        capitals that no list or glossary explains."""
        toks = self.toks
        for idx, tok in enumerate(toks):
            if (tok.shape != "upper" or len(tok.base) < 4 or tok.masked or tok.declared or idx in self.covered
                    or tok.base in _ACRONYMS or tok.base in _TITLES or _plain_word(tok.low) or self.is_place(tok)
                    or tok.low in _INSTITUTION_SUFFIX):
                continue
            if self.joined(idx) and self.is_suffix(toks[idx + 1]):
                continue    # "CROMER WARD", "LLOYD HOUSE": a place named after somebody or somewhere
            # a surname among other words in capitals is more often a firm's name: "DOMINION HOUSING GROUP"
            named = tok.low in _name_words().first or (tok.low in _name_words().last
                                                        and not self._in_capitals_heading(idx))
            after_given = (idx > 0 and self.joined(idx - 1) and toks[idx - 1].shape == "title"
                           and self.first_tier(toks[idx - 1]) > 0)
            if after_given and (idx - 1) in self.error_covered:     # "DS Mark" found: its surname too
                self.add(idx, idx, "name:capitals", "error", f"looks like a surname in capitals: '{tok.base}'")
            elif after_given and not self.ordinary(toks[idx - 1]):
                self.add(idx - 1, idx, "name:full-name", "error",
                         f"looks like a person's name: '{self.text[toks[idx - 1].start:tok.end]}'")
            elif named:
                self.add(idx, idx, "name:capitals", "error",
                         f"looks like a person's name in capitals: '{tok.base}'")

    def rule_contact(self, i: int) -> int | None:
        """A capitalised word in no list, reached on a phone number or an address: "to Imtiaz on
        0121 464 2290", "Shireen at s.daley@…" — a person's contact details follow a person."""
        tok = self.toks[i]
        if (tok.shape != "title" or tok.poss or tok.masked or tok.sent or self.never_name(tok) or self.ordinary(tok)
                or self.is_place(tok) or self.is_suffix(tok)):
            return None
        if not _CONTACT_AFTER_RE.match(self.text, tok.end):
            return None
        self.add(i, i, "name:first-name", "error", f"looks like a person's name: '{tok.base}'")
        return i + 1

    def rule_initial(self, i: int) -> int | None:
        toks = self.toks
        tok = toks[i]
        if tok.shape != "initial" or tok.masked:
            return None
        if tok.base in ("A", "I") and not tok.dot:
            return None
        if _word_before(self.text, tok.start).lower() in _LABEL_WORDS:
            return None
        k = i
        while self.joined(k) and toks[k + 1].shape == "initial" and k - i < 2:
            k += 1
        if not self.joined(k):
            return None
        sur = toks[k + 1]
        score = self.surname_score(sur)
        if score == 0 or self.first_tier(sur) == 2 and not self.is_last(sur):
            return None
        list_marker = tok.sent and (tok.dot or self.text[tok.end : tok.end + 1] == ")")
        if list_marker and not (self.is_last(sur) and not self.ordinary(sur)):
            return None
        if sur.sent and not self.is_last(sur):
            return None
        end = k + 1
        if not sur.poss and self.joined(end) and self.surname_score(toks[end + 1]) == 2 and not self.is_suffix(toks[end + 1]):
            end += 1  # "J. Smith Jones"
        if self._institution_after(end):
            return end + 1
        self.add(i, end, "name:initial-surname", "error")
        return end + 1

    def rule_unknown(self, i: int) -> int | None:
        """Capitalised words that are in no list, in a name-like pair: a warning."""
        toks = self.toks
        tok = toks[i]
        if tok.shape != "title" or self.never_name(tok) or tok.poss:
            return None
        if self.first_tier(tok) or tok.low in _INSTITUTION_SUFFIX:
            return None
        if not self.joined(i):
            return None
        nxt = toks[i + 1]
        if self.ordinary(tok) and not (self.surname_score(nxt) == 2 and (
                self._ordinary_by_ending_only(tok) or (not tok.sent and tok.low in self.lists.last
                                                         and tok.low not in self.doc_lower))):
            return None
        if nxt.shape != "title" or self.never_name(nxt) or self.is_suffix(nxt):
            return None
        if self.ordinary(nxt) and not (self.lists.last.get(nxt.low, 10**9) <= 2500 and not tok.sent
                                        and nxt.low not in self.doc_lower and not self.is_place(tok)):
            return None     # "Manpreet Gill": a surname that is also a word, after an unknown name
        if self.is_last(tok) and self.is_last(nxt) and self.lists.last.get(tok.low, 10**9) < 2000 and tok.sent:
            return None
        end = i + 1
        if self._institution_after(end):
            return end + 1
        if i > 0 and self.joined(i - 1) and toks[i - 1].shape == "title" and not toks[i - 1].sent:
            prev = toks[i - 1]
            if self.is_suffix(prev) or (prev.low in _ORDINARY and prev.low not in _KEEP_AS_NAMES):
                return None  # "Foundry Risk Management Consultancy"-like names
        self.add(i, end, "name:unknown", "warning")
        return end + 1
