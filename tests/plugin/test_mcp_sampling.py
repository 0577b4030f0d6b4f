"""MCP sampling: when the host offers it, the tools' model steps run on the host's model
(no key), behind the same guards; without it, the configured engine answers."""

from __future__ import annotations

import json
import os

import anyio
import pytest
from mcp import Client, types

from assistant.config import load_settings
from assistant.local_model import available, ensure_server
from assistant.mcp_server import build_server
from assistant.plugin import Operations
from assistant.runtime import Runtime

DEAL = "The dealer says the price is final and only good until 5pm today. My max is 20,000; they want 23,500."
REQUIRED = os.environ.get("WALKAWAY_REQUIRE_LOCAL_MODEL") == "1"


def payload(result) -> dict:  # noqa: ANN001
    assert not result.is_error, result.content[0].text
    return json.loads(result.content[0].text)


def scripted_host(answers: dict[str, dict], seen: list[types.CreateMessageRequestParams]):
    """A host whose model answers each step with a fixed JSON object (keyed by schema title)."""

    async def sample(
        context, params: types.CreateMessageRequestParams
    ) -> types.CreateMessageResult:  # noqa: ANN001
        seen.append(params)
        schema = (params.metadata or {}).get("walkaway_json_schema") or {}
        answer = answers.get(schema.get("title", ""), {})
        return types.CreateMessageResult(
            role="assistant",
            content=types.TextContent(type="text", text=json.dumps(answer)),
            model="host-model-1",
        )

    return sample


@pytest.fixture
def server(embedder, knowledge_store):
    return build_server(Operations(Runtime(embedder=embedder, store=knowledge_store)))


def call(server, tool: str, arguments: dict, sampling_callback=None) -> dict:  # noqa: ANN001
    async def main():
        # The handshake-era protocol, as hosts speak it over stdio: sampling is a request
        # from the server back to the host while the tool call is open.
        async with Client(server, sampling_callback=sampling_callback, mode="legacy") as client:
            return await client.call_tool(tool, arguments)

    return payload(anyio.run(main))


def test_a_host_that_samples_runs_the_model_steps_and_the_badge_names_its_model(server):
    seen: list = []
    host = scripted_host(
        {
            "_Extraction": {"findings": [{"signal": "false_urgency",
                                          "evidence": "only good until 5pm today", "explanation": "deadline"}]},
            "_Narration": {"summary": "Step back: the deadline is theirs, not yours.",
                           "next_steps": ["Ask for the offer in writing."]},
        },
        seen,
    )  # fmt: skip
    result = call(server, "critique_deal", {"text": DEAL}, host)
    assert result["engine"] == "host" and result["model"] == "host-model-1"
    assert result["verdict"] == "walk_away"  # code decides: 23,500 is over the 20,000 limit
    assert result["summary"] == "Walk away. Step back: the deadline is theirs, not yours."
    assert {"false_urgency", "below_minimum"} <= {f["signal"] for f in result["findings"]}
    assert len(seen) == 2 and all(p.metadata["walkaway_json_schema"] for p in seen)


def test_a_host_model_that_pushes_to_accept_is_overruled_by_the_guard(server):
    host = scripted_host(
        {
            "_Extraction": {"findings": []},
            "_Narration": {"summary": "Great deal, accept it now.", "next_steps": ["Sign now."]},
        },
        [],
    )
    result = call(server, "critique_deal", {"text": DEAL}, host)
    assert result["verdict"] == "walk_away" and "accept it now" not in result["summary"]
    assert "Sign now." not in result["next_steps"]
    assert "guard_replaced" in [n["code"] for n in result["notices"]]


def test_a_host_without_sampling_gets_the_configured_engine(server):
    result = call(server, "critique_deal", {"text": DEAL})
    assert result["engine"] == "offline" and "model" not in result


def test_sampling_can_be_switched_off(embedder, knowledge_store):
    settings = load_settings(mcp_sampling=False)
    off = build_server(
        Operations(Runtime(settings=settings, embedder=embedder, store=knowledge_store))
    )
    seen: list = []
    result = call(off, "critique_deal", {"text": DEAL}, scripted_host({}, seen))
    assert result["engine"] == "offline" and seen == []


def test_a_host_backed_by_the_local_model_answers_end_to_end(server):
    settings = load_settings()
    if not available(settings):
        if REQUIRED:
            pytest.fail("the local model is required here (make setup installs the extra)")
        pytest.skip("the `local` extra is not installed")
    from langchain_openai import ChatOpenAI

    local = ensure_server(settings)
    model = ChatOpenAI(
        model=local.model_name, base_url=local.openai_url, api_key="local", max_retries=0,
        temperature=0, max_tokens=400, extra_body={"repeat_penalty": 1.15},
    )  # fmt: skip

    async def host(context, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:  # noqa: ANN001
        """A host that honours the schema the server offers, by constrained decoding."""
        schema = (params.metadata or {}).get("walkaway_json_schema")
        bound = (
            model.bind(response_format={"type": "json_schema", "json_schema": {
                "name": schema["title"], "schema": schema, "strict": True}})
            if schema else model
        )  # fmt: skip
        messages = [("system", params.system_prompt or "")] + [
            (m.role, m.content.text) for m in params.messages
        ]
        answer = await anyio.to_thread.run_sync(bound.invoke, messages)
        return types.CreateMessageResult(
            role="assistant",
            content=types.TextContent(type="text", text=str(answer.content)),
            model=local.model_name,
        )

    result = call(server, "critique_deal", {"text": DEAL}, host)
    assert result["engine"] == "host" and result["model"] == local.model_name
    assert result["verdict"] == "walk_away"
    assert all(f["evidence"] in DEAL for f in result["findings"])
