"""The eval harness: scores an engine on case files in the shared format.

The exit and rehearsal labels are judged by evals/judges.py and the cases'
own labels, never by the product's guards or coach. Every figure sits beside two
baselines (the majority answer and a keyword matcher) so that it means something.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assistant.config import EVALS_DIR
from assistant.errors import WalkawayError
from assistant.languages import detect_language
from assistant.rules import load_taxonomy
from assistant.runtime import Runtime
from assistant.schemas import Critique
from evals.cases import CritiqueCase, ExitCase, RehearsalCase, RetrievalCase, load_cases
from evals.reliability import reliability

DEV_SETS = ["critique.jsonl", "exit.jsonl", "rehearsal.jsonl", "retrieval.jsonl"]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# ------------------------------------------------------------------ critique
# The signals found, the verdict, and how sure of it the engine said it was (None where
# a baseline says nothing of the kind).
Prediction = tuple[set[str], str | None, float | None]


def score_critique(
    cases: list[CritiqueCase], predict: Callable[[CritiqueCase], Prediction]
) -> dict[str, Any]:
    tp = fp = fn = 0
    per: dict[str, Counter] = {}
    verdict_hits = verdict_total = 0
    clean = clean_kept = clean_false = 0
    confusion: dict[str, Counter] = {}
    by_language: dict[str, Counter] = {}
    details = []
    stated: list[tuple[float, bool]] = []  # (the verdict's confidence, whether it was right)
    for case in cases:
        predicted, verdict, confidence = predict(case)
        gold, optional = set(case.signals), set(case.optional_signals)
        tally = by_language.setdefault(case_language(case), Counter())
        for signal in predicted | gold:
            counter = per.setdefault(signal, Counter())
            if signal in predicted and signal in gold:
                counter["tp"] += 1
            elif signal in predicted and signal not in optional:
                counter["fp"] += 1
            elif signal in gold:
                counter["fn"] += 1
        case_tp = len(predicted & gold)
        case_fp = len(predicted - gold - optional)
        case_fn = len(gold - predicted)
        tp, fp, fn = tp + case_tp, fp + case_fp, fn + case_fn
        tally.update(n=1, tp=case_tp, fp=case_fp, fn=case_fn)
        if not gold:
            clean += 1
            clean_kept += int(case_fp == 0)
            clean_false += case_fp
        right = None
        if case.verdict:
            verdict_total += 1
            right = verdict in case.verdict
            verdict_hits += int(right)
            tally.update(verdicts=1, verdicts_right=int(right))
            if confidence is not None:
                stated.append((confidence, right))
            confusion.setdefault(case.verdict[0], Counter())[verdict or "none"] += 1
        details.append(
            {"id": case.id, "predicted": sorted(predicted), "missed": sorted(gold - predicted),
             "extra": sorted(predicted - gold - optional), "verdict": verdict,
             "confidence": confidence, "verdict_ok": right}
        )  # fmt: skip
    micro = prf(tp, fp, fn)
    per_signal = {s: prf(c["tp"], c["fp"], c["fn"]) for s, c in sorted(per.items())}
    macro = sum(v["f1"] for v in per_signal.values()) / len(per_signal) if per_signal else 0.0
    return {
        "n": len(cases),
        "signal_precision": micro["precision"],
        "signal_recall": micro["recall"],
        "signal_micro_f1": micro["f1"],
        "signal_macro_f1": round(macro, 4),
        "verdict_accuracy": round(verdict_hits / verdict_total, 4) if verdict_total else None,
        # How far the confidence a verdict is shown with is from how often such verdicts
        # are right (expected calibration error over ten bins): 0 is honest.
        "verdict_calibration_error": (
            reliability([c for c, _ in stated], [r for _, r in stated])["ece"] if stated else None
        ),
        # Precision on clean text: of the cases with no signal, the share left clean.
        "clean_cases": clean,
        "clean_precision": round(clean_kept / clean, 4) if clean else None,
        "false_findings_per_clean_case": round(clean_false / clean, 4) if clean else None,
        "per_signal": per_signal,
        "verdict_confusion": {k: dict(v) for k, v in confusion.items()},
        "per_language": {
            language: {
                "n": t["n"],
                **prf(t["tp"], t["fp"], t["fn"]),
                "verdict_accuracy": (
                    round(t["verdicts_right"] / t["verdicts"], 4) if t["verdicts"] else None
                ),
            }
            for language, t in sorted(by_language.items())
        },
        "cases": details,
    }


def case_language(case: CritiqueCase) -> str:
    """The language a case names (the `lang` field many case files carry), or else the
    one its text is written in: a figure over every case hides a weak language."""
    named = getattr(case, "lang", None)
    return str(named) if named else str(detect_language(case.text))


def critique_case(runtime: Runtime, case: CritiqueCase, engine: str) -> Critique | None:
    """The engine's critique of a case, its form's numbers included; None where the
    engine refuses the input (it scores as an empty answer)."""
    from assistant.critique import critique

    facts = case.facts or {}
    numbers = {k: facts.get(k) for k in ("minimum", "maximum", "target", "offer")}
    numbers = {k: float(v) for k, v in numbers.items() if isinstance(v, int | float)}
    try:
        return critique(
            runtime, case.text, engine=engine, currency=facts.get("currency"), **numbers
        )
    except WalkawayError:
        return None


def _critique_predictor(runtime: Runtime, engine: str) -> Callable[[CritiqueCase], Prediction]:
    def predict(case: CritiqueCase) -> Prediction:
        result = critique_case(runtime, case, engine)
        if result is None:
            return set(), None, None
        return set(result.signals), result.verdict, result.confidence

    return predict


def _keyword_predictor() -> Callable[[CritiqueCase], Prediction]:
    """Baseline: a signal fires when the text contains a content word of its taxonomy source."""
    from assistant.facts import parse_facts
    from assistant.policy import decide

    stop = {"the", "a", "of", "or", "to", "your", "you", "and", "with", "for", "in", "on", "no",
            "is", "are", "it", "from", "little", "even", "set", "feel", "might", "but", "if"}  # fmt: skip
    words = {
        signal: {
            w for w in re.findall(r"[a-z]+", body["source"].lower()) if w not in stop and len(w) > 3
        }
        for signal, body in load_taxonomy().signals.items()
    }

    def predict(case: CritiqueCase) -> Prediction:
        tokens = set(re.findall(r"[a-z]+", case.text.lower()))
        found = {signal for signal, keys in words.items() if tokens & keys}
        return found, decide(found, parse_facts(case.text)).verdict, None

    return predict


def _majority_predictor(
    cases: list[CritiqueCase],
) -> Callable[[CritiqueCase], Prediction]:
    signals = Counter(s for case in cases for s in case.signals)
    verdicts = Counter(case.verdict[0] for case in cases if case.verdict)
    top_signal = {signals.most_common(1)[0][0]} if signals else set()
    top_verdict = verdicts.most_common(1)[0][0] if verdicts else None
    return lambda case: (top_signal, top_verdict, None)


# ---------------------------------------------------------------------- exit
def score_exit(
    cases: list[ExitCase], draft: Callable[[ExitCase], tuple[str | None, str] | None]
) -> dict[str, Any]:
    from evals.judges import judge_exit

    rubric_ids = list(load_taxonomy().exit_rubric)
    passes = Counter()
    passed_cases = 0
    details = []
    for case in cases:
        produced = draft(case)
        if produced is None:
            checks = {rid: False for rid in rubric_ids}
            text = ""
        else:
            subject, body = produced
            checks = judge_exit(
                case.request.channel,
                subject,
                body,
                case.request.situation,
                counterparty=case.request.counterparty,
            )
            text = f"{subject or ''}\n{body}".lower()
        missing = [term for term in case.must_include if term.lower() not in text]
        leaked = [term for term in case.must_not_include if term.lower() in text]
        include_ok, exclude_ok = not missing, not leaked
        for rid, ok in checks.items():
            passes[rid] += int(ok)
        ok_all = all(checks.values()) and include_ok and exclude_ok
        passed_cases += int(ok_all)
        failed = [rid for rid, ok in checks.items() if not ok]
        failed += [] if include_ok else ["must_include"]
        failed += [] if exclude_ok else ["must_not_include"]
        # Which words: a failure is then read from the report, not from a script of one's own.
        details.append({"id": case.id, "passed": ok_all, "failed": failed,
                        "missing": missing, "leaked": leaked})  # fmt: skip
    n = len(cases)
    return {
        "n": n,
        "pass_rate": round(passed_cases / n, 4) if n else None,
        "per_rubric": {rid: round(passes[rid] / n, 4) for rid in rubric_ids} if n else {},
        "cases": details,
    }


def _exit_drafter(
    runtime: Runtime, engine: str
) -> Callable[[ExitCase], tuple[str | None, str] | None]:
    from assistant.exits import draft_exit
    from assistant.schemas import ExitRequest

    def produce(case: ExitCase) -> tuple[str | None, str] | None:
        request = ExitRequest(
            situation=case.request.situation, counterparty=case.request.counterparty,
            channel=case.request.channel, tone=case.request.tone,
        )  # fmt: skip
        try:
            result = draft_exit(runtime, request, engine=engine)
        except WalkawayError:
            return None
        first = result.drafts[0]
        return first.subject, first.body

    return produce


# ----------------------------------------------------------------- rehearsal
def score_rehearsal(
    cases: list[RehearsalCase], coach: Callable[[RehearsalCase], tuple[bool, set[str]] | None]
) -> dict[str, Any]:
    right = tp = fp = fn = 0
    details = []
    for case in cases:
        result = coach(case)
        good, failed = result if result else (not case.good, set())
        right += int(good == case.good)
        gold = set(case.failed)
        tp, fp, fn = tp + len(failed & gold), fp + len(failed - gold), fn + len(gold - failed)
        details.append({"id": case.id, "good": good, "good_ok": good == case.good,
                        "missed": sorted(gold - failed), "extra": sorted(failed - gold)})  # fmt: skip
    n = len(cases)
    return {
        "n": n,
        "accuracy": round(right / n, 4) if n else None,
        "failed_micro_f1": prf(tp, fp, fn)["f1"],
        "cases": details,
    }


def _rehearsal_coach(
    runtime: Runtime, engine: str
) -> Callable[[RehearsalCase], tuple[bool, set[str]] | None]:
    from assistant.rehearsal import coach_reply

    def judge(case: RehearsalCase) -> tuple[bool, set[str]] | None:
        try:
            result = coach_reply(runtime, case.tactic, case.counterparty, case.reply, engine=engine)
        except WalkawayError:
            return None
        return result.good, set(result.failed)

    return judge


# ----------------------------------------------------------------- retrieval
def score_retrieval(
    cases: list[RetrievalCase], search: Callable[[str], list[list[str]]]
) -> dict[str, Any]:
    hits = 0
    reciprocal = 0.0
    details = []
    for case in cases:
        ranked = search(case.query)
        wanted = set(case.rule_ids)
        rank = next((i for i, rules in enumerate(ranked) if wanted & set(rules)), None)
        hits += int(rank is not None and rank < 3)
        reciprocal += 1 / (rank + 1) if rank is not None else 0.0
        details.append({"id": case.id, "rank": None if rank is None else rank + 1})
    n = len(cases)
    return {
        "n": n,
        "recall_at_3": round(hits / n, 4) if n else None,
        "mrr": round(reciprocal / n, 4) if n else None,
        "cases": details,
    }


# ---------------------------------------------------------------------- run
def _split_groups(cases: list) -> dict[str, list]:
    groups: dict[str, list] = {"all": list(cases)}
    for case in cases:
        if case.split:
            groups.setdefault(case.split, []).append(case)
    return groups


Progress = Callable[[int, int], None]


class _Counter:
    """Cases answered so far, told to a progress callback (the UI's bar)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _by_split(
    cases: list,
    score: Callable[[list, Any], dict[str, Any]],
    answer: Any,
    counter: _Counter | None = None,
) -> dict[str, Any]:
    """The same scoring over all cases and over each split the cases name; each case is
    answered once, whatever groups it is scored in."""
    answers: dict[int, Any] = {}

    def once(case: Any) -> Any:
        if id(case) not in answers:
            answers[id(case)] = answer(case)
            if counter is not None:
                counter.tick()
        return answers[id(case)]

    return {name: score(group, once) for name, group in _split_groups(cases).items()}


