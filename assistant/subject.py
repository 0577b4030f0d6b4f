"""What the deal is about, as the user names it: the thing offered, quoted, booked or
declined ("the December booking", "your quote for the Year 6 trip", "mooring B14"). An exit
draft names it, so that the other side knows which deal the message answers.

Read from the grammar of the user's own sentences, not from a list of things: the object of
a verb of declining ("saying no to the December booking"), an offer's noun with what it is
for ("their quote for the loft conversion"), the object of an offer ("offered me the
swinging mooring B14"), or of a verb of taking a deal on ("hire St Aidan's parish hall").
Only words the user wrote are returned; a phrase with a sum or talk of their limit never is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.facts import find_amounts
from assistant.keep_out import keeps_out
from assistant.languages import Language
from assistant.sentences import SITUATION_BREAKS

_SENTENCES = SITUATION_BREAKS

# Not "that" or "those": more often a conjunction or a pronoun than the start of a thing.
_DETERMINER = r"(?:the|my|our|their|his|her|your|this|these|a|an)"
# A word of the thing: never a verb of the clause after it, a conjunction or a pronoun
# (item.py starts and ends its phrases with none either).
STOP_WORDS = (
    r"and|or|but|so|because|since|as|if|when|while|until|unless|though|although|which|that|"
    r"who|whom|whose|where|is|are|was|were|be|been|has|have|had|will|would|can|could|should|"
    r"may|might|must|do|does|did|to|with|at|from|by|in|on|into|for|of|about|than|then|"
    r"i|we|you|he|she|they|it|me|us|him|them|this|these|those|there|here|now|today|anymore|"
    r"either|too|also|just|only|really|please|instead|yet|still|after|before|per|plus|each|"
    r"anyway|tbh|lol|thanks|not|no|any|some|all|without|against|over|under|again|firmly|"
    r"altogether|entirely"
)
_WORD = rf"(?!(?:{STOP_WORDS})\b)[\w][\w'’&/-]*"
_CAPITALISED = r"(?-i:[A-Z][\w'’&/-]*)"
# A code of letters and digits: "3B", "B14", "ATL-3390".
_CODE = r"(?-i:(?=[\w/-]*\d)[A-Z0-9][\w/-]*)"
# What it is of or for: "the sublease of the second-floor office", "full livery for
# Biscuit", "the offer of unit 3B".
_COMPLEMENT = (
    rf"\s+(?:of|for)\s+(?:{_DETERMINER}\s+(?:{_WORD}\s+){{0,3}}{_WORD}|"
    rf"{_CAPITALISED}(?:\s+{_CAPITALISED}){{0,2}}|[a-z]+\s+{_CODE})"
)
# Its name after a comma: "my practice, Harlow Lane Animal Clinic".
_APPOSITIVE = rf",\s+{_CAPITALISED}(?:\s+{_CAPITALISED}){{1,4}}(?=\s*(?:[,.;]|$))"
# A noun phrase: a determiner or a capitalised word, then a few words, what it is of or
# for, and its name.
_NOUN_PHRASE = (
    rf"(?:{_DETERMINER}\s+(?:{_WORD}\s+){{0,4}}{_WORD}|"
    rf"{_CAPITALISED}(?:\s+(?-i:[A-Z0-9][\w'’&/-]*)){{0,3}}(?:\s+(?:{_WORD})){{0,2}})"
    rf"(?:{_COMPLEMENT})?(?:{_APPOSITIVE})?"
)
# What a deal's paper is called: the head of "their quote for the kitchen".
_OFFER_NOUNS = (
    r"offer|quote|quotation|estimate|proposal|bid|tender|invitation|contract|agreement|"
    r"booking|reservation|sponsorship|commission|order|renewal|lease|tenancy|package|"
    r"membership|subscription|position|spot|slot|plan|deal|listing"
)
# "the offer for the kitchen", "their quote on the roof", "an invitation to the gala"
_OFFER_FOR = re.compile(
    rf"\b(?P<thing>{_DETERMINER}\s+(?:{_WORD}\s+){{0,2}}(?:{_OFFER_NOUNS})s?"
    rf"(?:\s+(?:for|of|on|to)\s+(?:{_NOUN_PHRASE})))",
    re.IGNORECASE,
)
# "the December booking", "the medical batch", "booth B12": a deal's paper named by what
# it is for.
_NAMED_PAPER = re.compile(
    rf"\b(?P<thing>(?:the|their|his|her|your|this)\s+(?:{_WORD}\s+){{1,3}}"
    rf"(?:{_OFFER_NOUNS}|batch|job|gig|room|unit|course|class|trip|project|run|season|"
    rf"position|role|shift|service|sale|session|sessions|lessons|package|booth|stall|pitch|"
    rf"plot|berth|mooring)s?(?:\s+{_CODE})?)\b",
    re.IGNORECASE,
)
_DECLINE_VERBS = (
    r"say(?:ing)? no to|said no to|declin(?:e|ing)|turn(?:ing)? down|pass(?:ing)? on|"
    r"reject(?:ing)?|refus(?:e|ing)|not tak(?:e|ing)|not accept(?:ing)?|let(?:ting)? go of|"
    r"not go(?:ing)? ahead with|not proceed(?:ing)? with|withdraw(?:ing)? from|pull(?:ing)? out of|"
    r"cancel(?:l?ing)?|not renew(?:ing)?|not book(?:ing)?|not buy(?:ing)?|not sign(?:ing)?|"
    r"walk(?:ing)? away from|skip(?:ping)?|no(?:,? thanks?| thank you)? to|"
    r"(?:don'?t|don’t|do not) want|not interested in|not going with"
)
_DECLINED = re.compile(rf"\b(?:{_DECLINE_VERBS})\s+(?P<thing>{_NOUN_PHRASE})", re.IGNORECASE)
# "offered me the swinging mooring B14", "has offered Noah a place", "offered me membership
# and the two-bedroom unit 3B", "keeps pushing the Bramley Care plan": the thing offered.
_OFFERED = re.compile(
    rf"\b(?:offered|offering|offers|quoted|sent|proposed|pushing|pitching|selling)\s+"
    rf"(?:(?:me|us|him|her|them|(?-i:[A-Z][a-z]+))\s+)?"
    rf"(?P<thing>(?:{_NOUN_PHRASE}|(?:{_WORD}\s+){{0,2}}{_WORD}{_COMPLEMENT})"
    rf"(?:\s+and\s+{_DETERMINER}\s+(?:{_WORD}\s+){{0,3}}{_WORD})?"
    rf"|(?:{_WORD}\s+){{0,2}}{_WORD}\s+and\s+{_DETERMINER}\s+(?:{_WORD}\s+){{0,3}}{_WORD})",
    re.IGNORECASE,
)
# "offered to acquire my practice, Harlow Lane Animal Clinic": the offer, to do what.
_OFFERED_TO = re.compile(
    rf"\b(?:offered|offering|offers|proposed|proposing)\s+(?P<thing>to\s+[a-z]+\s+{_NOUN_PHRASE})",
    re.IGNORECASE,
)
_TAKING_ON = re.compile(
    rf"\b(?:hire|hiring|book|booking|rent|renting|lease|leasing|buy|buying|join|joining|"
    rf"take on|taking on|take up|taking up|enrol in|sign up for|signing up for)\s+"
    rf"(?P<thing>{_NOUN_PHRASE})",
    re.IGNORECASE,
)
# What a deal is for: "wants 23,500 for the car" -> "the car".
_PRICED_FOR = re.compile(
    r"\b(?:wants|asks|asking|offers?|offered|quoted?|charges?|charging|selling|sells|pay|paying)\b"
    r"[^.!?;]{0,40}?\bfor (?P<thing>(?:the|my|our|this|that|his|her|their) [a-z][\w-]*"
    r"(?: (?!and\b|but\b|with\b|because\b|so\b|to\b|in\b|on\b|at\b|from\b|if\b|or\b|by\b|of\b|is\b|"
    r"was\b|are\b|were\b|has\b|had\b|will\b|would\b|plus\b|including\b|per\b)[a-z][\w-]*)?)"
)
# A thing the user would still take, or might later ("I'd still book the odd lesson",
# "might go back to them for the stretch-goal run"): not the deal declined.
_WILLING_BEFORE = re.compile(
    r"\b(?:still|would|might|could|maybe|perhaps|later|(?:happy|glad|keen|love|like) to)\b"
    r"[^.]{0,30}$|(?:'d|’d)\b[^.]{0,30}$",
    re.IGNORECASE,
)
_READINGS = (_DECLINED, _PRICED_FOR, _OFFER_FOR, _OFFERED_TO, _NAMED_PAPER, _OFFERED, _TAKING_ON)
_MAYBE_WILLING = (_NAMED_PAPER, _TAKING_ON, _OFFER_FOR)
# What the user keeps out of the message ("don't mention my budget of 350"): the rest of
# the sentence after it; and before it when it points back ("…, but I don't want to bring
# that up").
_KEEP_OUT = re.compile(
    r"\b(?:don'?t|don’t|do not|never|not)\s+(?:say|mention|tell|bring|put|write|reveal|"
    r"want (?:to|them|him|her) (?:know|say|mention|bring|hear))\b|"
    r"\b(?:leave|keep) (?:it|that|this)? ?(?:out|quiet|to (?:my|our)selves)\b|"
    r"\bnot a word\b|\bno mention\b|\bbetween us\b|"
    r"\bnot for (?:the|this|my|our|your) (?:letter|message|e-?mail|text|note|call|reply)\b|"
    r"\b(?:private|confidential|background only|for you only)\s*:",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"\b(?:it|that|this|them)\b|^\s*up (?:that|it)\b", re.IGNORECASE)
# The user's own alternative ("I found a place on Alder St", "considering a used roaster",
# "switching to the Saturday market"): what its clause names is not the deal the message
# answers.
_ALTERNATIVE = re.compile(
    r"\b(?:found|considering|thinking (?:about|of)|elsewhere|instead|another|switch\w*|"
    r"moving to|going with|lined up|other (?:offer|quote|place)|cheaper|rival|competitor)\b",
    re.IGNORECASE,
)
# Where a clause ends; not at ", Harlow Lane Animal Clinic", a name in apposition.
_CLAUSE = re.compile(
    r",\s+(?!(?-i:[A-Z][a-z]))|;\s*|\s+(?:but|so|though|although|whereas)\s+|\s+-+\s+",
    re.IGNORECASE,
)


# How the message should sound ("don't want to sound like I'm lecturing them about their own
# contract"): said to the assistant, never what the deal is about.
_STYLE = re.compile(
    r"\b(?:sound(?:s|ing)? like|come(?:s|ing)? across|(?:want|make|keep) (?:it|this|the "
    r"(?:message|email|text|note|reply)) (?:to )?(?:sound|feel|seem|come across))\b",
    re.IGNORECASE,
)


def _told(sentence: str) -> str:
    """The sentence with what is kept out and the user's alternatives blanked: a full stop
    in their place, so that no reading runs across them. A sentence on how the message
    should sound is blanked whole."""
    if _STYLE.search(sentence):
        return " . "
    keep_out = _KEEP_OUT.search(sentence)
    if keep_out is not None:
        head = sentence[: keep_out.start()]
        after = sentence[keep_out.end() :]
        if _POINTS_BACK.search(keep_out.group(0)) or _POINTS_BACK.match(after.lstrip()):
            starts = [found.end() for found in _CLAUSE.finditer(head)]
            head = head[: starts[-2] if len(starts) > 1 else 0] if starts else ""
        sentence = head
    told, at = [], 0
    for boundary in [*_CLAUSE.finditer(sentence), None]:
        end = boundary.start() if boundary else len(sentence)
        clause = sentence[at:end]
        told.append(" . " if _ALTERNATIVE.search(clause) else clause)
        if boundary:
            told.append(boundary.group(0))
            at = boundary.end()
    return "".join(told)


# Names a deal in words that say nothing of which one it is.
_GENERIC = re.compile(
    rf"^(?:{_DETERMINER}\s+)?(?:(?:current|new|latest|revised|final|whole|same|other|first|"
    rf"best|original)\s+)?(?:{_OFFER_NOUNS}|terms?|price|deal|thing|one|it|idea|option|"
    rf"money|amount|rate|fee|stuff|lot|way|time|chance|opportunity|offers|season|year|month|"
    rf"week|day|weekend|moment|now|whole thing)$"
    # a title alone, a date
    rf"|^(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sir|Madam)\.?$|^(?:the\s+)?\d+(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
_LIMIT_TALK = re.compile(
    r"\b(?:budget|max(?:imum)?|min(?:imum)?|limit|floor|ceiling|afford|walk-?away|"
    r"bottom line|tops|most|least|cheaper|rival|competitor|other offer)\b",
    re.IGNORECASE,
)
_MOST_WORDS = 9


def _holds_a_figure(phrase: str) -> bool:
    """A sum, a rate or a count of money: a subject that quotes one might quote the limit."""
    return bool(find_amounts(phrase)) or bool(re.search(r"[$€£¥%]", phrase))


def _usable(thing: str, after: str) -> bool:
    words = thing.split()
    return (
        not re.match(r"\s*(?:%|percent|per ?cent|k\b|[$€£¥])", after, re.IGNORECASE)
        # "the proposed", "the shared": a participle whose noun was left behind
        and not re.fullmatch(r"[a-z]{3,}ed", words[-1])
        and 0 < len(words) <= _MOST_WORDS
        and not _GENERIC.match(thing)
        and not _LIMIT_TALK.search(thing)
        and not _holds_a_figure(thing)
    )


def read_subject(situation: str) -> str | None:
    """What the deal is about, in the user's words (their "their" still theirs), or None.
    The first reading that names something in the first sentence that has one wins: a
    decline's object before an offer's, an offer's before a thing hired or bought."""
    for reading in _READINGS:
        for sentence in map(_told, _SENTENCES.split(situation)):
            for found in reading.finditer(sentence):
                if reading in _MAYBE_WILLING and _WILLING_BEFORE.search(sentence[: found.start()]):
                    continue
                thing = re.sub(r"\s+", " ", found["thing"]).strip(" '\"‘’“”")
                if thing.startswith("to "):  # offered to do something: the offer is the thing
                    thing = f"the offer {thing}"
                if _usable(thing, sentence[found.end() :]):
                    # "The franchise agreement came through": said mid-sentence, "the"
                    return _LEADING_DETERMINER.sub(lambda word: word.group(0).lower(), thing)
    return None


