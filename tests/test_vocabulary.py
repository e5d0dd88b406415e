"""The fixed words (statuses, review types, agency kinds, pattern names) have one source,
data/vocabulary.yaml: a set of them is never written out again in Python, and the rules that
depend on a status's role (closed, done, dated, needs an outcome) read the role, not the id."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

import actionplans
from actionplans.content import schema as S
from actionplans.core import vocabulary as V
from actionplans.core.diagnostics import Diagnostics
from actionplans.content.validate import read_content

PACKAGE = Path(actionplans.__file__).parent
WORDS = {"status": set(V.STATUS_ORDER), "review type": set(V.REVIEW_TYPES),
         "agency kind": set(V.AGENCY_KINDS), "pattern": set(V.PATTERN_NAMES)}


def restated(source: str) -> list[tuple[int, str]]:
    """Tuple, list and set literals (and ' | '-joined hints) naming two or more words of one kind."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            texts = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and " | " in node.value:
            texts = [t.strip() for t in node.value.split("|")]
        else:
            continue
        for kind, words in WORDS.items():
            if kind == "agency kind" and "other" in texts and len(set(texts) & words) < 3:
                continue        # 'other' alone is an ordinary word
            if len(set(texts) & words) >= 2:
                found.append((node.lineno, kind))
    return found


# privacy/patterns.py describes each pattern beside its name (the privacy owner's file): the
# list there is held to the vocabulary's below instead
KNOWN = {("privacy/patterns.py", "pattern")}


def test_no_set_of_fixed_words_is_written_out_in_the_package():
    found = [f"{path.relative_to(PACKAGE)}:{line}: {kind}s" for path in sorted(PACKAGE.rglob("*.py"))
             for line, kind in restated(path.read_text(encoding="utf-8"))
             if (str(path.relative_to(PACKAGE)), kind) not in KNOWN]
    assert found == [], "read these from actionplans.core.vocabulary (data/vocabulary.yaml)"


def test_the_scan_finds_what_it_is_for():
    assert restated('x = s in ("complete", "complete-ongoing")\n') == [(1, "status")]
    assert restated('hint = "dhr | dardr | sar | cspr | other"\n') == [(1, "review type")]
    assert restated('x = ["email", "phone"]\n') == [(1, "pattern")]
    assert restated('x = s == "complete"\n') == []


def test_the_format_takes_its_choices_from_the_vocabulary():
    data = yaml.safe_load((PACKAGE / "data" / "vocabulary.yaml").read_text(encoding="utf-8"))
    assert S.ACTION.fields["status"].type.values == tuple(s["id"] for s in data["statuses"])
    assert S.REVIEW.fields["type"].type.values == tuple(t["id"] for t in data["review_types"])
    assert S.AGENCY.fields["kind"].type.values == tuple(k["id"] for k in data["agency_kinds"])
    assert S.REDACTION.fields["patterns"].type.item.values == tuple(data["personal_data_patterns"])


def test_the_privacy_patterns_are_the_vocabulary_s():
    from actionplans.privacy.patterns import ALL_PATTERNS
    assert ALL_PATTERNS == V.PATTERN_NAMES


def test_status_rules_follow_the_roles(tmp_path, monkeypatch):
    """A status given a role in the vocabulary gets the rules of that role: here 'in-progress'
    made to need an outcome and a completed date, as 'not-achieved' and 'complete' do."""
    monkeypatch.setattr("actionplans.content.crosscheck.NEEDS_OUTCOME", frozenset({"in-progress"}))
    monkeypatch.setattr("actionplans.content.crosscheck.DATED", frozenset({"in-progress"}))
    import shutil
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", content)
    review = next((content / "reviews").glob("*.yaml"))
    text = review.read_text(encoding="utf-8")
    assert "status: in-progress" in text
    diags = Diagnostics()
    read_content(content, diags, lenient=True)
    messages = {d.message for d in diags.items}
    assert "an action 'in-progress' needs an 'outcome' saying why" in messages
    assert "this action is 'in-progress' but has no 'completed' date" in messages
