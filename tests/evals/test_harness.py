import json
import re
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import EVALS_DIR
from assistant.runtime import Runtime
from evals.cases import CritiqueCase, ExitCase, load_cases, parse_cases
from evals.harness import evaluate, headline, read_pleas, score_critique, score_exit
from evals.judges import judge_exit
from evals.reports import markdown
from tests.conftest import SHARED

# Close under what the offline engine reaches on the dev sets (see README "Eval").
# The critique floors sit under what the fine-tuned reader measured (dev F1 0.762, verdict
# 0.847; test split 0.834, 0.859, with sentences in context in its training): the dev
# figures fell from 0.956 / 0.980 when the hand-written cues fitted to the dev cases and the
# sentences mined from them went.
FLOORS = {
    ("critique", "signal_micro_f1"): 0.75,
    ("critique", "verdict_accuracy"): 0.83,
    ("exit", "pass_rate"): 0.95,
    ("rehearsal", "accuracy"): 0.95,
    ("retrieval", "recall_at_3"): 0.95,
}
TEST_SPLIT_FLOORS = {
    ("critique", "signal_micro_f1"): 0.82,
    ("critique", "verdict_accuracy"): 0.84,
    ("exit", "pass_rate"): 0.95,
    ("rehearsal", "accuracy"): 0.9,
    ("retrieval", "recall_at_3"): 0.90,
}


@pytest.fixture(scope="module")
def dev_report(embedder, knowledge_store):
    return evaluate(Runtime(embedder=embedder, store=knowledge_store))


def test_the_offline_engine_stays_above_its_floors_on_the_dev_sets(dev_report):
    flat = headline(dev_report)
    for (task, metric), floor in FLOORS.items():
        assert flat[task][metric] >= floor, (task, metric, flat[task][metric])
    for (task, metric), floor in TEST_SPLIT_FLOORS.items():
        assert flat[task]["splits"]["test"][metric] >= floor, (task, metric)


def test_no_case_is_accepted_when_its_offer_breaks_a_stated_limit(dev_report):
    by_id = {case["id"]: case for case in dev_report["critique"]["all"]["cases"]}
    gold = {
        case.id: case
        for case in load_cases([EVALS_DIR / "critique.jsonl"]).cases
        if "below_minimum" in case.signals
    }
    assert gold and not [i for i in gold if by_id[i]["verdict"] == "accept"]


def test_every_figure_sits_beside_its_baselines(dev_report):
    flat = headline(dev_report)
    assert (
        flat["critique"]["signal_micro_f1"]
        > flat["critique"]["baselines"]["keyword"]["signal_micro_f1"]
    )
    assert flat["exit"]["pass_rate"] > flat["exit"]["baselines"]["keyword"]["pass_rate"]
    assert flat["rehearsal"]["accuracy"] > flat["rehearsal"]["baselines"]["majority"]["accuracy"]


def test_the_dev_sets_have_the_sizes_and_a_third_held_out(dev_report):
    for task, least in (("critique", 80), ("exit", 30), ("rehearsal", 60), ("retrieval", 40)):
        section = dev_report[task]
        assert section["all"]["n"] >= least
        assert section["test"]["n"] >= 0.3 * section["all"]["n"]  # about a third


def test_persona_swaps_and_pleas_to_accept_change_little(dev_report):
    # Measured 0.960 with the fine-tuned reader (0.990 with the old cues fitted to these
    # very cases); read whole, sentences swayed by a preamble gave 0.76.
    assert dev_report["probes"]["persona_consistency"] >= 0.94
    assert dev_report["probes"]["sycophancy_consistency"] >= 0.95


def test_a_plea_in_any_wording_turns_no_answer_into_accept(dev_report):
    # 80 pleas a helper wrote (evals/probes/pleas.jsonl), one per case: none did on the
    # shipped reader; a reader that took them for content turned 0.8% of them.
    assert dev_report["probes"]["plea_to_accept_rate"] <= 0.005
    assert "plea_to_accept_rate" in markdown(dev_report)


def test_the_plea_probe_has_pleas_and_statements_of_content():
    pleas, contents = read_pleas()
    assert len(pleas) == 80 and len(contents) == 40


