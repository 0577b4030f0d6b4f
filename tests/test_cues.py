"""Cue phrases: named, measured data, and the checks that take a phrase from the user's deal.

The phrases themselves are not restated here: each carries its own measurement (how often it
was right on corpus text it was not written from), and the data tests hold every cue to it.
"""

from __future__ import annotations

import re

import pytest

from assistant import cues
from assistant.caseless import Caseless, spelled_for_lowered_text
from assistant.cues import cue_matches, load_cues
from assistant.rules import load_rulebook
from training.corpus import Row, load_corpus
from training.cue_audit import MAX_CUES, MIN_HITS, MIN_PRECISION, audit


@pytest.fixture
def only(monkeypatch):
    """Replace the cue data with the given {signal: [pattern]} for one test."""

    def use(patterns: dict[str, list[str]]) -> None:
        monkeypatch.setattr(cues, "_patterns", lambda: patterns)
        forget_compiled()

    yield use
    forget_compiled()


def forget_compiled() -> None:
    cues._any_cue.cache_clear()
    cues._each_cue.cache_clear()


def test_the_cues_read_lowered_ascii_text_as_they_read_it_ignoring_case():
    assert all(spelled_for_lowered_text(cue.pattern) for cue in load_cues())
    assert not spelled_for_lowered_text("(?P<said_twice>Kelvin)")
    assert Caseless("(?P<said_twice>Kelvin)").lowered is None  # matched ignoring case
    sentences = [
        row.text.replace("’", "'")
        for row in load_corpus()
        if row.text.isascii() and row.split == "test"
    ]
    assert len(sentences) > 500
    for signal in cues._patterns():
        cue = cues._any_cue(signal)
        assert cue.lowered is not None and cue.needs  # the fast road, literals checked first
        for sentence in sentences:
            expected = [m.span() for m in cue.ignoring.finditer(sentence)]
            assert [m.span() for m in cue.finditer(sentence)] == expected


def test_every_cue_is_named_measured_data_within_the_budget():
    data = load_cues()
    signals = {rule.id for rule in load_rulebook().signals}
    assert 0 < len(data) <= MAX_CUES
    assert len({cue.id for cue in data}) == len(data)
    for cue in data:
        assert cue.signal in signals and cue.language in {"en", "es", "fr", "de", "pt", "it"}
        assert cue.weight >= MIN_PRECISION and cue.why.startswith("right on ")
        re.compile(cue.pattern)


def test_a_typographic_apostrophe_reads_like_a_typed_one(only):
    only({"take_it_or_leave_it": [r"won'?t budge"]})
    assert cue_matches("take_it_or_leave_it", "They won’t budge on the price.")


def test_a_cue_negated_just_before_it_does_not_count(only):
    only({"hidden_costs": [r"hidden fees?"]})
    assert not cue_matches("hidden_costs", "There were no hidden fees at all.")
    assert cue_matches("hidden_costs", "There were hidden fees everywhere.")


def test_a_negation_ends_at_the_clause_it_is_in(only):
    only({"hidden_costs": [r"booking fee"]})
    assert cue_matches("hidden_costs", "No deposit, but then came a surprise booking fee.")


def test_a_cue_that_starts_with_a_word_does_not_match_inside_another_word(only):
    only({"gut_feeling": [r"nagging"]})
    assert not cue_matches("gut_feeling", "The snagging list is long.")
    assert cue_matches("gut_feeling", "I have a nagging doubt.")


def test_the_users_own_floor_is_not_the_other_sides_last_word(only):
    only({"take_it_or_leave_it": [r"won'?t move"]})
    assert not cue_matches("take_it_or_leave_it", "I won't move for anything under 44k.")
    assert cue_matches("take_it_or_leave_it", "He won't move on the price.")


def test_a_charge_told_up_front_is_not_a_hidden_cost(only):
    only({"hidden_costs": [r"service charges?"]})
    assert not cue_matches("hidden_costs", "The agent sent the service charges up front.")


def row(text: str, *labels: str) -> Row:
    return Row(id=text, text=text, labels=labels)


def test_the_audit_keeps_a_cue_only_when_it_is_right_often_enough_on_enough_text():
    rows = [row(f"final offer number {i}", "take_it_or_leave_it") for i in range(MIN_HITS)]
    rows += [row(f"a fee {i}", "hidden_costs") for i in range(MIN_HITS)]
    rows += [row("a fee we knew about")]
    kept = audit({"take_it_or_leave_it": ["final offer"], "hidden_costs": ["fee"]}, rows)
    assert [cue["pattern"] for cue in kept] == ["final offer"]
    assert kept[0]["weight"] == 1.0 and kept[0]["id"] == "take_it_or_leave_it-01"


def test_the_audit_drops_a_cue_seen_too_rarely_to_measure():
    rows = [row("final offer", "take_it_or_leave_it")] * (MIN_HITS - 1)
    assert audit({"take_it_or_leave_it": ["final offer"]}, rows) == []
