"""Character and word n-grams of a text, hashed the same way in every process: what the
linear readers (the stance head, the coach, the carry reader, the lexical reader) read
of a text's spelling, in any language."""

from __future__ import annotations

import re
import zlib


def grams(text: str, apart_from_punctuation: bool = False) -> list[str]:
    """Character 3- to 5-grams of the lowered text (spaces mark where words start and end),
    its words, and its word pairs. `apart_from_punctuation` spaces words from the commas
    and stops that touch them, so "oferta," and "oferta." spell the word "oferta"."""
    text = text.lower().replace("’", "'")
    if apart_from_punctuation:
        text = " ".join(re.findall(r"\w+|[^\w\s]", text))
    text = " " + re.sub(r"\s+", " ", text) + " "
    chars = [text[i : i + n] for n in (3, 4, 5) for i in range(len(text) - n + 1)]
    words = re.findall(r"\w+|[?!]", text)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return chars + [f"w:{w}" for w in words] + [f"b:{p}" for p in pairs]


def bucket(gram: str, buckets: int) -> int:
    """crc32, unlike Python's hash(), is the same in every process."""
    return zlib.crc32(gram.encode()) % buckets


# The buckets of grams seen lately: a language's n-grams repeat from sentence to sentence,
# and a dictionary lookup costs a third of hashing (a 200,000-character paste has 700,000).
_SEEN: dict[int, dict[str, int]] = {}
_SEEN_AT_MOST = 500_000


def bucket_set(spelled: list[str], buckets: int) -> set[int]:
    """The buckets of these grams, as `bucket` gives them."""
    seen = _SEEN.setdefault(buckets, {})
    if len(seen) > _SEEN_AT_MOST:
        seen.clear()
    found = set()
    for gram in spelled:
        number = seen.get(gram)
        if number is None:
            number = seen[gram] = bucket(gram, buckets)
        found.add(number)
    return found
