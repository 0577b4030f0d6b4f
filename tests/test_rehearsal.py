"""Rehearsal: the coach's reading of one reply (with code's floor under any engine), and a
session that escalates through the scripted lines turn by turn."""

import pytest

from assistant import rehearsal
from assistant.coach import BETTER_REPLIES, FEEDBACK
from assistant.engines.fallback import WithFallback
from assistant.errors import InputError
from assistant.rehearsal import RehearsalSession, coach_reply
from assistant.scenarios import GENERIC_LINES, SCENARIOS
from assistant.schemas import Coaching

STRONG = "I understand, but I need 8,000 and some time to think. If the price changes, let me know."
CAVE = "Fine, I'll sign."
LINE = "This price is only good today."


# ---------------------------------------------------------------- coach_reply
def test_a_reply_that_caves_is_coached_on_holding_the_position(runtime):
    coaching = coach_reply(runtime, "false_urgency", LINE, CAVE)
    assert not coaching.good and "held_position" in coaching.failed
    assert coaching.better_reply == BETTER_REPLIES["false_urgency"]
    assert coaching.engine == "offline" and coaching.notices == []


def test_a_strong_reply_is_coached_as_good(runtime):
    coaching = coach_reply(runtime, "false_urgency", LINE, STRONG)
    assert coaching.good and coaching.failed == []


def test_a_reply_given_as_bytes_is_read_as_text(runtime):
    as_bytes = coach_reply(runtime, "false_urgency", LINE, STRONG.encode())
    assert as_bytes == coach_reply(runtime, "false_urgency", LINE, STRONG)


@pytest.mark.parametrize("tactic", ["flattery", "", "FALSE_URGENCY"])
def test_an_unknown_tactic_is_refused(runtime, tactic):
    with pytest.raises(InputError, match="Unknown tactic"):
        coach_reply(runtime, tactic, LINE, STRONG)


@pytest.mark.parametrize("tactic", ["below_minimum", "hidden_costs", "gut_feeling"])
def test_a_reply_to_any_sign_of_the_taxonomy_used_as_a_tactic_is_coached(runtime, tactic):
    coaching = coach_reply(runtime, tactic, "This is all we can offer.", CAVE)
    assert not coaching.good and "held_position" in coaching.failed
    assert coaching.better_reply


@pytest.mark.parametrize("reply", ["", "   \n\t", b"", b"  "])
def test_an_empty_reply_is_refused(runtime, reply):
    with pytest.raises(InputError, match="Type your reply"):
        coach_reply(runtime, "false_urgency", LINE, reply)


def test_a_binary_reply_is_refused(runtime):
    with pytest.raises(InputError, match="binary"):
        coach_reply(runtime, "false_urgency", LINE, b"\x00\x01ok")


class ScriptedCoach:
    """An engine whose coaching is given, to see what the code's floor and guard keep."""

    name = "llm"
    label = "scripted engine"

    def __init__(
        self, coaching: Coaching, line: str = "Sign now, the price is gone tomorrow."
    ) -> None:
        self.coaching = coaching
        self.line = line
        self.briefs: list[str] = []

    def coach(self, tactic, counterparty, reply):  # noqa: ANN001
        return self.coaching

    def play_counterparty(self, brief, tactic, history, scripted):  # noqa: ANN001
        self.briefs.append(brief)
        return self.line


@pytest.fixture
def scripted(monkeypatch):
    def use(coaching: Coaching, **kwargs) -> ScriptedCoach:
        engine = ScriptedCoach(coaching, **kwargs)
        monkeypatch.setattr(
            rehearsal,
            "select_engine",
            lambda rt, engine_name=None: WithFallback(engine, rt.offline),
        )
        return engine

    return use


def praise(better_reply: str = BETTER_REPLIES["false_urgency"]) -> Coaching:
    return Coaching(
        good=True,
        failed=[],
        feedback=["Great reply."],
        rule_ids=["strategic_confident_polite"],
        better_reply=better_reply,
        engine="llm",
    )


