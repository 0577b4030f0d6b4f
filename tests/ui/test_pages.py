"""Every page through streamlit.testing.v1.AppTest."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def shown(at: AppTest) -> str:
    """All the text the page shows (markdown, badges, captions, alerts)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in [*at.error, *at.warning, *at.info, *at.success]]
    return "\n".join(parts)


def app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def test_the_deal_page_starts_empty_with_examples():
    at = app()
    assert at.title[0].value == "Your deal"
    assert any("only good until 5pm" in b.label for b in at.button)
    assert "Engine: **offline**" in at.sidebar.caption[1].value


def test_a_deal_described_in_the_chat_gets_a_finding_and_a_verdict():
    at = app()
    next(b for b in at.button if b.label == "New deal").click().run()
    at.chat_input(key="deal-chat").set_value(
        "The salesman says the price is only good until 5pm today. They want 23,500; my max is 21,000."
    ).run()
    assert not at.exception
    messages = at.chat_message
    assert [m.name for m in messages] == ["user", "assistant"]
    markdown = " ".join(m.value for m in at.markdown)
    assert "<mark>The salesman says the price is only good until 5pm today.</mark>" in markdown
    assert "WALK AWAY" in shown(at) and "offline engine" in shown(at)
    assert any("false sense of urgency" in e.label.lower() for e in at.expander)


def test_the_deal_persists_across_a_reload():
    at = app()
    next(b for b in at.button if b.label == "New deal").click().run()
    at.chat_input(key="deal-chat").set_value("Final offer, take it or leave it.").run()
    reloaded = app()  # a new session: state comes back from the deal store
    assert (
        reloaded.selectbox[0].options and "no verdict yet" not in reloaded.selectbox[0].options[0]
    )


def test_the_exit_page_drafts_with_badges():
    at = app("views/exit.py")
    at.text_area[0].input("The supplier would not move on payment terms.")
    at.text_input[0].input("Lena")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert any("Lena" in c.value for c in at.code)
    assert len(at.code) == 2


def test_the_exit_page_explains_an_empty_situation():
    at = app("views/exit.py")
    at.button[0].click().run()
    assert at.error and "Describe the situation" in at.error[0].value


def test_the_rehearse_page_coaches_a_reply_at_once():
    at = app("views/rehearse.py")
    assert at.chat_message[0].markdown[0].value
    at.chat_input(key="rehearsal-reply").set_value("Fine, I'll sign now.").run()
    assert not at.exception
    assert "Needs work" in shown(at)
    assert any("Scorecard: 0 of 1" in e.label for e in at.expander)


def test_the_knowledge_page_lists_rules_and_searches():
    at = app("views/knowledge.py")
    assert any("false_urgency" in e.label for e in at.expander)
    at.text_input[0].input("they keep adding card surcharges").run()
    assert not at.exception and "hidden_costs" in shown(at)


def test_the_evals_page_invites_a_first_run():
    at = app("views/evals.py")
    assert at.info and "No report yet" in at.info[0].value
