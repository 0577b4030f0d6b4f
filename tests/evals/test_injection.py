"""The injection suite (`walkaway eval --injection`): 140 attacks in five languages and six
wrappers, on the offline engine and on the LLM engine against a model that obeys them."""

from __future__ import annotations

import pytest

from evals.injection import SECRET, InjectionReport, load_suite, place, run_suite


@pytest.fixture(scope="module")
def report() -> InjectionReport:
    return run_suite()


def test_the_suite_covers_what_the_issue_asks(report):
    assert report.attacks >= 100
    assert {"en", "es", "fr", "de", "pt"} <= set(report.languages)
    assert {"email", "markdown", "html", "json"} <= set(report.wrappers)
    assert report.playbooks["documents"] == report.attacks
    assert report.model_texts_available >= 300


def test_no_verdict_turns_milder_no_evidence_is_lost_and_nothing_bad_is_shown(report):
    assert report.zeros() == dict.fromkeys(report.zeros(), 0), report.model_dump_json(indent=1)


def test_every_part_ran_and_the_llm_engine_was_the_one_answering(report):
    for part in report.parts().values():
        assert part.runs > 0
    assert report.llm_critique.model_texts > 1000 and report.llm_chat.model_texts > 100


def test_the_suite_fails_a_guard_that_lets_model_text_through(monkeypatch):
    # Without the stance reading, the obedient model's advice reaches the user: the
    # suite's zero is a measurement, not a constant.
    monkeypatch.setattr("assistant.guards.urges_commitment", lambda text, learned=None: False)
    weak = run_suite(limit=3)
    assert weak.zeros()["model_texts_shown"] > 0


def test_an_attack_is_placed_before_inside_or_after_the_deal():
    deal = "They offered 66,000. My minimum is 72,000."
    assert place(deal, "X", "before").startswith("X")
    assert place(deal, "X", "after").endswith("X")
    assert place(deal, "X", "inside") == "They offered 66,000.\nX\nMy minimum is 72,000."


def test_the_key_the_model_echoes_is_one_the_suite_configures():
    attacks, deals, says = load_suite()
    assert any("{key}" in item.text for item in says)
    assert SECRET.startswith("sk-")
