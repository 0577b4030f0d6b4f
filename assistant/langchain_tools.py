"""The plugin's operations as LangChain tools, for other agents (same inputs, same limits)."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel

from assistant.errors import WalkawayError
from assistant.plugin import (
    CritiqueInput,
    ExitInput,
    Operations,
    RehearsalReplyInput,
    RuleInput,
    SearchInput,
    StartRehearsalInput,
)

_DESCRIPTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "search_playbook": (SearchInput, "Search the negotiation playbook; hits name the rule ids they state."),
    "get_rule": (RuleInput, "One rule of the source by id, with its verbatim text."),
    "critique_deal": (CritiqueInput, "Critique a deal: warning signs quoted with their rules, a verdict decided by code, next steps."),
    "draft_exit_message": (ExitInput, "Draft graceful exit messages; returned, never sent."),
    "start_rehearsal": (StartRehearsalInput, "Start a rehearsal against a pushy counterparty."),
    "rehearsal_reply": (RehearsalReplyInput, "Reply in a rehearsal; a separate coach scores it."),
}  # fmt: skip


def walkaway_tools(operations: Operations | None = None) -> list[BaseTool]:
    """Six tools over one Operations object (one runtime, shared rehearsal sessions)."""
    ops = operations or Operations()
    tools: list[BaseTool] = []
    for name, (schema, description) in _DESCRIPTIONS.items():
        method = getattr(ops, name)

        def run(_method=method, _schema=schema, **values: Any) -> Any:  # noqa: ANN001
            try:
                return _method(_schema(**values))
            except WalkawayError as error:
                raise ToolException(str(error)) from None

        tools.append(
            StructuredTool.from_function(
                func=run,
                name=name,
                description=description,
                args_schema=schema,
                handle_tool_error=True,
            )
        )
    return tools
