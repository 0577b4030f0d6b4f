"""The checks every output passes: verbatim evidence, the numbers' verdict, no pushy phrasing."""

import pytest

from assistant.guards import (
    DROPPED_SENTENCE,
    check_draft,
    contradicts_verdict,
    draft_leaks,
    enforce_numbers,
    guard_coaching,
    guard_critique,
    guard_stream,
    locate_verbatim,
    verified_findings,
)
from assistant.rules import load_rulebook
from assistant.schemas import Coaching, Critique, DealFacts, Finding, Leverage, Notice

TEXT = "The dealer said the price is  final. There is a $900 doc fee."


def finding(signal: str, evidence: str, score: float = 0.8, rule_id: str = "") -> Finding:
    return Finding(
        signal=signal, evidence=evidence, rule_id=rule_id or signal, explanation="", score=score
    )


def test_a_quote_is_found_despite_case_and_spacing_and_returned_as_written():
    assert locate_verbatim("the price is final.", TEXT) == "the price is  final."
    assert locate_verbatim("“There is a $900 doc fee.”", TEXT) == "There is a $900 doc fee."


def test_evidence_the_user_never_wrote_is_dropped():
    kept = verified_findings(
        [
            finding("take_it_or_leave_it", "the price is final."),
            finding("hidden_costs", "They added a $2,000 fee."),
        ],
        TEXT,
        load_rulebook(),
    )
    assert [f.signal for f in kept] == ["take_it_or_leave_it"]


def test_unknown_rules_are_dropped_and_the_best_of_duplicates_kept():
    rulebook = load_rulebook()
    kept = verified_findings(
        [
            finding("take_it_or_leave_it", "the price is final.", rule_id="made_up_rule"),
            finding("hidden_costs", "There is a $900 doc fee.", score=0.4),
            finding("hidden_costs", "a $900 doc fee", score=0.9),
        ],
        TEXT,
        rulebook,
    )
    assert [(f.signal, f.evidence) for f in kept] == [("hidden_costs", "a $900 doc fee")]


def test_the_numbers_decide_below_minimum_whatever_a_model_said():
    below = finding("below_minimum", "There is a $900 doc fee.")
    missed = DealFacts(minimum=1000, offer=900)
    met = DealFacts(minimum=800, offer=900)
    assert [f.signal for f in enforce_numbers([], missed, fallback=below)] == ["below_minimum"]
    assert enforce_numbers([below], met, fallback=None) == []
    assert enforce_numbers([below], DealFacts(), fallback=None) == [below]


def test_phrasing_that_pushes_to_accept_is_caught_unless_the_verdict_is_accept():
    assert contradicts_verdict("Honestly, it's a great deal, sign it.", "walk_away")
    assert not contradicts_verdict("Honestly, it's a great deal, sign it.", "accept")
    assert not contradicts_verdict("Step back and ask for a day to think.", "pause")


# ---------------------------------------------------------------- drafts
SITUATION = "They offered 23,000 for the van and my budget was 20,000. My target was 18,500."
LIMITS = DealFacts(maximum=20000, target=18500, offer=23000)


def failing(body: str, situation: str = SITUATION, facts: DealFacts = LIMITS) -> dict[str, str]:
    return {c.id: c.detail for c in draft_leaks(body, situation, facts) if not c.passed}


def test_a_courteous_draft_passes_the_guards_own_checks_in_order():
    checks = draft_leaks("Thank you. The terms don't work for me; let me know if that changes.",
                         SITUATION, LIMITS)  # fmt: skip
    assert [(c.id, c.passed) for c in checks] == [
        ("no_leak", True),
        ("no_fabrication", True),
        ("neutral_tone", True),
    ]


