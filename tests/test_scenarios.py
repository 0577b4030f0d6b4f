"""The rehearsal's cast: tactics, the case-study scenarios and the lines they escalate through."""

import pytest

from assistant.errors import InputError
from assistant.rules import load_rulebook
from assistant.scenarios import GENERIC_LINES, SCENARIOS, TACTICS, require_tactic, scripted_line

RULEBOOK = load_rulebook()


@pytest.mark.parametrize(
    ("scenario", "tactic"),
    [(scenario_id, tactic) for scenario_id, s in SCENARIOS.items() for tactic in s.lines],
)
def test_a_scenarios_line_escalates_then_repeats_its_last(scenario, tactic):
    lines = SCENARIOS[scenario].lines[tactic]
    heard = [scripted_line(scenario, tactic, turn) for turn in range(len(lines) + 3)]
    assert heard[: len(lines)] == lines
    assert heard[len(lines) :] == [lines[-1]] * 3
    assert len(set(lines)) == len(lines)  # each turn says something new until the end


@pytest.mark.parametrize("tactic", TACTICS)
def test_an_unknown_scenario_plays_the_generic_lines(tactic):
    heard = [scripted_line("custom", tactic, turn) for turn in range(4)]
    assert heard == GENERIC_LINES[tactic] + [GENERIC_LINES[tactic][-1]]


def test_a_scenario_without_lines_for_the_tactic_plays_the_generic_ones():
    assert "guilt_tripping" not in SCENARIOS["car_dealer"].lines
    assert scripted_line("car_dealer", "guilt_tripping", 1) == GENERIC_LINES["guilt_tripping"][1]


def test_the_scenarios_own_lines_come_before_the_generic_ones():
    assert scripted_line("job_offer", "false_urgency", 0) == (
        "I need your answer by end of day, or we move to the next candidate."
    )
    assert scripted_line("job_offer", "false_urgency", 0) != GENERIC_LINES["false_urgency"][0]


@pytest.mark.parametrize("tactic", ["flattery", "", "False_Urgency", "guilt tripping"])
def test_an_unknown_tactic_is_refused_with_the_known_ones_listed(tactic):
    with pytest.raises(InputError, match="choose one of: false_urgency, high_pressure_sales"):
        require_tactic(tactic)
    with pytest.raises(InputError, match="Unknown tactic"):
        scripted_line("car_dealer", tactic, 0)


@pytest.mark.parametrize("tactic", TACTICS)
def test_every_known_tactic_is_accepted_and_has_a_line_for_every_turn(tactic):
    require_tactic(tactic)
    assert all(scripted_line("custom", tactic, turn).strip() for turn in range(5))


def test_the_tactics_listed_are_exactly_those_with_generic_lines():
    assert sorted(TACTICS) == sorted(GENERIC_LINES)


@pytest.mark.parametrize("scenario_id", list(SCENARIOS))
def test_every_scenario_uses_known_tactics_and_a_real_lesson(scenario_id):
    scenario = SCENARIOS[scenario_id]
    assert scenario.id == scenario_id
    assert set(scenario.lines) <= set(TACTICS)
    assert all(scenario.lines.values())
    assert scenario.lesson_rule in RULEBOOK.rules
    assert RULEBOOK.get(scenario.lesson_rule).kind == "case_lesson"


@pytest.mark.parametrize("tactic", TACTICS)
def test_every_tactic_is_a_signal_of_the_rulebook(tactic):
    assert RULEBOOK.get(tactic).kind == "signal"
