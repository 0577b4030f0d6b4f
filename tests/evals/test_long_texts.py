"""The needle test of a screened reading runs, and measures what it says it does."""

from __future__ import annotations

from evals.cases import CritiqueCase
from evals.long_texts import run


def test_a_case_hidden_in_a_long_text_is_measured_read_whole_and_screened():
    cases = [
        CritiqueCase(
            id="needle-1",
            task="critique",
            text="The dealer said that if I don't sign by 5pm today the price goes up by 2,000.",
        ),
        CritiqueCase(id="needle-2", task="critique", text="We met for coffee and talked."),
    ]
    figures = run(cases)
    assert figures["cases"] == 2 and figures["haystack_chars"] > 20_000
    assert figures["screened_reading_told_every_time"] is True
    assert figures["complete_against_alone"]["kept"] == 1.0  # the needle's sign, read whole
    assert figures["screened_against_complete"]["signals"] >= 1
    # Nothing in the ordinary text decides a verdict: "we met for coffee" stays what it is
    # alone, not an accept carried by a sentence of the filler read as contentment.
    assert figures["verdict_agreement_complete_alone"] == 1.0
