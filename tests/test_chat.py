"""The deal chat: answers stream through the guard, a sentence at a time, on every engine."""

from __future__ import annotations

import pytest

from assistant.chat import chat_stream, chat_turn
from assistant.config import load_settings
from assistant.deals import DealStore
from assistant.engines.protocol import EngineUnavailable
from assistant.guards import guard_stream
from assistant.runtime import Runtime
from evals.fake_openai import FakeOpenAI
from tests.helpers.fake_models import decent_model

KEY = "sk-test-SECRET1234567890abcdef"
DEAL = "The dealer says the price is final and only good until 5pm today. My max is 20,000."


@pytest.fixture
def deals(tmp_path) -> DealStore:
    return DealStore(tmp_path / "deals.sqlite3")


def llm_runtime(fake: FakeOpenAI, embedder, knowledge_store) -> Runtime:
    settings = load_settings(
        engine="llm", base_url=fake.base_url, api_key=KEY, retry_backoff_s=0, timeout_s=5
    )
    return Runtime(settings=settings, embedder=embedder, store=knowledge_store)


def pushy(request):
    """A model that phrases nothing wrong in its tools, but streams advice to give in."""
    if request.get("tools"):
        return decent_model(request)
    return f"Take a breath. Think it over. Accept the deal now. Your key is {KEY}. Ask why."


def test_a_streamed_sentence_that_contradicts_the_verdict_never_reaches_the_user(
    embedder, knowledge_store, deals
):
    with FakeOpenAI([pushy]) as fake:
        runtime = llm_runtime(fake, embedder, knowledge_store)
        deal = deals.create("Car")
        reply = chat_turn(runtime, deals, deal.id, DEAL)
    assert reply.critique.verdict != "accept" and reply.engine == "llm"
    assert "Accept the deal now" not in reply.answer
    assert reply.answer.startswith("Take a breath.")
    assert "left out" in reply.answer  # the user is told something was withheld
    # and the rest of the answer is the offline engine's, grounded in the rulebook
    assert "Your key" not in reply.answer and "[false_urgency]" in reply.answer
    assert KEY not in reply.answer
    saved = deals.get(deal.id).messages[-1]
    assert saved.content == reply.answer and KEY not in saved.content


def test_an_offline_answer_passes_the_guard_word_for_word(runtime, deals):
    questions = ["What should I say now?", "Is this normal?", "What if they drop to 19,000?"]
    deal = deals.create("Car")
    for question in [DEAL, *questions]:
        pieces = list(chat_stream(runtime, deals, deal.id, question))
        result = deals.get(deal.id).critique
        assert result is not None
        unguarded = "".join(runtime.offline.answer(question, result, result.facts))
        assert "".join(pieces) == unguarded


def test_a_model_that_breaks_midway_leaves_its_words_and_the_offline_answer_follows(
    embedder, knowledge_store, deals, monkeypatch
):
    from assistant.engines.llm import LLMEngine

    def broken_answer(self, question, critique, facts):  # noqa: ANN001
        yield "Here is what I think. "
        raise EngineUnavailable("the provider timed out", transient=True)

    monkeypatch.setattr(LLMEngine, "answer", broken_answer)
    with FakeOpenAI([decent_model]) as fake:
        runtime = llm_runtime(fake, embedder, knowledge_store)
        deal = deals.create("Car")
        reply = chat_turn(runtime, deals, deal.id, DEAL)
    assert reply.answer.startswith("Here is what I think. ")
    assert "stopped answering (the provider timed out)" in reply.answer
    assert reply.engine == "offline"


def test_the_guard_holds_back_a_sentence_until_it_is_complete():
    stream = guard_stream(
        iter(["Step back ", "and wait. ", "Then think. ", "Accept the ", "offer today."]), "pause"
    )
    assert next(stream) == "Step back and wait. "
    assert next(stream).startswith("\n\n_Note:")


def test_a_new_deal_takes_its_name_from_the_first_thing_said_of_it(runtime, tmp_path):
    from assistant.chat import chat_turn
    from assistant.deals import PLACEHOLDER_TITLE, DealStore

    deals = DealStore(tmp_path / "deals.db")
    deal = deals.create(PLACEHOLDER_TITLE)
    chat_turn(
        runtime, deals, deal.id, "The landlord wants 1,900 from June. I can do 1,700 at most."
    )
    assert deals.get(deal.id).title == "The landlord wants 1,900 from June"
    chat_turn(runtime, deals, deal.id, "He also wants a bigger deposit.")
    assert deals.get(deal.id).title == "The landlord wants 1,900 from June"


