"""Exit drafts: one per variant asked, each shaped for its channel and tone, and each one
through the guard (no limit, no rival offer, no invented fact, no burnt bridge)."""

import re

import pytest
from pydantic import ValidationError

from assistant import exits
from assistant.engines.fallback import WithFallback
from assistant.engines.protocol import DraftText
from assistant.errors import InputError
from assistant.exits import draft_exit
from assistant.guards import HOSTILE, RIVAL_OFFER
from assistant.phrasebook import phrasebook
from assistant.schemas import ExitRequest, ExitResult
from evals.judges import judge_exit

SITUATION = "They offered 23,000 for the van and my budget was 20,000. The terms don't work."
CHANNELS = ["email", "text", "phone"]
TONES = ["warm", "firm", "formal"]
GUARD_CHECKS = {
    "appreciation",
    "clear_decision",
    "door_open",
    "no_leak",
    "no_fabrication",
    "neutral_tone",
    "concise",
}


def drafted(runtime, situation: str = SITUATION, **fields) -> ExitResult:
    return draft_exit(runtime, ExitRequest(situation=situation, **fields))


def codes(result: ExitResult) -> list[str]:
    return [notice.code for notice in result.notices]


def full_text(result: ExitResult) -> list[str]:
    return [f"{draft.subject or ''}\n{draft.body}" for draft in result.drafts]


# ---------------------------------------------------------------- channels
@pytest.mark.parametrize("tone", TONES)
def test_an_email_has_a_subject_greets_the_counterparty_and_is_signed_by_the_sender(runtime, tone):
    draft = drafted(runtime, counterparty="Dana", sender="Sam Lee", tone=tone).drafts[0]
    assert draft.channel == "email" and draft.tone == tone
    assert draft.subject and draft.subject.strip()
    first_line = draft.body.splitlines()[0]
    assert first_line.endswith("Dana,") and first_line.split()[0] in {"Hi", "Hello", "Dear"}
    assert draft.body.endswith(f"{phrasebook()['en'].sign_off[tone]}\nSam Lee")
    assert draft.text.startswith(f"Subject: {draft.subject}\n\n")


@pytest.mark.parametrize("tone", TONES)
def test_a_text_message_is_one_short_paragraph_without_a_subject(runtime, tone):
    draft = drafted(runtime, counterparty="Dana", channel="text", tone=tone).drafts[0]
    assert draft.subject is None and draft.text == draft.body
    assert "\n" not in draft.body and len(draft.body) <= 480
    assert draft.body.startswith("Hi Dana, ")
    email = drafted(runtime, counterparty="Dana", tone=tone).drafts[0]
    assert len(draft.body) < len(email.body)


@pytest.mark.parametrize("tone", TONES)
def test_a_phone_draft_is_a_short_script_to_say_aloud(runtime, tone):
    draft = drafted(runtime, counterparty="Dana", channel="phone", tone=tone).drafts[0]
    lines = draft.body.splitlines()
    assert draft.subject is None
    assert lines[0] == "Hi Dana, thanks for taking my call."
    assert len(lines) >= 4 and len(draft.body.split()) <= 170
    assert lines[-1].startswith("(") and lines[-1].endswith(")")  # a stage direction


@pytest.mark.parametrize("channel", CHANNELS)
def test_each_tone_words_the_message_differently(runtime, channel):
    bodies = {drafted(runtime, channel=channel, tone=tone).drafts[0].body for tone in TONES}
    assert len(bodies) == len(TONES)


# ---------------------------------------------------------------- variants
@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("tone", "variants"),
    [(tone, n) for tone in TONES for n in (1, 2, 3)],
)
def test_asking_for_n_variants_gives_n_distinct_drafts(runtime, channel, tone, variants):
    result = drafted(runtime, channel=channel, tone=tone, variants=variants)
    assert len(result.drafts) == variants
    assert len({(d.subject, d.body) for d in result.drafts}) == variants
    assert result.notices == []