def nameable_in(situation: str) -> Callable[[str], bool]:
    """Whether a phrase read elsewhere (item.py) may name the deal in a draft: said outside
    what the user keeps out and outside their alternatives, and no more a generic word, a
    figure or talk of their limit than a subject read here may be. The situation is read
    once for all the phrases asked about."""
    told = " ".join(map(_told, _SENTENCES.split(situation)))

    def nameable(thing: str) -> bool:
        said = re.search(rf"(?<![\w-]){re.escape(thing)}(?![\w-])", told, re.IGNORECASE)
        return said is not None and _usable(thing, told[said.end() :])

    return nameable


_LEADING_DETERMINER = re.compile(r"^(?:The|A|An|My|Our|Your|This|These|Those|Their|His|Her)\b")


_PAPER_FIRST = re.compile(rf"^{_DETERMINER}\s+(?:{_WORD}\s+){{0,2}}(?:{_OFFER_NOUNS})s?\b", re.I)


def is_paper(thing: str) -> bool:
    """Whether the subject is itself the offer ("your quote for the roof"), not its object."""
    return bool(_PAPER_FIRST.match(thing))


# In the other languages, the offer's own noun with what it is for, said as the user wrote
# it ("el presupuesto de la cocina", "le devis pour la gouttière", "il preventivo per il
# bagno"); German, whose nouns take their case from the sentence, keeps only what the offer
# is for ("für den Fassadenanstrich") and the draft says "das Angebot" before it.
_FOREIGN_DETERMINERS: dict[str, str] = {
    "es": r"el|la|los|las|su|sus|un|una|este|esta|ese|esa",
    "fr": r"le|la|les|l['’]|son|sa|ses|votre|un|une|ce|cette",
    "pt": r"o|a|os|as|seu|sua|um|uma|este|esta|esse|essa",
    "it": r"il|lo|la|i|gli|le|l['’]|un|una|uno|un['’]|suo|sua|questo|questa|quel|quella",
}
_FOREIGN_NOUNS: dict[str, str] = {
    "es": r"oferta|presupuesto|propuesta|contrato|reserva|cotización|plaza|matrícula|bono|"
    r"paquete|pack|seguro|suscripción|alquiler",
    "fr": r"offre|devis|proposition|contrat|réservation|place|abonnement|mandat|poste|location",
    "pt": r"proposta|orçamento|oferta|contrato|reserva|vaga|arrendamento|locação|pacote|plano|"
    r"matrícula",
    "it": r"offerta|preventivo|proposta|contratto|prenotazione|posto|accordo|abbonamento|"
    r"pacchetto|finanziamento|iscrizione",
}
_FOREIGN_OF: dict[str, str] = {
    "es": r"de|del|para|por|sobre",
    "fr": r"de|du|des|d['’]|pour|sur",
    "pt": r"de|do|da|dos|das|para|pro|pra|pelo|pela",
    "it": r"per|di|del|della|dello|dei|degli|delle|sul|sulla|d['’]",
}
# Where what the offer is for ends: a conjunction, a clause, a sum.
_FOREIGN_STOPS = (
    r"y|e|et|o|ou|pero|mas|mais|ma|porque|parce|car|perché|poiché|que|qui|che|con|avec|com|"
    r"sin|sans|sem|senza|sale|cuesta|coûte|custa|costa|a|à|al|au|ao|en|em|in|por|pour|per|"
    r"hasta|jusqu|até|fino|mit|und|aber|weil|me|te|se|nos|lo|lhe|ci|ne|nous|vous|je|tu|"
    r"es|está|est|è|é|ist|foi|fue|era|son|sont|sono|são"
)
_FOREIGN_WORD = rf"(?!(?:{_FOREIGN_STOPS})\b)(?![\d.,]+\s*(?:€|\$|%|eur))[\w'’°º-]+"
_FOREIGN_OFFER = {
    language: re.compile(
        rf"(?<![\w'’])(?P<thing>(?P<det>{_FOREIGN_DETERMINERS[language]})\s*"
        rf"(?<=['’\s])(?P<noun>{_FOREIGN_NOUNS[language]})\s+(?:{_FOREIGN_OF[language]})\s*"
        rf"(?<=['’\s])(?:{_FOREIGN_WORD}\s+){{0,6}}?{_FOREIGN_WORD})"
        rf"(?=\s*(?:[,.;:!?()«»\"“”]|$)|\s+(?:{_FOREIGN_STOPS})\b|\s+\d)",
        re.IGNORECASE,
    )
    for language in _FOREIGN_DETERMINERS
}
_GERMAN_OFFER = re.compile(
    r"\b(?:Angebot|Offerte|Kostenvoranschlag|Mietangebot|Jobangebot|Stellenangebot)\s+"
    r"(?P<thing>(?:für|über|als|zum|zur)\s+(?:(?:den|die|das|dem|der|einen|eine|ein|"
    r"unser\w*|mein\w*)\s+)?(?:[a-zäöüß-]+\s+){0,2}(?-i:[A-ZÄÖÜ])[\w-]+"
    r"(?:\s+(?:im|in|am|an|zum|für)\s+(?:(?:dem|der|den)\s+)?(?-i:[A-ZÄÖÜ])[\w-]+)?)",
    re.IGNORECASE,
)
# A sentence that keeps something out in words keep_out.py does not read as an instruction
# ("no quiero que aparezca…", "que não quero mencionar"), or that tells of the user's own
# alternative ("tenemos también una propuesta de…"): nothing in it names the deal.
_FOREIGN_ASIDE = re.compile(
    r"\b(?:no quiero|no queremos|não quero|nao quero|não queremos|je ne veux pas|"
    r"nous ne voulons pas|non voglio|non vogliamo|ich will nicht|ich möchte nicht|"
    r"wir wollen nicht|otr[oa]s?|autres?|andere[nmrs]?|outr[oa]s?|altr[oaie]|también|"
    r"aussi|auch|também|anche|en cambio|plutôt|stattdessen|invece|em vez)\b",
    re.IGNORECASE,
)
# The offer said as the draft's own: "una oferta" is "la oferta" once it is known, and
# "sa proposition" is "votre proposition" to its author.
_DEFINITE: dict[str, dict[str, str]] = {
    "es": {"un": "el", "una": "la", "este": "el", "esta": "la", "ese": "el", "esa": "la"},
    "fr": {
        "un": "le",
        "une": "la",
        "son": "votre",
        "sa": "votre",
        "ses": "vos",
        "ce": "le",
        "cette": "la",
    },
    "pt": {"um": "o", "uma": "a", "este": "o", "esta": "a", "esse": "o", "essa": "a"},
    "it": {
        "un": "il",
        "uno": "lo",
        "una": "la",
        "un'": "l'",
        "un’": "l'",
        "suo": "il suo",
        "sua": "la sua",
        "questo": "il",
        "questa": "la",
        "quel": "il",
        "quella": "la",
    },
}


