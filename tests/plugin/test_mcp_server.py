"""The MCP server through the SDK's own clients: in memory, and over stdio as a subprocess
started the way the README's host configuration says."""

import json
import os
import re
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

from assistant.mcp_server import build_server
from assistant.plugin import Operations
from assistant.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]
TOOLS = {
    "search_playbook",
    "get_rule",
    "critique_deal",
    "draft_exit_message",
    "start_rehearsal",
    "rehearsal_reply",
}


@pytest.fixture
def server(embedder, knowledge_store):
    return build_server(Operations(Runtime(embedder=embedder, store=knowledge_store)))


def run(coro_fn):
    return anyio.run(coro_fn)


def test_tools_resources_and_prompts_are_listed(server):
    async def main():
        async with Client(server) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            resources = [r.uri for r in (await client.list_resources()).resources]
            templates = [
                t.uri_template for t in (await client.list_resource_templates()).resource_templates
            ]
            prompts = {p.name for p in (await client.list_prompts()).prompts}
            return tools, resources, templates, prompts

    tools, resources, templates, prompts = run(main)
    assert tools == TOOLS
    assert [str(r) for r in resources] == ["walkaway://rules"] and templates == [
        "walkaway://rules/{rule_id}"
    ]
    assert prompts == {"critique_a_deal", "draft_an_exit"}


def test_every_tool_answers(server):
    async def main():
        async with Client(server) as client:
            out = {}
            out["search"] = await client.call_tool(
                "search_playbook", {"query": "surprise fees", "k": 3}
            )
            out["rule"] = await client.call_tool("get_rule", {"rule_id": "false_urgency"})
            out["critique"] = await client.call_tool(
                "critique_deal", {"text": "They offered 66,000. Final offer.", "minimum": 72000}
            )
            out["draft"] = await client.call_tool(
                "draft_exit_message", {"situation": "No movement on price", "counterparty": "Lena"}
            )
            started = await client.call_tool(
                "start_rehearsal", {"scenario": "supplier", "tactic": "intimidation"}
            )
            session = json.loads(started.content[0].text)["session_id"]
            out["reply"] = await client.call_tool(
                "rehearsal_reply", {"session_id": session, "reply": "Fine, I'll sign."}
            )
            out["index"] = await client.read_resource("walkaway://rules")
            out["prompt"] = await client.get_prompt(
                "critique_a_deal", {"deal": "Final offer today."}
            )
            return out

    out = run(main)
    assert not any(r.is_error for k, r in out.items() if k not in ("index", "prompt"))
    critique = json.loads(out["critique"].content[0].text)
    assert critique["verdict"] == "walk_away" and critique["findings"]
    draft = json.loads(out["draft"].content[0].text)
    assert draft["sent"] is False and "Lena" in draft["drafts"][0]["body"]
    assert json.loads(out["reply"].content[0].text)["coaching"]["good"] is False
    assert any(rule["id"] == "hidden_costs" for rule in json.loads(out["index"].contents[0].text))
    assert "critique_deal" in out["prompt"].messages[0].content.text


def test_a_draft_can_be_asked_for_in_another_language(server):
    async def main():
        async with Client(server) as client:
            return await client.call_tool(
                "draft_exit_message",
                {"situation": "No movement on price", "counterparty": "Lena", "language": "de"},
            )

    body = json.loads(run(main).content[0].text)["drafts"][0]["body"]
    assert body.startswith("Hallo Lena,") and "Angebot" in body


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("critique_deal", {"text": ""}, "at least 1 character"),
        ("critique_deal", {"text": "x" * 50_001}, "at most 50000"),
        ("critique_deal", {"text": "deal", "minimum": -5}, "greater than or equal to 0"),
        ("draft_exit_message", {"situation": "x", "channel": "fax"}, "'email', 'text' or 'phone'"),
        ("get_rule", {"rule_id": "nope"}, "No rule 'nope'"),
        ("rehearsal_reply", {"session_id": "missing", "reply": "hi"}, "No rehearsal"),
        ("start_rehearsal", {"scenario": "custom"}, "needs a brief"),
    ],
)
def test_bad_input_is_a_clear_tool_error(server, tool, arguments, message):
    async def main():
        async with Client(server) as client:
            return await client.call_tool(tool, arguments)

    result = run(main)
    assert result.is_error and message in result.content[0].text


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("critique_deal", {"text": "deal", "minimum": "72000"}, "Invalid minimum"),
        ("critique_deal", {"text": "deal", "offer": "66,000"}, "Invalid offer"),
        ("search_playbook", {"query": "fees", "k": "3"}, "Invalid k"),
        ("critique_deal", {"text": "deal", "minimun": 72000}, "Unknown argument minimun"),
        ("get_rule", {"rule_id": "false_urgency", "verbose": True}, "Unknown argument verbose"),
    ],
)
def test_unknown_arguments_and_strings_for_numbers_are_refused(server, tool, arguments, message):
    async def main():
        async with Client(server) as client:
            return await client.call_tool(tool, arguments)

    result = run(main)
    assert result.is_error
    text = result.content[0].text
    assert message in text and "\n" not in text


