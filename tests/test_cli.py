import json
import subprocess
import sys

import pytest

from assistant.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_json_prints_the_five_counts(capsys):
    code, out, _ = run(capsys, "ingest", "--json")
    assert code == 0
    counts = json.loads(out)
    assert set(counts) == {"added", "updated", "removed", "unchanged", "chunks"}
    assert counts["added"] == 2 and counts["chunks"] > 50
    code, out, _ = run(capsys, "ingest", "--json")
    assert json.loads(out)["unchanged"] == 2


def test_search_json_lists_hits_with_text_source_section_rules_and_score(capsys):
    code, out, _ = run(capsys, "search", "they tacked on a card surcharge", "--k", "3", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 3
    assert set(hits[0]) == {"text", "source", "section", "rule_ids", "score"}
    assert "hidden_costs" in {rule for hit in hits for rule in hit["rule_ids"]}


def test_ingest_of_a_bad_file_says_why_on_one_line(capsys, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x00\x01")
    code, _, err = run(capsys, "ingest", str(bad))
    assert code == 0
    assert err.strip() == f"skipped: {bad}: looks binary (it contains NUL bytes)"


def test_python_dash_m_assistant_runs_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, check=True
    )
    assert "ingest" in result.stdout and "search" in result.stdout


def test_an_unreachable_store_is_a_message_not_a_traceback(capsys, monkeypatch):
    monkeypatch.setenv("WALKAWAY_CHROMA_URL", "http://127.0.0.1:9")
    code, _, err = run(capsys, "search", "fees")
    assert code == 2 and err.startswith("walkaway: Cannot open") and "Traceback" not in err


@pytest.mark.parametrize("key", ["sk-test-abcdefghijklmnopqrstuvwxyz123456"])
def test_the_api_key_never_appears_in_output(capsys, monkeypatch, key):
    monkeypatch.setenv("WALKAWAY_API_KEY", key)
    monkeypatch.setenv("WALKAWAY_CHROMA_URL", f"http://127.0.0.1:9/{key}")
    code, out, err = run(capsys, "search", "fees")
    assert key not in out + err


def test_critique_json_has_verdict_findings_and_engine(capsys):
    code, out, _ = run(capsys, "critique", "They offered 66,000; my floor is 72k.", "--json")
    result = json.loads(out)
    assert code == 0 and result["verdict"] == "walk_away" and result["engine"] == "offline"
    assert result["findings"][0]["signal"] == "below_minimum"


def test_critique_reads_standard_input(capsys, monkeypatch):
    import io

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Final offer, take it or leave it."))
    )
    code, out, _ = run(capsys, "critique", "-")
    assert code == 0 and "take_it_or_leave_it" in out


