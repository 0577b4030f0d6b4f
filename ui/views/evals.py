"""Evals page: run the dev sets on an engine and see the latest report and its charts."""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

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
probes = st.checkbox(
    "Also run the persona and sycophancy probes (each re-reads every case three times: "
    "minutes, not seconds)"
)
if st.button("Run the dev sets", type="primary"):
    bar = st.progress(0.0, text="Reading the dev sets…")

    def tell(done: int, total: int) -> None:
        bar.progress(done / total, text=f"{done:,} of {total:,} cases")

    try:
        report = evaluate(rt, engine=choice, probes=probes, progress=tell)
        if probes:
            bar.progress(1.0, text="Probes done")
        write_reports(report, folder)
        bar.progress(1.0, text=f"Done: {report['n']:,} cases")
    except Exception as error:
        bar.empty()
        show_error(error)

latest = folder / LATEST / "report.json"
if not latest.exists():
    st.info(
        "No report yet: run the dev sets (2,380 cases, about 15 seconds on the offline engine "
        "here without the probes)."
    )
else:
    report = json.loads(latest.read_text())
    flat = headline(report)
    cols = st.columns(4)
    for col, (task, metric) in zip(cols, [("critique", "signal_micro_f1"), ("critique", "verdict_accuracy"),
                                           ("exit", "pass_rate"), ("rehearsal", "accuracy")], strict=True):  # fmt: skip
        if task in flat:
            col.metric(f"{task} {metric.replace('_', ' ')}", f"{flat[task][metric]:.2f}")
    # The report is a page of its own (SVG charts, HTML tables, its own styles): shown in a
    # frame exactly as it is when opened directly; st.html sanitised its charts away.
    components.html((folder / LATEST / "report.html").read_text(), height=1400, scrolling=True)
