"""Walkaway's Streamlit entry point: a thin shell over `assistant/`."""

from __future__ import annotations

import streamlit as st

from ui.services import knowledge_search

st.set_page_config(page_title="Walkaway", page_icon="🚪", layout="wide")
st.title("Walkaway")
st.caption("Know when to walk away from a deal, and do it without burning the bridge.")

query = st.text_input("Search the playbook", placeholder="they keep adding fees at checkout")
if query:
    try:
        hits = knowledge_search(query)
    except Exception as error:  # the UI shows a message, never a traceback
        st.error(f"Search failed: {error}")
    else:
        for hit in hits:
            with st.container(border=True):
                st.markdown(
                    f"**{hit.section}**  \n`{', '.join(hit.rule_ids) or '-'}` · {hit.score:.2f}"
                )
                st.write(hit.text)
