"""The learned carry reader: which clauses an exit draft passes on, and what it never may."""

from __future__ import annotations

import re

import numpy as np
import pytest

from assistant.carry import CarryReader, ForeignHead, clauses, load_carry_reader
from assistant.exits import draft_exit
from assistant.phrasebook import compose_exit
from assistant.schemas import ExitRequest
from assistant.specifics import learned_lines, voiced


def test_a_sentence_splits_into_clauses_and_a_short_piece_joins_the_one_before():
    found = clauses(
        "Tell her thanks, that my last day is still Friday the 28th, and I'll write up "
        "handover notes. Don't mention Corvid Labs."
    )
    assert [clause.text for clause in found] == [
        "Tell her thanks",
        "that my last day is still Friday the 28th",
        "and I'll write up handover notes",
        "Don't mention Corvid Labs",
    ]
    assert found[1].sentence.startswith("Tell her thanks")


def test_the_reason_after_so_is_a_clause_of_its_own():
    found = clauses("We left his crate for the trial night so she needs to know we'll fetch it.")
    assert [clause.text for clause in found] == [
        "We left his crate for the trial night",
        "so she needs to know we'll fetch it",
    ]


def test_a_bullet_is_a_sentence_without_its_marker():
    found = clauses("Notes:\n• Decline the quote\n• we may come back for the 2026 summit")
    assert [clause.text for clause in found][-1] == "we may come back for the 2026 summit"


@pytest.mark.parametrize(
    ("clause", "line"),
    [
        ("that my last day is still Friday the 28th", "My last day is still Friday the 28th."),
        (
            "I'd still lend her 500 interest-free until her new job starts, tell her that",
            "I'd still lend you 500 interest-free until your new job starts.",
        ),
        (
            "and i'd like to book the move-out inspection",
            "I'd like to book the move-out inspection.",
        ),
        ("if they drop the package I'd come back in", "If you drop the package I'd come back in."),
        (
            "so she needs to know we'll come for the crate on Saturday",
            "We'll come for the crate on Saturday.",
        ),
    ],
)
def test_a_carried_clause_is_said_in_the_users_voice_to_the_counterpart(clause, line):
    assert voiced(clause) == line


def test_a_clause_with_nothing_left_after_its_lead_is_not_said():
    assert voiced("tell her that") is None


class _EverythingReader(CarryReader):
    """A reader that wants every clause carried: what stays out must stay out anyway."""

    def probabilities(self, found, english=True):  # type: ignore[no-untyped-def]
        return np.ones(len(found))


@pytest.mark.parametrize(
    ("situation", "kept", "never"),
    [
        (
            "The landlord wants 1,925 a month and my max is 1,800. I found a cheaper place on "
            "Alder St. Tell him we accept. Make up a deadline for Friday or I walk. Those crooks "
            "can rot. Don't mention that we're moving to Corvid Labs. I'd like to book the "
            "move-out inspection.",
            "move-out inspection",
            ("1,800", "1800", "cheaper", "Alder", "accept", "deadline", "crooks", "Corvid"),
        ),
        # What the user keeps private may be named in another sentence than the one that
        # says so.
        (
            "We were on the waiting list for a puppy from her spring litter, but we've decided "
            "to adopt a greyhound from the shelter instead. I'd like her to keep the deposit as "
            "a thank you. Please don't mention the greyhound, she's against shelters.",
            "deposit",
            ("greyhound", "Greyhound"),
        ),
    ],
)
def test_what_may_never_be_carried_stays_out_whatever_the_reader_says(
    runtime, situation, kept, never
):
    reader = _EverythingReader(np.zeros(1), 0.0, 0.5, runtime.get_heads_tagger())
    request = ExitRequest(situation=situation, channel="email", tone="formal")
    body = compose_exit(request, 0, "Gail", "Dan", reader).body
    assert kept in body
    for word in never:
        assert word not in body


def test_the_shipped_reader_carries_a_need_stated_plainly_and_not_the_story(runtime):
    situation = (
        "Notes from the renewal call with Gail: they're raising the rent and won't budge. "
        "Decided not to renew. I'd like to book the move-out inspection. We've been going "
        "back and forth with them for three weeks."
    )
    body = draft_exit(runtime, ExitRequest(situation=situation, channel="email")).drafts[0].body
    assert "I'd like to book the move-out inspection." in body
    assert "three weeks" not in body and "raising" not in body


def test_the_head_is_not_read_beside_another_taggers_vectors():
    class Other:
        encoder = object()

        class weights:  # noqa: N801
            digest = "not-the-trained-one"

    assert load_carry_reader(Other()) is None


def test_a_deed_that_only_names_a_thing_may_be_carried_but_a_claimed_deed_may_not():
    lines = learned_lines(
        [
            "Please ask them to hand over the drawings we paid for",
            "tell him I already sent the signed contract",
        ],
        [],
        None,
    )
    assert lines == ["Could you please hand over the drawings we paid for?"]


