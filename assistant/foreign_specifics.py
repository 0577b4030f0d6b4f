"""What an exit message carries from a situation written in Spanish, French, German,
Portuguese, Italian or Dutch: what the user tells the draft to say ("dile que…", "sag
ihm, dass…", "dire qu'…") or to offer, and the counterpart's name beside a title ("doña
Pilar", "un tal Javier").

The user's own words are carried, cut from the instruction: Spanish, Portuguese, French
and Italian reported speech already reads as the user speaking ("dile que sigo teniendo
el coche" becomes "Sigo teniendo el coche."); German and Dutch keep their subordinate
clause inside a frame ("Ich möchte noch erwähnen, dass …"), since turning it into a main
clause would mean moving the verb. English situations are read by specifics.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.languages import Language
from assistant.references import read_references
from assistant.specifics import (
    Specifics,
    holds_a_sum,
    keep_carried,
    new_lines,
    safe_phrases,
    sentence_case,
    unquoted_references,
)
from assistant.subject import read_foreign_subject
from assistant.textinput import instruction_start


@dataclass(frozen=True)
class Instructions:
    """One language's ways of telling the draft what to say or offer, and how to say it."""

    say: str  # the verbs of saying, up to the complementiser: "dile que"
    offer: str  # the verbs of offering: "ofrecerle"
    said_frame: str  # "{what}" becomes the draft's sentence
    offered_frame: str
    joins: str  # "and that", starting a second instruction in the same clause
    nothing_to_carry: str  # a clause that only thanks or says no
    negation: str  # "no", "nicht": an instruction not to say something
    no_but: str  # "no, pero que…": what follows the no is the message's
    accepts: str  # a yes to the deal ("aceptamos la oferta"): a draft declines, never carried
    # Words to the assistant, not to the counterpart: an ask to write or make the message,
    # a wish about how it sounds ("ponme un guion cortito", "que quede bonito").
    to_the_assistant: str
    # The verbs telling the assistant to thank them ("agradécele", "remerciez-la"), and the
    # draft's own thank-you: "{prep}" is the preposition the user wrote.
    thank: str = r"(?!)"
    thanked_frame: str = "{what}."
    # The same thank-you for a thing named without a preposition ("agradece la ayuda").
    thanked_plain: str = "{what}."
    # The prepositions a thing thanked for follows ("pour", "por", "für").
    thank_for: str = r"(?!)"
    # Their possessives, as the draft says them to them ("sa disponibilité": "votre").
    yours: tuple[tuple[str, str], ...] = ()


