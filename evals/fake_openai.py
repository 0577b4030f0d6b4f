"""A local OpenAI-compatible server (standard library only): the LLM engine end to end
without a key, for the tests and for the injection suite (`walkaway eval --injection`).

It speaks POST /v1/chat/completions, JSON and SSE. A `script` decides each answer:
a list of steps consumed in order (then the last repeats), each either an HTTP
status to fail with, "hang" to never answer (the client times out), "bad-json"
for an unparseable answer, or a callable turning the request into a reply.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = dict[str, Any] | str  # tool-call arguments (dict) or plain text content
Step = int | str | Callable[[dict[str, Any]], Reply]


class FakeOpenAI:
    def __init__(self, script: list[Step] | None = None) -> None:
        self.script: list[Step] = list(script or [])
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def next_step(self) -> Step:
        with self._lock:
            if not self.script:
                return lambda request: "OK"
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(request)
                step = fake.next_step()
                if step == "hang":
                    fake._release.wait(30)  # the client's timeout fires first
                    return
                if isinstance(step, int):
                    self._send(step, {"error": {"message": f"fake status {step}", "type": "fake"}})
                    return
                if step == "bad-json":
                    self._send_raw(200, b"{not json")
                    return
                reply = step(request)  # type: ignore[operator]
                if request.get("stream"):
                    self._stream(str(reply))
                else:
                    self._send(200, completion(request, reply))

            def _send(self, status: int, body: dict[str, Any]) -> None:
                self._send_raw(status, json.dumps(body).encode())

            def _send_raw(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for index, word in enumerate(text.split(" ")):
                    piece = word if index == 0 else " " + word
                    chunk = {
                        "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                        "model": "fake", "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                    }  # fmt: skip
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        return Handler


def completion(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = "stop"
    if isinstance(reply, dict):
        tool = request["tools"][0]["function"]["name"]
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": tool, "arguments": json.dumps(reply)},
            }
        ]
        finish = "tool_calls"
    else:
        message["content"] = reply
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def deal_text(request: dict[str, Any]) -> str:
    """The user's part of the last message (between the prompt's tags, when present)."""
    content = request["messages"][-1]["content"]
    for open_tag, close_tag in (
        ("<deal>", "</deal>"),
        ("<situation>", "</situation>"),
        ("<reply>", "</reply>"),
    ):
        if open_tag in content:
            return content.split(open_tag, 1)[1].split(close_tag, 1)[0].strip()
    return content
