from langchain.agents import create_agent
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage

from assistant.langchain_tools import walkaway_tools
from assistant.plugin import Operations
from assistant.runtime import Runtime


class ToolCallingFake(GenericFakeChatModel):
    def bind_tools(self, tools, **kwargs):  # noqa: ANN001
        return self


def test_an_agent_calls_the_walkaway_tools(embedder, knowledge_store):
    tools = walkaway_tools(Operations(Runtime(embedder=embedder, store=knowledge_store)))
    script = iter([
        AIMessage(content="", tool_calls=[{"name": "critique_deal", "id": "c1",
                  "args": {"text": "They offered 66,000 and my minimum is 72,000. Final offer, they said."}}]),
        AIMessage(content="", tool_calls=[{"name": "draft_exit_message", "id": "c2",
                  "args": {"situation": "Offer under my minimum", "counterparty": "Priya", "channel": "text"}}]),
        AIMessage(content="Walk away; here is a draft."),
    ])  # fmt: skip
    agent = create_agent(ToolCallingFake(messages=script), tools)
    result = agent.invoke({"messages": [("user", "Should I take this offer?")]})
    tool_messages = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    assert [m.name for m in tool_messages] == ["critique_deal", "draft_exit_message"]
    assert (
        '"verdict": "walk_away"' in tool_messages[0].content
        or "walk_away" in tool_messages[0].content
    )
    assert "Priya" in tool_messages[1].content
    assert result["messages"][-1].content == "Walk away; here is a draft."


def test_bad_tool_input_becomes_a_tool_error_not_a_crash(embedder, knowledge_store):
    tools = {
        t.name: t
        for t in walkaway_tools(Operations(Runtime(embedder=embedder, store=knowledge_store)))
    }
    out = tools["get_rule"].invoke({"rule_id": "no_such_rule"})
    assert "No rule" in out
    rehearsal = tools["start_rehearsal"].invoke(
        {"scenario": "job_offer", "tactic": "guilt_tripping"}
    )
    reply = tools["rehearsal_reply"].invoke(
        {"session_id": rehearsal["session_id"], "reply": "You're right, sorry."}
    )
    assert reply["coaching"]["good"] is False


def test_a_misspelt_argument_or_a_number_as_text_is_refused_not_dropped(embedder, knowledge_store):
    tools = {
        t.name: t
        for t in walkaway_tools(Operations(Runtime(embedder=embedder, store=knowledge_store)))
    }
    for args in (
        {"text": "They offered 66,000.", "minimun": 72000},
        {"text": "They offered 66,000.", "minimum": "72000"},
    ):
        try:
            answer = tools["critique_deal"].invoke(args)
        except Exception as error:  # the schema refused it before the tool ran
            answer = str(error)
        assert "walk_away" not in str(answer) and "accept" not in str(answer).lower()[:200]