@pytest.mark.parametrize(
    ("facts", "body"),
    [
        (DealFacts(minimum=1200), "Thanks, but I need 1,200."),
        (DealFacts(minimum=72000), "Anything under 72k doesn't work."),
        (DealFacts(maximum=20000), "My budget was 20,000, so no."),
        (DealFacts(maximum=20000), "I can't go past 20000."),
        (DealFacts(target=18500), "I was hoping for $18,500."),
    ],
)
def test_a_draft_that_names_the_users_minimum_maximum_or_target_leaks(facts, body):
    situation = "My minimum is 1,200, my floor 72k, budget 20,000 and target 18,500; 20000."
    assert "no_leak" in failing(body, situation, facts)


@pytest.mark.parametrize(
    "body",
    [
        "I have another offer on the table.",
        "A competitor quoted me less.",
        "I found a better quote elsewhere.",
        "The other dealer was friendlier.",
    ],
)
def test_a_draft_that_mentions_another_offer_or_a_competitor_leaks(body):
    assert failing(body)["no_leak"] == "mentions your limit or your alternatives"


def test_the_other_sides_own_offer_may_be_named():
    assert failing("Your offer of 23,000 doesn't work for me.") == {}


@pytest.mark.parametrize("body", ["I could do 21,500.", "Thanks for the 30 minutes."])
def test_a_number_not_in_the_situation_is_a_fabrication(body):
    assert failing(body)["no_fabrication"].startswith("invents numbers")


@pytest.mark.parametrize(
    "body", ["Please answer by Friday.", "There is a deadline on my side.", "Reply within 3 days."]
)
def test_a_deadline_not_in_the_situation_is_a_fabrication(body):
    assert "no_fabrication" in failing(body)


def test_a_deadline_the_situation_gives_may_be_repeated():
    situation = "They want an answer by Friday and the price is 23,000."
    assert failing("I can't give an answer by Friday.", situation, DealFacts(offer=23000)) == {}


@pytest.mark.parametrize(
    "body", ["You crooks.", "This is a rip-off.", "Shame on you.", "I'll leave a bad review."]
)
def test_an_insult_burns_the_bridge(body):
    assert failing(body)["neutral_tone"].startswith("burns the bridge")


def test_a_double_exclamation_burns_the_bridge():
    assert "neutral_tone" in failing("Thanks, but no thanks!!")


@pytest.mark.parametrize(
    ("channel", "subject", "body", "passed"),
    [
        ("email", "Thank you", "word " * 200, True),
        ("email", "Thank you", "word " * 201, False),
        ("email", None, "Thank you. The terms don't work for me.", False),
        ("email", "", "Thank you. The terms don't work for me.", False),
        ("text", None, "x" * 480, True),
        ("text", None, "x" * 481, False),
        ("phone", None, "word " * 170, True),
        ("phone", None, "word " * 171, False),
    ],
)
def test_each_channel_has_its_length_limit_and_an_email_needs_a_subject(
    channel, subject, body, passed
):
    checks = check_draft(channel, subject, body, SITUATION, LIMITS)
    assert [c.id for c in checks] == [
        "appreciation", "clear_decision", "door_open", "no_leak", "no_fabrication", "neutral_tone",
        "concise",
    ]  # fmt: skip
    concise = checks[-1]
    assert concise.passed is passed and (concise.detail == "") is passed


def test_the_subject_of_an_email_is_checked_for_leaks_too():
    body = "Thank you. The terms don't work for me; if they change, let me know."
    checks = check_draft("email", "About my 20,000 budget", body, SITUATION, LIMITS)
    assert [c.id for c in checks if not c.passed] == ["no_leak"]


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ("Hi, we accept your offer.", ["appreciation", "clear_decision", "door_open"]),
        ("Minecraft: The Game of Life", ["appreciation", "clear_decision", "door_open"]),
        ("Thanks! Happy to sign whenever suits.", ["clear_decision", "door_open"]),
        ("The terms don't work for me. If that changes, let me know.", ["appreciation"]),
        ("Thank you, but I'll pass on this one.", ["door_open"]),
    ],
)
def test_a_draft_that_is_no_exit_message_is_withheld(body, missing):
    checks = check_draft("text", None, body, SITUATION, LIMITS)
    assert [c.id for c in checks if not c.passed] == missing