def test_the_listed_schemas_forbid_unknown_arguments(server):
    async def main():
        async with Client(server) as client:
            return (await client.list_tools()).tools

    for tool in run(main):
        assert tool.input_schema.get("additionalProperties") is False, tool.name


def _readme_config() -> dict:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- mcp-config -->\s*```json\n(.*?)```", readme, re.S)
    assert block, "the README must show the MCP host configuration"
    return json.loads(block.group(1))


def test_the_readme_snippet_starts_the_server_over_stdio(tmp_path):
    config = _readme_config()["mcpServers"]["walkaway"]
    # The README names the checkout's own virtual environment; the test runs the command
    # of the environment it runs in, wherever the checkout and that environment sit.
    assert config["command"] == "/path/to/walkaway/.venv/bin/walkaway"
    command = str(Path(sys.executable).parent / "walkaway")
    env = {k: v.replace("/path/to/walkaway", str(ROOT)) for k, v in config.get("env", {}).items()}
    env |= {
        "WALKAWAY_DATA_DIR": str(tmp_path),
        "WALKAWAY_MODEL_DIR": os.environ["WALKAWAY_MODEL_DIR"],
        "PATH": os.environ["PATH"],
    }
    params = StdioServerParameters(command=command, args=config["args"], env=env)

    async def main():
        async with Client(params) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            result = await client.call_tool(
                "critique_deal", {"text": "The price is only good until 5pm today."}
            )
            bad = await client.call_tool("critique_deal", {"text": ""})
            return tools, result, bad

    tools, result, bad = run(main)
    assert tools == TOOLS
    assert json.loads(result.content[0].text)["verdict"] == "pause"
    assert bad.is_error


def _lines_of(stream):
    """The stream's lines, each waited for at most 30 s (a reader thread; no sleeping)."""
    import queue
    import threading

    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    while True:
        yield lines.get(timeout=30)


def test_a_line_that_is_not_json_rpc_gets_a_parse_error_on_stdio(tmp_path):
    import subprocess

    env = {
        "WALKAWAY_DATA_DIR": str(tmp_path),
        "WALKAWAY_MODEL_DIR": os.environ["WALKAWAY_MODEL_DIR"],
        "PATH": os.environ["PATH"],
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "walkaway"), "mcp"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert server.stdin is not None and server.stdout is not None
    try:
        # The pipe stays open until both answers are read: a host keeps talking.
        server.stdin.write('not json\n{"jsonrpc": "2.0", "id": 7, "method": "ping"}\n')
        server.stdin.flush()
        answers = _lines_of(server.stdout)
        replies = [json.loads(next(answers)) for _ in range(2)]
    finally:
        server.kill()
        server.wait(timeout=30)
    assert replies[0] == {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": -32700, "message": "Parse error: not a JSON-RPC message"},
    }
    assert replies[1] == {"jsonrpc": "2.0", "id": 7, "result": {}}


def test_the_http_transport_serves_on_loopback(tmp_path):
    from tests.helpers.processes import free_port, running

    port = free_port()
    walkaway = str(Path(sys.executable).parent / "walkaway")
    env = {"WALKAWAY_DATA_DIR": str(tmp_path)}
    with running(
        [walkaway, "mcp", "--http", "--port", str(port)], ready="Uvicorn running on", env=env
    ):

        async def main():
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                tools = {t.name for t in (await client.list_tools()).tools}
                rule = await client.call_tool("get_rule", {"rule_id": "intimidation"})
                return tools, rule

        tools, rule = run(main)
    assert tools == TOOLS and json.loads(rule.content[0].text)["kind"] == "signal"


def test_every_tool_parameter_tells_a_host_what_it_is(server):
    async def main():
        async with Client(server) as client:
            return (await client.list_tools()).tools

    tools = run(main)
    undescribed = [
        f"{tool.name}.{name}"
        for tool in tools
        for name, schema in tool.input_schema.get("properties", {}).items()
        if not schema.get("description") and tool.name not in {"search_playbook", "get_rule"}
    ]
    assert undescribed == [] or set(undescribed) <= {
        "start_rehearsal.scenario",
        "start_rehearsal.tactic",
    }, undescribed


def test_every_tool_says_it_acts_on_nothing_outside_and_which_only_read(server):
    async def main():
        async with Client(server) as client:
            return (await client.list_tools()).tools

    tools = {tool.name: tool.annotations for tool in run(main)}
    for name, hints in tools.items():
        assert hints is not None and hints.open_world_hint is False, name
        assert hints.destructive_hint is False, name
    readers = {name for name, hints in tools.items() if hints.read_only_hint}
    assert readers == TOOLS - {"start_rehearsal", "rehearsal_reply"}
