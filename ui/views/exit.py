"""Exit message page: situation, counterparty, channel and tone → drafts with their checks."""

from __future__ import annotations

import html

import streamlit as st

from assistant.chat import deal_text
from assistant.exits import draft_exit
from assistant.languages import LANGUAGES, NAMES
from assistant.schemas import ExitRequest
from ui.services import badge, deal_store, engine, engine_tag, runtime, show_error

st.title("Exit message")
st.caption(
    "Thank them, say clearly the terms don't work, leave the door open. Nothing is ever sent for you."
)

deal_id = st.session_state.get("deal_id")
if deal_id and st.button("Start from the open deal", icon=":material/handshake:"):
    try:
        deal = deal_store().get(deal_id)
        st.session_state["exit-situation"] = deal_text(deal)[:5000] or deal.title
    except Exception as error:  # deleted in another tab
        show_error(error)

with st.form("exit"):
    situation = st.text_area(
        "What happened",
        placeholder="The supplier would not move on a 90-day payment term we cannot carry.",
        max_chars=5000,
        key="exit-situation",
    )
    counterparty = st.text_input("Their name (optional)", max_chars=120)
    sender = st.text_input("Your name, to sign with (optional)", max_chars=120)
    channel, tone, language, variants = st.columns(4)
    channel_choice = channel.selectbox("Channel", ["email", "text", "phone"])
    tone_choice = tone.selectbox("Tone", ["warm", "firm", "formal"])
    language_choice = language.selectbox(
        "Language",
        [None, *LANGUAGES],
        format_func=lambda code: "As the situation" if code is None else NAMES[code],
    )
    variant_count = variants.slider("Drafts", 1, 3, 2)
    submitted = st.form_submit_button("Draft", type="primary")

if submitted:
    try:
        request = ExitRequest(
            situation=situation or " ", counterparty=counterparty or None,
            sender=sender or None, channel=channel_choice, tone=tone_choice,
            variants=variant_count, language=language_choice,
        )  # fmt: skip
        st.session_state["exit_result"] = draft_exit(runtime(), request, engine=engine())
    except Exception as error:
        show_error(error)

result = st.session_state.get("exit_result")
if result is None:
    st.info(
        "Example: “The landlord wants a 20% rent increase and won't discuss it.” Name: Mr. Ortiz, text, firm."
    )
else:
    for notice in result.notices:
        st.warning(notice.text)
    for number, draft in enumerate(result.drafts, 1):
        with st.container(border=True):
            st.markdown(f"**Draft {number}** · {draft.channel}, {draft.tone}")
            tags = [engine_tag(draft.engine)] + [
                badge(check.id.replace("_", " "), "green" if check.passed else "red",
                      ":material/check:" if check.passed else ":material/close:")
                for check in draft.checks
            ]  # fmt: skip
            st.markdown(" ".join(tags))
            # A message to read and copy as text, not a code block.
            st.markdown(html.escape(draft.text).replace("\n", "  \n"))
            st.download_button(
                "Download", draft.text, file_name=f"exit-draft-{number}.txt", key=f"dl-{number}"
            )