# ---------------------------------------------------------------- critiques
DEAL = "My floor is $72k. They offered 66,000. The recruiter says the band is fixed."
RULEBOOK_SUMMARY = "Walk away. The offer does not meet your own limit."
RULEBOOK_STEPS = ["Hold your limit.", "Leave the door open."]
SECRET = "sk-test-SECRET123456"


def a_critique(verdict: str = "walk_away", findings: list[Finding] | None = None) -> Critique:
    return Critique(
        verdict=verdict,
        confidence=0.9,
        summary=RULEBOOK_SUMMARY,
        findings=findings
        if findings is not None
        else [finding("take_it_or_leave_it", "The recruiter says the band is fixed.")],
        facts=DealFacts(minimum=72000, offer=66000),
        leverage=Leverage(),
        next_steps=RULEBOOK_STEPS,
        citations=[],
        engine="llm",
        notices=[Notice(code="guess_only", text="An earlier notice.")],
    )


@pytest.mark.parametrize(
    "summary",
    [
        "Honestly it's a great deal, accept it.",
        "Take the offer before it's gone.",
        "You should sign the contract.",
        "They are crooks.",
        "   ",
    ],
)
def test_a_summary_that_disagrees_with_the_verdict_is_replaced_with_a_notice(summary):
    guarded = guard_critique(a_critique(), summary, ["Ask for 72k in writing."], DEAL, "Walk away")
    assert guarded.summary == RULEBOOK_SUMMARY
    assert guarded.next_steps == RULEBOOK_STEPS
    assert [n.code for n in guarded.notices] == ["guess_only", "guard_replaced"]


def test_an_acceptable_summary_is_prefixed_by_the_verdict_words():
    guarded = guard_critique(
        a_critique(), "  The offer misses your floor.  ", [], DEAL, "Walk away"
    )
    assert guarded.summary == "Walk away. The offer misses your floor."
    assert guarded.next_steps == RULEBOOK_STEPS  # no steps given: the rulebook's stand
    assert [n.code for n in guarded.notices] == ["guess_only"]


def test_under_an_accept_verdict_wording_that_says_accept_stands():
    guarded = guard_critique(a_critique("accept"), "Accept the offer.", [], DEAL, "Accept")
    assert guarded.summary == "Accept. Accept the offer."


def test_at_most_four_of_a_models_steps_are_kept():
    steps = ["Ask for it in writing."] + [f"Step {n}." for n in range(5)]
    guarded = guard_critique(a_critique(), "It misses your floor.", steps, DEAL, "Walk away")
    assert guarded.next_steps == ["Ask for it in writing.", "Step 0.", "Step 1.", "Step 2."]


def test_one_step_that_contradicts_the_verdict_costs_the_model_all_its_wording():
    steps = ["Ask for 72k in writing.", "Go ahead and sign it now.", "Step 0."]
    guarded = guard_critique(a_critique(), "It misses your floor.", steps, DEAL, "Walk away")
    assert guarded.summary == RULEBOOK_SUMMARY and guarded.next_steps == RULEBOOK_STEPS
    assert [n.code for n in guarded.notices][-1] == "guard_replaced"


def test_a_step_that_states_the_users_limit_is_advice_to_leak_it():
    limit = a_critique().facts.minimum
    assert limit is not None
    steps = [f"Tell them your floor is {limit:,.0f}."]
    guarded = guard_critique(a_critique(), "It misses your floor.", steps, DEAL, "Walk away")
    assert guarded.next_steps == RULEBOOK_STEPS


def test_when_every_step_contradicts_the_verdict_the_rulebooks_steps_stand():
    guarded = guard_critique(a_critique(), "It misses.", ["Take the deal."], DEAL, "Walk away")
    assert guarded.next_steps == RULEBOOK_STEPS


def test_a_configured_secret_is_masked_in_the_summary_and_the_steps():
    guarded = guard_critique(
        a_critique(),
        f"Your key {SECRET} leaked; also hunter2-xyz.",
        [f"Rotate hunter2-xyz and {SECRET}."],
        DEAL,
        "Walk away",
        secrets=[SECRET, "hunter2-xyz", None],
    )
    assert SECRET not in guarded.summary and "hunter2-xyz" not in guarded.summary
    assert guarded.summary == "Walk away. Your key *** leaked; also ***."
    assert guarded.next_steps == ["Rotate *** and ***."]


