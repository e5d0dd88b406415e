"""Stage 4: redaction. Declared names are replaced by their `refer_to_as` wording in every
published text; personal-data patterns and undeclared names are reported for a person to
fix (never replaced automatically, because where a name begins and ends is a judgement)."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from dataclasses import dataclass, field

from ..core.diagnostics import Diagnostics
from ..core.model import Content, DeclaredName
from ..core.options import Remember, uncached
from .names import DeclaredName as NameDecl
from .names import NameDetector, Replacement, Replacer
from .ids import _ids_and_urls
from .scan import find_patterns


@dataclass(frozen=True)
class ReplacementRecord:
    path: str
    line: int
    field: str
    original: str
    replacement: str


@dataclass(frozen=True)
class FindingRecord:
    path: str
    line: int
    col: int
    rule: str
    text: str
    severity: str
    message: str
    hint: str


@dataclass
class RedactionLog:
    replacements: list[ReplacementRecord] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
    declared: list[DeclaredName] = field(default_factory=list)   # must never appear in output
    allow: list[str] = field(default_factory=list)
    allowed_phones: list[str] = field(default_factory=list)
    patterns: tuple[str, ...] = ()
    # the decisions a person made, for the sign-off report: each review's people (file -> name,
    # wording), redaction.yaml's names, and the allowed words with their reasons
    people: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    site_names: list[tuple[str, str]] = field(default_factory=list)
    allowed: list[tuple[str, str | None]] = field(default_factory=list)


def locate(source: str | None, start_line: int, needle: str) -> tuple[int, int]:
    """The line and column of `needle` in the file, searching from the line its field starts on.
    Folded YAML text may break the needle across lines, so fall back to its first word."""
    if not source:
        return (start_line, 1)
    return _locate_in([line.lower() for line in source.split("\n")], start_line, needle)


def _locate_in(lower_lines: list[str], start_line: int, needle: str) -> tuple[int, int]:
    """locate() in a file already split into lines and lower-cased."""
    for probe in (needle, needle.split()[0] if needle.split() else needle):
        low = probe.lower()
        for i in range(max(start_line - 1, 0), len(lower_lines)):
            col = lower_lines[i].find(low)
            if col >= 0:
                return (i + 1, col + 1)
    return (start_line, 1)


def _words_before_start(value: str, start: int, words: int = 3) -> int:
    """Where the (up to) three words before ``start`` on the same line of ``value`` begin."""
    line_start = value.rfind("\n", 0, start) + 1
    at = start
    for _ in range(words):
        space = value.rfind(" ", line_start, max(line_start, at - 1))
        if space < 0:
            return line_start
        at = space + 1
    return at


def _with_words_before(value: str, start: int, end: int) -> str:
    """The finding with a few words before it, to find a short one ("M", "JT") at its own place in
    the file rather than at the first such letters from the field's line."""
    if not value or end - start > 6:
        return ""
    return value[_words_before_start(value, start):end]


@lru_cache(maxsize=64)
def _allow_pattern(allow: tuple[str, ...]) -> re.Pattern | None:
    # a year or a day allowed hides nothing (no name is a number) but would hide a date: "May 2022"
    # must stay a month, not become "May" and a placeholder, where May is somebody's pseudonym
    allow = tuple(p for p in allow if not re.fullmatch(r"\d{1,4}", p.strip()))
    if not allow:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(set(allow), key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.I)


def _mask(text: str, allow: list[str], names: list[tuple[int, int]] = ()) -> tuple[str, list[tuple[str, str]]]:
    """Hide allowed phrases ("Clare's Law") behind placeholders so no rule touches them; but not
    one inside a longer declared name (``names``: "Jun" allowed as a month, "Jun X" declared)."""
    pattern = _allow_pattern(tuple(allow))
    if pattern is None:
        return text, []
    saved: list[tuple[str, str]] = []

    def keep(m: re.Match) -> str:
        if any(a <= m.start() and m.end() <= b and b - a > m.end() - m.start() for a, b in names):
            return m.group(0)
        token = f"\uE000{len(saved)}\uE001"
        saved.append((token, m.group(0)))
        return token
    return pattern.sub(keep, text), saved


def _unmask(text: str, saved: list[tuple[str, str]]) -> str:
    for token, original in reversed(saved):
        text = text.replace(token, original, 1)
    return text