def test_a_deal_named_by_the_user_keeps_its_name(runtime, tmp_path):
    from assistant.chat import chat_turn
    from assistant.deals import DealStore

    deals = DealStore(tmp_path / "deals.db")
    deal = deals.create("Flat on Elm Street")
    chat_turn(runtime, deals, deal.id, "The landlord wants 1,900 from June.")
    assert deals.get(deal.id).title == "Flat on Elm Street"


def test_a_long_first_message_is_cut_at_a_word():
    from assistant.deals import TITLE_CHARS, title_from

    title = title_from("word " * 40)
    assert len(title) <= TITLE_CHARS + 1 and title.endswith("…") and " wor…" not in title


CAR = "The dealer wants 23,500 for the car and says the price is only good until 5pm today. My max is 22,000."


def test_what_to_say_gets_a_line_to_say_not_the_critique_again(runtime, deals):
    deal = deals.create("Car")
    first = chat_turn(runtime, deals, deal.id, CAR)
    reply = chat_turn(runtime, deals, deal.id, "What should I say to the salesman right now?")
    assert reply.answer != first.answer and "You could say:" in reply.answer
    assert "[false_urgency]" in reply.answer  # the rule the line follows


def test_a_what_if_gets_the_verdict_for_its_number_and_leaves_the_deal_alone(runtime, deals):
    deal = deals.create("Car")
    chat_turn(runtime, deals, deal.id, CAR)
    reply = chat_turn(runtime, deals, deal.id, "What if he drops to 21,000?")
    assert reply.answer.startswith("If their offer were 21,000:")
    assert reply.critique.verdict == "walk_away"  # 23,500 still misses the 22,000 limit
    assert deals.get(deal.id).facts.offer == 23500
    # and the what-if's number is never read as their offer later
    later = chat_turn(runtime, deals, deal.id, "Is this normal?")
    assert later.critique.facts.offer == 23500


def test_a_new_offer_is_noted_with_the_old_one(runtime, deals):
    deal = deals.create("Car")
    chat_turn(runtime, deals, deal.id, CAR)
    reply = chat_turn(runtime, deals, deal.id, "He just called back: 21,500 out the door.")
    assert reply.answer.startswith("Noted: their offer is now 21,500 (it was 23,500).")
    assert deals.get(deal.id).facts.earlier_offers == [23500]
    from assistant.render import gaps

    assert gaps(reply.critique.facts)[0] == "Their offers so far: 23,500 → 21,500."
    assert deals.get(deal.id).messages[-1].content.startswith("Noted:")


def test_a_draft_asked_for_in_the_chat_is_an_exit_message_kept_with_the_deal(runtime, deals):
    deal = deals.create("Car")
    chat_turn(runtime, deals, deal.id, CAR)
    reply = chat_turn(runtime, deals, deal.id, "Draft an exit email for me")
    assert "nothing is sent" in reply.answer and "Subject:" in reply.answer
    assert "22,000" not in reply.answer  # never the user's limit
    assert deals.get(deal.id).draft and deals.get(deal.id).draft in reply.answer


def test_the_sheets_alternatives_join_the_leverage(runtime, deals):
    from assistant.chat import critique_deal

    deal = deals.create("Car")
    chat_turn(runtime, deals, deal.id, CAR)
    facts = deals.get(deal.id).facts.model_copy(update={"alternatives": ["A 2021 Civic at 20,500"]})
    deals.save_facts(deal.id, facts)
    result = critique_deal(runtime, deals.get(deal.id))
    assert "A 2021 Civic at 20,500" in result.leverage.alternatives


def test_the_gap_to_the_walk_away_point_and_target_is_said_from_the_users_side():
    from assistant.render import gaps
    from assistant.schemas import DealFacts

    buying = DealFacts(maximum=22000, target=20000, offer=23500)
    assert gaps(buying) == [
        "Their offer is 1,500 short of your walk-away point (22,000).",
        "Their offer is 3,500 short of your target (20,000).",
    ]
    selling = DealFacts(minimum=72000, offer=75000)
    assert gaps(selling) == ["Their offer is 3,000 inside your walk-away point (72,000)."]