def read_foreign_subject(situation: str, language: Language) -> str | None:
    """What the deal is about in a situation written in `language`, as the draft says it
    after its thanks; or None."""
    if language == "de":
        pattern = _GERMAN_OFFER
    elif language in _FOREIGN_OFFER:
        pattern = _FOREIGN_OFFER[language]
    else:
        return None
    for sentence in map(_told, _SENTENCES.split(situation)):
        if keeps_out(sentence, language) or _FOREIGN_ASIDE.search(sentence):
            continue
        for found in pattern.finditer(sentence):
            thing = _trimmed(re.sub(r"\s+", " ", found["thing"]).strip())
            if _holds_a_figure_of_money(thing) or len(thing.split()) > _MOST_WORDS:
                continue
            if len(thing.split()) < 3 and language != "de":
                continue  # "le devis": no more than the draft says already
            if language == "de":
                return f"das Angebot {thing}"
            det = found["det"]
            said = _DEFINITE[language].get(det.lower(), det.lower())
            if (
                said.endswith(("e", "a"))
                and language in ("fr", "it")
                and re.match(r"[aeiouhéèê]", found["noun"], re.IGNORECASE)
            ):
                said = "l'"  # "la offre" is "l'offre"
            space = "" if said.endswith("'") else " "
            return f"{said}{space}{thing[found.end('det') - found.start('thing') :].lstrip()}"
    return None


