"""Knowledge page: browse the rules and their source, search, upload and re-index documents."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from assistant.ingest import ingest
from assistant.retrieval import Retriever
from ui.services import runtime, show_error

st.title("Knowledge")
rt = runtime()
rulebook = rt.rulebook

query = st.text_input("Search the playbook", placeholder="they keep adding fees at checkout")
if query:
    try:
        for hit in Retriever(rt.get_store()).search(query, k=5):
            with st.container(border=True):
                st.markdown(
                    f"**{hit.section}** · `{', '.join(hit.rule_ids) or 'source'}` · {hit.score:.2f}"
                )
                st.write(hit.text)
    except Exception as error:
        show_error(error)

st.subheader("The rules")
kinds = sorted({rule.kind for rule in rulebook.rules.values()})
kind = st.segmented_control("Kind", kinds, default="signal")
for rule in rulebook.rules.values():
    if kind and rule.kind != kind:
        continue
    with st.expander(f"{rule.title} · `{rule.id}`"):
        st.caption(rule.section)
        for quote in rule.quotes:
            st.markdown(f"> {quote}")
        if rule.examples:
            st.markdown("How it shows up: " + "; ".join(rule.examples[:5]))

st.subheader("Add your own playbook")
upload = st.file_uploader("A Markdown or text file", type=["md", "markdown", "txt"])
if upload is not None and st.button("Index it", type="primary"):
    folder = rt.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(upload.name).name)[:100] or "upload.md"
    target = folder / name
    target.write_bytes(upload.getvalue())
    bar = st.progress(0.0, text="Indexing…")
    try:
        report = ingest(
            [folder],
            rt.get_store(),
            rulebook,
            progress=lambda i, n, f: bar.progress(i / n, text=f"Indexing {f}"),
        )
        bar.progress(1.0, text="Done")
        for line in report.skipped:
            st.warning(line)
        st.success(
            f"Added {report.added}, updated {report.updated}; the store holds {report.chunks} chunks."
        )
    except Exception as error:
        show_error(error)