_LANGUAGES: dict[Language, Instructions] = {
    "es": Instructions(
        say=r"(?:dile|díle|dígale|digale|diles|dígales|decirle|decirles|decir|comentarle|"
        r"comentar|avisarle|avisar|explicarle|recordarle|mencionarle|mencionar|aclararle|"
        r"hacerle saber|que sepa|que quede claro|dejar claro|deja claro|deje claro|aclárale|"
        r"explícale|recuérdale|menciónale|coméntale|avísale|escríbele|escribirle)"
        # "dile a Marta que…", "dile a la encargada q…": who is told, between verb and message
        r"(?:\s+a\s+(?:la\s+|el\s+|los\s+|las\s+)?[\wáéíóúñ]+)?\s+(?:que|q)\b",
        offer=r"(?:ofrecerle|ofrecer|ofrécele|ofrézcale|proponerle|proponer|proponle|propóngale)",
        said_frame="{what}.",
        offered_frame="Puedo ofrecer {what}.",
        joins=r",?\s+(?:y|pero)\s+(?:que|q)\s+|,\s+(?:que|q)\s+",
        nothing_to_carry=r"(?:no|gracias|muchas gracias)\b",
        negation=r"\b(?:no|nunca|jamás|ni|tampoco)\b",
        no_but=r"\bno,?\s+pero\s+(?:que|q)",
        accepts=r"\b(?:acept\w*|firm(?:o|amos|aré|aremos)|de acuerdo|trato hecho|me lo quedo|cerramos)\b",
        to_the_assistant=r"^(?:ponme|hazme|haz|escríbeme|escribeme|escribe|redacta|redáctame|prepárame|preparame|mándame|quiero (?:decirle|contestar|responder|escribir|llamar|rechazar|un)|necesito (?:un|una)|que (?:quede|suene|sea|no suene)|sin que suene)\b|\b(?:porfa|por favor)\s*$",
        thank=r"(?:d(?:a|ale|ales|ele|eles|arle|arles)\s+las\s+gracias|agradéce(?:le|les)|agradece(?:le|les)?|"
        r"agradézca(?:le|les)|agradezca(?:le|les)?|agradecerle|agradecerles)"
        r"(?:\s+a\s+(?:la\s+|el\s+)?[\wáéíóúñ]+(?=\s+por\b))?(?:\s+(?P<prep>por))?",
        thank_for=r"por\b",
        thanked_frame="Gracias {prep} {what}.",
        thanked_plain="Le agradezco {what}.",
    ),
    "pt": Instructions(
        say=r"(?:diga|diz|dizer|dizer-lhe|diga-lhe|fala|falar|avise|avisar|explicar|"
        r"lembrar|lembre|mencionar|mencione|deixar claro|deixe claro|explique|escreva|escrever)\s+(?:a ele |a ela |pra ele |pra ela |para ele |para ela )?que",
        offer=r"(?:oferecer|ofereça|oferece|propor|proponha|propõe)",
        said_frame="{what}.",
        offered_frame="Posso oferecer {what}.",
        joins=r",?\s+(?:e|mas)\s+que\s+|,\s+que\s+",
        nothing_to_carry=r"(?:não|nao|obrigad[oa]|agradeço)\b",
        negation=r"\b(?:não|nao|nunca|jamais|nem)\b",
        no_but=r"\b(?:não|nao)(?:\s+\w+){0,4},?\s+mas\s+que",
        accepts=r"\b(?:aceit\w*|assin(?:o|amos|arei|aremos)|de acordo|fechado|fechamos)\b",
        to_the_assistant=r"^(?:escreve|escreva|escreve-me|faz|faça|faz-me|redija|prepara|prepare|quero (?:dizer|responder|recusar|escrever|ligar|um|uma)|preciso de (?:um|uma)|que (?:fique|soe|seja|não soe)|sem parecer)\b",
        thank=r"(?:agrade(?:ça|ce|cer|cê)(?:-lhe|-lhes|\s+(?:ele|ela|eles|elas))?|"
        r"(?:diga|diz|fala)(?:-lhe)?\s+obrigad[oa])"
        r"(?:\s+(?:a|ao|à)\s+[\wáéíóúãõçâê]+(?=\s+(?:por|pela|pelo|pelas|pelos)\b))?"
        r"(?:\s+(?P<prep>por|pela|pelo|pelas|pelos))?",
        thank_for=r"(?:por|pela|pelo|pelas|pelos)\b",
        thanked_frame="Agradeço {prep} {what}.",
        thanked_plain="Agradeço {what}.",
    ),
    "fr": Instructions(
        say=r"(?:dis[- ]lui|dites[- ]lui|lui dire|dire|préciser|lui préciser|expliquer|lui expliquer|écrire|"
        r"rappeler|lui rappeler|mentionner|indiquer|lui indiquer|faire savoir|précise|précisez|"
        r"explique[- ]lui|expliquez[- ]lui|rappelle[- ]lui|rappelez[- ]lui|indique[- ]lui|"
        r"indiquez[- ]lui|mentionne|mentionnez)\s+qu(?:e\s+|'|’)",
        offer=r"(?:proposer|lui proposer|propose-lui|proposez-lui|offrir|lui offrir)",
        said_frame="{what}.",
        offered_frame="Je peux proposer {what}.",
        joins=r",?\s+(?:et|mais)\s+qu(?:e\s+|'|’)|,\s+qu(?:e\s+|'|’)",
        nothing_to_carry=r"(?:non|merci|c'est non)\b",
        negation=r"\b(?:ne|n'|pas|jamais)\b",
        no_but=r"\bnon,?\s+mais\s+qu(?:e\s+|'|’)",
        accepts=r"\b(?:accept\w*|sign(?:e|erai|ons|erons)|d'accord|marché conclu)\b",
        to_the_assistant=r"^(?:écris|ecris|écris-moi|rédige|redige|fais|fais-moi|prépare|prepare|réponds|reponds|je veux (?:refuser|répondre|dire|écrire|appeler|un)|il me faut (?:un|une)|que (?:ce soit|ça soit|ça sonne)|sans (?:paraître|avoir l'air))\b",
        thank=r"(?:remercie(?:z)?(?:[- ](?:le|la|les))?|remercier|(?:dis|dites)[- ](?:lui|leur)\s+merci)"
        r"(?:\s+(?P<prep>pour|de|d'|d’))?",
        thank_for=r"(?:pour|de)\b|d['’]",
        thanked_frame="Merci {prep} {what}.",
        thanked_plain="Merci pour {what}.",
        yours=((r"\b(?:sa|son)\b", "votre"), (r"\bses\b", "vos")),
    ),
    "it": Instructions(
        say=r"(?:digli|dille|dica|dite|ditegli|ditele|dire|dirgli|dirle|spiegare|spiegargli|"
        r"spiegarle|ricordare|ricordargli|ricordarle|precisare|fargli sapere|farle sapere|"
        r"spiegagli|spiegale|precisa|fagli sapere|falle sapere|"
        r"scrivi|scrivete|scrivere|scrivetegli|scrivigli)\s+che",
        offer=r"(?:proporre|proporgli|proporle|proponi|offrire|offrirgli|offrirle)",
        said_frame="{what}.",
        offered_frame="Posso proporre {what}.",
        joins=r",?\s+(?:e|ma)\s+che\s+|,\s+che\s+",
        nothing_to_carry=r"(?:no|grazie)\b",
        negation=r"\b(?:non|mai|né)\b",
        no_but=r"\bno,?\s+ma\s+che",
        accepts=r"\b(?:accett\w*|firm(?:o|iamo|erò|eremo)|d'accordo|affare fatto|chiudiamo)\b",
        to_the_assistant=r"^(?:scrivi|scrivimi|fammi|fai|prepara|preparami|rispondi|voglio (?:dire|rifiutare|rispondere|scrivere|chiamare|un|una)|mi serve (?:un|una)|che (?:sia|suoni|non sembri)|senza sembrare)\b",
        thank=r"(?:ringrazia(?:lo|la|li|le|te|telo|tela)?|ringraziar(?:e|lo|la|li)|"
        r"(?:digli|dille|ditegli|ditele|dica|di')\s+grazie)"
        r"(?:\s+(?P<prep>per|della|del|dello|dei|degli|delle|di))?",
        thank_for=r"(?:per|della|del|dello|dei|degli|delle|di)\b",
        thanked_frame="Grazie {prep} {what}.",
        thanked_plain="Grazie per {what}.",
    ),
    "de": Instructions(
        say=r"(?:sag|sage|sagen|sagen Sie|mitteilen|ausrichten|erklären|erwähnen|klarstellen|"
        r"wissen lassen|schreiben|schreib)(?:\s+(?:ihm|ihr|ihnen|Ihnen))?,?\s+(?=dass\b)",
        offer=r"(?:anbieten|biete|bieten Sie|vorschlagen|schlage)(?:\s+(?:ihm|ihr|ihnen))?(?:\s+an)?,",
        said_frame="Ich möchte noch erwähnen, {what}.",
        offered_frame="Gern biete ich an, {what}.",
        joins=r",?\s+(?:und|aber)\s+(?=dass\b)",
        nothing_to_carry=r"(?:nein|danke|dass nein)\b",
        negation=r"\b(?:nicht|nichts|nix|nie|kein\w*)\b",
        no_but=r"\bnein,?\s+aber,?\s+(?=dass\b)",
        accepts=r"\b(?:annehm\w*|nehme\b.*\ban|akzeptier\w*|unterschreib\w*|einverstanden|abgemacht|zusag\w*|sage\b.*\bzu)\b",
        to_the_assistant=r"^(?:schreib|schreibe|schreiben sie|formulier|formuliere|mach|mache|bitte (?:höflich|kurz|freundlich|förmlich|sachlich)|ich (?:möchte|will) (?:absagen|ablehnen|antworten|schreiben|anrufen|höflich)|ich brauche (?:einen|eine|ein)|(?:höflich|freundlich|kurz) (?:absagen|ablehnen))\b",
        thank=r"(?:bedank(?:e)?\s+dich|bedanken\s+Sie\s+sich|bedanke\s+dich|"
        r"(?:sag|sage|sagen\s+Sie)\s+(?:ihm|ihr|ihnen)\s+danke|danke\s+(?:ihm|ihr|ihnen))"
        r"(?:\s+(?:bei\s+(?:ihm|ihr|ihnen)))?(?:\s+(?P<prep>für))?",
        thank_for=r"für\b",
        thanked_frame="Vielen Dank {prep} {what}.",
        thanked_plain="Vielen Dank für {what}.",
        yours=(
            (r"\bsein(e|en|em|er|es)?\b", r"Ihr\1"),
            (r"\bihr(e|en|em|er|es)\b", r"Ihr\1"),
        ),
    ),
    "nl": Instructions(
        say=r"(?:zeg|zeggen|vertel|vertellen|laten weten|laat (?:hem|haar) weten|melden|"
        r"uitleggen|vermelden|vermeld|schrijven|schrijf)(?:\s+(?:hem|haar|ze))?,?\s+(?=dat\b)",
        offer=r"(?:aanbieden|bied|voorstellen|stel)(?:\s+(?:hem|haar))?(?:\s+(?:aan|voor))?,?\s+(?=om\b)",
        said_frame="Ik wil nog laten weten {what}.",
        offered_frame="Graag bied ik aan {what}.",
        joins=r",?\s+(?:en|maar)\s+(?=dat\b)",
        nothing_to_carry=r"(?:nee|bedankt|dank)\b",
        negation=r"\b(?:niet|nooit|geen)\b",
        no_but=r"\bnee,?\s+maar\s+(?=dat\b)",
        accepts=r"\b(?:accepteer\w*|aanvaard\w*|teken(?:en)?|akkoord|afgesproken|neem\b.*\baan)\b",
        to_the_assistant=r"^(?:schrijf|maak|kun je|kan je|stel|ik wil (?:vriendelijk |beleefd )?(?:afzeggen|afwijzen|antwoorden|schrijven|bellen|een)|ik heb (?:een|het) nodig|niet te (?:lang|formeel|kort))\b",
        thank=r"(?:bedank\s+(?:hem|haar|ze)|bedanken)(?:\s+(?P<prep>voor))?",
        thank_for=r"voor\b",
        thanked_frame="Bedankt {prep} {what}.",
        thanked_plain="Bedankt voor {what}.",
        yours=((r"\bzijn\b", "uw"), (r"\bhaar\b", "uw")),
    ),
}

