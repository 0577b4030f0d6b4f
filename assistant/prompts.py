"""Prompt files (prompts/NAME.md): a `## system` and a `## human` part with named variables.

A variable the file names but the caller does not give is an error, raised before any
model is called; so is a variable given that the file does not use (a likely typo).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from langchain_core.prompts import ChatPromptTemplate

from assistant.config import PROMPTS_DIR
from assistant.errors import WalkawayError

_PART = re.compile(r"^## (system|human)\s*$", re.M)
_VARIABLE = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")


class PromptError(WalkawayError):
    """A prompt file is missing, malformed, or was given the wrong variables."""


@lru_cache(maxsize=32)
def load_prompt(name: str) -> ChatPromptTemplate:
    path = PROMPTS_DIR / f"{name}.md"
    if not path.exists():
        raise PromptError(f"prompt file {path} is missing")
    text = path.read_text(encoding="utf-8")
    pieces = _PART.split(text)
    messages = [(pieces[i], pieces[i + 1].strip()) for i in range(1, len(pieces) - 1, 2)]
    if not messages:
        raise PromptError(f"{path}: needs '## system' and '## human' parts")
    return ChatPromptTemplate.from_messages(messages)


def variables(name: str) -> set[str]:
    return set(load_prompt(name).input_variables)


def checked_inputs(name: str, values: Mapping[str, object]) -> dict[str, object]:
    """The values, after checking they are exactly the prompt's variables."""
    expected = variables(name)
    missing = expected - set(values)
    extra = set(values) - expected
    if missing:
        raise PromptError(f"prompt {name!r} needs {', '.join(sorted(missing))}")
    if extra:
        raise PromptError(f"prompt {name!r} has no variable {', '.join(sorted(extra))}")
    return dict(values)
