"""Character and word n-grams of a text, hashed the same way in every process: what the
linear readers (the stance head, the coach, the carry reader, the lexical reader) read
of a text's spelling, in any language."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

CHAR_GRAMS = (3, 4, 5)


def spaced(text: str, apart_from_punctuation: bool = False) -> str:
    """The lowered text the grams are read from: one space between words, and one at
    each end to mark where the first and last words start and end."""
    text = text.lower().replace("’", "'")
    if apart_from_punctuation:
        text = " ".join(re.findall(r"\w+|[^\w\s]", text))
    return " " + re.sub(r"\s+", " ", text) + " "


def grams(text: str, apart_from_punctuation: bool = False) -> list[str]:
    """Character 3- to 5-grams of the lowered text (spaces mark where words start and end),
    its words, and its word pairs. `apart_from_punctuation` spaces words from the commas
    and stops that touch them, so "oferta," and "oferta." spell the word "oferta"."""
    text = spaced(text, apart_from_punctuation)
    chars = [text[i : i + n] for n in CHAR_GRAMS for i in range(len(text) - n + 1)]
    return chars + _word_grams(text)


def _word_grams(text: str) -> list[str]:
    words = re.findall(r"\w+|[?!]", text)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return [f"w:{w}" for w in words] + [f"b:{p}" for p in pairs]


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


def bucket_arrays(
    texts: Sequence[str], buckets: int, apart_from_punctuation: bool = False
) -> list[np.ndarray]:
    """For each text, the sorted buckets of its grams, each once: `bucket_set(grams(text))`
    for many texts at once. The character grams, nine in ten of a text's grams, are hashed
    in numpy over the texts' bytes (a long paste has 600,000 of them, half a second one by
    one in Python); the words and pairs, few and repeated, by `bucket_set`."""
    if not texts:
        return []
    spelled = [spaced(text, apart_from_punctuation) for text in texts]
    joined = "".join(spelled)
    lengths = np.fromiter(map(len, spelled), dtype=np.int64, count=len(spelled))
    owner_at = np.repeat(np.arange(len(texts)), lengths)  # which text each character is of
    room = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(joined))  # to its text's end
    encoded = _Utf8(joined)
    owners, char_buckets = [], []
    for n in CHAR_GRAMS:
        (starts,) = np.nonzero(room >= n)
        char_buckets.append(_char_gram_crcs(encoded, starts, n) % buckets)
        owners.append(owner_at[starts])
    word_owners: list[int] = []
    word_buckets: list[int] = []
    for index, text in enumerate(spelled):
        found = bucket_set(_word_grams(text), buckets)
        word_owners.extend([index] * len(found))
        word_buckets.extend(found)
    owner = np.concatenate([*owners, np.asarray(word_owners, dtype=np.int64)])
    number = np.concatenate(
        [*(b.astype(np.int64) for b in char_buckets), np.asarray(word_buckets, dtype=np.int64)]
    )
    keys = np.sort(owner * buckets + number)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    splits = np.searchsorted(keys, np.arange(1, len(texts)) * buckets)
    return [(part % buckets).astype(np.int32) for part in np.split(keys, splits)]


def _crc_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1)
    return table.astype(np.uint32)


_TABLE = _crc_table()


class _Utf8:
    """A text's UTF-8 bytes, and where each character's bytes start and how many there are
    (None for ASCII, where a character is its byte)."""

    def __init__(self, text: str) -> None:
        self.data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        self.first_byte: np.ndarray | None = None
        self.widths: np.ndarray | None = None
        if not text.isascii():
            points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
            self.widths = (
                1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
            )
            self.first_byte = np.concatenate([[0], np.cumsum(self.widths)[:-1]])


def _char_gram_crcs(text: _Utf8, starts: np.ndarray, n: int) -> np.ndarray:
    """zlib.crc32 of the n characters from each of `starts`, in numpy."""
    state = np.full(len(starts), 0xFFFFFFFF, dtype=np.uint32)
    for offset in range(n):
        char = starts + offset
        at = char if text.first_byte is None else text.first_byte[char]
        state = _TABLE[(state ^ text.data[at]) & 0xFF] ^ (state >> 8)
        if text.widths is None:
            continue
        width = text.widths[char]
        for byte in range(1, 4):
            # A character of more than one byte: rare outside a few languages' letters.
            (wide,) = np.nonzero(width > byte)
            if not len(wide):
                break
            state[wide] = _TABLE[(state[wide] ^ text.data[at[wide] + byte]) & 0xFF] ^ (
                state[wide] >> 8
            )
    return state ^ np.uint32(0xFFFFFFFF)
