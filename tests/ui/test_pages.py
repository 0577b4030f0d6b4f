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
    at.chat_input[0].set_value(
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
    at.chat_input[0].set_value("Final offer, take it or leave it.").run()
    reloaded = app()  # a new session: state comes back from the deal store
    assert (
        reloaded.selectbox[0].options and "no verdict yet" not in reloaded.selectbox[0].options[0]
    )


def deals_on_disk():
    from assistant.config import load_settings
    from assistant.deals import DealStore

    return DealStore(load_settings().deals_db)


def open_a_new_deal(at: AppTest) -> str:
    next(b for b in at.button if b.label == "New deal").click().run()
    return at.session_state["deal_id"]


def test_a_message_lands_in_the_deal_whose_chat_it_was_typed_into():
    """A page still showing deal A while its session moved to B (a rerun racing a keystroke)."""
    at = app()
    shown_deal = open_a_new_deal(at)
    moved_to = deals_on_disk().create("Opened meanwhile").id
    at.session_state["deal_id"] = moved_to
    at.chat_input[0].set_value("Final offer, take it or leave it.").run()
    assert not at.exception
    assert [m.content for m in deals_on_disk().get(shown_deal).messages][:1] == [
        "Final offer, take it or leave it."
    ]
    assert deals_on_disk().get(moved_to).messages == []
    assert at.session_state["deal_id"] == shown_deal


def test_a_stale_saved_deals_value_does_not_switch_the_open_deal():
    at = app()
    open_a_new_deal(at)
    moved_to = deals_on_disk().create("Opened meanwhile").id
    at.session_state["deal_id"] = moved_to
    at.run()  # the page still sends the old "Saved deals" value, untouched by the user
    assert at.session_state["deal_id"] == moved_to


def test_choosing_a_saved_deal_opens_it():
    at = app()
    first = open_a_new_deal(at)
    open_a_new_deal(at)
    at.selectbox[0].select(first).run()
    assert at.session_state["deal_id"] == first
    assert at.chat_input[0].key == f"deal-chat-{first}"


def test_a_message_for_a_deal_deleted_in_another_tab_is_shown_back_not_lost():
    at = app()
    gone = open_a_new_deal(at)
    deals_on_disk().delete(gone)
    at.chat_input[0].set_value("My landlord wants an answer tonight.").run()
    assert not at.exception
    assert "was not saved" in shown(at)
    assert at.code[0].value == "My landlord wants an answer tonight."
    assert all(not deal.messages for deal in map(deals_on_disk().get, _ids()))


def _ids() -> list[str]:
    return [summary.id for summary in deals_on_disk().list()]


def test_the_exit_page_drafts_with_badges():
    at = app("views/exit.py")
    at.text_area[0].input("The supplier would not move on payment terms.")
    at.text_input[0].input("Lena")
    at.button[0].click().run()
    assert not at.exception and not at.error
    drafts = [m.value for m in at.markdown if "Hi Lena," in m.value]
    assert len(drafts) == 2 and not at.code  # shown as text, not code blocks


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