@pytest.mark.parametrize("variants", [4, 5])
def test_asking_for_four_or_five_variants_gives_that_many_drafts(runtime, variants):
    assert len(drafted(runtime, variants=variants).drafts) == variants


# ---------------------------------------------------------------- names
@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("tone", TONES)
def test_without_a_name_no_greeting_is_left_dangling(runtime, channel, tone):
    draft = drafted(runtime, channel=channel, tone=tone).drafts[0]
    assert not re.search(r"\b(Hi|Hello|Dear) ,", draft.body)
    assert " ," not in draft.body and "None" not in draft.body
    if channel == "text":
        assert draft.body.startswith("Thank")  # no greeting at all
    if channel == "phone":
        assert draft.body.startswith("Hi, thanks for taking my call.")


def test_without_a_sender_an_email_ends_at_the_sign_off(runtime):
    draft = drafted(runtime, tone="firm", counterparty="Dana").drafts[0]
    assert draft.body.endswith("\n\nBest,")


def test_a_name_is_written_with_its_spacing_tidied(runtime):
    draft = drafted(runtime, counterparty="  Dana \n  Ortiz ", channel="text").drafts[0]
    assert draft.body.startswith("Hi Dana Ortiz, ")


# "M° Alessandro Ferraresi" (an Italian maestro) was refused as an unsafe name and no draft
# was made at all (blind exit 23, x23-058).
@pytest.mark.parametrize(
    "name",
    [
        "José",
        "O'Brien",
        "Smith & Sons (UK)",
        "Dr. Anna-Lena Voß",
        "M° Alessandro Ferraresi",
        "D.ª Amélia Coutinho",
        "Marcel·lí Puig",
    ],
)
def test_names_with_accents_apostrophes_and_company_marks_are_accepted(runtime, name):
    draft = drafted(runtime, counterparty=name, sender=name).drafts[0]
    assert draft.body.splitlines()[0].endswith(f"{name},")
    assert draft.body.endswith(f"\n{name}")


@pytest.mark.parametrize(
    "name",
    ["<script>alert(1)</script>", "ann@example.com", "Bob; DROP TABLE", "Dana: ignore", "x" * 81],
)
@pytest.mark.parametrize("role", ["counterparty", "sender"])
def test_a_name_with_characters_a_name_should_not_have_is_refused(runtime, name, role):
    with pytest.raises(InputError, match="characters a name should not have"):
        drafted(runtime, **{role: name})


# "Jordan @ Peakline" stopped every draft as unsafe input (blind exit 26, x26-014).
def test_a_person_at_an_organisation_is_greeted_by_name(runtime):
    draft = drafted(runtime, counterparty="Jordan @ Peakline", channel="text").drafts[0]
    assert draft.body.startswith("Hi Jordan, ")


@pytest.mark.parametrize("name", ["Sue", "Studio 54"])
def test_an_ordinary_name_never_blocks_every_draft(runtime, name):
    assert drafted(runtime, counterparty=name, channel="text").drafts


@pytest.mark.parametrize("name", ["Sue", "Joke"])
def test_a_name_that_is_also_a_harsh_word_keeps_the_lines_the_user_asked_for(runtime, name):
    situation = (
        f"{name} runs the livery and is putting it up to 210 a week. I'd like to say I'll be "
        "moving Pepper at the end of August, and I'd like to keep my saddle there until the 31st."
    )
    result = draft_exit(
        runtime, ExitRequest(situation=situation, counterparty=name, channel="phone")
    )
    assert "saddle" in result.drafts[0].body


# ---------------------------------------------------------------- the situation
@pytest.mark.parametrize("situation", ["   ", "\n\t \n", "\u00a0\u3000 "])
def test_a_blank_situation_is_refused_with_a_clear_message(runtime, situation):
    with pytest.raises(InputError, match="Describe the situation first"):
        drafted(runtime, situation=situation)


def test_an_empty_situation_is_refused_by_the_request_itself():
    with pytest.raises(ValidationError):
        ExitRequest(situation="")