def test_an_engine_cannot_talk_away_a_concession(runtime, scripted):
    scripted(praise())
    coaching = coach_reply(runtime, "false_urgency", LINE, CAVE)
    assert not coaching.good and coaching.failed == ["held_position"]
    assert coaching.feedback == ["Great reply.", FEEDBACK["held_position"]]
    assert set(coaching.rule_ids) == set(
        runtime.rulebook.rubric_rules("rehearsal", "held_position")
    )
    assert coaching.engine == "llm"


def test_an_engine_cannot_talk_away_hostility(runtime, scripted):
    scripted(praise())
    coaching = coach_reply(runtime, "intimidation", LINE, "You're a crook and a liar!!")
    assert not coaching.good and coaching.failed == ["stayed_calm"]


def test_an_engines_praise_of_a_strong_reply_stands(runtime, scripted):
    scripted(praise())
    coaching = coach_reply(runtime, "false_urgency", LINE, STRONG)
    assert coaching.good and coaching.feedback == ["Great reply."] and coaching.notices == []


@pytest.mark.parametrize("better", ["Fine, I'll sign.", "Tell them it's a RIP-OFF!!"])
def test_a_suggested_reply_that_gives_ground_or_escalates_is_replaced(runtime, scripted, better):
    scripted(praise(better_reply=better))
    coaching = coach_reply(runtime, "false_urgency", LINE, STRONG)
    assert coaching.better_reply == BETTER_REPLIES["false_urgency"]
    assert [notice.code for notice in coaching.notices] == ["guard_replaced"]


# ---------------------------------------------------------------- RehearsalSession
def test_a_session_of_eight_turns_reacts_and_never_repeats_a_line(runtime):
    session = RehearsalSession(scenario="car_dealer", tactic="false_urgency")
    heard = []
    for reply in [
        STRONG,
        "Hmm.",
        STRONG,
        "You are a liar",
        "Hmm, not sure.",
        STRONG,
        "Hmm.",
        STRONG,
    ]:
        heard.append(session.next_line(runtime))
        session.answer(runtime, reply)
    assert len(set(heard)) == 8
    assert heard[0] == SCENARIOS["car_dealer"].lines["false_urgency"][0]
    assert "22,900" in heard[1]  # a strong reply earns the scenario's real counter-offer
    assert [turn["counterparty"] for turn in session.turns] == heard


def test_the_pending_line_is_stable_until_it_is_answered(runtime):
    session = RehearsalSession(scenario="job_offer", tactic="guilt_tripping")
    first = session.next_line(runtime)
    assert session.next_line(runtime) == first and session.next_line() == first
    assert session.turns == []
    session.answer(runtime, "Hmm.")
    assert session.pending is None
    assert session.next_line(runtime) == SCENARIOS["job_offer"].lines["guilt_tripping"][1]


def test_answering_without_asking_for_the_line_answers_the_scripted_one(runtime):
    session = RehearsalSession(scenario="supplier", tactic="intimidation")
    session.answer(runtime, STRONG)
    assert session.turns[0]["counterparty"] == SCENARIOS["supplier"].lines["intimidation"][0]
    assert session.turns[0]["reply"] == STRONG


def test_a_line_can_be_read_without_a_runtime(runtime):
    session = RehearsalSession(scenario="car_dealer", tactic="take_it_or_leave_it")
    assert session.next_line() == SCENARIOS["car_dealer"].lines["take_it_or_leave_it"][0]


@pytest.mark.parametrize(
    ("scenario", "tactic"),
    [
        ("custom", "guilt_tripping"),
        ("car_dealer", "intimidation"),
        ("job_offer", "ignores_concerns"),
    ],
)
def test_a_scenario_without_lines_for_the_tactic_falls_back_to_the_generic_lines(
    runtime, scenario, tactic
):
    session = RehearsalSession(scenario=scenario, tactic=tactic, custom_brief="You sell a boat.")
    heard = []
    for _ in range(3):
        heard.append(session.next_line(runtime))
        session.answer(runtime, "Hmm.")  # unmoved, it escalates through its lines
    assert heard == GENERIC_LINES[tactic]


