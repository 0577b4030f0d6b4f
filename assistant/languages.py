"""Which language a user's text is written in, among those Walkaway drafts in.

A plain function-word count: the words every sentence of a language is made of ("the",
"que", "und", "het") say more about short, casual text than any content word, and need no
model. A word shared by several languages counts for each of them in part. Text too short
or too mixed to tell reads as English, the language everything else falls back to.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Literal

Language = Literal["en", "es", "fr", "de", "pt", "it", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "es", "fr", "de", "pt", "it", "nl")
NAMES: dict[Language, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
}

_FUNCTION_WORDS: dict[Language, str] = {
    "en": "the and to of is are was that it for with my i you he she they but not this have "
    "on at would will can just what want an be we our their his her from so if don't i'm "
    "a as or do me no yeah um ok ha "
    "wants have has very make all only also now nothing then",
    "es": "el la los las de que y en un una por con para es no pero mi me lo le se del al más "
    "su sus muy ya yo él ella nos hasta quiero dile decirle porque como está pues también "
    "quiere tengo tiene esto esta ese esa hacer ser todo solo ahora nada así",
    "fr": "le la les de des et en un une est pour que qui pas je il elle on nous avec du au "
    "mais ne sur ce cette mon ma mes son sa vous lui leur dire très veut c'est j'ai "
    "ai suis ça cela faire être tout seulement aussi maintenant rien donc alors",
    "de": "der die das und ist nicht ich er sie mit ein eine auf für zu den dem dass aber wir "
    "es auch von sich bei mir mein meine ihm ihr wie noch nur oder wenn sagen kein keine "
    "will habe hat sehr machen sein alles auch jetzt nichts also dann",
    "pt": "o a os as de que e em um uma para com não por do da dos das meu minha mas é eu ele "
    "ela na no nos você seu sua muito já até quero dizer também isso mais está "
    "quer tenho tem isto esse essa fazer ser tudo só agora nada assim então pra",
    "it": "il lo la gli le di che e un una per con non è mi ma sono del della ho io lui lei al "
    "alla nel anche più gli suo sua mio mia voglio dire perché questo come già "
    "vuole ha hai ci delle degli nella questa quello ancora molto però cosa fare essere solo "
    "tutto digli dille",
    "nl": "de het een en van is niet ik hij zij met voor dat op te maar wij we ook er zijn naar "
    "mijn hem haar wil dit die om bij nog geen wel kan heeft zeggen "
    "heb erg maken alles alleen nu niets dus dan",
}
FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_SHARE: Counter[str] = Counter(word for words in FUNCTION_WORDS.values() for word in words)
# Letters one language writes and the others here do not.
_LETTERS: dict[str, Language] = {"ñ": "es", "ã": "pt", "õ": "pt", "ß": "de", "ij": "nl"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MIN_EVIDENCE = 2.0  # function words' weight needed before a text's language is told
REMEMBERED_CHARS = 2_000  # a sentence's or a paragraph's language is remembered up to this


# Few entries: a key may be a whole deal of 200,000 characters.
@lru_cache(maxsize=64)
def detect_language(text: str, default: Language = "en") -> Language:
    """The language the text is written in; `default` when it cannot tell (a sentence too
    short to tell takes the language of the deal it is part of)."""
    return told_language(text) or default


def told_language(text: str) -> Language | None:
    """The language the text is written in, or None when it is too short or too mixed to
    tell. A sentence's or a paragraph's is remembered: a deal's chat reads the same text on
    every turn."""
    return _told_briefly(text) if len(text) <= REMEMBERED_CHARS else _told(text)


@lru_cache(maxsize=8_192)
def _told_briefly(text: str) -> Language | None:
    return _told(text)


def _told(text: str) -> Language | None:
    scores: dict[Language, float] = dict.fromkeys(LANGUAGES, 0.0)
    # Each word once: "da, da, ok" is one Portuguese word, not two.
    for word in set(_WORD.findall(text.lower().replace("’", "'"))):
        for lang, words in FUNCTION_WORDS.items():
            if word in words:
                scores[lang] += 1 / _SHARE[word]
    lowered = text.lower()
    for letters, lang in _LETTERS.items():
        scores[lang] += min(lowered.count(letters), 3) * 0.5
    best, runner_up = sorted(LANGUAGES, key=scores.__getitem__, reverse=True)[:2]
    top = scores[best]
    if top < MIN_EVIDENCE or top < 1.3 * scores[runner_up]:
        return None
    return best