class _Names:
    """The declared names of one review (or of the whole site): their replacer and the detector
    of undeclared names, with the replacements already worked out for a text seen before."""

    def __init__(self, replacer: Replacer, detector: NameDetector):
        self.replacer = replacer
        self.detect = detector
        self._replaced: dict[str, tuple[str, list[Replacement]]] = {}
        # each text checked, with how many words of names were known then (see recheck)
        self.checked: list[tuple[str, str, int, int]] = []

    def replace(self, text: str) -> tuple[str, list[Replacement]]:
        done = self._replaced.get(text)
        if done is None:
            done = self._replaced[text] = self.replacer.replace(text)
        return done


@dataclass
class _Redactor:
    log: RedactionLog
    diags: Diagnostics
    sources: dict[str, str]
    known_terms: list[str]
    allow: list[str]
    # texts repeat across a site: the pattern findings of a text, and each file's lines, once
    _patterns: dict[str, list] = field(default_factory=dict)
    _lines: dict[str, list[str] | None] = field(default_factory=dict)
    _cursor: dict[tuple[str, int, str], tuple[int, int]] = field(default_factory=dict)

    def text(self, value: str | None, names: _Names, where: str, line: int, field_name: str) -> str | None:
        if not value:
            return value
        masked, saved = _mask(value, self.allow)
        if saved:       # a declared name that holds an allowed word is still the name
            declared = [(a, b) for a, b, _ in names.replacer.find(value)]
            if declared:
                masked, saved = _mask(value, self.allow, declared)
        found = self._patterns.get(masked)
        if found is None:
            found = self._patterns[masked] = sorted(
                find_patterns(masked, enabled=self.log.patterns, allowed_phones=self.log.allowed_phones),
                key=lambda f: f.start)
        for f in found:
            self._finding(f, where, line, masked)
        names.checked.append((masked, where, line, names.detect.learned))
        for f in names.detect(masked):
            self._finding(f, where, line, masked)
        new, replacements = names.replace(masked)
        for r in replacements:
            ln, _ = self._next_mention(where, line, r.original)
            self.log.replacements.append(ReplacementRecord(where, ln, field_name, _unmask(r.original, saved),
                                                           r.replacement))
        return _unmask(new, saved)

    def recheck(self, names: _Names) -> None:
        """A name found late in a review makes its words a name in the review's earlier texts."""
        for masked, where, line, since in names.checked:
            for f in names.detect.recheck(masked, since):
                self._finding(f, where, line, masked)
        names.checked.clear()

    def _locate(self, where: str, line: int, needle: str) -> tuple[int, int]:
        if where not in self._lines:
            source = self.sources.get(where)
            self._lines[where] = [ln.lower() for ln in source.split("\n")] if source else None
        lower_lines = self._lines[where]
        return _locate_in(lower_lines, line, needle) if lower_lines is not None else (line, 1)

    def _finding(self, f, where: str, line: int, value: str = "") -> None:
        ln, col = self._next_mention(where, line, _with_words_before(value, f.start, f.end) or f.text)
        if value and ln and (ln, col) != (line, 1):
            col += f.start - _words_before_start(value, f.start)
        # A name nobody has decided about is never published: every name finding is an error,
        # for check and build alike (weaker rules only say "may be" in their message).
        severity = "error" if f.rule.startswith("name:") else f.severity
        rec = FindingRecord(where, ln, col, f.rule, f.text, severity, f.message, f.hint)
        self.log.findings.append(rec)
        self.diags.add(where, ln, col, severity, f"{f.message} [{f.rule}]" if f.rule not in f.message else f.message,
                       f.hint)

    def _next_mention(self, where: str, line: int, needle: str) -> tuple[int, int]:
        """Where this mention is in the file: the first one from the field's line, or, for the
        same words found again from the same line, the next one after the last (every mention
        is reported at its own line, not all at the first)."""
        key = (where, line, needle.lower())
        last = self._cursor.get(key)
        if last is None:
            found = self._locate(where, line, needle)
        else:
            found = self._locate_after(where, last, needle)
        self._cursor[key] = found
        return found

    def _locate_after(self, where: str, after: tuple[int, int], needle: str) -> tuple[int, int]:
        lower_lines = self._lines.get(where)
        if not lower_lines:
            return after
        low = needle.lower()
        ln, col = after
        for i in range(ln - 1, len(lower_lines)):
            at = lower_lines[i].find(low, col if i == ln - 1 else 0)
            if at >= 0:
                return (i + 1, at + 1)
        return after