def test_a_finding_whose_evidence_is_not_in_the_text_is_dropped():
    findings = [
        finding("take_it_or_leave_it", "the recruiter says the band is  fixed."),
        finding("false_urgency", "They said the offer expires tonight."),
    ]
    guarded = guard_critique(a_critique(findings=findings), None, [], DEAL, "Walk away")
    assert [f.signal for f in guarded.findings] == ["take_it_or_leave_it"]
    assert guarded.summary == RULEBOOK_SUMMARY and guarded.notices == a_critique().notices


def test_a_summary_that_warns_against_accepting_is_kept():
    guarded = guard_critique(
        a_critique(), "Do not accept the offer: it is below your floor.", [], DEAL, "Walk away"
    )
    assert guarded.summary == "Walk away. Do not accept the offer: it is below your floor."


# ---------------------------------------------------------------- coaching
def a_coaching(better_reply: str, feedback: list[str]) -> Coaching:
    return Coaching(
        good=False,
        failed=["named_need"],
        feedback=feedback,
        rule_ids=["tip_communicate_clearly"],
        better_reply=better_reply,
        engine="llm",
        notices=[Notice(code="engine_fallback", text="Earlier.")],
    )


def test_a_better_reply_that_holds_is_kept_with_secrets_masked():
    coaching = a_coaching(f"I need 8,000. {SECRET}", [f"Say your number ({SECRET})."])
    guarded = guard_coaching(coaching, "The playbook reply.", holds=True, secrets=[SECRET])
    assert guarded.better_reply == "I need 8,000. ***"
    assert guarded.feedback == ["Say your number (***)."]
    assert guarded.notices == coaching.notices and guarded.failed == ["named_need"]


def test_a_better_reply_that_does_not_hold_is_replaced_by_the_playbooks_with_a_notice():
    coaching = a_coaching("Fine, I'll sign.", ["Key hunter2-xyz."])
    guarded = guard_coaching(coaching, "The playbook reply.", holds=False, secrets=["hunter2-xyz"])
    assert guarded.better_reply == "The playbook reply."
    assert guarded.feedback == ["Key ***."]
    assert [n.code for n in guarded.notices] == ["engine_fallback", "guard_replaced"]


# ---------------------------------------------------------------- streamed text
STREAMED = (
    "Walk away: the offer misses your floor. Thank them, and say the terms don't work!\n"
    "Ask for anything new in writing? Then leave the door open… Good luck."
)


def chunked(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 13, 40, 1000])
def test_streamed_text_that_passes_comes_out_unchanged_whatever_the_piece_boundaries(size):
    out = list(guard_stream(chunked(STREAMED, size), "walk_away", secrets=[SECRET]))
    assert "".join(out) == STREAMED
    assert len(out) == 5  # one piece per sentence, whatever the chunks


def test_a_sentence_that_pushes_to_accept_ends_the_models_answer_with_a_note():
    pieces = ["Take a day to think. Ask why. Accept the", " deal now. Ask for it in writing."]
    out = list(guard_stream(pieces, "pause"))
    # the sentence before the push is held back with it: it may be its set-up
    assert out == ["Take a day to think. ", f"\n\n_Note: {DROPPED_SENTENCE.text}_"]


def test_a_set_up_is_shown_only_if_what_it_leads_to_passes():
    pieces = ["Sure, the penalty clause is steep, but what contract has none? ", "Go for it."]
    out = "".join(guard_stream(pieces, "pause"))
    assert "penalty" not in out and "_Note:" in out


def test_after_a_dropped_sentence_the_offline_answer_follows():
    out = "".join(
        guard_stream(["Sign it today. ", "Then relax."], "pause", instead=lambda: ["Wait a day."])
    )
    assert "Sign" not in out and "relax" not in out and out.endswith("Wait a day.")


