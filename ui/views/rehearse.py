"""Rehearse page: a pushy counterparty with a named tactic; each reply coached at once."""

from __future__ import annotations

import streamlit as st

from assistant.rehearsal import RehearsalSession
from assistant.scenarios import SCENARIOS, TACTICS
from ui.services import badge, engine, engine_tag, runtime, show_error

st.title("Rehearse")
st.caption(
    "Practise holding your ground. The counterparty pushes; a separate coach scores each reply."
)

left, right = st.columns(2)
scenario = left.selectbox(
    "Scenario",
    [*SCENARIOS, "custom"],
    format_func=lambda s: SCENARIOS[s].title if s in SCENARIOS else "Your own situation",
)
tactic = right.selectbox("Their tactic", TACTICS, format_func=lambda t: t.replace("_", " "))
brief = st.text_input("Describe your situation", max_chars=500) if scenario == "custom" else None

if st.button("Start", type="primary") or "rehearsal" not in st.session_state:
    st.session_state["rehearsal"] = RehearsalSession(
        scenario=scenario, tactic=tactic, custom_brief=brief
    )
session: RehearsalSession = st.session_state["rehearsal"]

for turn in session.turns:
    with st.chat_message("assistant", avatar=":material/person:"):
        st.write(turn["counterparty"])
    with st.chat_message("user"):
        st.write(turn["reply"])
    coaching = turn["coaching"]
    with st.container(border=True):
        if not coaching["good"]:
            verdict = badge("Needs work", "orange")
        else:  # a good reply may still come with a tip
            verdict = badge("Good reply" if coaching["failed"] else "Strong reply", "green")
        st.markdown(f"{verdict} {engine_tag(coaching['engine'])}")
        for line in coaching["feedback"]:
            st.markdown(f"- {line}")
        if not coaching["good"]:
            st.caption(f"Try: {coaching['better_reply']}")
        for notice in coaching.get("notices", []):
            st.caption(notice["text"])

try:
    line = session.next_line(runtime(), engine())
except Exception as error:
    show_error(error)
    st.stop()
with st.chat_message("assistant", avatar=":material/person:"):
    st.write(line)
reply = st.chat_input("Your reply", key="rehearsal-reply")
if reply:
    try:
        session.answer(runtime(), reply, engine())
    except Exception as error:
        show_error(error)
    st.rerun()

if session.turns:
    card = session.scorecard()
    with st.expander(
        f"Scorecard: {card['good']} of {card['turns']} strong", expanded=len(session.turns) >= 3
    ):
        for item in card["better_replies"]:
            st.markdown(f"**They:** {item['counterparty']}  \n**Better:** {item['better_reply']}")
