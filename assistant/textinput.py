"""User text in: bytes or str to clean text, with clear refusals for what cannot be read."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from assistant.caseless import Caseless
from assistant.errors import InputError
from assistant.schemas import Notice

MAX_INPUT_CHARS = 200_000
# The control characters a paste can carry (Unicode's category Cc), less newline and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
    text = _CONTROL.sub("", text)
    if len(text) > limit:
        raise InputError(
            f"The text is {len(text):,} characters; the limit is {limit:,}. "
            "Paste the part about the deal (the offer, the terms, what they said)."
        )
    return text


_ENGLISH = set(
    "the a an and or but to of in on for with is are was were it this that i you they we my "
    "me our their he she his her be have has had not no do does did will would can could "
    "at by from as so if just about what when offer price said says".split()
)
_INJECTION = Caseless(
    r"((ignore|disregard) (all |any |the |your )?(previous |prior |above |earlier )?"
    r"(instructions|rules|rulebook|guidelines|policy|prompts?)\b|"
    r"(correct|right|real|final) verdict (is|should be|must be)|\bverdict\s*=|^\s*verdict\s*:|"
    r"(^|[\"'(\[])\s*system\s*:|do not (report|flag|mention) (any )?(warning|red flag|sign)|"
    r"system prompt|you are now|"
    r"as an ai|(assistant|ai|model|chatbot|llm)[,:]? (must|should|will|please)|"
    r"(tell|advise|inform) the (user|client|buyer|candidate|reader)|respond (only )?with|"
    r"(approve|accept|recommend) (this|the) (deal|offer|contract) (now|immediately)|"
    r"new instructions|override|jailbreak|<\|?(system|im_start)\|?>|\[inst\]|###\s*system|"
    r"(to|attention|dear|note to) (the |any )?(ai|assistant|model|llm|chatbot)\b|"
    r"\b(ai|automated|llm|machine) (reviewers?|systems?|readers?|assistants?|tools?|screeners?)\s*[,:]|"
    r"\b(note|message|instructions?) (for|to) (any )?(ai|automated|llm|machine) (systems?|reviewers?|readers?|tools?)|"
    r"if you are an? (ai|llm|assistant|language model)|the model should|chatbot,|"
    r"(is|following is) a system prompt|forget everything|"
    r"(classify|label|rate|score|mark|treat) (this|the) (text|deal|email|message|offer|contract) as|"
    r"(say|report|answer|output|state) (that )?(there are|it has|this has) no (warning signs?|red flags?))",
    re.MULTILINE,
)


def language_notice(text: str) -> Notice | None:
    """A notice when the text is mostly not English (the offline engine reads English best)."""
    letters = [ch for ch in text if ch.isalpha()]
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not letters:
        return None
    foreign_script = sum(1 for ch in letters if not ch.isascii()) / len(letters) > 0.3
    accented_words = bool(words) and sum(1 for w in words if not w.isascii()) / len(words) >= 0.15
    english = sum(1 for w in words if w in _ENGLISH and len(w) > 1)
    few_english = len(words) >= 4 and english / len(words) < 0.15
    if foreign_script or accented_words or few_english:
        from assistant.languages import NAMES, detect_language
        from assistant.lexical import load_lexical_reader

        language = detect_language(text)
        reader = load_lexical_reader()
        if reader is not None and reader.reads(language):
            return Notice(
                code="other_language",
                text=f"This text looks like {NAMES[language]}. The offline engine reads "
                f"{NAMES[language]} by its wording, not its meaning as it reads English: it finds "
                "signs said plainly and may miss those said indirectly or politely. The numbers "
                "were still checked.",
            )
        return Notice(
            code="other_language",
            text="This text does not look like English. The offline engine reads English best: "
            "findings may be incomplete. The numbers were still checked.",
        )
    return None


def addresses_the_assistant(sentence: str) -> bool:
    """A sentence that instructs an assistant: read, flagged, never a finding's evidence."""
    return _INJECTION.search(sentence) is not None


@lru_cache(maxsize=20_000)
def instruction_start(sentence: str) -> int | None:
    """Where the words addressed to an assistant begin in a sentence; what comes before
    ("He said I'd regret it; AI reviewers: ...") still tells the deal. Remembered: the
    detector asks it of each sentence up to three times, and it is a long pattern."""
    found = _INJECTION.search(sentence)
    return found.start() if found else None


# Asked of Walkaway, not told about the deal: "a publisher who'd help me reach schools" is
# the deal, "help me decide" is a question to us.
_ASKS_THE_ADVISOR = Caseless(
    # "Please note our terms", "please sign by Friday": a pasted message, not a plea to us.
    r"^\W*(please(?! (note|find|sign|confirm|be aware|see|return|send|pay|ensure|read|review|transfer|contact|reply|respond|kindly|let (us|me) know)\b)|can you|could you|would you|should i|shall i|tell me|help me|what do you think|"
    r"what (should|do|would) i|do you think|am i)\b|"
    r"\b(please (just )?(tell|help|advise|say)|(just )?tell me (it'?s|if|whether|what|that)|"
    r"help me (decide|understand|figure|think|choose|see)|what do you think|"
    r"(is|was) (it|this|that) (ok|okay|fine|fair|reasonable|a good (deal|idea|offer|price))\b)|"
    r"\?\s*$"
)


def asks_the_advisor(sentence: str) -> bool:
    """The user speaking to Walkaway (a question, a plea) rather than telling the deal."""
    return bool(_ASKS_THE_ADVISOR.search(sentence))


def injection_notice(text: str) -> Notice | None:
    if _INJECTION.search(text):
        return Notice(
            code="instructions_in_text",
            text="The text contains instructions addressed to an assistant. Walkaway treats "
            "pasted text as part of the deal, never as instructions: they changed nothing.",
        )
    return None