def test_a_plain_situation_gets_no_notices(runtime):
    assert drafted(runtime, variants=2).notices == []


@pytest.mark.parametrize(
    "situation",
    [
        "They are crooks, tell them off and make them feel it.",
        "The offer was an insult. I want to let him have it.",
        "Write something nasty, they wasted my time.",
    ],
)
@pytest.mark.parametrize("channel", CHANNELS)
def test_a_request_for_a_harsh_message_gets_a_notice_and_courteous_drafts(
    runtime, situation, channel
):
    result = drafted(runtime, situation=situation, channel=channel, variants=2)
    assert "harsh_request" in codes(result)
    for draft in result.drafts:
        assert HOSTILE.search(draft.body) is None
        assert judge_exit(channel, draft.subject, draft.body, situation)["neutral_tone"]


@pytest.mark.parametrize(
    "situation",
    [
        "Tell them I have another offer at 30,000 so they cave.",
        "Pretend I got a better offer from a competitor.",
        "Make up a deadline so they hurry.",
    ],
)
def test_a_request_to_invent_facts_gets_a_notice_and_no_draft_invents_them(runtime, situation):
    result = drafted(runtime, situation=situation, variants=3)
    assert "invention_request" in codes(result)
    for text in full_text(result):
        assert RIVAL_OFFER.search(text) is None
        assert "30,000" not in text and "30000" not in text
        judged = judge_exit("email", None, text, "")
        assert judged["no_fabrication"]


@pytest.mark.parametrize(
    ("situation", "limit"),
    [
        (SITUATION, r"20[,. ]?000|20k"),
        ("My floor is $72k. They offered 66,000 and the band is fixed.", r"72[,. ]?000|72k"),
        ("They want 900 a month; I won't pay more than 750.", r"\b750\b"),
    ],
)
@pytest.mark.parametrize("channel", CHANNELS)
def test_drafts_never_contain_the_limit_the_user_gave(runtime, situation, limit, channel):
    for text in full_text(drafted(runtime, situation=situation, channel=channel, variants=3)):
        assert not re.search(limit, text, re.I)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("tone", TONES)
def test_every_draft_passed_every_check_and_cites_real_rules(runtime, channel, tone):
    result = drafted(runtime, channel=channel, tone=tone, variants=2, counterparty="Dana")
    for draft in result.drafts:
        assert {check.id for check in draft.checks} == GUARD_CHECKS
        assert draft.passed and all(check.passed for check in draft.checks)
        assert draft.rule_ids and set(draft.rule_ids) <= set(runtime.rulebook.rules)
        assert draft.engine == "offline"


def test_an_unknown_engine_is_refused(runtime):
    with pytest.raises(InputError, match="Unknown engine"):
        draft_exit(runtime, ExitRequest(situation=SITUATION), engine="oracle")


# ---------------------------------------------------------------- the guard over an engine
class ScriptedEngine:
    """An engine whose drafts are given: the guard, not the engine, decides what is shown."""

    name = "llm"
    label = "scripted engine"

    def __init__(self, drafts: list[DraftText]) -> None:
        self.drafts = drafts

    def draft(self, request, counterparty, sender):  # noqa: ANN001
        return self.drafts


@pytest.fixture
def engine_drafts(monkeypatch, runtime):
    """Make draft_exit's chosen engine answer with the drafts a test gives it."""

    def use(*drafts: DraftText) -> None:
        scripted = ScriptedEngine(list(drafts))
        monkeypatch.setattr(
            exits,
            "select_engine",
            lambda rt, engine=None: WithFallback(scripted, rt.offline),
        )

    return use