# Not after "21." in "am 21. Juni": German and Dutch write day numbers that way.
_SENTENCES = re.compile(r"(?<=[.!?;])(?<!\b\d\.)(?<!\b\d\d\.)\s+|\n+")
# A complement ends where the user turns to something else: "…, pero no le digas mi precio",
# or explains it after a colon ("…che non rinnoviamo: ha chiesto 1.400 e noi…").
# Each language's own "but": the Portuguese "mais" is "more" ("vaga mais barata"), and
# the Italian "ma" is no Spanish word.
_BUT: dict[Language, str] = {
    "es": "pero",
    "pt": "mas",
    "fr": "mais",
    "de": "aber",
    "it": "ma",
    "nl": "maar",
}
_TURNS: dict[Language, re.Pattern[str]] = {
    language: re.compile(
        rf":\s+|\s+(?:{but}(?!\s+(?:que|q|qu'|qu’|che|dass|dat)\b)|porque|"
        r"parce que|weil|perché|omdat)\s+",
        re.I,
    )
    for language, but in _BUT.items()
}
# The counterpart addressed in the third person ("contar con ella") is "usted" in a message.
_SPANISH_THIRD_PERSON = re.compile(r"\b(con|para|a|de) (ella|él)\b", re.I)
# "dile que me devuelva la fianza" asks for something: "Le agradecería que me devuelva…"
_SPANISH_REQUEST = re.compile(r"^(?:me|nos)\s+\w+(?:a|an|e|en)\b(?<!aba)(?<!ía)", re.I)
_SPANISH_POLITE_ASK = "Le agradecería que {what}."
# "q" is how a text message writes "que"; the draft spells it out.
_SPELT_Q = re.compile(r"\bq\b", re.I)


