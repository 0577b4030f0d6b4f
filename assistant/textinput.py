"""User text in: bytes or str to clean text, with clear refusals for what cannot be read."""

from __future__ import annotations

import unicodedata

from assistant.errors import InputError

MAX_INPUT_CHARS = 200_000


def read_user_text(raw: bytes | str, limit: int = MAX_INPUT_CHARS) -> str:
    """Decode and normalise text a user typed or pasted; raise InputError if unusable."""
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise InputError(
                "That looks like a binary file, not text. Paste the words of the deal."
            )
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                "The text is not UTF-8. Save or paste it as UTF-8 (most editors offer this)."
            ) from None
    if "\x00" in raw:
        raise InputError("That looks like binary data, not text. Paste the words of the deal.")
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    # Drop control characters a paste can carry, keep newlines and tabs.
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if len(text) > limit:
        raise InputError(
            f"The text is {len(text):,} characters; the limit is {limit:,}. "
            "Paste the part about the deal (the offer, the terms, what they said)."
        )
    return text
