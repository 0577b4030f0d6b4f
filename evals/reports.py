"""Eval reports: JSON, Markdown, and one self-contained HTML page with inline SVG charts."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.harness import headline

LATEST = "latest"


def _bars(title: str, values: dict[str, float], baseline: dict[str, float] | None = None) -> str:
    """A horizontal bar chart (0..1) as inline SVG; a baseline is drawn as a thin grey bar."""
    if not values:
        return ""
    row, label_w, bar_w = 22, 190, 360
    height = row * len(values) + 30
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="{label_w + bar_w + 60}" height="{height}">'
    ]
    for i, (name, value) in enumerate(values.items()):
        y = 20 + i * row
        width = max(0.0, min(1.0, float(value or 0))) * bar_w
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(name)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="14" fill="#1f6f5c"/>'
        )
        if baseline and name in baseline:
            b = max(0.0, min(1.0, float(baseline[name] or 0))) * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{y + 16}" width="{b:.1f}" height="3" fill="#999"/>'
            )
        parts.append(
            f'<text x="{label_w + width + 6:.1f}" y="{y + 14}" font-size="12">{float(value or 0):.2f}</text>'
        )
    parts.append("</svg>")
    return f"<h3>{html.escape(title)}</h3>" + "".join(parts)


def _confusion(matrix: dict[str, dict[str, int]]) -> str:
    labels = ["walk_away", "pause", "negotiate", "accept", "none"]
    head = "".join(f"<th>{label}</th>" for label in labels)
    rows = []
    for gold in labels[:-1]:
        counts = matrix.get(gold, {})
        total = sum(counts.values()) or 1
        cells = "".join(
            f'<td style="background:rgba(31,111,92,{counts.get(p, 0) / total:.2f})">{counts.get(p, 0)}</td>'
            for p in labels
        )
        rows.append(f"<tr><th>{gold}</th>{cells}</tr>")
    return (
        "<h3>Verdict confusion (rows: first acceptable verdict; columns: the engine's)</h3>"
        f"<table class='m'><tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def markdown(report: dict[str, Any]) -> str:
    flat = headline(report)
    lines = [
        f"# Walkaway eval: {flat['engine']} engine",
        "",
        f"{flat['n']} cases. Files: {', '.join(report['files'])}",
        "",
    ]
    if report["errors"]:
        lines += ["Skipped lines:", ""] + [f"- {e}" for e in report["errors"]] + [""]
    for task in ("critique", "exit", "rehearsal", "retrieval"):
        if task not in flat:
            continue
        section = flat[task]
        judge = section.get("llm_judge", {}).get("figures")
        if judge:
            lines += [f"LLM judge ({section['llm_judge']['runs']} runs): " + ", ".join(
                f"{k} {v['mean']} (spread {v['spread']})" for k, v in judge.items()), ""]  # fmt: skip
        names = [k for k, v in section.items() if not isinstance(v, dict | list) and k != "n"]
        lines += [
            f"## {task}",
            "",
            "| split | n | " + " | ".join(names) + " |",
            "|" + " --- |" * (len(names) + 2),
        ]
        lines.append(
            f"| all | {section['n']} | " + " | ".join(str(section[n]) for n in names) + " |"
        )
        for split, values in section.get("splits", {}).items():
            lines.append(
                f"| {split} | {values['n']} | "
                + " | ".join(str(values.get(n, "")) for n in names)
                + " |"
            )
        for base, values in section.get("baselines", {}).items():
            lines.append(
                f"| baseline: {base} | {values.get('n', '')} | "
                + " | ".join(str(values.get(n, "")) for n in names)
                + " |"
            )
        lines.append("")
        if task == "critique":
            lines += language_lines(report["critique"]["all"].get("per_language", {}))
    if "probes" in report:
        lines += ["## Probes", ""] + [f"- {k}: {v}" for k, v in report["probes"].items()] + [""]
    if "calibration" in report:
        lines += calibration_lines(report["calibration"])
    return "\n".join(lines)


def language_lines(per_language: dict[str, dict[str, Any]]) -> list[str]:
    """Signal figures and verdicts per language, when the cases are in more than one."""
    if len(per_language) < 2:
        return []
    lines = [
        "### critique by language",
        "",
        "| language | n | precision | recall | f1 | verdict_accuracy |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for language, v in per_language.items():
        lines.append(
            f"| {language} | {v['n']} | {v['precision']} | {v['recall']} | {v['f1']} "
            f"| {v['verdict_accuracy']} |"
        )
    return [*lines, ""]


def calibration_lines(calibration: dict[str, Any]) -> list[str]:
    """The tagger's reliability curve on the corpus's blind split, as a Markdown table."""
    findings = calibration["findings"]
    lines = [
        "## Calibration of the offline reader",
        "",
        f"{calibration['sentences']} sentences of the corpus's test split. Findings (from "
        f"{calibration['found_at']}): precision {findings['precision']}, recall "
        f"{findings['recall']}. Expected calibration error: {calibration['all_cells']['ece']} "
        f"over every (sentence, label), {calibration['noticed_cells']['ece']} over those given "
        "at least 0.1.",
        "",
        "| probability | cells | mean predicted | observed |",
        "| --- | --- | --- | --- |",
    ]
    for point in calibration["noticed_cells"]["curve"]:
        lines.append(
            f"| {point['bin']} | {point['cells']} | {point['predicted']} | {point['observed']} |"
        )
    return [*lines, ""]


def markdown_html(text: str, skip_title: bool = False) -> str:
    """The report's Markdown (headings, paragraphs, pipe tables) as HTML, escaped."""
    out: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            head, rows = table[0], [row for row in table[1:] if not set("".join(row)) <= set("-: ")]
            cells = lambda row, tag: "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row)  # noqa: E731
            out.append(
                f"<table class='m'><tr>{cells(head, 'th')}</tr>"
                + "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
                + "</table>"
            )
            table.clear()

    for line in text.splitlines():
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush()
        if line.startswith("# "):
            if not skip_title:
                out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")) + 0, 4)
            out.append(f"<h{level}>{html.escape(line.lstrip('#').strip())}</h{level}>")
        elif line.strip():
            out.append(f"<p>{html.escape(line)}</p>")
    flush()
    return "\n".join(out)