# A thank-you the assistant is told to give, up to where its clause ends (a dot inside a
# word, "ID.4", ends nothing).
_THANKS = {
    language: re.compile(rf"\b{rules.thank}\s+(?P<what>(?:[^,;:.!?]|[.](?=\w))+)", re.I)
    for language, rules in _LANGUAGES.items()
}


def _negated_before(sentence: str, at: int, rules: Instructions) -> bool:
    """Whether the four words before `at`, in its clause, negate what starts there: "ni se
    te ocurra mencionar que…" says not to; a "no" further back is another statement ("yo no
    pago más… quero dizer que…")."""
    before = " ".join(re.split(r"[,.;:]", sentence[:at])[-1].split()[-4:])
    return re.search(rules.negation, before, re.IGNORECASE) is not None


def _thanked(sentence: str, language: Language) -> list[str]:
    """The draft's own thank-you for each thank-you the user tells the assistant to give
    ("Remerciez-la pour sa disponibilité": "Merci pour votre disponibilité.")."""
    rules = _LANGUAGES[language]
    lines: list[str] = []
    for match in _THANKS[language].finditer(sentence):
        if _negated_before(sentence, match.start(), rules):
            continue
        # "…pour sa confiance et pour le test": both are thanked for; "…et dis-lui" ends it.
        what = re.split(
            rf"\s+(?:{_AND_BUT[language]})\s+(?!{rules.thank_for})", match["what"], flags=re.I
        )[0]
        what = _TURNS[language].split(what)[0].strip()
        # "la remercier et lui dire…", "remercie-la chaleureusement", "(elle est venue…)":
        # no thing to thank them for; the draft's own thanks stand.
        if (
            not what
            or re.match(rf"(?:{_AND_BUT[language]})\b", what, re.I)
            or what.startswith("(")
            or (not match["prep"] and len(what.split()) < 2 and not re.match(r"d['’]", what))
        ):
            continue
        # "Dis-lui merci pour tout et qu'on repasse samedi": what follows is said too.
        rest = sentence[match.start("what") + len(what) :]
        joined = re.match(rules.joins, rest, re.IGNORECASE)
        told = _TURNS[language].split(rest[joined.end() :])[0] if joined else ""
        told = told.strip().rstrip(".!?:;,")
        for theirs, yours in rules.yours:
            what = re.sub(theirs, yours, what, flags=re.IGNORECASE)
        prep = match["prep"]
        if prep in ("d'", "d’"):
            prep = "de"
        if not prep and re.match(r"d['’]", what):  # "remercie-la d'avoir attendu"
            prep = ""
        line = (
            rules.thanked_frame.format(prep=prep, what=what).replace("  ", " ")
            if prep is not None
            else rules.thanked_plain.format(what=what)
        )
        lines.append(sentence_case(line))
        for part in re.split(rules.joins, told, flags=re.IGNORECASE):
            if len(part.split()) >= 3:
                lines.append(sentence_case(rules.said_frame.format(what=part.strip(" ,"))))
    return lines


