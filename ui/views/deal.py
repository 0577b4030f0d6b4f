"""Deal page: saved deals, the deal sheet, a chat about the deal and the critique panel."""

from __future__ import annotations

import html
import re

import streamlit as st

from assistant.chat import chat_stream, critique_deal, deal_text, memo
from assistant.deals import PLACEHOLDER_TITLE
from assistant.render import VERDICT_LABEL, gaps
from assistant.schemas import Critique
from ui.services import badge, deal_store, engine, engine_badge, engine_tag, runtime, show_error

EXAMPLES = [
    "The dealer says this price is only good until 5pm today, and there's a $900 documentation fee nobody mentioned.",
    "The recruiter offered 88,000. My minimum is 95,000, and I have another offer at 97k.",
    "My landlord says the rent increase is not negotiable and that I'll regret it if I complain.",
]
VERDICT_COLOR = {"walk_away": "red", "pause": "orange", "negotiate": "blue", "accept": "green"}

# Widget keys carry the deal they were drawn for. A page can still show deal A while its
# session has moved on to B (a click and a keystroke racing a rerun); keyed this way, a
# message lands in the deal whose chat it was typed into, and a stale "Saved deals" value
# is not taken for a choice.
CHAT_KEY = "deal-chat-"
PICKER_KEY = "deal-picker-"


def typed_message() -> tuple[str, str] | None:
    """The message just sent and the id of the deal whose chat box it was typed into."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(CHAT_KEY) and st.session_state[key]:
            return key.removeprefix(CHAT_KEY), st.session_state[key]
    return None


def pick_deal(picker_key: str) -> None:
    st.session_state["deal_id"] = st.session_state[picker_key]


deals = deal_store()
st.title("Your deal")
if (deleted := st.session_state.pop("deleted", None)) is not None:
    title, verified = deleted
    if verified:
        st.success(f"Deleted “{title}” for good.", icon=":material/delete:")
    else:
        st.warning(
            f"“{title}” is deleted, but another program still holds its old text in the file. "
            "Close it; the wipe finishes the next time Walkaway opens your deals."
        )

typed = typed_message()
saved = deals.list()
if typed and typed[0] not in {d.id for d in saved}:
    st.warning(
        "That deal was deleted (in another tab?), so this message was not saved. "
        "Here it is to copy into another deal:"
    )
    st.code(typed[1], language=None, wrap_lines=True)
    typed = None
elif typed:
    st.session_state["deal_id"] = typed[0]
left, right = st.columns([3, 1])
with right:
    if st.button("New deal", icon=":material/add:", use_container_width=True):
        st.session_state["deal_id"] = deals.create(PLACEHOLDER_TITLE).id
        saved = deals.list()
with left:
    if saved:
        ids = [d.id for d in saved]
        if st.session_state.get("deal_id") not in ids:
            st.session_state["deal_id"] = ids[0]  # the latest deal, when none is open
        current = st.session_state["deal_id"]
        picker = PICKER_KEY + current
        st.selectbox(
            "Saved deals",
            ids,
            index=ids.index(current),
            key=picker,
            on_change=pick_deal,
            args=(picker,),
            format_func=lambda i: next(
                f"{d.title} · {VERDICT_LABEL.get(d.verdict or '', 'no verdict yet')}"
                for d in saved
                if d.id == i
            ),
        )

deal_id = st.session_state.get("deal_id")
if not deal_id:
    st.info("Start a deal: describe it in your own words, or try an example.")
    for example in EXAMPLES:
        if st.button(example, key=f"example-{hash(example)}"):
            new = deals.create(example[:40] + "…")
            st.session_state["deal_id"] = new.id
            st.session_state["pending"] = example
            st.rerun()
    st.stop()

try:
    deal = deals.get(deal_id)
except Exception as error:  # a deal deleted in another tab
    show_error(error)
    st.session_state.pop("deal_id", None)
    st.stop()


def highlight(text: str, quotes: list[str]) -> str:
    """The user's text with the quoted evidence marked (escaped: pasted text is never HTML)."""
    safe = html.escape(text)
    for quote in sorted(set(quotes), key=len, reverse=True):
        safe = safe.replace(html.escape(quote), f"<mark>{html.escape(quote)}</mark>")
    return re.sub(r"\n", "<br>", safe)


