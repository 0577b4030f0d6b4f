"""Build the list of words people write in lowercase: a capitalised one of them is no name.

The exit drafter greets a person the user introduces only in passing ("Cannot, our finance
needs 30 days" must not greet "Hi Cannot"). Whether a capitalised word is a name is read
from how the training corpora's writers used it, not from a list written by hand: a word
written in lowercase at least `MIN_LOWERCASE` times, and more than `RATIO` times as often
as it is capitalised inside a sentence, is an ordinary word. Names written in lowercase in
a text message ("bar owner rick") stay names: they are capitalised far more often. German
capitalises every noun, so its rows are left out. Counted per language: "dan", "mia" and
"dale" are ordinary Dutch, Italian and Spanish words, and English names.

Reads every text of training/ except `heldout/`, which is only ever measured on,
`amounts_next/`, whose texts were filled in from templates used two or three times each
(a word repeated by a template would be counted as if several writers chose it), and
`addressee/` and `carry_unread/`, written after the lists were built (`addressee/` is read
only by training/addressee.py): reading them here would change the lists, and with them which
words the drafter greets, unjudged.

    python -m training.common_words      # writes assistant/data/common_words.json
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from assistant.counterpart import COMMON_WORDS_FILE

TRAINING = Path(__file__).resolve().parent
NOT_READ = {"heldout", "amounts_next", "addressee", "carry_unread"}
TEXT_FIELDS = ("text", "situation", "counterparty", "reply")
MIN_LOWERCASE = 3
RATIO = 3
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“(—-])\s*$")


def _texts() -> dict[str, list[str]]:
    """Per language, every text of the training rows written in it."""
    texts: dict[str, list[str]] = {}
    for path in sorted(TRAINING.glob("*/*.jsonl")):
        if path.parent.name in NOT_READ:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("//"):
                continue
            row = json.loads(line)
            language = row.get("language") or row.get("lang")
            if not language or language == "de":
                continue
            texts.setdefault(language, []).extend(
                str(row[field]) for field in TEXT_FIELDS if row.get(field)
            )
    return texts


def count_uses(texts: list[str]) -> tuple[Counter[str], Counter[str]]:
    """Per lowercased word: how often it is written in lowercase, and how often capitalised
    where a sentence does not begin."""
    lowercase: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0).rstrip("'’-")
            if len(word) < 2:
                continue
            if word.islower():
                lowercase[word] += 1
            elif word[0].isupper() and not _SENTENCE_START.search(text[: match.start()]):
                capitalised[word.lower()] += 1
    return lowercase, capitalised


def common_words(texts: list[str]) -> list[str]:
    lowercase, capitalised = count_uses(texts)
    return sorted(
        word
        for word, times in lowercase.items()
        if times >= MIN_LOWERCASE and times > RATIO * capitalised[word]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    words = {language: common_words(texts) for language, texts in sorted(_texts().items())}
    COMMON_WORDS_FILE.write_text(json.dumps(words, ensure_ascii=False, indent=0), encoding="utf-8")
    counts = ", ".join(f"{language} {len(listed)}" for language, listed in words.items())
    print(f"common words written to {COMMON_WORDS_FILE}: {counts}")


if __name__ == "__main__":
    main()