def _carried(sentence: str, language: Language) -> list[str]:
    """The draft's lines for the instructions in one sentence."""
    rules = _LANGUAGES[language]
    lines: list[str] = _thanked(sentence, language)
    thanks = len(lines)
    for kind, verbs in (("say", rules.say), ("say", rules.no_but), ("offer", rules.offer)):
        for match in re.finditer(rf"\b{verbs}\s*(?P<what>.+)", sentence, re.IGNORECASE):
            if _negated_before(sentence, match.start(), rules):
                continue  # "no le digas que…": an instruction not to say it
            what = match["what"].strip().rstrip(".!?:;,")
            for part in re.split(rules.joins, what, flags=re.IGNORECASE):
                part = _TURNS[language].split(part)[0].strip().strip(",").strip()
                if len(part.split()) < 3 or re.match(rules.nothing_to_carry, part, re.I):
                    continue
                accepting = re.search(rules.accepts, part, re.IGNORECASE)
                if accepting and not re.search(rules.negation, part[: accepting.start()], re.I):
                    continue  # "dile que aceptamos": a draft declines, whatever it is told
                frame = rules.said_frame if kind == "say" else rules.offered_frame
                if language == "es":
                    part = _SPANISH_THIRD_PERSON.sub(r"\1 usted", _SPELT_Q.sub("que", part))
                    if _SPANISH_REQUEST.match(part):
                        frame = _SPANISH_POLITE_ASK
                lines.append(sentence_case(frame.format(what=part)))
            if len(lines) > thanks:
                return lines
    return lines


# What joins a clause to the one before it ("and", "but": where carry.clauses cuts a
# sentence), left off a carried line; in that language only: the Portuguese "O" is "the",
# and the Spanish and French "en" is "in".
_AND_BUT: dict[Language, str] = {
    "es": "y|e|pero",
    "fr": "et|mais",
    "de": "und|aber",
    "pt": "e|mas",
    "it": "e|ma",
    "nl": "en|maar",
}
_LEADING_JOIN = {
    language: re.compile(rf"^(?:{joins})\s+", re.I) for language, joins in _AND_BUT.items()
}


def _learned_line(clause: str, language: Language) -> str | None:
    """A clause the learned reader (carry.py) is sure the user wants passed on, as the
    draft's line: in the user's own words, less the join that tied it to the clause before.
    Never one that holds a sum (the limit's kind; the draft guard checks the figures too)
    or speaks to an assistant."""
    text = _LEADING_JOIN[language].sub("", clause.strip().rstrip(".!;:,")).strip()
    if len(text.split()) < 3 or instruction_start(text) is not None or holds_a_sum(text):
        return None
    rules = _LANGUAGES[language]
    if re.search(rules.to_the_assistant, text, re.IGNORECASE):
        return None
    # "Sag ihm danke für…", "dile que…": told to the assistant; the grammar says it. What
    # a thank-you's clause goes on to ("…en vraag of ze de pas wil deactiveren") stays.
    if re.match(rf"(?:{rules.say})\b", text, re.IGNORECASE):
        return None
    if re.match(rf"(?:{rules.thank})\b", text, re.IGNORECASE):
        rest = re.split(rf"\s+(?:{_AND_BUT[language]})\s+", text, maxsplit=1, flags=re.I)
        # "…pour sa confiance et pour le test": a second thing thanked for, not a line.
        if len(rest) < 2 or len(rest[1].split()) < 4 or re.match(rules.thank_for, rest[1], re.I):
            return None
        text = rest[1]
    if language == "es":
        text = _SPELT_Q.sub("que", text)
        asked = re.sub(r"^que\s+", "", text, flags=re.IGNORECASE)
        if _SPANISH_REQUEST.match(asked):  # "que me devuelvan el casco": an ask
            return sentence_case(_SPANISH_POLITE_ASK.format(what=asked))
    return sentence_case(text) + ("" if text.endswith("?") else ".")


