"""Evals page: run the dev sets on an engine and see the latest report and its charts."""

from __future__ import annotations

import json

import streamlit as st

from assistant.engines import available_engines
from evals.harness import evaluate, headline
from evals.reports import LATEST, write_reports
from ui.services import engine, runtime, show_error

st.title("Evals")
st.caption("How right is the advice? The dev sets score each engine against the source's rules.")
rt = runtime()
folder = rt.settings.data_dir / "reports"

choices = available_engines(rt)
current = engine()
choice = st.radio(
    "Engine", choices, horizontal=True, index=choices.index(current) if current in choices else 0
)
if st.button("Run the dev sets", type="primary"):
    with st.status("Running the dev sets…", expanded=False) as status:
        try:
            report = evaluate(rt, engine=choice)
            write_reports(report, folder)
            status.update(label="Done", state="complete")
        except Exception as error:
            status.update(label="Failed", state="error")
            show_error(error)

latest = folder / LATEST / "report.json"
if not latest.exists():
    st.info("No report yet: run the dev sets (about ten seconds on the offline engine).")
else:
    report = json.loads(latest.read_text())
    flat = headline(report)
    cols = st.columns(4)
    for col, (task, metric) in zip(cols, [("critique", "signal_micro_f1"), ("critique", "verdict_accuracy"),
                                           ("exit", "pass_rate"), ("rehearsal", "accuracy")], strict=True):  # fmt: skip
        if task in flat:
            col.metric(f"{task} {metric.replace('_', ' ')}", f"{flat[task][metric]:.2f}")
    st.html((folder / LATEST / "report.html").read_text())
