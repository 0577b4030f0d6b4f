"""Optional redaction before text goes to a cloud model (WALKAWAY_REDACT=true).

Emails, phone numbers, amounts of money and names (after a title or a greeting, or
given explicitly) become placeholders such as [EMAIL_1]; the model's answer is mapped
back before anyone sees it. Numbers still reach the policy: code parses them from the
original text, never from the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_PATTERNS = [
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("PHONE", re.compile(r"(?<!\w)\+?\d[\d ().-]{7,}\d(?!\w)")),
    ("AMOUNT", re.compile(r"(?:[$€£¥₹]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|K|M)\b)?|\b\d[\d,.]*\s?(?:k|K|USD|EUR|GBP|dollars|euros|pounds)\b|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b)")),
    ("NAME", re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?|(?:(?<=\bDear )|(?<=\bHi )|(?<=\bHello ))[A-Z][\w'-]+")),
]  # fmt: skip


class Redactor:
    """Masks one conversation's private details and restores them in answers."""

    def __init__(self, names: list[str] | None = None) -> None:
        self.names = [n for n in (names or []) if n and len(n) > 1]
        self._forward: dict[str, str] = {}
        self._back: dict[str, str] = {}

    def _placeholder(self, kind: str, value: str) -> str:
        if value not in self._forward:
            count = sum(1 for key in self._back if key.startswith(f"[{kind}_")) + 1
            token = f"[{kind}_{count}]"
            self._forward[value] = token
            self._back[token] = value
        return self._forward[value]

    def mask(self, text: str) -> str:
        for name in sorted(self.names, key=len, reverse=True):
            text = re.sub(re.escape(name), lambda m: self._placeholder("NAME", m.group(0)), text)
        for kind, pattern in _PATTERNS:
            text = pattern.sub(self._replacer(kind), text)
        return text

    def _replacer(self, kind: str) -> Callable[[re.Match[str]], str]:
        return lambda match: self._placeholder(kind, match.group(0))

    def unmask(self, value: Any) -> Any:
        """Restore placeholders in a string, or in every string of a nested structure."""
        if isinstance(value, str):
            for token, original in self._back.items():
                value = value.replace(token, original)
            return value
        if isinstance(value, list):
            return [self.unmask(item) for item in value]
        if isinstance(value, dict):
            return {key: self.unmask(item) for key, item in value.items()}
        return value