GOOD = DraftText(
    subject="Thank you",
    body="Hi Dana, thank you for your time. The terms don't work for me, so I won't "
    "move forward. If circumstances change, let me know.",
)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("Thanks, but my budget was 20,000, so I won't go ahead.", "mentions your limit"),
        ("Thanks, but I have another offer, so I won't go ahead.", "mentions your limit"),
        ("Thanks, but I can do 21,500 at most. Let me know.", "invents numbers"),
        ("Thanks, but answer by Friday or I walk. Let me know.", "invents a deadline"),
        ("You crooks wasted my time. I won't go ahead.", "burns the bridge"),
    ],
)
def test_a_model_draft_that_fails_a_check_is_withheld_and_the_offline_wording_stands(
    runtime, engine_drafts, body, reason
):
    engine_drafts(DraftText(subject="Re: your offer", body=body))
    result = drafted(runtime)
    assert [draft.engine for draft in result.drafts] == ["offline"]
    assert body not in result.drafts[0].body
    withheld = [n.text for n in result.notices if n.code == "draft_withheld"]
    assert len(withheld) == 1 and reason in withheld[0]


def test_a_draft_that_names_the_users_limit_is_withheld(runtime, engine_drafts):
    engine_drafts(DraftText(subject="My budget", body="My budget was 20,000. Thank you."), GOOD)
    result = drafted(runtime)
    assert [draft.body for draft in result.drafts] == [GOOD.body]
    assert result.drafts[0].engine == "llm"
    assert "draft_withheld" in codes(result)


def test_a_model_email_without_a_subject_is_withheld(runtime, engine_drafts):
    engine_drafts(DraftText(subject=None, body=GOOD.body))
    result = drafted(runtime)
    assert result.drafts[0].engine == "offline" and result.drafts[0].subject
    assert "draft_withheld" in codes(result)


def test_a_repeated_model_draft_is_kept_once_and_the_offline_wording_fills_the_rest(
    runtime, engine_drafts
):
    engine_drafts(GOOD, GOOD)
    result = drafted(runtime, variants=3)
    assert [draft.engine for draft in result.drafts] == ["llm", "offline", "offline"]
    assert len({draft.body for draft in result.drafts}) == 3
    assert result.notices == []


def test_no_more_drafts_than_asked_are_returned(runtime, engine_drafts):
    other = GOOD.model_copy(update={"subject": "Thanks again"})
    engine_drafts(GOOD, other, GOOD.model_copy(update={"subject": "Following up"}))
    result = drafted(runtime, variants=2)
    assert [draft.subject for draft in result.drafts] == ["Thank you", "Thanks again"]


@pytest.mark.parametrize("channel", ["email", "text", "phone"])
def test_a_role_in_the_name_field_is_not_greeted_as_a_name(runtime, channel):
    request = ExitRequest(
        situation="Their renewal doubles the fee and locks us in for two years.",
        counterparty="the membership team",
        channel=channel,
    )
    body = draft_exit(runtime, request).drafts[0].body
    assert "the membership team," not in body.split("\n")[0]
    assert not re.match(r"^(?:Dear|Hi|Hello) the\b", body)


def test_a_role_in_the_name_field_gives_way_to_the_name_in_the_situation(runtime):
    request = ExitRequest(
        situation="text the roofer (Gary): not signing today, the quote is too high.",
        counterparty="the roofer",
        channel="text",
    )
    assert draft_exit(runtime, request).drafts[0].body.startswith("Hi Gary,")


def test_a_reference_is_quoted_beside_the_line_that_names_what_is_declined(runtime):
    body = (
        drafted(
            runtime,
            "Please draft a formal email to Mr. Okafor at Brightline Print declining the catalogue "
            "printing contract (ref BP-5531). The minimum run of 20,000 copies is too much for us.",
            tone="formal",
        )
        .drafts[0]
        .body
    )
    assert "catalogue printing contract" in body and "BP-5531" in body


def test_a_german_draft_quotes_the_member_number_in_german(runtime):
    body = (
        drafted(
            runtime,
            "Schreib eine Mail an Jonas vom Kletterzentrum Nordwand: Ich kündige meine "
            "Mitgliedschaft (Mitgliedsnr. KZ-2290) zum Ende des Quartals. Dank ihm für die gute "
            "Betreuung.",
        )
        .drafts[0]
        .body
    )
    assert "Zur Referenz: KZ-2290." in body and "For reference" not in body
