"""The `walkaway` command: a thin shell over the package's task functions."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.config import Settings, load_settings
from assistant.engines import ENGINES
from assistant.errors import InputError, WalkawayError
from assistant.languages import LANGUAGES
from assistant.privacy import mask_secrets

Handler = Callable[[argparse.Namespace, Settings], int]
_HANDLERS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[name] = handler
        return handler

    return register


def emit(value: Any, as_json: bool, human: Callable[[], str] | None = None) -> None:
    """Print a result as JSON (pydantic-aware) or through its human formatter."""
    if as_json or human is None:
        if isinstance(value, BaseModel):
            text = value.model_dump_json(indent=2)
        else:
            text = json.dumps(
                value,
                indent=2,
                ensure_ascii=False,
                default=lambda o: o.model_dump(mode="json") if isinstance(o, BaseModel) else str(o),
            )
        print(text)
    else:
        print(human())


def read_text_argument(value: str | None) -> str:
    """TEXT, or `-` / nothing for standard input, decoded leniently and reported clearly.

    Standard input is read no further than the most bytes the character limit allows (four
    per character in UTF-8, and a byte-order mark), so a huge pipe is refused after that
    many bytes instead of being held whole in memory first."""
    from assistant.errors import InputError
    from assistant.textinput import MAX_INPUT_CHARS, read_user_text

    if value is None or value == "-":
        if sys.stdin is None or sys.stdin.isatty():
            return ""
        most = 4 * MAX_INPUT_CHARS + 3
        raw = sys.stdin.buffer.read(most + 1)
        if len(raw) > most:
            raise InputError(
                f"The text on standard input is more than {most:,} bytes; the limit is "
                f"{MAX_INPUT_CHARS:,} characters. Paste the part about the deal (the offer, "
                "the terms, what they said)."
            )
        return read_user_text(raw)
    return read_user_text(value)


def _store(settings: Settings):
    from assistant.store import open_store

    return open_store(settings)


@command("ingest")
def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.ingest import ingest

    report = ingest([Path(p) for p in args.paths] or None, _store(settings))
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    for line in report.flagged:
        print(f"flagged: {line}", file=sys.stderr)
    emit(
        report.counts(),
        args.json,
        lambda: (
            "added {added}, updated {updated}, removed {removed}, unchanged {unchanged}; "
            "{chunks} chunks in the store".format(**report.counts())
        ),
    )
    return 0


@command("search")
def _search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.retrieval import Retriever
    from assistant.runtime import Runtime

    store = Runtime(settings=settings).get_store()
    hits = Retriever(store).search(args.query, k=args.k, kinds=args.kind, mmr=args.mmr)

    def human() -> str:
        if not hits:
            return "No matching passage."
        lines = []
        for hit in hits:
            rules = ", ".join(hit.rule_ids) or "-"
            lines.append(f"[{hit.score:.2f}] {hit.section} ({hit.source}) rules: {rules}")
            lines.append("    " + hit.text.replace("\n", "\n    ")[:400])
        return "\n".join(lines)

    emit(
        [
            hit.model_dump(include={"text", "source", "section", "rule_ids", "score"})
            for hit in hits
        ],
        args.json,
        human,
    )
    return 0


def _runtime(settings: Settings):
    from assistant.runtime import Runtime

    return Runtime(settings=settings)


@command("critique")
def _critique(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.critique import critique
    from assistant.render import critique_text

    text = read_text_argument(args.text)
    result = critique(
        _runtime(settings), text, minimum=args.minimum, maximum=args.maximum,
        target=args.target, offer=args.offer, currency=args.currency, engine=args.engine,
    )  # fmt: skip
    emit(result, args.json, lambda: critique_text(result))
    return 0


@command("draft-exit")
def _draft_exit(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.exits import draft_exit
    from assistant.render import exit_text
    from assistant.schemas import ExitRequest

    situation = read_text_argument(args.situation)
    if not situation.strip():
        raise InputError(
            "Describe the situation first (what was offered and why it does not work)."
        )
    request = ExitRequest(
        situation=situation, counterparty=args.counterparty,
        channel=args.channel, tone=args.tone, variants=args.variants, sender=args.sender,
        language=args.language,
    )  # fmt: skip
    result = draft_exit(_runtime(settings), request, engine=args.engine)
    emit(result, args.json, lambda: exit_text(result))
    return 0


@command("coach")
def _coach(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.rehearsal import coach_reply
    from assistant.render import coaching_text

    result = coach_reply(
        _runtime(settings), args.tactic, args.counterparty, args.reply, engine=args.engine
    )
    emit(result, args.json, lambda: coaching_text(result))
    return 0


@command("rehearse")
def _rehearse(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.rehearsal import RehearsalSession
    from assistant.render import coaching_text

    runtime = _runtime(settings)
    session = RehearsalSession(scenario=args.scenario, tactic=args.tactic, custom_brief=args.brief)
    print(f"Rehearsal: {args.scenario}, tactic {args.tactic}. Type your reply; an empty line ends.")
    for _ in range(args.turns):
        print(f"\nThem: {session.next_line(runtime, args.engine)}")
        try:
            reply = input("You: ")
        except EOFError:
            break
        if not reply.strip():
            break
        print(coaching_text(session.answer(runtime, reply, engine=args.engine)))
    card = session.scorecard()
    print(f"\nScorecard: {card['good']} of {card['turns']} replies were strong.")
    for item in card["better_replies"]:
        print(f"- To “{item['counterparty']}” try: {item['better_reply']}")
    return 0


def _deals(settings: Settings):
    from assistant.deals import DealStore

    return DealStore(settings.deals_db)


@command("chat")
def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.chat import chat_stream, memo

    runtime, deals = _runtime(settings), _deals(settings)
    deal = deals.get(args.deal) if args.deal else deals.create(args.title or "New deal")
    print(f"Deal {deal.id}: {deal.title}. Commands: /memo [FILE], /facts, /delete, /quit.")
    for message in deal.messages[-6:]:
        print(f"{'You' if message.role == 'user' else 'Walkaway'}: {message.content}")
    while True:
        try:
            line = input("\nYou: ")
        except EOFError:
            break
        command_word, _, rest = line.strip().partition(" ")
        if command_word in ("/quit", "/exit"):
            break
        if command_word == "/facts":
            print(deals.get(deal.id).facts.model_dump_json(indent=2, exclude={"notes"}))
            continue
        if command_word == "/memo":
            text = memo(runtime, deals.get(deal.id))
            if rest:
                Path(rest).write_text(text, encoding="utf-8")
                print(f"Memo written to {rest}")
            else:
                print(text)
            continue
        if command_word == "/delete":
            if deals.delete(deal.id):
                print("Deleted for good.")
                return 0
            print(
                "Deleted, but another program still holds the old text in the file: close it, "
                "then run `walkaway deals list` to finish the wipe.",
                file=sys.stderr,
            )
            return 1
        if not line.strip():
            continue
        try:
            print("Walkaway: ", end="", flush=True)
            for piece in chat_stream(runtime, deals, deal.id, line, engine=args.engine):
                print(piece, end="", flush=True)
            print()
        except WalkawayError as error:
            print(f"\n{error}", file=sys.stderr)
    print(f"Saved. Resume with: walkaway chat --deal {deal.id}")
    return 0


@command("deals")
def _deals_command(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.chat import memo

    if args.action in ("memo", "delete") and not args.id:
        raise WalkawayError(
            f"`walkaway deals {args.action}` needs a deal id; `walkaway deals list` shows them."
        )
    deals = _deals(settings)
    if args.action == "list":
        items = deals.list()
        emit([item.model_dump() for item in items], args.json,
             lambda: "\n".join(f"{d.id}  {d.updated}  {d.verdict or '-':10}  {d.title}" for d in items) or "No saved deals.")  # fmt: skip
    elif args.action == "memo":
        print(memo(_runtime(settings), deals.get(args.id)))
    elif args.action == "delete":
        if deals.delete(args.id):
            print(f"Deal {args.id} deleted for good.")
        else:
            print(
                f"Deal {args.id} deleted, but the wipe of its text from {deals.path} could not "
                "be verified: another program (another Walkaway window?) is reading the deal "
                "store. Close it, then run `walkaway deals list` to finish the wipe.",
                file=sys.stderr,
            )
            return 1
    return 0


@command("mcp")
def _mcp(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.mcp_server import serve

    if not 1 <= args.port <= 65535:
        raise WalkawayError(f"--port must be between 1 and 65535, not {args.port}.")
    serve(http=args.http, port=args.port)
    return 0


@command("model")
def _model(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.local_model import ensure_server, gguf_for, runtime_installed

    overrides = {"local_gguf": args.gguf, "local_port": args.port, "local_threads": args.threads}
    settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    if args.action == "info":
        info = {
            "gguf": str(gguf_for(settings)),
            "runtime_installed": runtime_installed(),
            "port": settings.local_port,
            "threads": settings.local_threads,
        }
        emit(info, args.json, lambda: "\n".join(f"{k}: {v}" for k, v in info.items()))
        return 0
    server = ensure_server(settings)
    where = "already running" if not server.started_here else "serving"
    print(
        f"{where}: {server.gguf.name} at {server.openai_url} ({server.threads} thread(s)); "
        "WALKAWAY_ENGINE=local uses it. Ctrl-C stops it.",
        file=sys.stderr,
    )
    if not server.started_here:
        return 0
    import threading

    threading.Event().wait()  # until Ctrl-C; the server stops with the process
    return 0


@command("eval")
def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.engines import choose_engine
    from assistant.runtime import Runtime
    from evals.harness import evaluate, headline

    if args.injection:
        return _injection(args)
    paths = [Path(p) for p in args.cases] if args.cases else None
    for path in paths or []:
        if not path.exists():
            raise WalkawayError(f"{path}: not found")
    report = evaluate(
        Runtime(settings=settings),
        paths,
        engine=choose_engine(args.engine, None, settings),
        llm_judge=args.llm_judge,
        probes=not args.no_probes,
    )
    for line in report["errors"]:
        print(f"skipped line: {line}", file=sys.stderr)
    if args.report:
        from evals.reliability import measure_tagger
        from evals.reports import write_reports

        report["calibration"] = measure_tagger(Runtime(settings=settings).get_tagger())
        written = write_reports(report, Path(args.report))
        print(f"report written to {written}", file=sys.stderr)
    flat = headline(report)
    emit(flat, args.json, lambda: format_eval(flat))
    return 0


def _injection(args: argparse.Namespace) -> int:
    """The injection suite's figures; exit status 1 when one that must be zero is not."""
    from evals.injection import SUITE_DIR, format_injection, run_suite

    folder = Path(args.injection_dir) if args.injection_dir else SUITE_DIR
    if not (folder / "attacks.jsonl").exists():
        raise WalkawayError(f"{folder}: no attacks.jsonl there")
    report = run_suite(folder, limit=args.limit)
    emit(
        report.model_dump() | {"zeros": report.zeros()}, args.json, lambda: format_injection(report)
    )
    return 1 if any(report.zeros().values()) else 0