SITE_FILES = ("site.yaml", "agencies.yaml", "topics.yaml", "glossary.yaml")   # the texts site_wide() reads


def _welsh_names(content: Content) -> set[str]:
    """The Welsh names of the site, its partnerships, agencies and topics: known, never a person."""
    site = content.site.cy
    out = {site.title, *(p.name for p in site.partnerships)} if site else set()
    for thing in (*content.agencies, *content.topics):
        welsh = getattr(thing, "cy", None)
        out |= {t for t in (welsh.name, getattr(welsh, "short_name", None)) if t} if welsh else set()
    return out


def redact(content: Content, diags: Diagnostics, sources: dict[str, str],
           remember: Remember = uncached) -> tuple[Content, RedactionLog]:
    """`remember` (the build's cache) keeps each review's redaction, and the site-wide texts',
    keyed by the review (or those texts) and every setting they depend on: the redaction list
    is in every key, so an edit to it redacts everything again."""
    site = content.site
    red = content.redaction
    allow = [a.text for a in red.allow]
    log = RedactionLog(allow=allow, patterns=tuple(red.patterns),
                       allowed_phones=[s.phone for s in site.support if s.phone])
    global_names = list(red.names)
    log.site_names = [(n.name, n.refer_to_as) for n in global_names]
    log.allowed = [(a.text, a.reason) for a in red.allow]
    log.people = {(r.source.path if r.source else r.id): [(p.name, p.refer_to_as) for p in r.people]
                  for r in content.reviews}
    people = [] if site.publish_pseudonyms else [p for r in content.reviews for p in r.people]
    welsh_people = [] if site.publish_pseudonyms else [p for r in content.reviews for p in (r.cy or r).people]
    log.declared = global_names + people
    known = sorted({t for a in content.agencies for t in (a.name, a.short_name, *a.aliases) if t}
                   | {t.name for t in content.topics} | {g.term for g in content.glossary}
                   | {g.stands_for for g in content.glossary if g.stands_for}
                   | {p.name for p in site.partnerships} | {site.title} | set(allow) | set(red.places)
                   | _welsh_names(content))
    r = _Redactor(log, diags, sources, known, allow)
    _ids_and_urls(content, log.declared, diags)
    settings = (tuple(global_names), tuple(allow), tuple(known), log.patterns, tuple(log.allowed_phones),
                site.publish_pseudonyms)

    def remembered(kind: str, inputs: tuple, work):
        """work()'s result, and what it added to the log and diagnostics, kept by `inputs`."""
        made = []

        def make():
            counts = len(log.replacements), len(log.findings), len(diags.items)
            value = work()
            made.append(True)
            return (value, log.replacements[counts[0]:], log.findings[counts[1]:], diags.items[counts[2]:])
        kept = remember(kind, (settings, *inputs), make)
        if not made:        # from the cache: what work() would have added to the log, added
            log.replacements.extend(kept[1])
            log.findings.extend(kept[2])
            diags.extend(kept[3])
        return kept[0]

    def names_for(names: list[DeclaredName]) -> _Names:
        seen, unique = set(), []
        for n in names:
            if n.name.lower() not in seen:
                seen.add(n.name.lower())
                unique.append(NameDecl(n.name, n.refer_to_as))
        replacer = Replacer(unique)
        # with no name given twice the replacer holds exactly the detector's names: it can find them
        detector = NameDetector(allow=allow, known_terms=known, declared=[n.name for n in names],
                                replacer=replacer if len(unique) == len(names) else None)
        return _Names(replacer, detector)

    def one_review(review, global_names=global_names):
        own = ([] if site.publish_pseudonyms else list(review.people)) + global_names
        # Only this review's people: another review's pseudonym ("Peter") may be a staff
        # member's first name here, which must be reported, not silently reworded.
        names = names_for(own)
        where = review.source.path if review.source else review.id

        def t(value, line, name, names=names, where=where):
            return r.text(value, names, where, line, name)

        line0 = review.source.line if review.source else 1
        recs = []
        for rec in review.recommendations:
            rl = rec.source.line if rec.source else line0
            actions = []
            for a in rec.actions:
                al = a.source.line if a.source else rl
                actions.append(dataclasses.replace(
                    a, action=t(a.action, al, "action"), lead_role=t(a.lead_role, al, "lead_role"),
                    outcome=t(a.outcome, al, "outcome"),
                    milestones=tuple(dataclasses.replace(m, text=t(m.text, al, "milestone")) for m in a.milestones),
                    evidence=tuple(dataclasses.replace(e, title=t(e.title, al, "evidence title")) for e in a.evidence),
                    updates=tuple(dataclasses.replace(u, text=t(u.text, al, "update")) for u in a.updates),
                    notes=None))
            recs.append(dataclasses.replace(rec, text=t(rec.text, rl, "recommendation"), title=t(rec.title, rl, "title"),
                                            actions=tuple(actions)))
        done = dataclasses.replace(
            review, title=t(review.title, line0, "title"), reference=t(review.reference, line0, "reference"),
            summary=t(review.summary, line0, "summary"), recommendations=tuple(recs), people=())
        r.recheck(names)
        if review.cy is not None:       # its Welsh texts, with the Welsh wording of its people
            done = dataclasses.replace(done, cy=one_review(review.cy, list(red.names_cy) or global_names))
        return done

    reviews = []   # in order, each redacted with only its own people and the site's names
    for review in content.reviews:
        # its file's text too: the problems found point at lines and columns in it
        text = sources.get(review.source.path) if review.source else None
        reviews.append(remembered("redact", (review, text), lambda review=review: one_review(review)))


    def site_wide() -> tuple:
        site_names = names_for(global_names + people)
        # Welsh texts: the names' Welsh wording (refer_to_as_cy), their mutated forms replaced too
        welsh_names = names_for((list(red.names_cy) or global_names) + welsh_people)

        def g(value: str | None, file: str, name: str, names=site_names) -> str | None:
            path = next((p for p in sources if p.endswith(file)), file)
            return r.text(value, names, path, 1, name)

        def gcy(value: str | None, file: str, name: str) -> str | None:
            return g(value, file, name, welsh_names)

        def agency(a, g=g):
            return dataclasses.replace(
                a, name=g(a.name, "agencies.yaml", "agency name"), short_name=g(a.short_name, "agencies.yaml", "short_name"),
                aliases=tuple(g(x, "agencies.yaml", "alias") for x in a.aliases))

        def topic(t_, g=g):
            return dataclasses.replace(t_, name=g(t_.name, "topics.yaml", "topic name"),
                                       description=g(t_.description, "topics.yaml", "topic description"))

        def entry(e, g=g):
            return dataclasses.replace(e, term=g(e.term, "glossary.yaml", "term"),
                                       meaning=g(e.meaning, "glossary.yaml", "meaning"),
                                       stands_for=g(e.stands_for, "glossary.yaml", "stands_for"))
        # each with its Welsh version (.cy) redacted the same way, with the Welsh names
        agencies = tuple(dataclasses.replace(agency(a), cy=a.cy and agency(a.cy, gcy)) for a in content.agencies)
        topics = tuple(dataclasses.replace(topic(t_), cy=t_.cy and topic(t_.cy, gcy)) for t_ in content.topics)
        glossary = tuple(dataclasses.replace(entry(e), cy=e.cy and entry(e.cy, gcy)) for e in content.glossary)
        redacted_site = (lambda site, g=g: dataclasses.replace(
            site, title=g(site.title, "site.yaml", "title"), description=g(site.description, "site.yaml", "description"),
            content_note=g(site.content_note, "site.yaml", "content_note"), publisher=g(site.publisher, "site.yaml", "publisher"),
            partnerships=tuple(dataclasses.replace(p, name=g(p.name, "site.yaml", "partnership name"),
                                                   description=g(p.description, "site.yaml", "partnership description"))
                               for p in site.partnerships)))
        redacted_site = dataclasses.replace(redacted_site(site), cy=site.cy and redacted_site(site.cy, gcy))
        return agencies, topics, glossary, redacted_site

    everyone = (tuple(people), tuple(welsh_people), tuple(red.names_cy))
    agencies, topics, glossary, site = remembered(
        "redact-site", (content.agencies, content.topics, content.glossary, content.site, everyone,
                        tuple((p, sources[p]) for p in sorted(sources) if p.endswith(SITE_FILES))), site_wide)
    redacted = dataclasses.replace(content, site=site, agencies=agencies, topics=topics, glossary=glossary,
                                   reviews=tuple(reviews), redaction=dataclasses.replace(red, names=()))
    return redacted, log