def _holds_a_figure_of_money(phrase: str) -> bool:
    return bool(re.search(r"[$€£¥%]|\d[\d.,]*\s*(?:eur|euro|reais|k)\b", phrase, re.IGNORECASE))


# A phrase ends on a word of its own: not on "de", "del", "Nr", a figure cut from its sum
# ("de 2" of "2 400 €") or a participle that began the next clause ("pagado", "ficou").
_LOOSE_END = re.compile(
    r"\s+(?:\d[\d.,]*|de|del|de la|du|des|d['’]|da|do|dos|das|di|della|dello|dei|degli|"
    r"delle|per|pour|para|pro|pra|por|sobre|sur|su|sul|sulla|el|la|le|les|los|las|il|lo|gli|i|"
    r"o|a|os|as|um|uma|un|una|une|im|am|Nr|No|n|N|"
    r"\w+(?:ado|ada|ados|adas|ido|ida|idos|idas|ou))$",
    re.IGNORECASE,
)


def _trimmed(thing: str) -> str:
    """The phrase without the loose words it ends on, and without what follows a figure."""
    figure = re.search(r"\s\d", thing)
    if figure is not None:
        thing = thing[: figure.start()]
    while (loose := _LOOSE_END.search(thing)) is not None and len(thing.split()) > 2:
        thing = thing[: loose.start()]
    return thing