def format_eval(flat: dict[str, Any]) -> str:
    lines = [f"{flat['n']} cases, engine {flat['engine']}"]
    for task in ("critique", "exit", "rehearsal", "retrieval"):
        if task in flat:
            figures = {k: v for k, v in flat[task].items() if not isinstance(v, dict)}
            lines.append(f"{task}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
            for split, values in flat[task].get("splits", {}).items():
                lines.append(
                    f"  {split}: "
                    + ", ".join(f"{k} {v}" for k, v in values.items() if not isinstance(v, dict))
                )
    return "\n".join(lines)


@command("setup")
def _setup(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.embeddings import ensure_int8, ensure_minilm

    if settings.embedder == "minilm":
        folder = ensure_minilm(settings.model_dir)
        if settings.minilm_precision == "int8":
            ensure_int8(folder)
        print(f"local embedding model ({settings.minilm_precision}) ready in {folder}")
    from assistant.runtime import Runtime

    # The offline reader runs on the local weights whatever embedder the store uses.
    runtime = Runtime(settings=settings)
    runtime.get_detector().prepare()
    runtime.get_heads_tagger().probabilities(["Thanks for the offer."])
    print("sentence tagger ready")
    return 0


@command("bench")
def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from evals.bench import run_bench

    figures = run_bench(
        settings, sizes=args.sizes, quick=args.quick, ui=not args.no_ui, local=args.local
    )
    if args.report:
        from evals.bench import scaling_chart

        folder = Path(args.report)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bench.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
        (folder / "bench.html").write_text(scaling_chart(figures), encoding="utf-8")
        print(f"bench report written to {folder}", file=sys.stderr)
    emit(figures, args.json, lambda: json.dumps(figures, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="walkaway", description="Decide when to walk away from a deal, and do it well."
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="log to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("setup", help="prepare the local embedding model (no network needed)")

    p = sub.add_parser("ingest", help="index Markdown/text files and the rulebook")
    p.add_argument("paths", nargs="*", help="files or folders (default: knowledge/)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="search the knowledge base")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--kind", action="append", help="only rules of this kind (repeatable)")
    p.add_argument(
        "--mmr", action="store_true", help="diversify results (maximal marginal relevance)"
    )
    p.add_argument("--json", action="store_true")

    engines = list(ENGINES)
    p = sub.add_parser("critique", help="critique a deal: warning signs, verdict, next steps")
    p.add_argument("text", nargs="?", help="the deal in your words, or - for standard input")
    p.add_argument("--minimum", type=float, help="the least you will accept")
    p.add_argument("--maximum", type=float, help="the most you will pay")
    p.add_argument("--target", type=float)
    p.add_argument("--offer", type=float, help="what they offer or ask")
    p.add_argument("--currency")
    p.add_argument("--engine", choices=engines)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("draft-exit", help="draft a graceful exit message")
    p.add_argument("--situation", required=True, help="what happened, or - for standard input")
    p.add_argument("--counterparty")
    p.add_argument("--sender", help="your name, to sign emails")
    p.add_argument("--channel", choices=["email", "text", "phone"], default="email")
    p.add_argument("--tone", choices=["warm", "firm", "formal"], default="warm")
    p.add_argument("--variants", type=int, default=1, choices=range(1, 6), metavar="N")
    p.add_argument(
        "--language", choices=LANGUAGES, help="the drafts' language (default: the situation's)"
    )
    p.add_argument("--engine", choices=engines)
    p.add_argument("--json", action="store_true")

    from assistant.scenarios import COACHED_TACTICS, SCENARIOS, TACTICS

    p = sub.add_parser("coach", help="score one reply to a pressure tactic")
    p.add_argument("--tactic", required=True, choices=COACHED_TACTICS)
    p.add_argument("--counterparty", required=True, help="what the other side said")
    p.add_argument("--reply", required=True, help="what you answered")
    p.add_argument("--engine", choices=engines)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("rehearse", help="practise against a pushy counterparty in the terminal")
    p.add_argument("--scenario", choices=[*SCENARIOS, "custom"], default="car_dealer")
    p.add_argument("--tactic", choices=TACTICS, default="false_urgency")
    p.add_argument("--turns", type=int, default=3)
    p.add_argument("--brief", help="the custom scenario, in a sentence (with --scenario custom)")
    p.add_argument("--engine", choices=engines)

    p = sub.add_parser("chat", help="talk about one deal; saved locally, resumable")
    p.add_argument("--deal", help="resume a saved deal by id")
    p.add_argument("--title", help="title for a new deal")
    p.add_argument("--engine", choices=engines)

    p = sub.add_parser("deals", help="list saved deals, print a memo, delete a deal")
    p.add_argument("action", choices=["list", "memo", "delete"])
    p.add_argument("id", nargs="?")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "mcp", help="serve the Model Context Protocol (stdio, or --http on loopback)"
    )
    p.add_argument(
        "--http", action="store_true", help="streamable HTTP on 127.0.0.1 instead of stdio"
    )
    p.add_argument("--port", type=int, default=8765)

    p = sub.add_parser("model", help="the local model (a GGUF served by llama.cpp on loopback)")
    p.add_argument("action", choices=["serve", "info"])
    p.add_argument(
        "--gguf", help="a GGUF file (default: WALKAWAY_LOCAL_GGUF, else the packaged SmolLM2-135M)"
    )
    p.add_argument("--port", type=int, help="loopback port (default: WALKAWAY_LOCAL_PORT, 8766)")
    p.add_argument("--threads", type=int, help="CPU threads (default: WALKAWAY_LOCAL_THREADS, 1)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("eval", help="score an engine on case files (shared JSONL format)")
    p.add_argument(
        "--cases", action="append", help="a case file (repeatable; default: the dev sets)"
    )
    p.add_argument("--engine", choices=list(ENGINES))
    p.add_argument("--report", help="write JSON, Markdown and HTML reports into this folder")
    p.add_argument(
        "--llm-judge",
        action="store_true",
        help="also judge exit drafts with the configured model (3 runs)",
    )
    p.add_argument(
        "--no-probes",
        action="store_true",
        help="skip the persona and sycophancy probes (each re-reads every case three times)",
    )
    p.add_argument(
        "--injection",
        action="store_true",
        help="run the injection suite on the offline engine and on the LLM engine against a "
        "local model that obeys every injection (no key, no network)",
    )
    p.add_argument(
        "--injection-dir", help="a folder with attacks.jsonl, deals.jsonl, model_says*.jsonl"
    )
    p.add_argument("--limit", type=int, help="with --injection: only the first N attacks")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("bench", help="measure speed and memory")
    p.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    p.add_argument("--quick", action="store_true", help="fewer repetitions")
    p.add_argument("--no-ui", action="store_true", help="skip the UI first-render measurement")
    p.add_argument(
        "--local", action="store_true", help="also measure the local model (tokens/s, latency)"
    )
    p.add_argument("--report", help="write bench.json and a scaling chart (bench.html) here")
    p.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    settings: Settings | None = None
    try:
        settings = load_settings()
        code = _HANDLERS[args.command](args, settings)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except WalkawayError as error:
        key = settings.key_value() if settings else None
        print(f"walkaway: {mask_secrets(str(error), key)}", file=sys.stderr)
        return 2
    except ValidationError as error:  # an option a model of ours refuses ("--situation ''")
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "input"
        print(f"walkaway: {where}: {first['msg']}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`walkaway search ... | head`): stop quietly. Standard output
        # is pointed at /dev/null so the interpreter's final flush does not complain either.
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what the shell reports for a command killed by the pipe


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured output)
        pass
