"""Walkaway's Streamlit entry point: navigation and the engine switch; pages live in views/."""

from __future__ import annotations

import streamlit as st

from ui.services import engine_switch

st.set_page_config(page_title="Walkaway", page_icon="🚪", layout="wide")

# The default page is served at / but reserves its own pathname ("home"), so that /deal,
# the address a user would guess (or kept), can lead to it.
deal_page = st.Page(
    "views/deal.py", title="Deal", icon=":material/handshake:", url_path="home", default=True
)


def _to_the_deal_page() -> None:
    st.switch_page(deal_page)


pages = [
    deal_page,
    st.Page("views/exit.py", title="Exit message", icon=":material/mail:", url_path="exit"),
    st.Page(
        "views/rehearse.py",
        title="Rehearse",
        icon=":material/record_voice_over:",
        url_path="rehearse",
    ),
    st.Page(
        "views/knowledge.py", title="Knowledge", icon=":material/menu_book:", url_path="knowledge"
    ),
    st.Page("views/evals.py", title="Evals", icon=":material/analytics:", url_path="evals"),
    st.Page(_to_the_deal_page, title="Your deal", url_path="deal", visibility="hidden"),
]
navigation = st.navigation(pages)
st.sidebar.title("Walkaway")
st.sidebar.caption("Know when to walk away, and do it without burning the bridge.")
engine_switch()
st.sidebar.caption("Local-first: your deals stay on this machine; drafts are never sent.")
navigation.run()
