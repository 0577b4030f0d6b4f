"""The benchmark: prints measured speed figures (no test asserts on timings)."""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings

_WORDS = (
    "offer price supplier contract salary landlord deposit fee discount deadline dealer "
    "payment terms clause renewal invoice client rate budget warranty lease bonus equity "
    "shipping refund exclusive notice penalty schedule quote estimate commission partner"
).split()
_VERBS = "wants insists refuses asks offers demands promises adds removes delays".split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(4, 14))]
    return f"The {words[0]} {rng.choice(_VERBS)} {' '.join(words[1:])}."


def generated_corpus(folder: Path, chunks: int, per_file: int = 100, seed: int = 7) -> None:
    """Markdown files whose sections become `chunks` chunks in all."""
    rng = random.Random(seed)
    for file_index in range(0, chunks, per_file):
        sections = []
        for section in range(file_index, min(chunks, file_index + per_file)):
            body = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
            sections.append(f"## Section {section}\n\n{body}\n")
        (folder / f"doc-{file_index:06d}.md").write_text("# Generated\n\n" + "\n".join(sections))


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2)}


def time_calls(
    call: Callable[[Any], object], inputs: list[Any], warmup: int = 3
) -> dict[str, float]:
    for item in inputs[:warmup]:
        call(item)
    samples = []
    for item in inputs:
        start = time.perf_counter()
        call(item)
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def _rate(count: int, call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return round(count / (time.perf_counter() - start), 1)


def bench_embedders(settings: Settings, quick: bool) -> dict[str, float | str]:
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    from assistant.embeddings import LocalMiniLM, ensure_minilm

    rng = random.Random(1)
    sentences = [_sentence(rng) for _ in range(128 if quick else 1024)]
    folder = ensure_minilm(settings.model_dir)
    ours = LocalMiniLM(folder, settings.minilm_precision)
    fp32 = LocalMiniLM(folder, "fp32")
    ours.embed(sentences[:8])
    fp32.embed(sentences[:8])
    stock = ONNXMiniLM_L6_V2()
    # Point Chroma's stock function at the same model files: no download, same weights.
    stock.DOWNLOAD_PATH = folder.parent  # type: ignore[misc]
    stock.EXTRACTED_FOLDER_NAME = folder.name  # type: ignore[misc]
    stock(sentences[:2])
    few = sentences[: 16 if quick else 64]
    return {
        "embed_sentences_per_s": _rate(len(sentences), lambda: ours.embed(sentences)),
        "embed_precision": settings.minilm_precision,
        "fp32_embed_sentences_per_s": _rate(len(sentences), lambda: fp32.embed(sentences)),
        "chroma_default_embed_sentences_per_s": _rate(len(few), lambda: stock(few)),
    }


# Above this size the corpus's vectors are synthetic (noisy copies of 1,000 real ones):
# embedding 100k chunks for real takes a quarter of an hour on 2 cores.
REAL_EMBEDDING_LIMIT = 10_000


def measure_size(settings: Settings, size: int, queries: int) -> dict[str, Any]:
    """One corpus size, in this process: ingestion, search latency and peak memory."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from assistant.embeddings import LocalMiniLM, ensure_minilm
    from assistant.ingest import ingest
    from assistant.retrieval import Retriever
    from assistant.store import KnowledgeStore

    embedder = LocalMiniLM(ensure_minilm(settings.model_dir), settings.minilm_precision)
    rng = random.Random(3)
    questions = [_sentence(rng) for _ in range(queries)]
    out: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory() as tmp:
        client = chromadb.PersistentClient(
            path=str(Path(tmp) / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        store = KnowledgeStore(client, embedder, name=f"bench-{uuid.uuid4().hex[:8]}")
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        real = min(size, REAL_EMBEDDING_LIMIT if size <= REAL_EMBEDDING_LIMIT else 1000)
        generated_corpus(corpus, real)
        start = time.perf_counter()
        report = ingest([corpus], store)
        if size <= REAL_EMBEDDING_LIMIT:
            out["ingest_chunks_per_s"] = round(report.chunks / (time.perf_counter() - start), 1)
            out["vectors"] = "real"
        else:
            _add_synthetic(store, size - report.chunks)
            out["vectors"] = f"{report.chunks} real, {size - report.chunks} synthetic"
        out["chunks"] = store.count()
        out["search_ms"] = time_calls(Retriever(store).search, questions)
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _add_synthetic(store: Any, count: int, batch: int = 4000) -> None:
    got = store.collection.get(include=["embeddings", "documents"])
    base = np.asarray(got["embeddings"], dtype=np.float32)
    rng = np.random.default_rng(5)
    for start in range(0, count, batch):
        n = min(batch, count - start)
        picks = base[rng.integers(0, len(base), n)]
        vectors = picks + rng.normal(0, 0.05, picks.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"synthetic-{start + i}" for i in range(n)]
        metadatas = [{"source": "synthetic", "source_name": "synthetic.md", "section": "Synthetic",
                      "rule_ids": "", "file_hash": "synthetic", "head": False} for _ in range(n)]  # fmt: skip
        store.collection.add(
            ids=ids,
            embeddings=vectors.tolist(),
            documents=[f"synthetic chunk {start + i}" for i in range(n)],
            metadatas=metadatas,
        )


def bench_store(settings: Settings, sizes: list[int], quick: bool) -> dict[str, Any]:
    """Each size in a fresh child process, so its peak memory is its own."""
    figures: dict[str, Any] = {
        "search_ms": {},
        "ingest_chunks_per_s_by_size": {},
        "peak_rss_mb": {},
        "vectors": {},
    }
    for size in sizes:
        result = _in_a_child(settings, str(size), str(40 if quick else 200))
        key = str(size)
        figures["search_ms"][key] = result["search_ms"]
        figures["peak_rss_mb"][key] = result["peak_rss_mb"]
        figures["vectors"][key] = result["vectors"]
        if "ingest_chunks_per_s" in result:
            figures["ingest_chunks_per_s_by_size"][key] = result["ingest_chunks_per_s"]
    by_size = figures["ingest_chunks_per_s_by_size"]
    figures["ingest_chunks_per_s"] = by_size[min(by_size, key=int)] if by_size else None
    return figures


def _child_env(settings: Settings) -> dict[str, str]:
    import os

    return {**os.environ, "WALKAWAY_MODEL_DIR": str(settings.model_dir)}


def _in_a_child(settings: Settings, *args: str, **env: str) -> dict[str, Any]:
    """The figures `python -m evals.bench ARGS` prints (its last line, JSON), measured in a
    fresh process: its memory and its readers' caches are its own."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "evals.bench", *args],
        capture_output=True, text=True, check=True, env={**_child_env(settings), **env},
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def cold_start(runs: int = 3) -> float:
    """Wall time of a fresh `walkaway critique` process (set up, model on disk), median of runs."""
    import subprocess
    import sys

    walkaway = str(Path(sys.executable).parent / "walkaway")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([walkaway, "critique", "The price is only good until 5pm today."],
                       capture_output=True, check=True)  # fmt: skip
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def ui_first_render(settings: Settings) -> dict[str, Any]:
    """Seconds from starting the UI server (as `make run` does) to the first page rendered.

    With Chromium present, a browser that is already open (as a user's is) loads the page
    until the Deal page's title shows; without it, until the server answers its health check.
    """
    import os
    import shutil
    import socket
    import subprocess
    import sys
    import urllib.request
    from contextlib import ExitStack

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    streamlit = str(Path(sys.executable).parent / "streamlit")
    chromium = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        page = None
        if chromium:
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            stack.callback(browser.close)
            page = browser.new_page()
        env = {
            **os.environ,
            "WALKAWAY_DATA_DIR": tmp,
            "WALKAWAY_MODEL_DIR": str(settings.model_dir),
        }
        start = time.perf_counter()
        server = subprocess.Popen(
            [streamlit, "run", "ui/app.py", "--server.address", "127.0.0.1", "--server.port", str(port)],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        stack.callback(server.wait, 30)
        stack.callback(server.terminate)
        for line in server.stdout:  # type: ignore[union-attr]
            if "URL:" in line:
                break
        if page is None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30):
                pass
            return {"seconds": round(time.perf_counter() - start, 2), "method": "health check"}
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_text("Your deal", exact=True).wait_for(timeout=60_000)
        return {
            "seconds": round(time.perf_counter() - start, 2),
            "method": "server start to the Deal page shown in an open Chromium",
        }


def bench_tasks(settings: Settings, quick: bool) -> dict[str, Any]:
    """Warm offline critique, draft and coach latency, on the dev sets' own inputs."""
    from assistant.config import EVALS_DIR
    from assistant.critique import critique
    from assistant.exits import draft_exit
    from assistant.rehearsal import coach_reply
    from assistant.runtime import Runtime
    from assistant.schemas import ExitRequest
    from evals.cases import load_cases

    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime.scratch(Path(tmp), settings)
        cases = load_cases(
            [EVALS_DIR / n for n in ("critique.jsonl", "exit.jsonl", "rehearsal.jsonl")]
        ).cases
        texts = [c.text for c in cases if c.task == "critique"]
        requests = [ExitRequest(**c.request.model_dump()) for c in cases if c.task == "exit"]
        replies = [c for c in cases if c.task == "rehearsal"]
        limit = 20 if quick else None
        figures: dict[str, Any] = {
            "three_tasks_peak_rss_mb": three_tasks_peak_rss(settings),
            "critique_ms": time_calls(lambda t: critique(runtime, t), texts[:limit]),
            "draft_ms": time_calls(lambda r: draft_exit(runtime, r), requests[:limit]),
            "coach_ms": time_calls(
                lambda c: coach_reply(runtime, c.tactic, c.counterparty, c.reply), replies[:limit]
            ),
        }
        if not quick:
            figures.update(bench_longest_text(runtime))
            figures["longest_text_screened_s"] = screened_longest_text(settings)
        return figures


def three_tasks_peak_rss(settings: Settings) -> float:
    """Peak memory of a fresh process that critiques a deal, drafts an exit and coaches a
    reply: every reader and head loaded, the deal reader's tagger and the heads' one."""
    return float(_in_a_child(settings, "three_tasks")["peak_rss_mb"])


def _three_tasks_in_this_process() -> dict[str, float]:
    from assistant.critique import critique
    from assistant.exits import draft_exit
    from assistant.rehearsal import coach_reply
    from assistant.runtime import Runtime
    from assistant.schemas import ExitRequest

    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime.scratch(Path(tmp))
        critique(runtime, "The dealer wants 24,500 and says it is gone tomorrow. My max is 22,000.")
        situation = "The dealer would not go below 24,500. Ask them to call if that changes."
        draft_exit(runtime, ExitRequest(situation=situation, counterparty="Sam"))
        coach_reply(runtime, "false_urgency", "Sign today or it's gone.", "I need a day to check.")
    return {"peak_rss_mb": _peak_rss_mb()}


def screened_longest_text(settings: Settings) -> float:
    """The same first reading with WALKAWAY_SCREEN_LONG_TEXTS, in a process of its own: the
    readers remember every sentence this one has read."""
    result = _in_a_child(settings, "longest", WALKAWAY_SCREEN_LONG_TEXTS="true")
    return float(result["longest_text_critique_s"])


def bench_longest_text(runtime: Any) -> dict[str, float]:
    """A critique of the longest text accepted, read the first time, then again with one
    line added, as a deal's chat reads it on every turn. The text is the training corpus's
    sentences in paragraphs of five: nothing this process has read before, so the first
    reading is cold whatever ran earlier."""
    from assistant.config import PROJECT_ROOT
    from assistant.critique import critique
    from assistant.textinput import MAX_INPUT_CHARS

    sentences = [
        json.loads(line)["text"]
        for path in sorted((PROJECT_ROOT / "training" / "corpus").glob("c*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    text = "\n\n".join(paragraphs)[: MAX_INPUT_CHARS - 100]
    started = time.perf_counter()
    critique(runtime, text)
    first = time.perf_counter() - started
    started = time.perf_counter()
    critique(runtime, f"{text}\n\nAny news on the price?")
    again = time.perf_counter() - started
    return {
        "longest_text_chars": len(text),
        "longest_text_critique_s": round(first, 2),
        "longest_text_again_s": round(again, 2),
    }


def bench_local(settings: Settings, quick: bool) -> dict[str, Any]:
    """The local model: server start, generation speed (tokens/s, as llama.cpp counts
    them) and each task's latency on the local engine, on the dev sets' own inputs."""
    import json as _json
    import urllib.request

    from assistant.config import EVALS_DIR
    from assistant.critique import critique
    from assistant.engines.local import LocalEngine
    from assistant.exits import draft_exit
    from assistant.local_model import available, ensure_server
    from assistant.rehearsal import coach_reply
    from assistant.runtime import Runtime
    from assistant.schemas import ExitRequest
    from evals.cases import load_cases

    local = settings.model_copy(update={"engine": "local"})
    if not available(local):
        return {"local_model": "not installed"}
    started = time.perf_counter()
    server = ensure_server(local)
    start_s = time.perf_counter() - started
    body = {
        "messages": [{"role": "user", "content": "Describe a fair car deal in three sentences."}],
        "max_tokens": 96,
        "temperature": 0,
    }
    request = urllib.request.Request(
        f"{server.openai_url}/chat/completions",
        data=_json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as answer:  # noqa: S310 (loopback)
        timings = _json.loads(answer.read()).get("timings", {})
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime.scratch(Path(tmp), local, engine=local.engine)
        cases = load_cases(
            [EVALS_DIR / n for n in ("critique.jsonl", "exit.jsonl", "rehearsal.jsonl")]
        ).cases
        n = 2 if quick else 5
        texts = [c.text for c in cases if c.task == "critique"][:n]
        requests = [ExitRequest(**c.request.model_dump()) for c in cases if c.task == "exit"][:n]
        replies = [c for c in cases if c.task == "rehearsal"][:n]
        engine = LocalEngine(runtime)
        offline = [critique(runtime, text, engine="offline") for text in texts]
        return {
            "local_model": server.gguf.name,
            "local_threads": server.threads,
            "local_server_start_s": round(start_s, 2),
            "local_prompt_tokens_per_s": round(float(timings.get("prompt_per_second", 0)), 1),
            "local_generation_tokens_per_s": round(
                float(timings.get("predicted_per_second", 0)), 1
            ),
            "local_critique_ms": time_calls(lambda t: critique(runtime, t), texts, warmup=0),
            "local_draft_ms": time_calls(lambda r: draft_exit(runtime, r), requests, warmup=0),
            "local_coach_ms": time_calls(
                lambda c: coach_reply(runtime, c.tactic, c.counterparty, c.reply),
                replies,
                warmup=0,
            ),
            "local_counterparty_ms": time_calls(
                lambda c: engine.play_counterparty("You sell a car.", c.tactic, "(start)", ""),
                replies,
                warmup=0,
            ),
            "local_answer_ms": time_calls(
                lambda r: "".join(engine.answer("What should I say now?", r, r.facts)),
                offline,
                warmup=0,
            ),
        }


def run_bench(
    settings: Settings,
    sizes: list[int],
    quick: bool = False,
    ui: bool = True,
    local: bool = False,
) -> dict[str, Any]:
    """Every figure the benchmark knows, measured on this machine."""
    figures: dict[str, Any] = {"cpu_count": __import__("os").cpu_count(), "numpy": np.__version__}
    figures.update(bench_embedders(settings, quick))
    figures.update(bench_tasks(settings, quick))
    figures.update(bench_store(settings, sizes, quick))
    figures["cold_start_s"] = cold_start(1 if quick else 3)
    if local:
        figures.update(bench_local(settings, quick))
    if ui:
        render = ui_first_render(settings)
        figures["ui_first_render_s"] = render["seconds"]
        figures["ui_first_render_method"] = render["method"]
    return figures


def scaling_chart(figures: dict[str, Any]) -> str:
    """The search-latency and memory curve by corpus size, as a self-contained HTML page."""
    sizes = sorted(figures.get("search_ms", {}), key=int)
    if not sizes:
        return "<p>No sizes measured.</p>"
    width, height, pad = 520, 260, 50
    top = max(max(figures["search_ms"][s]["p95"] for s in sizes), 1.0)

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / max(1, len(sizes) - 1)

    def y(v: float) -> float:
        return height - pad - v / top * (height - 2 * pad)

    lines = []
    for key, color in (("p50", "#1f6f5c"), ("p95", "#c0392b")):
        points = " ".join(
            f"{x(i):.1f},{y(figures['search_ms'][s][key]):.1f}" for i, s in enumerate(sizes)
        )
        lines.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        lines.append(
            f'<text x="{width - pad + 4}" y="{y(figures["search_ms"][sizes[-1]][key]):.1f}" font-size="12">{key}</text>'
        )
    labels = "".join(
        f'<text x="{x(i):.1f}" y="{height - pad + 18}" font-size="12" text-anchor="middle">{int(s):,}</text>'
        for i, s in enumerate(sizes)
    )
    memory = "".join(
        f"<tr><td>{int(s):,}</td><td>{figures['search_ms'][s]['p50']}</td><td>{figures['search_ms'][s]['p95']}</td><td>{figures.get('peak_rss_mb', {}).get(s, '')}</td><td>{figures.get('vectors', {}).get(s, '')}</td></tr>"
        for s in sizes
    )
    return (
        "<!doctype html><meta charset='utf-8'><title>Walkaway bench</title><body style='font-family:system-ui'>"
        f"<h1>Search latency by corpus size (ms)</h1><svg width='{width + 40}' height='{height}'>"
        f"<line x1='{pad}' y1='{height - pad}' x2='{width - pad}' y2='{height - pad}' stroke='#999'/>"
        f"<line x1='{pad}' y1='{pad}' x2='{pad}' y2='{height - pad}' stroke='#999'/>"
        f"<text x='4' y='{pad}' font-size='12'>{top:.0f} ms</text>{''.join(lines)}{labels}</svg>"
        "<table border='1' cellpadding='4'><tr><th>chunks</th><th>p50 ms</th><th>p95 ms</th><th>peak RSS MB</th><th>vectors</th></tr>"
        f"{memory}</table><pre>{__import__('json').dumps(figures, indent=2)}</pre></body>"
    )


def _longest_in_this_process() -> dict[str, float]:
    from assistant.critique import critique
    from assistant.runtime import Runtime

    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime.scratch(Path(tmp))
        critique(runtime, "They offered 9,000 and said it ends today; my minimum is 10,000.")
        return bench_longest_text(runtime)


if __name__ == "__main__":  # a measure in a child process (see bench_store, bench_tasks)
    import json
    import sys

    from assistant.config import load_settings

    if sys.argv[1] == "longest":
        print(json.dumps(_longest_in_this_process()))
    elif sys.argv[1] == "three_tasks":
        print(json.dumps(_three_tasks_in_this_process()))
    else:
        print(json.dumps(measure_size(load_settings(), int(sys.argv[1]), int(sys.argv[2]))))
