"""The offline coach: a reply to a pressure tactic read on the rehearsal rubric in code."""

import pytest

from assistant.coach import BETTER_REPLIES, FEEDBACK, GENERIC_BETTER_REPLY, read_reply
from assistant.rules import load_rulebook
from assistant.scenarios import COACHED_TACTICS, TACTICS

RULEBOOK = load_rulebook()
STRONG = "I understand, but I need 8,000 and some time to think. If the price changes, let me know."
STRONG_RULES = ["strategic_confident_polite", "strategic_keep_door_open"]


def read(reply: str, tactic: str = "false_urgency"):
    return read_reply(RULEBOOK, tactic, reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Fine, I'll sign.",
        "Okay, I'll take it.",
        "Sure, let's sign.",
        "Where do I sign?",
        "You're right. Send over the paperwork.",
        "Whatever you say.",
        "I give up, I accept.",
    ],
)
def test_a_reply_that_caves_fails_held_position_and_the_tactic(reply):
    coaching = read(reply)
    assert "held_position" in coaching.failed and "resisted_tactic" in coaching.failed
    assert not coaching.good


@pytest.mark.parametrize(
    "reply",
    [
        "I won't sign before I see it in writing.",
        "Before I accept, I need the terms in writing.",
        "I'd never say I'll sign under pressure.",
        "I can't accept at that price.",
        "I don't agree, and I'm not going to rush.",
        "If you can waive the fee in writing, I'll go ahead with the policy today.",
        "Our budget is fixed; once the install is included, we'll sign.",
        "Si vous retirez cette clause, je signe cette semaine.",
    ],
)
def test_a_conditional_or_negated_yes_is_not_a_concession(reply):
    assert "held_position" not in read(reply).failed


@pytest.mark.parametrize("reply", ["Why not. I'll sign.", "I don't know. Okay, I'll sign."])
def test_a_concession_after_an_earlier_sentence_is_still_a_concession(reply):
    assert "held_position" in read(reply).failed


def test_no_way_ill_sign_is_not_a_concession():
    reply = "There's no way I'll sign today; I need 8,000. Let me know if that changes."
    assert "held_position" not in read(reply).failed


@pytest.mark.parametrize(
    "reply",
    [
        "This is RIDICULOUS, you're a crook!!",
        "Are you kidding me? That's a joke.",
        "How dare you talk to me like that.",
        "Go to hell, I need 8,000.",
    ],
)
def test_a_hostile_reply_fails_stayed_calm_but_not_the_tactic(reply):
    coaching = read(reply, "intimidation")
    assert "stayed_calm" in coaching.failed and "door_open" in coaching.failed
    assert "held_position" not in coaching.failed
    assert "resisted_tactic" not in coaching.failed  # it did not yield to the tactic


@pytest.mark.parametrize(
    "reply",
    [
        "I need to go to the bank first; I need 8,000. Let me know if that changes.",
        "I need the full HVAC inspection report first. Let me know if that changes.",
    ],
)
def test_a_calm_reply_with_an_errand_or_an_acronym_stays_calm(reply):
    assert "stayed_calm" not in read(reply).failed


@pytest.mark.parametrize(
    ("tactic", "reply"),
    [
        ("false_urgency", STRONG),
        ("take_it_or_leave_it", "I can't accept at that price; I need 8,000. Let me know if that changes."),
        ("guilt_tripping", "I appreciate what you've done, but I need 8,000. Can we look at it together?"),
        ("high_pressure_sales", "I won't sign today. I need the full terms in writing; let me know when you have them."),
    ],
)  # fmt: skip
def test_a_calm_firm_reply_with_a_need_and_an_open_door_is_good(tactic, reply):
    coaching = read(reply, tactic)
    assert coaching.good and coaching.failed == []
    assert coaching.feedback == [
        "Strong reply: you held your position calmly, named what you need and kept the door open."
    ]
    assert coaching.rule_ids == STRONG_RULES
    assert set(STRONG_RULES) <= set(RULEBOOK.rules)


def test_an_apology_to_a_guilt_trip_fails_the_tactic_and_only_there():
    reply = "I'm so sorry, I feel terrible. I need 8,000 though. Can we talk?"
    assert read(reply, "guilt_tripping").failed == ["resisted_tactic"]
    assert read(reply, "intimidation").good


def test_a_reply_that_names_no_need_fails_named_need():
    coaching = read("I won't be rushed. Let me know if anything changes.")
    assert coaching.failed == ["named_need"]


def test_a_reply_that_closes_the_door_fails_door_open():
    coaching = read("I won't be rushed; I need 8,000.")
    assert coaching.failed == ["door_open"]


def test_a_vague_reply_fails_the_tactic_as_well():
    assert read("ok").failed == ["named_need", "resisted_tactic", "door_open"]


@pytest.mark.parametrize(
    "reply",
    [
        "Fine, I'll sign.",
        "This is RIDICULOUS!!",
        "I'm so sorry.",
        "I won't be rushed; I need 8,000.",
        "ok",
        STRONG,
    ],
)
def test_each_feedback_line_answers_one_failed_item_in_order(reply):
    coaching = read(reply, "guilt_tripping")
    if coaching.failed:
        assert len(coaching.feedback) == len(coaching.failed)
        for line, item in zip(coaching.feedback, coaching.failed, strict=True):
            assert line.endswith(FEEDBACK[item])
    else:
        assert len(coaching.feedback) == 1 and coaching.feedback[0].startswith("Strong reply")


