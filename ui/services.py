"""The UI's cached handles on the package (one store and embedder per server process)."""

from __future__ import annotations

import streamlit as st

from assistant.config import load_settings
from assistant.retrieval import Hit, Retriever
from assistant.store import KnowledgeStore, open_store


@st.cache_resource(show_spinner=False)
def knowledge_store() -> KnowledgeStore:
    store = open_store(load_settings())
    if store.count() == 0:
        from assistant.ingest import ingest

        ingest(None, store)
    return store


def knowledge_search(query: str, k: int = 5) -> list[Hit]:
    return Retriever(knowledge_store()).search(query, k=k)
