"""Detector rules for names inside the names of programmes, awards and documents: "the
Halloran session", "the Mercy Adjei Memorial Seminar" (often a member of staff's or a victim's
name, which publishing the programme's name would publish)."""

from __future__ import annotations

from .cues import _PROGRAMME_AFTER_RE, _PROGRAMME_WORDS


class _ProgrammeRules:
    """Mixed into the detector: uses its tokens and findings."""

    def _programme_after(self, j: int) -> bool:
        """The words after token j name a programme, an award or a document, not a place or a body."""
        k = j + 1
        while k < len(self.toks) and k <= j + 3 and self.toks[k].start - self.toks[k - 1].end <= 2:
            if self.toks[k].low in _PROGRAMME_WORDS:
                return True
            if self.toks[k].shape not in ("title", "upper"):
                return False
            k += 1
        return False

    def _memorial_after(self, j: int) -> bool:     # whoever a memorial remembers was a person
        return self.joined(j) and self.toks[j + 1].low == "memorial" and not self.ordinary(self.toks[j])

    def rule_programme(self, i: int) -> int | None:
        """A surname that names a local programme or document: "the Halloran session", "Nuttall
        Review", "Holbrook pathway" (often a member of staff's name)."""
        toks = self.toks
        tok = toks[i]
        if tok.shape != "title" or tok.poss or self.never_name(tok) or self.ordinary(tok) or self.is_place(tok):
            return None
        if not self.is_last(tok) or self.first_tier(tok) == 2 and not self.is_last(tok):
            return None
        m = _PROGRAMME_AFTER_RE.match(self.text, tok.end)
        if m is None or (i > 0 and self.joined(i - 1) and toks[i - 1].shape == "title" and not toks[i - 1].sent):
            return None     # "Mary Seacole ...": part of a longer name, judged by the other rules
        self.add(i, i, "name:in-programme", "error",
                 f"a programme or document named after a person: '{tok.base}' (if it is a member of staff, "
                 "reword; if it is a published name, allow it with a reason)")
        return i + 1