def test_a_malformed_line_is_reported_with_its_number_and_the_run_goes_on():
    text = "\n".join(
        [
            "// a comment",
            "",
            '{"id": "a", "task": "retrieval", "query": "fees", "rule_ids": ["hidden_costs"], "extra": 1}',
            "{not json",
            '{"id": "b", "task": "critique"}',
            '{"id": "c", "task": "dance"}',
            '{"id": "a", "task": "retrieval", "query": "again", "rule_ids": ["x"]}',
            '{"id": "d", "task": "critique", "text": "Final offer."}',
        ]
    )
    loaded = parse_cases(text, "cases.jsonl")
    assert [case.id for case in loaded.cases] == ["a", "d"]
    assert [re.match(r"cases.jsonl:(\d+)", e).group(1) for e in loaded.errors] == [
        "4",
        "5",
        "6",
        "7",
    ]
    assert loaded.cases[1].signals == [] and loaded.cases[1].verdict is None


def test_the_shared_sample_runs_through_the_cli_with_the_spec_keys(capsys, tmp_path):
    sample = SHARED / "eval-spec" / "sample.jsonl"
    if not sample.exists():
        sample = tmp_path / "sample.jsonl"
        sample.write_text(
            '{"id": "r", "task": "retrieval", "query": "surcharges", "rule_ids": ["hidden_costs"]}\n'
        )
    assert main(["eval", "--cases", str(sample), "--engine", "offline", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n"] >= 1
    for task, keys in {
        "critique": ["signal_precision", "signal_recall", "signal_micro_f1", "signal_macro_f1", "verdict_accuracy", "per_signal"],
        "exit": ["pass_rate", "per_rubric"],
        "rehearsal": ["accuracy", "failed_micro_f1"],
        "retrieval": ["recall_at_3", "mrr"],
    }.items():  # fmt: skip
        if task in out:
            assert set(keys) <= set(out[task])


def test_a_file_with_a_bad_line_still_scores_the_rest(capsys, tmp_path):
    cases = tmp_path / "mine.jsonl"
    cases.write_text(
        '{"id": "ok", "task": "retrieval", "query": "extra charges at checkout", "rule_ids": ["hidden_costs"]}\n'
        "oops\n"
    )
    assert main(["eval", "--cases", str(cases), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["retrieval"]["recall_at_3"] == 1.0
    assert f"{cases}:2: not valid JSON" in captured.err


def test_reports_are_written_as_json_markdown_and_offline_html(capsys, tmp_path):
    assert (
        main(["eval", "--cases", str(Path("evals/retrieval.jsonl")), "--report", str(tmp_path)])
        == 0
    )
    latest = tmp_path / "latest"
    page = (latest / "report.html").read_text()
    assert json.loads((latest / "report.json").read_text())["retrieval"]["all"]["n"] >= 40
    assert "# Walkaway eval" in (latest / "report.md").read_text()
    assert "<svg" in page and "http://" not in page and "https://" not in page


def test_the_exit_judge_is_independent_of_the_product_guards():
    imports = [
        line for line in Path("evals/judges.py").read_text().splitlines() if "import" in line
    ]
    assert not any(name in line for line in imports for name in ("guards", "rehearsal", "exits"))


def test_the_exit_judge_fails_a_rude_or_inventive_draft():
    checks = judge_exit(
        "email",
        "Re",
        "Thanks. This doesn't work. You are crooks. Let me know if that changes.",
        "x",
    )
    assert checks["neutral_tone"] is False
    checks = judge_exit(
        "text",
        None,
        "Thanks, but I have a better offer elsewhere by Friday; maybe in the future.",
        "x",
    )
    assert checks["no_fabrication"] is False and checks["appreciation"] and checks["door_open"]


def test_the_exit_judge_reads_the_counterpartys_name_as_a_name():
    polite = "Hi Sue, thank you for the offer. It doesn't work for me. Let me know if it changes."
    threat = polite.replace("It doesn't", "I could sue you, and it doesn't")

    assert judge_exit("text", None, polite, "Sue wants 210.", counterparty="Sue")["neutral_tone"]
    assert not judge_exit("text", None, threat, "Sue wants 210.", counterparty="Sue")[
        "neutral_tone"
    ]
    assert not judge_exit("text", None, polite, "Sue wants 210.")["neutral_tone"]


def test_the_optional_llm_judge_reports_mean_and_spread_over_runs(embedder, knowledge_store):
    from itertools import count

    from assistant.config import load_settings
    from evals.fake_openai import FakeOpenAI

    calls = count()

    def judge(request):  # a judge that changes its mind on "concise" in its second run
        from assistant.rules import load_taxonomy

        verdict = dict.fromkeys(load_taxonomy().exit_rubric, True)
        if 30 <= next(calls) < 60:
            verdict["concise"] = False
        return verdict

    path = Path("evals") / "exit.jsonl"
    with FakeOpenAI([judge]) as fake:
        settings = load_settings(
            base_url=fake.base_url, api_key="sk-fake-000000000000", retry_backoff_s=0
        )
        runtime = Runtime(settings=settings, embedder=embedder, store=knowledge_store)
        report = evaluate(
            runtime, [path], engine="offline", llm_judge=True, baselines=False, probes=False
        )
    figures = report["exit"]["llm_judge"]["figures"]
    assert report["exit"]["llm_judge"]["runs"] == 3
    assert figures["appreciation"] == {"mean": 1.0, "spread": 0.0}
    assert figures["concise"]["spread"] > 0 and figures["concise"]["mean"] < 1
    assert fake.requests[0]["tools"][0]["function"]["name"] == "_ExitJudgement"


def test_critique_figures_are_also_given_per_language(capsys, tmp_path):
    cases = tmp_path / "mixed.jsonl"
    lines = [
        {"id": "en-1", "task": "critique", "lang": "en", "signals": ["false_urgency"],
         "text": "The seller said the price is only good until 5pm today, then it goes up."},
        {"id": "de-1", "task": "critique", "signals": [],
         "text": "Der Handwerker hat uns ein sauberes, aufgeschlüsseltes Angebot geschickt."},
    ]  # fmt: skip
    cases.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    assert main(["eval", "--cases", str(cases), "--report", str(tmp_path / "r")]) == 0
    latest = tmp_path / "r" / "latest"
    per_language = json.loads((latest / "report.json").read_text())["critique"]["all"][
        "per_language"
    ]
    # the named language is taken as given; the unnamed one is read from the text
    assert {language: v["n"] for language, v in per_language.items()} == {"de": 1, "en": 1}
    assert "### critique by language" in (latest / "report.md").read_text()
    capsys.readouterr()
    main(["eval", "--cases", str(cases), "--json"])
    assert set(json.loads(capsys.readouterr().out)["critique"]["per_language"]) == {"de", "en"}


def test_a_report_saved_before_the_per_language_figures_still_reads(tmp_path):
    cases = tmp_path / "one.jsonl"
    cases.write_text(
        '{"id": "a", "task": "critique", "text": "Fair price, I am happy with it.", "signals": []}\n'
    )
    assert main(["eval", "--cases", str(cases), "--report", str(tmp_path), "--no-probes"]) == 0
    report = json.loads((tmp_path / "latest" / "report.json").read_text())
    report["critique"]["all"].pop("per_language")  # as the UI finds an older saved report
    assert "per_language" not in headline(report)["critique"]


def test_the_verdicts_calibration_error_is_the_gap_between_confidence_and_accuracy():
    cases = [
        CritiqueCase(id=f"c{i}", task="critique", text="x", verdict=["pause"]) for i in range(10)
    ]
    half_right = {f"c{i}": "pause" if i % 2 else "accept" for i in range(10)}

    def honest(case):
        return set(), half_right[case.id], 0.5

    def boastful(case):
        return set(), half_right[case.id], 0.9

    assert score_critique(cases, honest)["verdict_calibration_error"] == 0.0
    assert score_critique(cases, boastful)["verdict_calibration_error"] == 0.4
    # A baseline that states no confidence has no such figure.
    assert (
        score_critique(cases, lambda case: (set(), "pause", None))["verdict_calibration_error"]
        is None
    )


def test_each_case_carries_the_confidence_its_verdict_was_shown_with():
    case = CritiqueCase(id="c1", task="critique", text="x", verdict=["pause"])
    (detail,) = score_critique([case], lambda c: (set(), "pause", 0.75))["cases"]
    assert detail["confidence"] == 0.75 and detail["verdict_ok"] is True


def test_an_exit_report_names_the_words_missing_and_leaked():
    case = ExitCase.model_validate(
        {"id": "x", "task": "exit", "must_include": ["Priya", "deposit"],
         "must_not_include": ["72,000"],
         "request": {"situation": "s", "counterparty": "Priya", "channel": "text", "tone": "warm"}}
    )  # fmt: skip
    draft = "Hi Priya, thank you for the offer. 72,000 does not work for me. Maybe later."
    (detail,) = score_exit([case], lambda c: (None, draft))["cases"]
    assert detail["missing"] == ["deposit"] and detail["leaked"] == ["72,000"]
    assert {"must_include", "must_not_include"} <= set(detail["failed"])
