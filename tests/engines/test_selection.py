"""One way to choose the engine, for every surface; engines stay free of the tasks."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.engines import available_engines, choose_engine, select_engine
from assistant.errors import InputError
from assistant.plugin import CritiqueInput, Operations
from assistant.runtime import Runtime

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"
UI = PACKAGE.parent / "ui"


def test_the_argument_wins_then_the_session_then_the_environment_then_offline(monkeypatch):
    settings = load_settings(engine="llm")
    assert choose_engine("offline", "llm", settings) == "offline"
    assert choose_engine(None, "offline", settings) == "offline"
    assert choose_engine(None, None, settings) == "llm"
    assert choose_engine(None, None, load_settings()) == "offline"
    monkeypatch.setenv("WALKAWAY_ENGINE", "llm")
    assert choose_engine(None, None, load_settings()) == "llm"


def test_a_key_alone_does_not_send_a_deal_to_a_provider():
    assert choose_engine(None, None, load_settings(api_key="sk-test-0000000000000000")) == (
        "offline"
    )


def test_an_unknown_engine_is_a_clear_message():
    with pytest.raises(InputError, match="choose one of: offline, llm"):
        choose_engine("gpt-5")


def test_the_offline_engine_stands_behind_the_chosen_one(runtime):
    chosen = select_engine(runtime, "llm")
    assert chosen.name == "llm" and chosen.fallback is runtime.offline
    assert select_engine(runtime).primary is runtime.offline


def test_a_picker_offers_the_llm_only_when_one_is_configured(embedder, knowledge_store):
    # The local engine is offered when its extra is installed (tests/engines/test_local.py).
    plain = Runtime(embedder=embedder, store=knowledge_store)
    keyed = Runtime(
        settings=load_settings(base_url="http://127.0.0.1:9/v1"),
        embedder=embedder,
        store=knowledge_store,
    )
    local = ["local"] if available_engines(plain)[-1:] == ["local"] else []
    assert available_engines(plain) == ["offline", *local]
    assert available_engines(keyed) == ["offline", "llm", *local]


def test_the_plugin_follows_walkaway_engine_not_the_presence_of_a_key(
    monkeypatch, embedder, knowledge_store
):
    monkeypatch.setenv("WALKAWAY_ENGINE", "llm")  # with nothing configured: a fallback notice
    runtime = Runtime(settings=load_settings(), embedder=embedder, store=knowledge_store)
    result = Operations(runtime).critique_deal(CritiqueInput(text="The price is final."))
    assert result["engine"] == "offline"
    assert [n["code"] for n in result["notices"]].count("engine_fallback") == 1


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_engine_imports_a_task_module():
    tasks = {"assistant.critique", "assistant.exits", "assistant.rehearsal", "assistant.chat"}
    for path in (PACKAGE / "engines").glob("*.py"):
        assert not _imports(path) & tasks, path.name


def test_only_the_selection_function_compares_engine_names():
    compare = re.compile(
        r"""(==|!=)\s*["'](llm|offline|local)["']|["'](llm|offline|local)["']\s*(==|!=)"""
    )
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for folder in (PACKAGE, UI)
        for path in folder.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if compare.search(line)
    ]
    assert offenders == []
