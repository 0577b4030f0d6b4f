"""The ordinary words a capitalised name must not be: counted from the corpora's own use."""

from __future__ import annotations

import json

from assistant.counterpart import COMMON_WORDS_FILE, is_common_word
from training.common_words import _texts, common_words, count_uses


def test_a_word_mostly_written_in_lowercase_is_ordinary_and_a_name_is_not():
    texts = [
        "i cannot pay that. we cannot wait. they cannot say.",
        "Tom came by. I told Tom no, and tom said fine. Ask Tom again.",
    ]
    assert common_words(texts) == ["cannot"]


def test_a_capitalised_word_opening_a_sentence_counts_for_neither_side():
    lowercase, capitalised = count_uses(["Cannot do it. Honestly: no."])
    assert capitalised["cannot"] == 0 and capitalised["honestly"] == 0


def test_the_shipped_lists_are_what_the_training_command_builds():
    shipped = json.loads(COMMON_WORDS_FILE.read_text(encoding="utf-8"))
    built = {language: common_words(texts) for language, texts in _texts().items()}
    assert shipped == built and "de" not in shipped


def test_a_name_in_one_language_may_be_a_word_in_another():
    assert is_common_word("Dale", "es") and not is_common_word("Dale", "en")