def critique_panel(result: Critique) -> None:
    rulebook = runtime().rulebook
    st.subheader("Critique")
    verdict = badge(
        f"{VERDICT_LABEL[result.verdict]} · {result.confidence:.0%}", VERDICT_COLOR[result.verdict]
    )
    st.markdown(f"{verdict} {engine_tag(result.engine)}")
    st.write(result.summary)
    if result.findings:
        st.markdown(
            highlight(deal_text(deal), [f.evidence for f in result.findings]),
            unsafe_allow_html=True,
        )
    for finding in result.findings:
        rule = rulebook.get(finding.rule_id)
        with st.expander(f"{rule.title} · `{rule.id}`"):
            st.markdown(f"> {finding.evidence}")
            st.write(finding.explanation)
            st.caption(f"Source: {rule.section}")
            for quote in rule.quotes:
                st.markdown(f"“{quote}”")
    for line in gaps(result.facts):
        st.markdown(f"- {line}")
    if result.leverage.alternatives or result.leverage.counterparty_hesitation:
        st.markdown("**Your leverage**")
        for item in result.leverage.alternatives + result.leverage.counterparty_hesitation:
            st.markdown(f"- {item}")
    st.markdown("**Next steps**")
    for number, step in enumerate(result.next_steps, 1):
        st.markdown(f"{number}. {step}")
    for notice in result.notices:
        st.caption(notice.text)


@st.dialog("Delete this deal?")
def confirm_delete(deal_id: str, title: str) -> None:
    """A modal, so it closes with the rerun that follows and never lingers over the next
    deal; the id is the one the dialog was opened for, whatever the page shows by then."""
    st.write(f"“{title}” and its chat are removed from this machine for good.")
    if st.button("Delete for good", type="primary", key=f"delete-{deal_id}"):
        verified = deals.delete(deal_id)
        st.session_state["deleted"] = (title, verified)
        st.session_state.pop("deal_id", None)
        st.rerun()


sheet, talk = st.columns([1, 2], gap="large")
with sheet:
    st.subheader("Deal sheet")
    with st.form(f"sheet-{deal.id}"):
        title = st.text_input("Title", deal.title)
        facts = deal.facts
        side = st.radio("You are", ["selling (you want more)", "buying (you want to pay less)"],
                        index=1 if facts.maximum is not None and facts.minimum is None else 0, horizontal=True)  # fmt: skip
        limit = st.number_input(
            "Your walk-away point", value=facts.limit, min_value=0.0, step=100.0
        )
        target = st.number_input("Your target", value=facts.target, min_value=0.0, step=100.0)
        offer = st.number_input("Their offer", value=facts.offer, min_value=0.0, step=100.0)
        alternatives = st.text_area(
            "Your alternatives (never shared in drafts)", "\n".join(facts.alternatives), height=68
        )
        deadline = st.text_input("Deadline", facts.deadline or "")
        if st.form_submit_button("Save the sheet"):
            buying = side.startswith("buying")
            updated = facts.model_copy(update={
                "minimum": None if buying else limit, "maximum": limit if buying else None,
                "target": target, "offer": offer, "deadline": deadline or None,
                "alternatives": [a.strip() for a in alternatives.splitlines() if a.strip()],
            })  # fmt: skip
            try:
                deals.save_facts(deal.id, updated)
                if title.strip() and title != deal.title:
                    deals.rename(deal.id, title)
                if deal.messages:  # the critique follows the sheet
                    result = critique_deal(runtime(), deals.get(deal.id), engine=engine())
                    deals.save_critique(deal.id, result)
                st.toast("Saved; the critique uses the sheet now." if deal.messages else "Saved.")
                st.rerun()
            except Exception as error:
                show_error(error)
    st.download_button(
        "Export the walk-away memo",
        memo(runtime(), deal),
        file_name=f"walkaway-memo-{deal.id}.md",
        mime="text/markdown",
        icon=":material/download:",
    )
    if st.button("Delete this deal", icon=":material/delete:", key=f"ask-delete-{deal.id}"):
        confirm_delete(deal.id, deal.title)

with talk:
    st.subheader("Talk it through")
    for message in deal.messages:
        with st.chat_message(message.role):
            st.markdown(
                message.content if message.role == "assistant" else html.escape(message.content)
            )
            if message.role == "assistant" and message.engine:
                engine_badge(message.engine)
    if not deal.messages:
        st.caption(
            "Describe the deal: what they offered, the terms, what they said. Paste their email if you like."
        )
    st.chat_input("Describe the deal or ask a question", key=CHAT_KEY + deal.id)
    prompt = typed[1] if typed else st.session_state.pop("pending", None)
    if prompt:
        with st.chat_message("user"):
            st.markdown(html.escape(prompt))
        with st.chat_message("assistant"):
            try:
                st.write_stream(chat_stream(runtime(), deals, deal.id, prompt, engine=engine()))
            except Exception as error:
                show_error(error)
        st.rerun()
    fresh = deals.get(deal.id)
    if fresh.critique:
        st.divider()
        critique_panel(fresh.critique)