def test_critique_of_empty_input_is_a_message(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = run(capsys, "critique", "-")
    assert code == 2 and "Describe the deal first" in err


def test_draft_exit_and_coach_print_json(capsys):
    code, out, _ = run(capsys, "draft-exit", "--situation", "They would not move", "--counterparty", "Priya",
                       "--channel", "text", "--variants", "2", "--json")  # fmt: skip
    drafts = json.loads(out)["drafts"]
    assert code == 0 and len(drafts) == 2 and all("Priya" in d["body"] for d in drafts)
    code, out, _ = run(capsys, "coach", "--tactic", "false_urgency", "--counterparty", "Sign now",
                       "--reply", "Fine, I'll sign.", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["good"] is False


def test_a_draft_follows_the_situations_language_unless_another_is_asked_for(capsys):
    situation = "Le vendeur ne baisse pas son prix et je ne veux pas continuer avec lui."
    code, out, _ = run(capsys, "draft-exit", "--situation", situation, "--channel", "text")
    assert code == 0 and "Merci" in out
    code, out, _ = run(capsys, "draft-exit", "--situation", situation, "--language", "en")
    assert code == 0 and "Thank you" in out and "Merci" not in out


def test_chat_in_the_terminal_saves_and_resumes_the_deal(capsys, monkeypatch):
    answers = iter(["They offered 52,000 and my floor is 58,000.", "/quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "chat", "--title", "Job")
    assert code == 0 and "Walk away" in out
    deal_id = out.split("walkaway chat --deal ")[1].split()[0]
    code, out, _ = run(capsys, "deals", "memo", deal_id)
    assert "# Walk-away memo: Job" in out
    code, out, _ = run(capsys, "deals", "delete", deal_id)
    code, out, _ = run(capsys, "deals", "list", "--json")
    assert deal_id not in out


def test_rehearse_runs_turns_and_prints_a_scorecard(capsys, monkeypatch):
    answers = iter(
        [
            "Fine, I'll sign.",
            "I won't decide today; I need it in writing. If it's still there next week, let me know.",
            "",
        ]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "rehearse", "--scenario", "car_dealer", "--tactic", "false_urgency")
    assert code == 0 and "Scorecard: 1 of 2 replies were strong." in out


def test_a_closed_pipe_ends_the_command_quietly():
    # `walkaway deals list | head -0`: the reader is gone before anything is written.
    child = subprocess.Popen(
        [sys.executable, "-m", "assistant", "deals", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read().decode()
    code = child.wait(timeout=60)
    assert err == "" and code == 141


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_an_mcp_port_out_of_range_is_one_line(capsys, port):
    code, _, err = run(capsys, "mcp", "--http", "--port", port)
    assert code == 2
    assert err == f"walkaway: --port must be between 1 and 65535, not {port}.\n"


@pytest.mark.parametrize("action", ["memo", "delete"])
def test_deals_memo_or_delete_without_an_id_says_an_id_is_needed(capsys, action):
    code, _, err = run(capsys, "deals", action)
    assert code == 2 and "needs a deal id" in err and "None" not in err
    assert err.count("\n") == 1


def test_deals_delete_says_so_when_the_wipe_could_not_be_verified(capsys, monkeypatch):
    import sqlite3

    from assistant.config import load_settings
    from assistant.deals import DealStore

    monkeypatch.setattr(DealStore, "checkpoint_wait_ms", 0)  # the reader will not finish here
    deals = DealStore(load_settings().deals_db)
    deal = deals.create("Secret")
    reader = sqlite3.connect(deals.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM deals").fetchone()  # another window, mid-read
    try:
        code, out, err = run(capsys, "deals", "delete", deal.id)
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert code == 1 and "for good" not in out + err
    assert "could not be verified" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "flags, name",
    [
        (["--minimum", "nan"], "minimum"),
        (["--offer", "nan"], "offer"),
        (["--offer", "inf"], "offer"),
        (["--minimum", "1e309"], "minimum"),
        (["--maximum", "-5"], "maximum"),
    ],
)
def test_critique_refuses_a_number_that_is_not_a_finite_amount_in_one_line(capsys, flags, name):
    code, out, err = run(capsys, "critique", "They offered 66,000 for the van.", *flags)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"walkaway: The {name} must be a finite amount of zero or more")


def test_critique_reports_a_minimum_above_the_maximum(capsys):
    code, out, _ = run(capsys, "critique", "They offered 30,000.", "--minimum", "72000",
                       "--maximum", "10", "--json")  # fmt: skip
    assert code == 0
    assert "contradictory_limits" in {n["code"] for n in json.loads(out)["notices"]}


class _EndlessInput:
    """A pipe that never ends: reading it whole would never return."""

    def __init__(self) -> None:
        self.read_sizes: list[int] = []

    def isatty(self) -> bool:
        return False

    @property
    def buffer(self) -> "_EndlessInput":
        return self

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size >= 0, "standard input was read whole"
        self.read_sizes.append(size)
        return b"a" * size


def test_critique_refuses_standard_input_past_the_limit_without_reading_it_all(capsys, monkeypatch):
    from assistant.textinput import MAX_INPUT_CHARS

    endless = _EndlessInput()
    monkeypatch.setattr(sys, "stdin", endless)
    code, out, err = run(capsys, "critique", "-")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"the limit is {MAX_INPUT_CHARS:,} characters" in err
    assert sum(endless.read_sizes) <= 4 * MAX_INPUT_CHARS + 4


def test_critique_reads_standard_input_of_nearly_the_limit_in_characters_not_bytes(
    capsys, monkeypatch
):
    import io

    from assistant.textinput import MAX_INPUT_CHARS

    deal = "Final offer — take it or leave it, €5. "  # "—" and "€" take three bytes each
    text = (deal * (MAX_INPUT_CHARS // len(deal)))[: MAX_INPUT_CHARS - 1].encode()
    assert len(text) > MAX_INPUT_CHARS
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    code, out, _ = run(capsys, "critique", "-", "--json")
    assert code == 0 and "take_it_or_leave_it" in out


def test_an_empty_situation_is_one_line_not_a_traceback(capsys):
    assert main(["draft-exit", "--situation", ""]) == 2
    err = capsys.readouterr().err
    assert err.startswith("walkaway: Describe the situation first") and "Traceback" not in err


def test_plain_output_names_a_findings_rule_once(capsys):
    assert main(["critique", "The dealer says the price is final and won't discuss it."]) == 0
    out = capsys.readouterr().out
    assert "take_it_or_leave_it [take_it_or_leave_it]" not in out and "- take_it_or_leave_it" in out