# The user's own no, naming what they decline ("no vamos a renovar el contrato del local",
# "je ne prends pas l'abonnement annuel"): said in their words, in their language. The verbs
# are those of taking a deal on; the thing starts with a determiner and ends before a
# reason, a "but", an "and" or a comma.
_DETERMINERS: dict[Language, str] = {
    "es": r"el|la|los|las|su|sus|nuestr[oa]s?|mis?|est[ea]s?|es[ea]s?|un|una|del|al",
    "fr": r"le|la|les|l['’]|votre|notre|nos|mon|ma|mes|ce|cet|cette|ces|son|sa|ses|un|une|au|aux|du|des",
    "pt": r"o|a|os|as|seus?|suas?|noss[oa]s?|meus?|minhas?|est[ea]s?|ess[ea]s?|um|uma|do|da|no|na",
    "it": r"il|lo|la|i|gli|le|l['’]|un|una|uno|quest[oa]|quel|quella|del|della|al|alla|ai|agli|"
    r"alle|all['’]|nostr[oa]",
}
_DECLINES: dict[Language, str] = {
    "es": r"no (?:vamos a|voy a|podemos|puedo|queremos|quiero) [a-záéíóúñ]+r|"
    r"no (?:renov|renuev|contrat|acept|firm|segu|sig|tom|compr|reserv|alquil|inscrib|"
    r"matricul|continu|prorrog)[a-záéíóúñ]*(?: con| a| en)?|(?:desisto|desistimos) de|"
    r"(?:renuncio|renunciamos) a",
    "fr": r"(?:je|nous) ne (?:renouvel|reprend|prend|sign|accept|continu|réserv|achet|lou|"
    r"inscri|prolong|poursui|gard|conserv)[a-zéèêç]* pas|"
    r"(?:je|nous) (?:ne )?(?:vais|allons) pas [a-zéèêç]+(?:er|ir|re)|(?:je|nous) renon[cç]\w*\s+(?:à|a)",
    "pt": r"(?:não|nao) (?:vou|vamos|quero|queremos|posso|podemos) [a-zãõáéíóúçâê]+r|"
    r"(?:não|nao) (?:renov|contrat|aceit|assin|fech|compr|reserv|alug|matricul|continu)"
    r"[a-zãõáéíóúçâê]*(?: com)?|(?:desisto|desistimos)",
    "it": r"non (?:rinnov|prend|firm|accett|continu|prenot|compr|affitt|iscriv|prosegu|"
    r"conferm)[a-zàèéìòù]*(?: con)?|non (?:voglio|vogliamo|posso|possiamo) [a-zàèéìòù]+re|"
    r"(?:rinuncio|rinunciamo)",
}
_DECLINED_ENDS = (
    r"(?=\s+(?:porque|pois|parce que|car|perché|poiché|pero|mas|mais|ma)\b|"
    r"\s+(?:y|e|et)\b(?!\s+\d)|[,.](?!\d)|[;:()?!¿¡]|$)"
)


_DECLINED = {
    language: re.compile(
        rf"\b(?P<no>{no})\s+(?P<thing>(?:{_DETERMINERS[language]})\b"
        rf"(?:[^,.;:()?!¿¡]|[,.](?=\d)){{1,60}}?){_DECLINED_ENDS}",
        re.IGNORECASE,
    )
    for language, no in _DECLINES.items()
}


# Verbs of saying: "no quiero mencionar…", "je ne vais pas dire…" keep something out.
_SAYING = re.compile(
    r"\b(?:cit|mencion|menzion|mention|dec|dir|dizer|fal|habl|parl|cont|nombr|nomin|"
    r"rivel|revel|révél|dire)\w*$",
    re.IGNORECASE,
)