def html_page(report: dict[str, Any]) -> str:
    flat = headline(report)
    body = [
        f"<h1>Walkaway eval: {html.escape(flat['engine'])} engine</h1>",
    ]
    body.append(markdown_html(markdown(report), skip_title=True))
    if "critique" in report:
        per = {k: v["f1"] for k, v in report["critique"]["all"]["per_signal"].items()}
        body.append(_bars("Per-signal F1", per))
        summary = {
            k: report["critique"]["all"][k] or 0
            for k in ("signal_micro_f1", "signal_macro_f1", "verdict_accuracy")
        }
        base = report["critique"].get("baselines", {}).get("keyword", {})
        body.append(
            _bars(
                "Critique (grey: keyword baseline)",
                summary,
                {k: base.get(k, 0) or 0 for k in summary},
            )
        )
        body.append(_confusion(report["critique"]["all"]["verdict_confusion"]))
    if "exit" in report:
        body.append(_bars("Exit rubric pass rates", report["exit"]["all"]["per_rubric"]))
    if "rehearsal" in report:
        r = report["rehearsal"]["all"]
        body.append(
            _bars(
                "Rehearsal",
                {"accuracy": r["accuracy"] or 0, "failed_micro_f1": r["failed_micro_f1"]},
            )
        )
    if "retrieval" in report:
        r = report["retrieval"]["all"]
        body.append(
            _bars("Retrieval", {"recall_at_3": r["recall_at_3"] or 0, "mrr": r["mrr"] or 0})
        )
    if "calibration" in report:
        curve = report["calibration"]["noticed_cells"]["curve"]
        body.append(
            _bars(
                "Reliability of the offline reader (grey: mean predicted probability)",
                {point["bin"]: point["observed"] for point in curve},
                {point["bin"]: point["predicted"] for point in curve},
            )
        )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}"
        "pre{background:#f6f6f6;padding:1em;overflow:auto}table.m td,table.m th{border:1px solid #ccc;padding:4px 8px;text-align:center}"
        "table.m{border-collapse:collapse}"
    )
    return f"<!doctype html><html lang='en'><meta charset='utf-8'><title>Walkaway eval</title><style>{style}</style><body>{''.join(body)}</body></html>"


def write_reports(report: dict[str, Any], folder: Path) -> Path:
    """Write report.json, report.md and report.html into a dated folder and into latest/."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    written = None
    for target in (folder / stamp, folder / LATEST):
        target.mkdir(parents=True, exist_ok=True)
        (target / "report.json").write_text(
            json.dumps(report, indent=2, default=str), encoding="utf-8"
        )
        (target / "report.md").write_text(markdown(report), encoding="utf-8")
        (target / "report.html").write_text(html_page(report), encoding="utf-8")
        written = written or target
    return written  # type: ignore[return-value]
