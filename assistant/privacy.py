"""Privacy switches: third-party telemetry off, secrets masked wherever text is shown."""

from __future__ import annotations

import os
import re

_TELEMETRY_OFF = {
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime writes a device id otherwise
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}


def disable_telemetry() -> None:
    """Force every telemetry switch we know of off, whatever the environment said."""
    os.environ.update(_TELEMETRY_OFF)
    # LangSmith tracing uploads prompts (the user's deals) to a cloud service.
    if os.environ.get("WALKAWAY_ALLOW_LANGSMITH", "").lower() not in {"1", "true", "yes"}:
        for name in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
            os.environ.pop(name, None)


_KEY_PATTERN = re.compile(r"(sk-[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9_\-\.]{8,})")


def mask_secrets(text: str, *secrets: str | None) -> str:
    """Remove API keys from text that may reach a log, an error message or the screen."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return _KEY_PATTERN.sub("***", text)
