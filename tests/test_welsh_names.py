"""Declared names in Welsh text: soft, nasal and aspirate mutation change a name's first letter,
and each mutated form is replaced in redaction and caught by the output guard."""

from __future__ import annotations

import pytest

from actionplans.core.model import DeclaredName as ModelName
from actionplans.privacy.guard import guard_output
from actionplans.privacy.names.replacer import DeclaredName, Replacer
from actionplans.privacy.redact import RedactionLog
from actionplans.privacy.welsh import mutate, mutated_forms

# (name, mutation, mutated form) for every rule the mutations have
CASES = [
    ("Catrin", "soft", "Gatrin"), ("Pedr", "soft", "Bedr"), ("Tomos", "soft", "Domos"),
    ("Gwenllian", "soft", "Wenllian"), ("Bethan", "soft", "Fethan"), ("Dafydd", "soft", "Ddafydd"),
    ("Llinos", "soft", "Linos"), ("Meinir", "soft", "Feinir"), ("Rhodri", "soft", "Rodri"),
    ("Catrin", "nasal", "Nghatrin"), ("Pedr", "nasal", "Mhedr"), ("Tomos", "nasal", "Nhomos"),
    ("Gwenllian", "nasal", "Ngwenllian"), ("Bethan", "nasal", "Methan"), ("Dafydd", "nasal", "Nafydd"),
    ("Catrin", "aspirate", "Chatrin"), ("Pedr", "aspirate", "Phedr"), ("Tomos", "aspirate", "Thomos"),
    # a name written with K mutates as C does in Welsh text
    ("Karen", "soft", "Garen"), ("Karen", "nasal", "Ngharen"), ("Karen", "aspirate", "Charen"),
]


@pytest.mark.parametrize("name,kind,form", CASES)
def test_each_mutation_rule(name, kind, form):
    assert mutate(name, kind) == form
    assert mutate(name.upper(), kind) == form.upper()


def test_welsh_letters_that_do_not_mutate():
    for word in ("Charles", "Thomas", "Philip", "Ffion", "Nia", "Siân", "Jones", "K."):
        assert mutate(word, "soft") is None and mutate(word, "nasal") is None and mutate(word, "aspirate") is None
    assert mutate("Llinos", "nasal") is None and mutate("Rhodri", "aspirate") is None
    assert mutated_forms("Catrin") == ["Gatrin", "Nghatrin", "Chatrin"]


@pytest.mark.parametrize("name,kind,form", CASES)
def test_a_mutated_name_is_replaced_in_welsh_text(name, kind, form):
    replacer = Replacer([DeclaredName(f"{name} Morgan", "Oedolyn A")])
    text = f"Cyfarfu'r gweithiwr â {form} ddwywaith, ac wedyn â {form} Morgan."
    out, found = replacer.replace(text)
    assert form not in out and out.count("Oedolyn A") == 2
    assert [r.original for r in found] == [form, f"{form} Morgan"]


def test_mutated_surnames_and_the_english_text_left_alone():
    replacer = Replacer([DeclaredName("Catrin Bowen", "Oedolyn A")])
    assert replacer.replace("ym Mowen")[0] == "ym Oedolyn A"          # nasal mutation of the surname
    assert replacer.replace("i Fowen")[0] == "i Oedolyn A"            # soft
    # an ordinary English word that a mutation happens to make is not taken for the name
    assert Replacer([DeclaredName("Mair", "Oedolyn B")]).replace("Fair play, she said.")[0] == "Fair play, she said."


@pytest.mark.parametrize("name,kind,form", CASES)
def test_the_guard_catches_a_mutated_name_in_a_built_page(name, kind, form):
    log = RedactionLog(declared=[ModelName(f"{name} Morgan", "Oedolyn A")])
    page = f"<html lang=\"cy\"><body><main><p>Siaradodd yr heddlu â {form}.</p></main></body></html>"
    problems = guard_output({"cy/reviews/x/index.html": page.encode()}, None, log)
    assert any(form in p.message for p in problems), problems
    clean = guard_output({"cy/reviews/x/index.html": b"<html><body><p>Oedolyn A</p></body></html>"}, None, log)
    assert clean == []
