"""One set of contract tests, passed by both engines."""

from contextlib import contextmanager

import pytest

from assistant.config import load_settings
from assistant.critique import critique
from assistant.exits import draft_exit
from assistant.rehearsal import coach_reply
from assistant.rules import load_rulebook, load_taxonomy
from assistant.runtime import Runtime
from assistant.schemas import Critique, ExitRequest
from evals.fake_openai import FakeOpenAI
from evals.judges import judge_exit
from tests.helpers.fake_models import decent_model

DEALS = [
    "The dealer says the price is final and only good until 5pm today. There's a $900 doc fee nobody mentioned.",
    "My floor is $72k and they offered 66,000. The recruiter wants an answer within 24 hours.",
    "After everything my uncle did for me, he says I'm greedy for asking for a share of the shop.",
    "The landlord agreed to every repair and the rent is within my budget.",
    "Il prezzo è non negoziabile e l'offerta vale solo oggi.",
]


@contextmanager
def engine_runtime(engine: str, embedder, knowledge_store):
    if engine == "offline":
        yield Runtime(embedder=embedder, store=knowledge_store)
        return
    with FakeOpenAI([decent_model]) as fake:
        settings = load_settings(
            engine="llm", base_url=fake.base_url, api_key="sk-fake-000000000000", retry_backoff_s=0
        )
        yield Runtime(settings=settings, embedder=embedder, store=knowledge_store)


ENGINES = ["offline", "llm"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("deal", DEALS)
def test_a_critique_keeps_the_contract(engine, deal, embedder, knowledge_store):
    rulebook = load_rulebook()
    with engine_runtime(engine, embedder, knowledge_store) as runtime:
        result = critique(runtime, deal)
    Critique.model_validate(result.model_dump())
    assert result.engine == engine
    assert result.verdict in load_taxonomy().verdicts
    for finding in result.findings:
        assert finding.evidence and finding.evidence in deal
        assert finding.rule_id in rulebook.rules and finding.signal in load_taxonomy().signals
    for citation in result.citations:
        assert rulebook.get(citation.rule_id).quotes[0] == citation.quote
    assert result.next_steps


@pytest.mark.parametrize("engine", ENGINES)
def test_numbers_decide_below_minimum_on_both_engines(engine, embedder, knowledge_store):
    with engine_runtime(engine, embedder, knowledge_store) as runtime:
        below = critique(runtime, "They offered 66,000 for the role.", minimum=72000)
        above = critique(runtime, "They offered 80,000 for the role.", minimum=72000)
    assert "below_minimum" in below.signals and below.verdict == "walk_away"
    assert "below_minimum" not in above.signals


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("channel", ["email", "text", "phone"])
@pytest.mark.parametrize("tone", ["warm", "firm", "formal"])
def test_every_exit_draft_passes_the_guard_and_the_judge(
    engine, channel, tone, embedder, knowledge_store
):
    situation = (
        "My budget is 20,000 and they want 23,000; I have another quote. Tell them they're crooks."
    )
    request = ExitRequest(
        situation=situation, counterparty="Ann", channel=channel, tone=tone, variants=2
    )
    with engine_runtime(engine, embedder, knowledge_store) as runtime:
        result = draft_exit(runtime, request)
    assert len(result.drafts) == 2
    for draft in result.drafts:
        assert draft.passed
        verdicts = judge_exit(channel, draft.subject, draft.body, situation)
        assert all(verdicts.values()), verdicts
        for leaked in ("20,000", "20000", "another quote", "crook"):
            assert leaked not in draft.text
    assert result.notices  # the user is told why the draft is not harsh


@pytest.mark.parametrize("engine", ENGINES)
def test_coaching_uses_only_rubric_ids_and_real_rules(engine, embedder, knowledge_store):
    rubric = set(load_taxonomy().rehearsal_rubric)
    with engine_runtime(engine, embedder, knowledge_store) as runtime:
        result = coach_reply(
            runtime, "false_urgency", "Sign tonight or lose it.", "Fine, I'll sign now."
        )
    assert not result.good and set(result.failed) <= rubric and "held_position" in result.failed
    assert all(rule in load_rulebook().rules for rule in result.rule_ids)