# German puts the no at the end ("wir nehmen das Angebot … nicht an") and, after "dass",
# the verb too: the user's main clause is said as they wrote it; a "dass" clause is turned
# back into one ("dass ich den Vertrag nicht unterschreibe" -> "Ich unterschreibe den
# Vertrag nicht."). The verbs are those of taking a deal on, or of leaving one.
_DE_THING = (
    r"(?P<thing>(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|mein\w*|unser\w*|"
    r"dein\w*|eure?\w*|Ihr\w*|ihr\w*|sein\w*|dies\w*|vom|zum|zur|im|am|beim)\b"
    r"(?:[^,.;:()?!]|[,.](?=\s?\d)|(?<=\d)\.){1,60}?)"
)
_DE_VERB = (
    r"(?:nehm|nimm|verlänger|buch|kauf|übernehm|unterschreib|unterzeichn|miet|bestell|"
    r"schließ|schliess|abonnier|akzeptier|reservier|beauftrag|unterschrieb)\w*"
)
_DE_INFINITIVE = (
    r"(?:annehmen|verlängern|kaufen|abkaufen|buchen|übernehmen|unterschreiben|"
    r"unterzeichnen|mieten|bestellen|abschließen|abschliessen|eingehen|reservieren|nehmen|"
    r"akzeptieren|beauftragen|fortsetzen|weiterführen)"
)
_DE_BY_THE_WAY = (
    r"(?:(?:doch|also|leider|dann|heuer|jetzt|mehr|lieber|vorerst|definitiv|erst mal)\s+)*"
)
_DE_END = r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:und|aber|weil|da|denn|sondern|sowie)\b)"
_DE_SUBJECT = r"(?P<subject>ich|wir)"
_DE_SAID = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # wir nehmen das Angebot für X nicht an / ich kauf dir den Passat doch nicht ab
        rf"\b{_DE_SUBJECT}\s+{_DE_VERB}\s+(?:(?:dir|ihm|ihr|ihnen|euch)\s+)?{_DE_THING}\s+"
        rf"{_DE_BY_THE_WAY}nicht(?:\s+(?:an|ab|zu|mehr|weiter))?{_DE_END}",
        # ich werde den Vertrag nicht verlängern
        rf"\b{_DE_SUBJECT}\s+(?:werde|werden|möchte|möchten|will|wollen|können|kann)\s+"
        rf"{_DE_THING}\s+{_DE_BY_THE_WAY}nicht\s+{_DE_INFINITIVE}{_DE_END}",
        # den Kostenvoranschlag für die Einbauküche nehmen wir nicht an
        rf"(?:^|(?<=:)\s*){_DE_THING}\s+{_DE_VERB}\s+{_DE_SUBJECT}\s+{_DE_BY_THE_WAY}nicht"
        rf"(?:\s+(?:an|ab|zu))?{_DE_END}",
        # wir verzichten auf X / ich kündige X / wir ziehen den Auftrag zurück
        rf"\b{_DE_SUBJECT}\s+(?:verzicht\w*\s+auf|kündig\w*|storn\w*)\s+{_DE_THING}{_DE_END}",
        rf"\b{_DE_SUBJECT}\s+(?:tret\w*|trit\w*|zieh\w*)\s+{_DE_THING}\s+zurück{_DE_END}",
    )
]
_DE_CLAUSE_AFTER_DASS = re.compile(
    rf"\bdass\s+{_DE_SUBJECT}\s+{_DE_THING}\s+(?P<by_the_way>{_DE_BY_THE_WAY})nicht\s+"
    rf"(?P<prefix>an|ab|zu)?(?P<verb>(?<=an|ab|zu)(?:nehm|schließ|schliess|sag)\w*|"
    rf"(?<!an|ab|zu){_DE_VERB}){_DE_END}",
    re.IGNORECASE,
)


def _declined_in_german(sentence: str) -> tuple[re.Match[str], str] | None:
    """The German no and how the draft says it."""
    for pattern in _DE_SAID:
        found = pattern.search(sentence)
        if found:
            return found, found.group(0).strip()
    found = _DE_CLAUSE_AFTER_DASS.search(sentence)
    if found is None:
        return None
    # "Sag ihm nicht, dass wir …": the comma German puts before "dass" ends no negation.
    governing = sentence[: found.start()].rstrip(", ")
    if _negated_before(governing, len(governing), _LANGUAGES["de"]):
        return None
    parts = [found["subject"], found["verb"], found["thing"].strip()]
    parts += [found["by_the_way"].strip(), "nicht", found["prefix"] or ""]
    return found, " ".join(part for part in parts if part)


def _declined_in_words(sentence: str, language: Language) -> tuple[re.Match[str], str] | None:
    """The user's no in a Romance language, said with its thing."""
    found = _DECLINED[language].search(sentence)
    if found is None or _SAYING.search(found["no"]):
        return None  # "não quero citar a nova empresa": a keep-out, not a no to the deal
    return found, f"{found['no']} {found['thing'].strip()}"


def _declined(situation: str, language: Language) -> tuple[str, str] | None:
    """The user's own no that names what they decline, as the draft says it, and the thing."""
    if language != "de" and language not in _DECLINED:
        return None
    rules = _LANGUAGES[language]
    for sentence in _SENTENCES.split(situation):
        if instruction_start(sentence) is not None:
            continue
        read = (
            _declined_in_german(sentence)
            if language == "de"
            else _declined_in_words(sentence, language)
        )
        if read is None or holds_a_sum(read[0]["thing"]):
            continue
        found, said = read
        if _negated_before(sentence, found.start(), rules):
            continue  # "no le digas que no vamos a renovar…": kept out
        for theirs, yours in rules.yours:
            said = re.sub(theirs, yours, said, flags=re.IGNORECASE)
        return sentence_case(said).rstrip(".") + ".", found["thing"].strip()
    return None


