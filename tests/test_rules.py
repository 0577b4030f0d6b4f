import re

import pytest
import yaml

from assistant.config import KNOWLEDGE_DIR
from assistant.rules import Advice, disagreements, load_rulebook, load_taxonomy, normalise_quotes
from tests.conftest import SHARED

SOURCE_MD = KNOWLEDGE_DIR / "the-art-of-walking-away.md"


def test_every_taxonomy_signal_is_a_rule_of_the_rulebook():
    rulebook, taxonomy = load_rulebook(), load_taxonomy()
    for signal_id, body in taxonomy.signals.items():
        rule = rulebook.get(signal_id)
        assert rule.kind == "signal"
        assert rule.group == body["group"]
        assert len(rule.examples) >= 8, f"{signal_id} needs real-world examples"


def test_the_project_taxonomy_is_the_shared_contract():
    shared = SHARED / "eval-spec" / "taxonomy.yaml"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert yaml.safe_load(shared.read_text()) == load_taxonomy().model_dump()


def test_every_quote_is_verbatim_source_text():
    haystack = normalise_quotes(SOURCE_MD.read_text().replace("**", ""))
    for rule in load_rulebook().rules.values():
        for quote in rule.quotes:
            assert normalise_quotes(quote) in haystack, (rule.id, quote)


def test_every_section_path_names_real_headings():
    headings = {
        line.lstrip("#").strip()
        for line in SOURCE_MD.read_text().splitlines()
        if line.startswith("#")
    }
    for rule in load_rulebook().rules.values():
        for part in rule.section.split(" > "):
            assert part in headings, (rule.id, part)


def test_rubrics_cover_the_taxonomy_and_cite_existing_rules():
    rulebook, taxonomy = load_rulebook(), load_taxonomy()
    assert set(rulebook.rubrics["exit"]) == set(taxonomy.exit_rubric)
    assert set(rulebook.rubrics["rehearsal"]) == set(taxonomy.rehearsal_rubric)
    for rubric in rulebook.rubrics.values():
        for rule_ids in rubric.values():
            for rule_id in rule_ids:
                rulebook.get(rule_id)


def test_rulebook_covers_every_kind_of_rule_the_source_states():
    kinds = {rule.kind for rule in load_rulebook().rules.values()}
    assert {
        "signal",
        "exit_step",
        "professionalism_tip",
        "exit_phrase",
        "strategic_exit_step",
        "case_lesson",
    } <= kinds


def test_clean_source_restores_apostrophes_and_tables():
    text = SOURCE_MD.read_text()
    for dropped in ("youre", "doesnt", "youve", " its a", "Its Time"):
        assert dropped not in text
    assert len(re.findall(r"^\| --- \|", text, flags=re.M)) == 6
    assert text.count("\n- ") >= 20 and "\n1. Remain calm and professional" in text


def test_unknown_rule_id_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown rule id"):
        load_rulebook().get("no_such_rule")


def test_the_rulebook_the_code_and_the_taxonomy_agree():
    assert disagreements(load_rulebook(), load_taxonomy()) == []


def test_a_signal_moved_to_another_group_is_reported():
    rulebook = load_rulebook()
    moved = rulebook.get("false_urgency").model_copy(update={"group": "unfair_terms"})
    changed = rulebook.model_copy(update={"rules": rulebook.rules | {"false_urgency": moved}})
    assert disagreements(changed, load_taxonomy()) == [
        "false_urgency is in group 'unfair_terms', not 'emotional_pressure'"
    ]


def test_a_signal_without_advice_or_with_advice_on_an_unknown_rule_is_reported():
    rulebook = load_rulebook()
    silent = rulebook.get("gut_feeling").model_copy(update={"advice": None})
    astray = rulebook.get("intimidation").model_copy(
        update={"advice": Advice(text="Leave.", rule="no_such_rule")}
    )
    changed = rulebook.model_copy(
        update={"rules": rulebook.rules | {"gut_feeling": silent, "intimidation": astray}}
    )
    assert set(disagreements(changed, load_taxonomy())) == {
        "gut_feeling has no advice",
        "intimidation's advice cites an unknown rule 'no_such_rule'",
    }


def test_a_taxonomy_with_a_new_signal_is_reported_against_the_rulebook_and_the_literal():
    taxonomy = load_taxonomy()
    grown = taxonomy.model_copy(
        update={"signals": taxonomy.signals | {"bait_and_switch": {"group": "unfair_terms"}}}
    )
    problems = disagreements(load_rulebook(), grown)
    assert any("signal ids differ" in p and "bait_and_switch" in p for p in problems)
    assert any(p.startswith("schemas.SignalId differs") for p in problems)


def test_the_policy_groups_are_the_rulebooks():
    from assistant import policy

    rulebook = load_rulebook()
    assert (
        policy.LEVERAGE
        == rulebook.group("leverage")
        == {
            "has_alternatives",
            "counterparty_hesitation",
        }
    )
    assert rulebook.group("unfair_terms") == policy.UNFAIR
