"""Stage 4 of the national view: repeated lessons. Recommendations from different reviews that
say the same thing are grouped, and each group is shown as "recommended N times since YEAR in
M partnerships".

Similarity is the cosine of TF-IDF vectors (scikit-learn) over each recommendation's word stems
(Snowball's English stemmer, snowballstemmer: "referrals", "referred" and "refer" are one
word), English stop words left out. Rare shared words ("Clare's Law", "non-fatal
strangulation", "GP") weigh more than the words every plan uses ("agencies", "ensure"), which
is what makes two plans' recommendations one lesson; word order and length matter little, so a
paraphrase with the same key words is found; and it scales: the pairs above the threshold come
from a sparse matrix product, 2,000 reviews' recommendations in seconds, where an edit distance
(rapidfuzz) over every pair would be hundreds of millions of comparisons that weigh "the" like
"strangulation". Measured on the plans written for tests/data/national/lessons.yaml (pairwise,
with the example content beside them): stems at 0.35 find 11 of the 12 pairs that are one
lesson (recall 0.92, precision 0.69); whole words without stemming found 8 (0.67) at their best
threshold; word pairs fewer still. The pairs wrongly joined are the test's two deliberate
look-alikes: recommendations that share a stock phrase and differ in one key word ("raise
awareness among frontline staff of strangulation / of stalking"). A reader sees every
occurrence's own text, and the threshold is in data/national.yaml."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..core.vocabulary import STATUS_ORDER
from .model import Recommendation

ROWS_AT_ONCE = 256      # rows of the similarity matrix made at a time: bounds the memory


class LessonsUnavailable(Exception):
    pass


@dataclass
class Lesson:
    id: str
    occurrences: list[Recommendation]       # oldest first
    leader: Recommendation                  # the one every other is like

    @property
    def text(self) -> str:
        return self.leader.plain

    def tally(self) -> list[tuple[str, int]]:
        """(status, how many occurrences have it), in the vocabulary's order."""
        counts = {s: 0 for s in STATUS_ORDER}
        for r in self.occurrences:
            counts[r.status] = counts.get(r.status, 0) + 1
        return [(s, n) for s, n in counts.items() if n]

    @property
    def times(self) -> int:
        return len(self.occurrences)

    @property
    def since(self) -> int | None:
        years = [r.review.year for r in self.occurrences if r.review.year]
        return min(years) if years else None

    @property
    def partnerships(self) -> int:
        return len({r.review.partnership.key for r in self.occurrences})

    @property
    def topics(self) -> set[str]:
        return {t for r in self.occurrences for t in (*r.topics, *r.review.topics)}

    def summary(self) -> str:
        since = f" since {self.since}" if self.since else ""
        places = f"{self.partnerships} partnership{'s' if self.partnerships != 1 else ''}"
        return f"Recommended {self.times} times{since} in {places}"


_WORD = re.compile(r"[a-z][a-z0-9]+")


def _stems(text: str) -> list[str]:
    """The words that carry a text's meaning, each reduced to its stem ("referrals", "referred"
    and "refer" are one word): accents and case folded, stop words left out."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, strip_accents_unicode
    words = _WORD.findall(strip_accents_unicode(text.lower()).replace("'", "").replace("\u2019", ""))
    known, stem = _STEMS, _stemmer().stemWord
    out = []
    for w in words:
        if w in ENGLISH_STOP_WORDS:
            continue
        s = known.get(w)
        if s is None:
            s = known[w] = stem(w)
        out.append(s)
    return out


_STEMS: dict[str, str] = {}     # word → stem: plans repeat their words, the stemmer is pure Python


@functools.cache
def _stemmer():
    import snowballstemmer
    return snowballstemmer.stemmer("english")


def similar(texts: list[str], threshold: float):
    """The pairs of texts whose similarity is at least `threshold`, as a sparse n × n matrix
    (scipy CSR; row i holds i's like texts, itself left out)."""
    try:
        import numpy as np
        from scipy.sparse import csr_matrix, vstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        _stemmer()
    except ImportError as exc:     # an optional dependency: pip install 'actionplans[national]'
        raise LessonsUnavailable(str(exc)) from None
    n = len(texts)
    empty = csr_matrix((n, n), dtype=bool)
    if n < 2:
        return empty
    try:
        matrix = TfidfVectorizer(analyzer=_stems, sublinear_tf=True, dtype=np.float32).fit_transform(texts)
    except ValueError:          # no words at all (every text empty or stop words)
        return empty
    blocks = []
    for start in range(0, n, ROWS_AT_ONCE):
        block = (matrix[start:start + ROWS_AT_ONCE] @ matrix.T).tocsr()
        block.data = block.data >= threshold - 1e-6
        block.setdiag(False, k=start)       # a text is not a repeat of itself
        block.eliminate_zeros()
        blocks.append(block.astype(bool))
    return vstack(blocks, format="csr")


def group(recs: list[Recommendation], threshold: float) -> list[Lesson]:
    """The repeated lessons among `recs`, the most repeated first. Star clustering: the
    recommendation like the most others (from other reviews) leads a group of all those still
    ungrouped that are like it, then the next, and so on. Every member is like its group's
    leader, so groups do not drift along chains of near neighbours (joining every similar pair
    made one group of 3,000 of the synthetic corpus's 3,000 recommendations). A group is a
    repeated lesson only when its recommendations come from two reviews at least: a review that
    says one thing twice has not repeated a lesson."""
    import numpy as np
    like = similar([r.plain for r in recs], threshold)
    degree = np.diff(like.indptr)
    order = sorted(range(len(recs)), key=lambda i: (-int(degree[i]), recs[i].review.published or "9999", i))
    taken = np.zeros(len(recs), dtype=bool)
    lessons = []
    for leader in order:
        if taken[leader] or not degree[leader]:
            continue
        near = like.indices[like.indptr[leader]:like.indptr[leader + 1]]
        found = [leader, *sorted(int(j) for j in near[~taken[near]])]
        occurrences = [recs[i] for i in found]
        if len({r.review.key for r in occurrences}) < 2:
            continue
        taken[found] = True
        occurrences.sort(key=lambda r: (r.review.published or "9999", r.review.key, r.id))
        lessons.append(Lesson("", occurrences, recs[leader]))
    lessons.sort(key=lambda l: (-l.times, -l.partnerships, l.since or 9999, l.occurrences[0].key))
    for n, lesson in enumerate(lessons, 1):
        lesson.id = f"lesson-{n}"
    return lessons
