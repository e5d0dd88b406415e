"""Cell text as the content format wants it: paragraphs and bullets as Markdown, a milestones
cell as items, and whether a cell ends or starts a sentence (to join text a table split)."""

from __future__ import annotations

import re


_BULLET_RE = re.compile(r"^\s*(?:[•·▪◦●○■□➢►✓\-*]|o(?=\s)|\d{1,2}[.)](?=\s)|[a-zA-Z][.)](?=\s))\s*")


def tidy(text: str) -> str:
    """Cell text as Markdown: paragraphs kept, bullets made list items, runs of spaces closed."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in (text or "").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for ln in lines:
        if not ln:
            if out and out[-1] != "":
                out.append("")
            continue
        bullet = re.match(r"^[•·▪◦●○■□➢►]\s*", ln)
        if bullet:
            ln = "- " + ln[bullet.end():]
        if out and out[-1] != "" and not (ln.startswith("- ") and out[-1].startswith("- ")):
            out.append("")      # a new paragraph of the cell: a blank line keeps it one in Markdown
        out.append(ln)
    return "\n".join(out).strip()


def items(text: str) -> list[str]:
    """A milestones cell as separate items: one per paragraph or bullet."""
    parts: list[str] = []
    for para in re.split(r"\n+", text or ""):
        para = para.strip()
        if not para:
            continue
        for piece in re.split(r"\s+[•▪●]\s+", para):
            piece = _BULLET_RE.sub("", piece, count=1) if re.match(r"^\s*[•·▪◦●○■□➢►]", piece) else piece
            piece = re.sub(r"\s+", " ", piece).strip()
            if piece:
                parts.append(piece)
    return parts


def ends_sentence(text: str) -> bool:
    t = (text or "").rstrip()
    return not t or t[-1] in ".?!:;)\"'\u201d\u2019]"


def starts_lower(text: str) -> bool:
    t = (text or "").lstrip(" \t\n\"'\u201c\u2018(-–•")
    return bool(t) and t[0].islower()


def slug(text: str, words: int = 8) -> str:
    """An id from a name: lower case, words joined by hyphens, at most ``words`` of them."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ").replace("'", "")).strip("-")
    return "-".join(s.split("-")[:words])