def read_foreign_specifics(
    situation: str,
    language: Language,
    unsafe: re.Pattern[str] | None = None,
    learned: Sequence[str] = (),
) -> Specifics:
    """The lines a draft in `language` carries; a line `unsafe` matches (a limit, a rival
    offer, a hostile word) is left behind. `learned`: the clauses the learned reader is
    sure the user wants passed on; a line the grammar already carries is not said twice."""
    found = Specifics(language=language)
    if language not in _LANGUAGES:
        return found
    for sentence in _SENTENCES.split(situation):
        if instruction_start(sentence) is not None:
            continue  # words addressed to an assistant are no instruction of the user's
        found.said.extend(_carried(sentence, language))
        found.references += read_references(sentence, english=False)
    found.said = keep_carried(found.said, unsafe)
    found.references = safe_phrases(found.references, unsafe)
    declined = _declined(situation, language)
    if declined and not (unsafe and unsafe.search(declined[0])):
        named, thing = declined
        if not any(thing.lower() in said.lower() for said in found.said):
            found.declined = named
    found.item = read_foreign_subject(situation, language)
    if found.item and unsafe and unsafe.search(found.item):
        found.item = None
    lines = [line for clause in learned if (line := _learned_line(clause, language))]
    found.learned = new_lines(lines, found.lines(), unsafe)
    found.references = unquoted_references(found)
    return found


# "doña Pilar", "Herr Weber", "un tal Javier", "Lucía, la organizadora": a name the user
# wrote beside a title, an article or "a certain".
_TITLES = (
    r"don|doña|señor|señora|sr\.|sra\.|srta\.|monsieur|madame|mademoiselle|m\.|mme|mlle|"
    r"herr|frau|signor|signora|signorina|sig\.|sig\.ra|dott\.|dottor|dottoressa|senhor|senhora|"
    r"dona|seu|meneer|mevrouw|dhr\.|mevr\.|dr\.|doctor|doctora|docteur|doutor|doutora"
)
_NAME = r"[A-ZÁÉÍÓÚÑÇÀÈÌÒÙÂÊÔÄÖÜ][\wáéíóúñçàèìòùâêôäöü'’-]+"
_ROLES = (
    r"organizador|organizadora|vendedor|vendedora|dueño|dueña|dono|dona|casero|casera|agente|"
    r"reclutador|reclutadora|jefe|jefa|chefe|cliente|proveedor|proveedora|fornecedor|fornecedora|"
    r"propietario|propietaria|proprietario|proprietaria|propriétaire|arrendador|arrendadora|"
    r"senhorio|senhoria|corretor|corretora|vendeur|vendeuse|agent|agente immobiliare|recruteur|"
    r"recruteuse|patron|patronne|client|cliente|fournisseur|fournisseuse|traiteur|Vermieter|"
    r"Vermieterin|Verkäufer|Verkäuferin|Händler|Händlerin|Chef|Chefin|Kunde|Kundin|Lieferant|"
    r"Lieferantin|Makler|Maklerin|venditore|venditrice|padrone|padrona|fornitore|fornitrice|"
    r"verhuurder|verhuurster|verkoper|verkoopster|eigenaar|eigenares|klant|leverancier|makelaar|baas"
)
_TITLED_NAME = re.compile(
    rf"\b(?P<title>(?i:{_TITLES}))\s+(?P<name>{_NAME}(?:\s+{_NAME})?)|"
    rf"\b(?i:un tal|una tal|un certain|une certaine|un certo|una certa|een zekere)\s+(?P<plain>{_NAME})|"
    # "A Beatriz, do buffet, mandou…" (a Portuguese article before a name that opens the
    # sentence) and "dile a Javier": not "me mudo a Madrid", where "a" is only "to".
    rf"(?:^|(?<=[.!?]\s)|\b(?i:dile|dígale|decirle|escríbele|escribirle|avísale|contéstale)\s+)"
    rf"(?i:a|o)\s+(?P<after_article>{_NAME})\b(?!\s+{_NAME})|"
    rf"(?P<apposed>{_NAME}),\s+(?i:la|el|le|il|lo|o|a|der|die|de|het|mon|ma|mi|mijn|meine?|mia|mio|minha|meu)\s+(?i:{_ROLES})\b"
)


_LOWER_CASE_TITLES = {"don", "doña", "dona", "seu"}


def read_titled_name(situation: str, sender: str | None = None) -> str | None:
    """The counterpart's name as the user wrote it beside a title or an article."""
    for match in _TITLED_NAME.finditer(situation):
        if match["name"]:
            title = match["title"]
            if title.lower() in _LOWER_CASE_TITLES:  # "doña Pilar", "seu Antônio"
                return f"{title.lower()} {match['name']}" if match["name"] != sender else None
            return f"{sentence_case(title)} {match['name']}"
        name = match["plain"] or match["after_article"] or match["apposed"]
        if name and name != sender:
            return name
    return None