@pytest.mark.parametrize(
    "reply", ["Fine, I'll sign.", "This is RIDICULOUS!!", "I'm so sorry.", "ok", "I need 8,000."]
)
def test_the_rules_cited_are_the_rehearsal_rubrics_rules_for_the_failed_items(reply):
    coaching = read(reply, "guilt_tripping")
    expected = {
        rule for item in coaching.failed for rule in RULEBOOK.rubric_rules("rehearsal", item)
    }
    assert coaching.failed and set(coaching.rule_ids) == expected
    assert coaching.rule_ids == sorted(coaching.rule_ids)
    assert set(coaching.rule_ids) <= set(RULEBOOK.rules)


@pytest.mark.parametrize("tactic", TACTICS)
def test_the_coach_suggests_the_playbook_reply_for_the_tactic(tactic):
    coaching = read("Fine, I'll sign.", tactic)
    assert coaching.better_reply == BETTER_REPLIES[tactic]
    assert coaching.engine == "offline"


def test_every_tactic_the_counterparty_plays_has_a_better_reply_of_its_own():
    assert set(TACTICS) <= set(BETTER_REPLIES) <= set(COACHED_TACTICS)


def _suggested(tactic: str) -> str:
    return BETTER_REPLIES.get(tactic, GENERIC_BETTER_REPLY)


@pytest.mark.parametrize("tactic", COACHED_TACTICS)
def test_the_suggested_reply_for_each_tactic_holds_the_position_calmly(tactic):
    coaching = read("Fine, I'll sign.", tactic)
    assert coaching.better_reply == _suggested(tactic)
    failed = read(_suggested(tactic), tactic).failed
    assert "held_position" not in failed and "stayed_calm" not in failed


@pytest.mark.parametrize("tactic", COACHED_TACTICS)
def test_the_suggested_reply_for_each_tactic_is_itself_a_strong_reply(tactic):
    assert read(_suggested(tactic), tactic).good


@pytest.mark.parametrize(
    "reply",
    [
        "My absolute max is 20,000.",
        "Honestly the most I can pay is 1,800 a month.",
        "Mi máximo son 15.000 euros.",
    ],
)
def test_a_reply_that_tells_them_the_users_limit_is_flagged(reply):
    feedback = read(reply).feedback
    assert any("walk-away number" in line for line in feedback), feedback


@pytest.mark.parametrize(
    "reply", ["I can't sign today; send the terms in writing.", "We'd like 25,000 for it."]
)
def test_a_reply_that_names_no_limit_of_the_users_is_not_flagged(reply):
    assert not any("walk-away number" in line for line in read(reply).feedback)


def test_asking_for_a_day_to_think_resists_the_tactic():
    assert "resisted_tactic" not in read("I'd like to take a day to think.", "intimidation").failed


def test_a_concession_in_other_words_and_languages_is_caving():
    for reply in (
        "ok whatever just send it, we'll sign",
        "We accept.",
        "Vale, firmo hoy.",
        "D'accord, je signe.",
    ):
        assert "held_position" in read(reply).failed, reply
    assert "held_position" not in read("I won't sign today; send it in writing.").failed


def test_feedback_quotes_what_it_is_about_so_it_differs_with_the_reply():
    one = read("Fine, I'll sign.").feedback[0]
    other = read("Okay, let's do it.").feedback[0]
    assert one.startswith("“Fine, I'll sign”") and one != other
    assert read("This is RIDICULOUS!!", "intimidation").feedback[0].startswith("“")


class _Agreeable:
    """A learned reading that calls every reply good."""

    def read(self, tactic, reply, flags):
        from assistant.reply_reader import LearnedReply

        return LearnedReply(good=True, failed=[], likeliest="named_need", probabilities={})


def test_no_learned_reading_can_excuse_a_concession_or_hostility():
    caved = read_reply(RULEBOOK, "false_urgency", "Fine, I'll sign.", _Agreeable())
    rude = read_reply(RULEBOOK, "intimidation", "You are a liar and a crook.", _Agreeable())
    assert not caved.good and "held_position" in caved.failed
    assert not rude.good and "stayed_calm" in rude.failed


def test_a_good_reading_with_an_item_to_improve_says_both():
    class Mostly(_Agreeable):
        def read(self, tactic, reply, flags):
            from assistant.reply_reader import LearnedReply

            return LearnedReply(
                good=True, failed=["door_open"], likeliest="door_open", probabilities={}
            )

    coaching = read_reply(RULEBOOK, "false_urgency", "No. I need it in writing.", Mostly())
    assert coaching.good and coaching.failed == ["door_open"]
    assert coaching.feedback[0] == "To make it stronger:"
    assert "open if terms change" in coaching.feedback[1]


def test_a_reading_that_is_not_good_names_at_least_one_item():
    class Doubtful(_Agreeable):
        def read(self, tactic, reply, flags):
            from assistant.reply_reader import LearnedReply

            return LearnedReply(
                good=False, failed=[], likeliest="resisted_tactic", probabilities={}
            )

    coaching = read_reply(RULEBOOK, "false_urgency", "Hmm, let me see.", Doubtful())
    assert not coaching.good and coaching.failed == ["resisted_tactic"]
