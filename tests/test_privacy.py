"""Privacy: nothing leaves the machine but calls to the configured LLM endpoint, and an
optional redaction masks private details before they reach a cloud model."""

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.config import load_settings
from assistant.critique import critique
from assistant.exits import draft_exit
from assistant.ingest import ingest
from assistant.redaction import Redactor
from assistant.rehearsal import coach_reply
from assistant.runtime import Runtime
from assistant.schemas import ExitRequest
from evals.fake_openai import FakeOpenAI
from tests.conftest import PROJECT_ROOT, new_store
from tests.helpers.fake_models import decent_model

PRIVATE = (
    "Dear Mr. Hale, reach me at jo.doe@example.com or +1 415 555 0100. The dealer says the price of "
    "$23,500 is final and only good until 5pm today."
)


def test_a_whole_session_opens_no_outbound_connection(block_network, embedder, tmp_path):
    before = len(block_network)
    store = new_store(embedder)
    ingest(None, store)
    offline = Runtime(embedder=embedder, store=store)
    critique(offline, PRIVATE)
    draft_exit(offline, ExitRequest(situation="No movement on price", channel="email"))
    coach_reply(offline, "false_urgency", "Sign now.", "I need time.")
    with FakeOpenAI([decent_model]) as fake:  # the configured endpoint, on loopback
        settings = load_settings(
            engine="llm", base_url=fake.base_url, api_key="sk-fake-000000000000", retry_backoff_s=0
        )
        critique(Runtime(settings=settings, embedder=embedder, store=store), PRIVATE)
    st.cache_resource.clear()
    for page in (
        "views/deal.py",
        "views/exit.py",
        "views/rehearse.py",
        "views/knowledge.py",
        "views/evals.py",
    ):
        at = AppTest.from_file(str(PROJECT_ROOT / "ui" / "app.py"), default_timeout=60)
        at.run()
        at.switch_page(page)
        at.run()
        assert not at.exception
    st.cache_resource.clear()
    assert len(block_network) == before


def test_redaction_masks_private_details_and_restores_the_answer(embedder, knowledge_store):
    with FakeOpenAI([decent_model]) as fake:
        settings = load_settings(
            engine="llm",
            base_url=fake.base_url,
            api_key="sk-fake-000000000000",
            retry_backoff_s=0,
            redact=True,
        )
        result = critique(
            Runtime(settings=settings, embedder=embedder, store=knowledge_store), PRIVATE
        )
    sent = json.dumps(fake.requests)
    for secret in ("Hale", "jo.doe@example.com", "415 555 0100", "23,500"):
        assert secret not in sent
    assert "[EMAIL_1]" in sent and "[AMOUNT_1]" in sent
    assert result.engine == "llm"
    assert all(f.evidence in PRIVATE for f in result.findings)
    assert "take_it_or_leave_it" in result.signals  # found by the model on masked text, quoted back


@pytest.mark.parametrize(
    "text",
    [
        "Call Ms. Ortiz on 020 7946 0958.",
        "Pay €1.200,50 to anna@firm.eu by Friday.",
        "Hi Sam, $5k is my floor.",
    ],
)
def test_redaction_round_trips(text):
    redactor = Redactor()
    masked = redactor.mask(text)
    assert masked != text and redactor.unmask(masked) == text