def test_a_model_sentence_that_states_the_users_limit_is_left_out():
    out = "".join(guard_stream(["Say your max is 20,000. "], "pause", private=lambda: [20000.0]))
    assert "20,000" not in out and "_Note:" in out


def test_the_note_is_appended_once_however_many_sentences_are_dropped():
    out = list(guard_stream(["Accept the deal now. Go ahead. ", "It's a great offer."], "pause"))
    assert out == [f"\n\n_Note: {DROPPED_SENTENCE.text}_"]


def test_under_an_accept_verdict_the_same_sentence_passes():
    assert list(guard_stream(["Accept the deal now."], "accept")) == ["Accept the deal now."]


def test_a_secret_split_across_pieces_is_masked():
    pieces = ["Your key is sk-test-SEC", "RET123456 and hunter", "2-xyz. Keep it safe."]
    out = "".join(guard_stream(pieces, "pause", secrets=[SECRET, "hunter2-xyz"]))
    assert out == "Your key is *** and ***. Keep it safe."


def test_no_part_of_a_sentence_is_yielded_before_the_sentence_is_complete():
    pulled: list[str] = []

    def source():
        for piece in ["Walk a", "way now.", " Then as", "k for time", ".\n", "Ok"]:
            pulled.append(piece)
            yield piece

    stream = guard_stream(source(), "walk_away")
    # a sentence is shown once it is complete and the next one has passed too
    assert next(stream) == "Walk away now. "
    assert pulled == ["Walk a", "way now.", " Then as", "k for time", ".\n"]
    assert next(stream) == "Then ask for time.\n"
    assert len(pulled) == 6
    assert next(stream) == "Ok"  # the rest, once the source is exhausted
    assert list(stream) == []


def test_an_empty_stream_yields_nothing():
    assert list(guard_stream([], "walk_away")) == []
    assert list(guard_stream(["", ""], "walk_away")) == []


def test_a_streamed_warning_not_to_accept_is_kept():
    out = list(guard_stream(["Don't accept the deal. ", "Walk away."], "walk_away"))
    assert out == ["Don't accept the deal. ", "Walk away."]


# ---------------------------------------------------------------- claimed actions
def test_a_summary_that_claims_an_action_walkaway_never_takes_is_replaced():
    guarded = guard_critique(
        a_critique(), "I have emailed your minimum to the dealer.", [], DEAL, "Walk away"
    )
    assert guarded.summary == RULEBOOK_SUMMARY
    assert [n.code for n in guarded.notices][-1] == "guard_replaced"


def test_a_streamed_claim_of_an_action_is_left_out():
    out = "".join(
        guard_stream(
            ["Hold firm. ", "Ask why. ", "I've already called the ", "dealer for you. ", "Wait."],
            "pause",
        )
    )
    assert "called" not in out and out.startswith("Hold firm. ") and "Wait." not in out
    assert "_Note:" in out


def test_the_users_own_quoted_words_pass_the_stream_guard():
    quoted = (
        "- High-pressure sales tactics [high_pressure_sales]: “He said sign today or lose it.”\n"
    )
    assert "".join(guard_stream([quoted], "pause")) == quoted


def test_a_model_that_never_stops_is_cut_with_a_note():
    from assistant.guards import MAX_ANSWER_CHARS

    endless = ("Take your time and ask for it in writing. " for _ in range(10_000))
    out = "".join(guard_stream(endless, "pause"))
    assert len(out) < MAX_ANSWER_CHARS + 200 and out.endswith("characters._")


def test_a_text_of_more_than_five_sentences_is_too_long_for_a_phone():
    from assistant.guards import check_draft
    from assistant.schemas import DealFacts

    body = "Thanks. I won't go ahead. It doesn't work. Sorry. Let me know if things change. Bye."
    checks = {c.id: c.passed for c in check_draft("text", None, body, "", DealFacts())}
    assert checks["concise"] is False
    assert {c.id: c.passed for c in check_draft("text", None, body[:-5], "", DealFacts())}[
        "concise"
    ]