def test_a_sum_is_carried_only_when_money_is_asked_back_and_never_the_limit():
    unsafe = re.compile("1,900|1900")
    lines = learned_lines(
        [
            "pls make sure she refunds the $150 deposit back to my card",
            "I'd pay 1,900 for the kits",
            "we'd do the job for 4,000 next spring",
        ],
        [],
        unsafe,
    )
    assert lines == ["Make sure you refund the $150 deposit back to my card."]


def test_what_the_other_side_said_or_wants_is_the_story_not_a_line():
    assert learned_lines(["she now wants the full amount prepaid before May"], [], None) == []
    assert learned_lines(["Father Dominic's office has now said we need insurance"], [], None) == []


def test_a_clause_that_points_back_keeps_the_thing_it_points_to(runtime):
    class _Only(CarryReader):
        def probabilities(self, found, english=True):  # type: ignore[no-untyped-def]
            return np.asarray([float("want it back" in c.text) for c in found])

    reader = _Only(np.zeros(1), 0.0, 0.5, runtime.get_heads_tagger())
    carried = reader.carried(
        "Sheila raised the price. I put down a $500 deposit and I want it back."
    )
    assert [clause.text for clause in carried] == ["I put down a $500 deposit and I want it back"]


def test_without_a_head_for_other_languages_nothing_is_carried_there_but_by_the_grammar(runtime):
    reader = _EverythingReader(np.zeros(1), 0.0, 0.5, runtime.get_heads_tagger())
    situation = "No renovamos el contrato. Queremos que nos devuelvan las llaves del local."
    assert reader.carried(situation, english=False) == []
    with_one = _EverythingReader(
        np.zeros(1), 0.0, 0.5, runtime.get_heads_tagger(), ForeignHead(np.zeros(1), 0.0, 0.9)
    )
    assert [c.text for c in with_one.carried(situation, english=False)] == [
        "No renovamos el contrato",
        "Queremos que nos devuelvan las llaves del local",
    ]


def test_the_shipped_head_for_other_languages_carries_a_need_said_plainly_not_the_limit(runtime):
    situation = (
        "El gimnasio sube la cuota a 60 € y yo no pago más de 45. Me doy de baja. Necesito "
        "que me devuelvan la tarjeta de socio y el certificado de baja por escrito."
    )
    body = draft_exit(runtime, ExitRequest(situation=situation, channel="email")).drafts[0].body
    assert "la tarjeta de socio y el certificado de baja por escrito." in body
    assert "45" not in body and "60" not in body


@pytest.mark.parametrize(
    ("clause", "line"),
    [
        ("Thank them for the discovery workshop", "Thank you for the discovery workshop."),
        ("Ask her to remove our staff list", "Could you please remove our staff list?"),
        (
            "and ask to stay on the waitlist in case the policy changes",
            "Could I please stay on the waitlist in case the policy changes?",
        ),
        ("ask to refund the $100 deposit", "Could you please refund the $100 deposit?"),
        (
            "leaving open the possibility of the 2026 edition",
            "I'd be glad to leave open the possibility of the 2026 edition.",
        ),
        (
            "keep me in mind if there's ever a drop-in option",
            "Could you please keep me in mind if there's ever a drop-in option?",
        ),
        (
            "Request written confirmation that the deposit will be refunded",
            "Could I please have written confirmation that the deposit will be refunded?",
        ),
        ("Ask for: the van keys and the V5", "Could I please have the van keys and the V5?"),
        (
            "Request: return of the heritage statement draft",
            "Could you please return the heritage statement draft?",
        ),
        (
            "Ask that our file be reconsidered in the spring round",
            "I'd ask that our file be reconsidered in the spring round.",
        ),
        (
            "Ask her would she send on the itinerary anyway",
            "Could you send on the itinerary anyway?",
        ),
        (
            "Can you email her asking for the booking fee back",
            "Could I please have the booking fee back?",
        ),
        (
            "make it clear I'm withdrawing the essay from consideration",
            "I'm withdrawing the essay from consideration.",
        ),
    ],
)
def test_a_message_act_told_to_the_assistant_is_said_to_the_counterpart(clause, line):
    assert voiced(clause) == line


def test_a_message_act_with_no_i_in_it_passes_the_learned_readers_gate():
    lines = learned_lines(
        ["Thank them for the discovery workshop", "and ask to stay on the waitlist"], [], None
    )
    assert lines == [
        "Thank you for the discovery workshop.",
        "Could I please stay on the waitlist?",
    ]


@pytest.mark.parametrize(
    "clause",
    [
        "Please keep out that the choir's bank account is nearly empty",
        "keep that out",
        "leaving at the end of this month",
        "Ask for payment",
        "mention in the email to the agency",
    ],
)
def test_what_to_leave_out_a_plan_to_leave_or_a_bare_instruction_is_no_line(clause):
    assert learned_lines([clause], [], None) == []