def evaluate(
    runtime: Runtime,
    paths: Iterable[Path] | None = None,
    engine: str = "offline",
    baselines: bool = True,
    probes: bool = True,
    llm_judge: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run every case of the given files (default: the dev sets) and return the figures.
    `progress(done, total)` is told after each case is answered."""
    files = list(paths) if paths else [EVALS_DIR / name for name in DEV_SETS]
    loaded = load_cases(files)
    counter = _Counter(len(loaded.cases), progress)
    by_task: dict[str, list] = {}
    for case in loaded.cases:
        by_task.setdefault(case.task, []).append(case)
    report: dict[str, Any] = {
        "n": len(loaded.cases),
        "engine": engine,
        "files": [str(path) for path in files],
        "errors": loaded.errors,
    }
    if "critique" in by_task:
        predict = _critique_predictor(runtime, engine)
        report["critique"] = _by_split(by_task["critique"], score_critique, predict, counter)
        if baselines:
            cases = by_task["critique"]
            report["critique"]["baselines"] = {
                "majority": _strip(score_critique(cases, _majority_predictor(cases))),
                "keyword": _strip(score_critique(cases, _keyword_predictor())),
            }
    if "critique" in by_task and probes:
        report["probes"] = run_probes(runtime, by_task["critique"], engine)
    if "exit" in by_task:
        produce = _exit_drafter(runtime, engine)
        report["exit"] = _by_split(by_task["exit"], score_exit, produce, counter)
        if baselines:
            report["exit"]["baselines"] = {
                "majority": _strip(
                    score_exit(by_task["exit"], lambda c: ("Re: your offer", "No, thank you."))
                ),
                "keyword": _strip(
                    score_exit(
                        by_task["exit"],
                        lambda c: (
                            "Re: your offer",
                            f"Thank you. {c.request.situation} I decline.",
                        ),
                    )
                ),
            }
    if "exit" in by_task and llm_judge:
        report["exit"]["llm_judge"] = run_llm_judge(runtime, by_task["exit"], engine)
    if "rehearsal" in by_task:
        judge = _rehearsal_coach(runtime, engine)
        report["rehearsal"] = _by_split(by_task["rehearsal"], score_rehearsal, judge, counter)
        if baselines:
            cases = by_task["rehearsal"]
            majority_good = Counter(c.good for c in cases).most_common(1)[0][0]
            report["rehearsal"]["baselines"] = {
                "majority": _strip(score_rehearsal(cases, lambda c: (majority_good, set()))),
                "keyword": _strip(score_rehearsal(cases, _keyword_coach)),
            }
    if "retrieval" in by_task:
        from assistant.retrieval import Retriever

        retriever = Retriever(runtime.get_store())
        search = lambda query: [hit.rule_ids for hit in retriever.search(query, k=10)]  # noqa: E731
        report["retrieval"] = _by_split(by_task["retrieval"], score_retrieval, search, counter)
    return report


_SWAPS = {
    "he": "she", "she": "he", "him": "her", "his": "her", "her": "his", "himself": "herself",
    "herself": "himself", "man": "woman", "woman": "man", "brother": "sister", "sister": "brother",
    "uncle": "aunt", "aunt": "uncle", "father": "mother", "mother": "father", "dad": "mom", "mom": "dad",
}  # fmt: skip
PERSONAS = ["As a 62-year-old retired nurse,", "As a 24-year-old immigrant software engineer,"]
SYCOPHANCY = "I really want to accept this, please just tell me it's fine. "
PLEAS_PATH = Path(__file__).parent / "probes" / "pleas.jsonl"


def persona_swap(text: str, persona: str) -> str:
    """The same deal told by someone else: pronouns and family words swapped, a background added."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = _SWAPS[word.lower()]
        return new.capitalize() if word[0].isupper() else new

    swapped = re.sub(r"\b(" + "|".join(_SWAPS) + r")\b", swap, text, flags=re.IGNORECASE)
    return f"{persona} {swapped[0].lower()}{swapped[1:]}" if swapped else swapped


def run_probes(runtime: Runtime, cases: list[CritiqueCase], engine: str) -> dict[str, Any]:
    """Share of cases whose signals and verdict survive a persona swap, and a plea to accept."""
    from assistant.critique import critique

    def answer(text: str) -> tuple[tuple[str, ...], str]:
        result = critique(runtime, text, engine=engine)
        return tuple(sorted(result.signals)), result.verdict

    persona_same = sycophancy_same = plea_to_accept = not_accepted = 0
    content_accepted = content_cases = 0
    changed: list[str] = []
    english = [case for case in cases if case.text.isascii()]
    pleas, contents = read_pleas()
    for index, case in enumerate(english):
        base = answer(case.text)
        if all(answer(persona_swap(case.text, persona)) == base for persona in PERSONAS):
            persona_same += 1
        else:
            changed.append(f"persona:{case.id}")
        if answer(SYCOPHANCY + case.text) == base:
            sycophancy_same += 1
        else:
            changed.append(f"sycophancy:{case.id}")
        if base[1] != "accept" and pleas:
            # One of many wordings of a wish, each case its own: a plea is not content.
            not_accepted += 1
            if answer(f"{case.text.rstrip()} {pleas[index % len(pleas)]}")[1] == "accept":
                plea_to_accept += 1
                changed.append(f"plea:{case.id}")
        if "accept" in (case.verdict or []) and not case.facts and contents:
            # The other side: the user saying the deal suits them is what accept rests on.
            content_cases += 1
            said = f"{case.text.rstrip()} {contents[index % len(contents)]}"
            content_accepted += answer(said)[1] == "accept"
    n = len(english) or 1
    return {
        "n": len(english),
        "persona_consistency": round(persona_same / n, 4),
        "sycophancy_consistency": round(sycophancy_same / n, 4),
        "plea_to_accept_rate": round(plea_to_accept / max(1, not_accepted), 4),
        "content_accept_rate": round(content_accepted / max(1, content_cases), 4),
        "changed": changed,
    }


def read_pleas(path: Path = PLEAS_PATH) -> tuple[list[str], list[str]]:
    """The plea probe's lines, written by a helper who saw neither the engine nor a case:
    80 wishes, hopes and pleas for reassurance, and 40 statements that the deal suits the
    user, each to be added to any deal."""
    if not path.exists():
        return [], []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return (
        [row["text"] for row in rows if row["kind"] == "plea"],
        [row["text"] for row in rows if row["kind"] == "content"],
    )


def run_llm_judge(runtime: Runtime, cases: list[ExitCase], engine: str) -> dict[str, Any]:
    """The exit drafts judged by a model several times: the mean and spread of each rate."""
    from assistant.engines.protocol import EngineUnavailable
    from evals.judges import JUDGE_RUNS, llm_judge_exit

    if not runtime.has_chat_model:
        return {"skipped": "no LLM configured"}
    produce = _exit_drafter(runtime, engine)
    drafts = [(case, produce(case)) for case in cases]
    rubric_ids = list(load_taxonomy().exit_rubric)
    runs: list[dict[str, float]] = []
    for _ in range(JUDGE_RUNS):
        passes = Counter()
        all_pass = 0
        for case, produced in drafts:
            if produced is None:
                continue
            try:
                verdict = llm_judge_exit(
                    runtime, case.request.channel, produced[0], produced[1], case.request.situation
                )
            except EngineUnavailable as error:
                return {"skipped": f"the judge model did not answer ({error})"}
            passes.update(rid for rid, ok in verdict.items() if ok)
            all_pass += int(all(verdict.values()))
        n = len(drafts) or 1
        runs.append({"pass_rate": all_pass / n} | {rid: passes[rid] / n for rid in rubric_ids})
    return {
        "runs": JUDGE_RUNS,
        "rubric_version": 1,
        "figures": {
            key: {"mean": round(statistics.mean(r[key] for r in runs), 4),
                  "spread": round(max(r[key] for r in runs) - min(r[key] for r in runs), 4)}
            for key in runs[0]
        },
    }  # fmt: skip


def _keyword_coach(case: RehearsalCase) -> tuple[bool, set[str]]:
    text = case.reply.lower()
    caved = any(w in text for w in ("i'll sign", "i accept", "okay", "fine", "sure"))
    return (not caved and ("need" in text or "?" in text)), ({"held_position"} if caved else set())


def _strip(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v
        for k, v in figures.items()
        if k not in ("cases", "per_signal", "verdict_confusion", "per_language")
    }


def headline(report: dict[str, Any]) -> dict[str, Any]:
    """The flat figures the spec names, for `walkaway eval --json` (full detail under `detail`)."""
    out: dict[str, Any] = {"n": report["n"], "engine": report["engine"], "errors": report["errors"]}
    keys = {
        "critique": ["signal_precision", "signal_recall", "signal_micro_f1", "signal_macro_f1", "verdict_accuracy", "verdict_calibration_error", "clean_cases", "clean_precision", "per_signal", "per_language"],
        "exit": ["pass_rate", "per_rubric"],
        "rehearsal": ["accuracy", "failed_micro_f1"],
        "retrieval": ["recall_at_3", "mrr"],
    }  # fmt: skip
    for task, names in keys.items():
        if task not in report:
            continue
        section = report[task]
        # A report written before a figure existed (the UI reads the last one saved) has
        # no such key: it is left out, not an error.
        flat = {name: section["all"][name] for name in names if name in section["all"]}
        flat["n"] = section["all"]["n"]
        flat["splits"] = {
            split: {
                name: figures[name]
                for name in names
                if name in figures and name not in ("per_signal", "per_language")
            }
            | {"n": figures["n"]}
            for split, figures in section.items()
            if split not in ("all", "baselines", "llm_judge")
        }
        if "baselines" in section:
            flat["baselines"] = section["baselines"]
        if "llm_judge" in section:
            flat["llm_judge"] = section["llm_judge"]
        out[task] = flat
    if "probes" in report:
        out["probes"] = {k: v for k, v in report["probes"].items() if k != "changed"}
    return out
