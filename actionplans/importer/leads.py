"""Reading the lead agency of an action from a plan's cell: names, short names and aliases
matched to agencies, successors followed (mixed into the importer's Builder)."""

from __future__ import annotations

import re

from ..privacy.names import detect_names
from .cells import slug
from .table import LRow
from .text import is_filler
from .yaml_source import Entry, Scalar, slug_scalar


class _LeadReading:
    """The lead-agency part of Builder (it uses the Builder's context and report)."""

    # -- agencies -----------------------------------------------------------------------------
    def _successor_only(self, ids: list[str]) -> list[str]:
        """'CCG – now known as the ICB': keep the body that took over, not both."""
        keep = []
        for i in ids:
            cur, seen = i, {i}
            newer = False
            while cur in self.ctx.successors and self.ctx.successors[cur] not in seen:
                cur = self.ctx.successors[cur]
                seen.add(cur)
                if cur in ids:
                    newer = True
            if not newer:
                keep.append(i)
        return keep

    def lead(self, lrow: LRow, hint: str) -> list[Entry]:
        parts = lrow.cols.get("lead", [])
        text = re.sub(r"\s+", " ", " ".join(p.text for p in parts)).strip()
        out: list[Entry] = []
        if not text:
            heading = self.matcher.match(lrow.heading) if lrow.heading else None
            if heading and heading.lead:
                exact = heading.exact and not heading.supporting
                out.append(Entry("lead", slug_scalar(heading.lead),
                                 comment=f"from the heading above the table: {self.quote(lrow.heading)}",
                                 todo="" if exact else f"lead: taken from the table's heading "
                                                       f"{self.quote(lrow.heading)}: check it"))
                if not exact:
                    self.report.judgements += 1
                return out
            out.append(Entry("lead", Scalar(""), omit=True, above=["TODO: the plan names no lead agency for this action: "
                                                        "add lead: <an id from agencies.yaml>"],
                             todo="lead: the plan names no lead agency: add one"))
            return out
        m = self.matcher.match(text)
        if m.lead:
            ids = self._successor_only([m.lead, *m.supporting])
            comment = ""
            todo = ""
            if m.fuzzy:
                comment = f"spelt {self.quote(text)} in the plan"
                todo = f"lead: {self.quote(text)} read as '{ids[0]}' (close spelling of '{m.fuzzy}'): check it"
                self.flag(parts, "close spelling of an agency")
            elif m.chose:
                term, ranked = next(iter(m.chose.items()))
                comment = f"'{term}' could also be {', '.join(ranked[1:])}: chosen by the places the plan names"
                self.report.judgements += 1
            if m.ambiguous:
                term, ranked = next(iter(m.ambiguous.items()))
                todo = f"lead: '{term}' could be {' or '.join(ranked)}: choose"
                self.flag(parts, "ambiguous agency")
            out.append(Entry("lead", slug_scalar(ids[0]), comment=comment, todo=todo))
            if len(ids) > 1:
                out.append(Entry("supporting", [slug_scalar(i) for i in ids[1:]]))
            if not m.exact and not is_filler(m.leftover) and re.search(r"[A-Za-z]{3}", m.leftover):
                value, tag = self.t(text, f"{hint}.lead_role")
                out.append(Entry("lead_role", Scalar(value), tag=tag,
                                 comment="the plan's lead cell, as written"))
            return out
        if m.ambiguous:
            term, ranked = next(iter(m.ambiguous.items()))
            self.flag(parts, "ambiguous agency")
            value, tag = self.t(text, f"{hint}.lead_role")
            return [Entry("lead", Scalar(""), omit=True, above=[f"TODO: '{term}' could be {' or '.join(ranked)}: choose one"],
                          todo=f"lead: '{term}' could be {' or '.join(ranked)}: choose"),
                    Entry("lead_role", Scalar(value), tag=tag, comment="the plan's lead cell, as written")]
        self.flag(parts, "agency not in agencies.yaml")
        shifted = next((k for k in ("action", "scope", "milestones") if k in lrow.cols
                        and self.matcher.match(lrow.text(k, " ")).exact), None)
        if shifted:
            m.candidates = [c for c in [self.matcher.match(lrow.text(shifted, " ")).lead] if c] + m.candidates
        named = detect_names(text, allow=self.ctx.allow, known_terms=self.ctx.known_terms, declared=self.ctx.declared)
        self.report.unmatched.setdefault(text if not named else "(a cell that holds a name)", [
            f"{c} ({self.matcher.names.get(c, c)})" for c in m.candidates])
        lead_id = "todo-lead-agency" if named else slug(text, 6) or "todo-lead-agency"
        value, tag = self.t(text, f"{hint}.lead_role")
        close = f" (closest: {', '.join(m.candidates)})" if m.candidates else ""
        return [Entry("lead", slug_scalar(lead_id),
                      above=["TODO: the lead agency is not in agencies.yaml: add it there with this id, "
                             "or choose an existing id" + close],
                      todo=f"lead: {self.quote(text)} is not in agencies.yaml{close}" + (
                          f"; the {shifted} cell names an agency, so this row's columns may be shifted" if shifted
                          else "")),
                Entry("lead_role", Scalar(value), tag=tag, comment="the plan's lead cell, as written")]
