"""The MCP server (the plugin for chat hosts): a thin shell over assistant.plugin.

`walkaway mcp` serves stdio (stdout is the wire: every log goes to stderr);
`walkaway mcp --http` serves streamable HTTP on loopback.
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from typing import Annotated, Any, Literal

import anyio.from_thread
from mcp import types
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.shared.exceptions import MCPDeprecationWarning
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.engines.host import HostEngine
from assistant.errors import InputError, WalkawayError
from assistant.plugin import (
    CritiqueInput,
    ExitInput,
    Operations,
    RehearsalReplyInput,
    RuleInput,
    SearchInput,
    StartRehearsalInput,
)
from assistant.privacy import mask_secrets
from assistant.scenarios import SCENARIOS, TACTICS

INSTRUCTIONS = (
    "Walkaway helps the user decide when to walk away from a deal and how to exit gracefully. "
    "critique_deal returns findings quoted from the user's text, each tied to a rule of the "
    "source, and a verdict decided by code. Drafts are only returned, never sent."
)


def host_engine(ops: Operations, ctx: Context) -> HostEngine | None:
    """The host's own model, when the host offers sampling (and it is not switched off):
    the tools' model steps then run there, with no key, behind the same guards."""
    if not ops.runtime.settings.mcp_sampling:
        return None
    try:
        session = ctx.session
        wanted = types.ClientCapabilities(sampling=types.SamplingCapability())
        # A host may declare sampling on a connection with no way back to it (the modern,
        # stateless protocol): the configured engine answers then.
        if not session.check_client_capability(wanted) or not session.can_send_request:
            return None
        request_id = ctx.request_id
    except (ValueError, AttributeError):  # no request context: called outside a request
        return None

    def sample(
        system: str, user: str, max_tokens: int, schema: dict[str, Any] | None
    ) -> tuple[str, str]:
        async def ask() -> types.CreateMessageResult:
            # Deprecated from protocol 2026-07-28 (SEP-2577); still how hosts sample today.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MCPDeprecationWarning)
                return await session.create_message(
                    messages=[
                        types.SamplingMessage(
                            role="user", content=types.TextContent(type="text", text=user)
                        )
                    ],
                    system_prompt=system or None,
                    max_tokens=max_tokens,
                    temperature=0,
                    # Hosts that can constrain decoding may use the schema; others read the prompt.
                    metadata={"walkaway_json_schema": schema} if schema else None,
                    # On the tool call's own channel: the one with a way back to the host.
                    related_request_id=request_id,
                )

        result = anyio.from_thread.run(ask)
        content = result.content
        text = content.text if isinstance(content, types.TextContent) else ""
        return text, result.model

    return HostEngine(ops.runtime, sample)


def _argument_problem(error: ValidationError) -> str:
    """The first problem with a tool's arguments, on one line."""
    first = error.errors()[0]
    where = ".".join(map(str, first["loc"]))
    if first["type"] == "extra_forbidden":
        return f"Unknown argument {where}; see the tool's input schema."
    return f"Invalid {where}: {first['msg']}"


class StrictTool(Tool):
    """A tool whose arguments are checked as declared: no unknown argument, no coercion.

    The SDK builds a lax argument model from the function's signature: it drops unknown
    arguments (a misspelt `minimun` silently means "no minimum") and turns the string
    "72000" into a number. Here the model forbids extras and validates strictly (a JSON
    integer still counts as a number), and the first problem is a one-line tool error.
    """

    @classmethod
    def strict(
        cls, fn: Any, description: str, annotations: types.ToolAnnotations | None = None
    ) -> StrictTool:
        tool = Tool.from_function(fn, description=description, annotations=annotations)
        lax = tool.fn_metadata.arg_model
        config = ConfigDict(extra="forbid", strict=True)
        strict: type[BaseModel] = type(
            lax.__name__, (lax,), {"__module__": lax.__module__, "model_config": config}
        )
        tool.fn_metadata.arg_model = strict  # type: ignore[assignment]
        fields = {name: getattr(tool, name) for name in Tool.model_fields}
        # The listed schema says so too: "additionalProperties": false.
        fields["parameters"] = strict.model_json_schema(by_alias=True)
        return cls(**fields)

    async def run(
        self, arguments: dict[str, Any], context: Any, convert_result: bool = False
    ) -> Any:
        try:
            self.fn_metadata.validate_arguments(arguments)
        except ValidationError as error:
            raise ToolError(_argument_problem(error)) from error
        return await super().run(arguments, context, convert_result)


