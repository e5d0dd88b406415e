"""Welsh initial mutations of a declared name: after certain words Welsh changes a word's first
letter ('i Gatrin' for Catrin, 'fy Nhomos' for Tomos, 'a Chatrin'), so a name declared as
'Catrin' appears in Welsh text as Gatrin, Nghatrin or Chatrin. The name's replacer (and so the
output guard, which uses it) treats each mutated form as a variant of the name.

Welsh letters are read first: Ch, Dd, Ff, Ng, Ph, Th do not mutate; Ll and Rh do (soft only)."""

from __future__ import annotations

# The three mutations: (radical, mutated) pairs, digraphs before single letters.
# A name written with K (no Welsh letter: 'Karen', 'Kelly') mutates as C does in Welsh text:
# 'i Garen', 'fy Ngharen', 'a Charen'.
SOFT = (("Ll", "L"), ("Rh", "R"), ("C", "G"), ("K", "G"), ("P", "B"), ("T", "D"), ("G", ""), ("B", "F"),
        ("D", "Dd"), ("M", "F"))
NASAL = (("C", "Ngh"), ("K", "Ngh"), ("P", "Mh"), ("T", "Nh"), ("G", "Ng"), ("B", "M"), ("D", "N"))
ASPIRATE = (("C", "Ch"), ("K", "Ch"), ("P", "Ph"), ("T", "Th"))
MUTATIONS = {"soft": SOFT, "nasal": NASAL, "aspirate": ASPIRATE}

# Welsh letters written with two characters that never mutate: 'Charles' is not a mutable C.
_FIXED = ("ch", "dd", "ff", "ng", "ph", "th")


def mutate(word: str, kind: str) -> str | None:
    """The word under one mutation ('Catrin', 'nasal' -> 'Nghatrin'), or None when that
    mutation does not change it. The result keeps a capital where the word had one."""
    if len(word) < 2 or not word[0].isalpha() or word.lower().startswith(_FIXED):
        return None
    low = word.lower()
    for radical, mutated in MUTATIONS[kind]:
        if low.startswith(radical.lower()) and not (radical in ("C", "K", "P", "T", "G", "B", "D", "M")
                                                   and low[1:2] == "h"):
            rest = word[len(radical):]
            if not rest or not rest[0].isalpha():
                return None
            if word.isupper():
                return (mutated + rest).upper()
            if not mutated:                  # 'Gwen' -> 'Wen': the next letter takes the capital
                return rest[0].upper() + rest[1:] if word[0].isupper() else rest
            return (mutated if word[0].isupper() else mutated.lower()) + rest
    return None


def mutated_forms(word: str) -> list[str]:
    """Every mutated form of a name's word, each once, in a fixed order (soft, nasal, aspirate)."""
    out: list[str] = []
    for kind in MUTATIONS:
        m = mutate(word, kind)
        if m and m != word and m not in out:
            out.append(m)
    return out
