"""The rehearsal's cast: tactics, the case-study scenarios and the lines they escalate through."""

import pytest

from assistant.errors import InputError
from assistant.rules import load_rulebook
from assistant.scenarios import (
    BRISTLING,
    CLOSING,
    GENERIC_LINES,
    SCENARIOS,
    TACTICS,
    next_scripted_line,
    require_tactic,
)

RULEBOOK = load_rulebook()


def turn(line: str, good: bool = False, failed: tuple[str, ...] = (), reply: str = "...") -> dict:
    return {
        "counterparty": line,
        "reply": reply,
        "coaching": {"good": good, "failed": list(failed)},
    }


def play(scenario: str, tactic: str, coachings: list[dict]) -> list[str]:
    """The lines heard over a session whose replies were coached as given."""
    turns: list[dict] = []
    for coaching in coachings:
        line = next_scripted_line(scenario, tactic, turns)
        turns.append(turn(line, **coaching))
    return [t["counterparty"] for t in turns]


VAGUE = {"failed": ("named_need",)}
STRONG = {"good": True}


@pytest.mark.parametrize(
    ("scenario", "tactic"),
    [(scenario_id, tactic) for scenario_id, s in SCENARIOS.items() for tactic in s.lines],
)
def test_unmoved_the_counterparty_escalates_through_its_ladder_first(scenario, tactic):
    lines = SCENARIOS[scenario].lines[tactic]
    assert play(scenario, tactic, [VAGUE] * len(lines)) == lines


@pytest.mark.parametrize("scenario", [*SCENARIOS, "custom"])
@pytest.mark.parametrize("tactic", TACTICS)
def test_eight_turns_never_repeat_a_line_whatever_the_replies(scenario, tactic):
    for replies in (
        [VAGUE] * 8,
        [STRONG] * 8,
        [VAGUE, STRONG] * 4,
        [{"failed": ("stayed_calm",)}] * 8,
    ):
        heard = play(scenario, tactic, replies)
        assert len(set(heard)) == 8, (replies[0], heard)


def test_a_reply_that_holds_firm_well_earns_a_counter_offer_with_the_scenarios_numbers():
    heard = play("car_dealer", "take_it_or_leave_it", [STRONG, STRONG, STRONG, STRONG])
    assert heard[1] == "Okay. I can do 22,900, and that's a real stretch for me."
    assert heard[2] == "Okay. I can do 22,300, and that's a real stretch for me."
    assert heard[3] == "21,800. That's truly as far as I can go."


def test_a_reply_that_caves_closes_the_deal_on_their_terms():
    caved = {"failed": ("held_position",), "reply": "Fine, I'll sign."}
    heard = play("job_offer", "false_urgency", [caved, VAGUE])
    assert heard[1] in CLOSING


def test_a_weak_reply_that_said_no_yes_does_not_close_the_deal():
    weak = {"failed": ("held_position", "named_need"), "reply": "Hmm."}
    heard = play("job_offer", "false_urgency", [weak, VAGUE])
    assert heard[1] not in CLOSING


def test_a_hostile_reply_meets_a_bristle():
    heard = play("supplier", "intimidation", [{"failed": ("stayed_calm",)}, VAGUE])
    assert heard[1] in BRISTLING


def test_an_unknown_scenario_plays_the_generic_lines():
    assert play("custom", "false_urgency", [VAGUE] * 3) == GENERIC_LINES["false_urgency"]


def test_the_scenarios_own_lines_come_before_the_generic_ones():
    assert next_scripted_line("job_offer", "false_urgency", []) == (
        "I need your answer by end of day, or we move to the next candidate."
    )


@pytest.mark.parametrize("tactic", ["flattery", "", "False_Urgency", "guilt tripping"])
def test_an_unknown_tactic_is_refused_with_the_known_ones_listed(tactic):
    with pytest.raises(InputError, match="choose one of: false_urgency, high_pressure_sales"):
        require_tactic(tactic)
    with pytest.raises(InputError, match="Unknown tactic"):
        next_scripted_line("car_dealer", tactic, [])


@pytest.mark.parametrize("tactic", TACTICS)
def test_every_known_tactic_is_accepted_and_has_a_line_for_every_turn(tactic):
    require_tactic(tactic)
    assert all(line.strip() for line in play("custom", tactic, [VAGUE] * 12))


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