def test_the_scorecard_counts_turns_and_good_replies_and_keeps_the_better_replies(runtime):
    session = RehearsalSession(scenario="car_dealer", tactic="false_urgency")
    assert session.scorecard() == {"turns": 0, "good": 0, "better_replies": []}
    session.answer(runtime, STRONG)
    session.answer(runtime, CAVE)
    session.answer(runtime, STRONG)
    card = session.scorecard()
    assert (card["turns"], card["good"]) == (3, 2)
    assert card["better_replies"] == [
        {
            "counterparty": session.turns[1]["counterparty"],
            "better_reply": BETTER_REPLIES["false_urgency"],
        }
    ]
    assert "22,900" in session.turns[1]["counterparty"]  # the strong first reply moved them


def test_each_turn_keeps_its_coaching(runtime):
    session = RehearsalSession(scenario="car_dealer", tactic="false_urgency")
    coaching = session.answer(runtime, CAVE)
    assert session.turns[0]["coaching"] == coaching.model_dump()
    assert session.turns[0]["coaching"]["failed"][0] == "held_position"


def test_an_unknown_tactic_cannot_start_a_line(runtime):
    session = RehearsalSession(scenario="car_dealer", tactic="flattery")
    with pytest.raises(InputError, match="Unknown tactic"):
        session.next_line(runtime)


def test_the_engine_plays_the_counterparty_from_the_brief_it_is_given(runtime, scripted):
    engine = scripted(praise(), line="Sign now, the price is gone tomorrow.")
    custom = RehearsalSession(scenario="custom", tactic="false_urgency", custom_brief="A boat.")
    known = RehearsalSession(scenario="supplier", tactic="false_urgency")
    unknown = RehearsalSession(scenario="custom", tactic="false_urgency")
    assert custom.next_line(runtime) == "Sign now, the price is gone tomorrow."
    known.next_line(runtime)
    unknown.next_line(runtime)
    assert engine.briefs == ["A boat.", SCENARIOS["supplier"].brief, "A negotiation."]


def test_an_empty_line_from_the_engine_falls_back_to_the_script(runtime, scripted):
    scripted(praise(), line="")
    session = RehearsalSession(scenario="custom", tactic="take_it_or_leave_it")
    assert session.next_line(runtime) == GENERIC_LINES["take_it_or_leave_it"][0]


@pytest.mark.parametrize(
    "reply",
    [
        "Entiendo que la oferta vence hoy, pero necesito el contrato por escrito y un par de "
        "días para revisarlo. Si sigue en pie el jueves, lo hablamos.",
        "Je comprends, mais je ne signe rien aujourd'hui : j'ai besoin du devis détaillé. "
        "Si l'offre tient jusqu'à lundi, on en reparle.",
    ],
)
def test_the_learned_coach_hears_a_firm_calm_reply_in_other_languages(runtime, reply):
    assert coach_reply(runtime, "false_urgency", "Solo hoy.", reply).good


def test_the_learned_coach_is_the_offline_engines_when_its_tagger_is_here(runtime):
    from assistant.reply_reader import load_reply_reader

    assert load_reply_reader(runtime.get_heads_tagger()) is not None


def test_a_line_the_engine_already_said_gives_way_to_the_script(runtime, scripted):
    scripted(praise(), line="Ten more minutes, then it's gone.")
    session = RehearsalSession(scenario="custom", tactic="false_urgency")
    heard = []
    for _ in range(3):
        heard.append(session.next_line(runtime))
        session.answer(runtime, "Hmm.")
    assert heard[0] == "Ten more minutes, then it's gone."
    assert len(set(heard)) == 3