def build_server(operations: Operations | None = None, log_level: str = "WARNING") -> MCPServer:
    ops = operations or Operations()
    tools: list[Tool] = []

    def tool(description: str, reads_only: bool = True) -> Any:
        # Nothing a tool does reaches the world: no draft is sent, no deal saved. Reading
        # tools change nothing at all; the rehearsal's keep their session in this server.
        hints = types.ToolAnnotations(
            read_only_hint=reads_only,
            destructive_hint=False,
            idempotent_hint=reads_only,
            open_world_hint=False,
        )

        def register(fn: Any) -> Any:
            tools.append(StrictTool.strict(fn, description, hints))
            return fn

        return register

    def call(fn, model, ctx: Context | None = None, **values: Any) -> Any:  # noqa: ANN001
        host = host_engine(ops, ctx) if ctx is not None else None
        try:
            result = fn(model(**values), host) if host is not None else fn(model(**values))
            if host is not None and host.models and isinstance(result, dict):
                result["model"] = ", ".join(host.models)  # the badge: which model answered
            return result
        except ValidationError as error:
            raise ToolError(_argument_problem(error)) from None
        except WalkawayError as error:
            raise ToolError(mask_secrets(str(error), ops.runtime.settings.key_value())) from None

    @tool(description="Search the negotiation playbook; each hit names the rule ids it states.")
    def search_playbook(
        query: Annotated[str, Field(min_length=1, max_length=500)],
        k: Annotated[int, Field(ge=1, le=10)] = 5,
    ) -> list[dict[str, Any]]:
        return call(ops.search_playbook, SearchInput, query=query, k=k)

    @tool(description="One rule of the source by id: title, section, verbatim text, examples.")
    def get_rule(rule_id: Annotated[str, Field(min_length=1, max_length=64)]) -> dict[str, Any]:
        return call(ops.get_rule, RuleInput, rule_id=rule_id)

    @tool(
        description="Critique a deal: warning signs quoted from the text with their rules, a verdict "
        "(walk_away, pause, negotiate, accept) and next steps. Numbers are optional."
    )
    def critique_deal(
        text: Annotated[
            str,
            Field(
                min_length=1,
                max_length=50_000,
                description=(
                    "The deal in the user's own words, or the other side's message pasted as is."
                ),
            ),
        ],
        minimum: Annotated[
            float | None,
            Field(
                ge=0,
                description=(
                    "When the user is paid (selling, a salary, a fee): the least they will accept."
                ),
            ),
        ] = None,
        maximum: Annotated[
            float | None,
            Field(
                ge=0,
                description=(
                    "When the user pays (buying, rent, a supplier): the most they will pay."
                ),
            ),
        ] = None,
        target: Annotated[
            float | None, Field(ge=0, description=("The amount the user hopes for."))
        ] = None,
        offer: Annotated[
            float | None,
            Field(ge=0, description=("What the other side offers (or asks, when the user pays).")),
        ] = None,
        currency: Annotated[
            str | None,
            Field(max_length=8, description=("The currency of the amounts, e.g. USD or EUR.")),
        ] = None,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        return call(ops.critique_deal, CritiqueInput, ctx, text=text, minimum=minimum,
                    maximum=maximum, target=target, offer=offer, currency=currency)  # fmt: skip

    @tool(
        description="Draft graceful exit messages. They are returned for the user to send; never sent."
    )
    def draft_exit_message(
        situation: Annotated[
            str,
            Field(
                min_length=1,
                max_length=5000,
                description=("What was offered and why it does not work, in the user's words."),
            ),
        ],
        counterparty: Annotated[
            str | None, Field(max_length=120, description=("The name to greet, if any."))
        ] = None,
        channel: Annotated[
            Literal["email", "text", "phone"],
            Field(
                description=(
                    "email (with a subject), text (a few sentences) or phone (a short script)."
                )
            ),
        ] = "email",
        tone: Annotated[
            Literal["warm", "firm", "formal"], Field(description=("How the message sounds."))
        ] = "warm",
        variants: Annotated[
            int, Field(ge=1, le=3, description=("How many different drafts to return."))
        ] = 1,
        language: Annotated[
            Literal["en", "es", "fr", "de", "pt", "it", "nl"] | None,
            Field(
                description=(
                    "The drafts' language; by default the one the situation is written in."
                )
            ),
        ] = None,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        return call(ops.draft_exit_message, ExitInput, ctx, situation=situation,
                    counterparty=counterparty, channel=channel, tone=tone, variants=variants,
                    language=language)  # fmt: skip

    @tool(
        description="Start a rehearsal: the counterparty opens with a pressure tactic.",
        reads_only=False,
    )
    def start_rehearsal(
        scenario: Literal[tuple([*SCENARIOS, "custom"])] = "car_dealer",  # type: ignore[valid-type]
        tactic: Literal[tuple(TACTICS)] = "false_urgency",  # type: ignore[valid-type]
        brief: Annotated[
            str | None,
            Field(
                max_length=500, description=("With scenario 'custom': the situation in a sentence.")
            ),
        ] = None,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        return call(
            ops.start_rehearsal,
            StartRehearsalInput,
            ctx,
            scenario=scenario,
            tactic=tactic,
            brief=brief,
        )

    @tool(
        description="Answer the counterparty in a rehearsal; a separate coach scores the reply.",
        reads_only=False,
    )
    def rehearsal_reply(
        session_id: Annotated[
            str,
            Field(min_length=1, max_length=64, description=("The id start_rehearsal returned.")),
        ],
        reply: Annotated[
            str,
            Field(
                min_length=1,
                max_length=2000,
                description=("What the user answers the counterparty."),
            ),
        ],
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        return call(
            ops.rehearsal_reply, RehearsalReplyInput, ctx, session_id=session_id, reply=reply
        )

    server = MCPServer(
        name="walkaway",
        instructions=INSTRUCTIONS,
        version="0.1.0",
        log_level=log_level,  # type: ignore[arg-type]
        tools=tools,
    )

    @server.resource("walkaway://rules", name="rule-index", mime_type="application/json",
                     description="Every rule of the source: id, kind, title.")  # fmt: skip
    def rule_index() -> str:
        return json.dumps(ops.rule_index())

    @server.resource("walkaway://rules/{rule_id}", name="rule", mime_type="application/json",
                     description="One rule with its verbatim source text.")  # fmt: skip
    def rule(rule_id: str) -> str:
        return json.dumps(call(ops.get_rule, RuleInput, rule_id=rule_id))

    @server.prompt(description="Critique a deal with Walkaway.")
    def critique_a_deal(deal: str) -> str:
        return (
            "Use the critique_deal tool on the deal below, then explain the verdict and each finding "
            f"with its quoted words and rule, and the next steps.\n\nThe deal:\n{deal}"
        )

    @server.prompt(description="Draft a graceful exit message with Walkaway.")
    def draft_an_exit(
        situation: str, counterparty: str = "", channel: str = "email", tone: str = "warm"
    ) -> str:
        return (
            "Use the draft_exit_message tool with the details below and show the drafts with their "
            "checks. Do not send anything.\n\n"
            f"Situation: {situation}\nCounterparty: {counterparty or '(not given)'}\nChannel: {channel}\nTone: {tone}"
        )

    return server


def serve(http: bool = False, port: int = 8765) -> None:
    if http and not 1 <= port <= 65535:
        raise InputError(f"--port must be between 1 and 65535, not {port}.")
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, force=True)
    # Over HTTP the server says when it listens (stderr); on stdio it stays quiet.
    server = build_server(log_level="INFO" if http else "WARNING")
    if http:
        server.run("streamable-http", host="127.0.0.1", port=port)
    else:
        anyio.run(_serve_stdio, server)


async def _serve_stdio(server: MCPServer) -> None:
    """stdio, where a line that is not a JSON-RPC message gets the parse error JSON-RPC
    prescribes. The SDK's stdio transport hands the failure to the server loop, which drops
    it, so a host that sent a broken line would wait forever."""
    from mcp.server.stdio import stdio_server
    from mcp.shared.message import SessionMessage

    lowlevel = server._lowlevel_server  # what MCPServer.run_stdio_async runs, too
    async with stdio_server() as (read_stream, write_stream):
        relay_in, relay_out = anyio.create_memory_object_stream[SessionMessage | Exception](0)

        async def relay() -> None:
            async with relay_in:
                async for item in read_stream:
                    if isinstance(item, Exception):
                        error = types.ErrorData(
                            code=types.PARSE_ERROR, message="Parse error: not a JSON-RPC message"
                        )
                        reply = types.JSONRPCError(jsonrpc="2.0", id=None, error=error)
                        await write_stream.send(SessionMessage(reply))
                    else:
                        await relay_in.send(item)

        async with anyio.create_task_group() as group:
            group.start_soon(relay)
            await lowlevel.run(relay_out, write_stream, lowlevel.create_initialization_options())
