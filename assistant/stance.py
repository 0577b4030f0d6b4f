"""Stance: whether a piece of text urges the user to commit to the deal now (accept, sign,
pay, close, say yes) or vouches for it, in the six languages the reader knows, with
negation read ("do not sign today" urges the opposite).

The guard uses it to keep a model's wording on the side of the decided verdict. It is a
lexicon of the acts of committing and of vouching, not of any one sentence: the verbs,
the idioms and the praise of a deal that a commitment is made with, in each language,
plus the learned reader's own sense that the text is satisfied with the deal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant import ngrams
from assistant.sentences import split_sentences

# The acts of committing to a deal, as a verb (any form) or an idiom, by language.
_COMMIT = {
    "en": r"accept (it|this|that|the (deal|offer|terms|price)|their (offer|terms|price))|sign (it|now|today|tonight|here|up|on|off on it|the (contract|deal|agreement|paperwork|papers|lease|offer))|"
    r"agree to (it|this|that|the (deal|offer|terms|price)|their (terms|offer|price))|"
    r"take (it|this|that) (now|today|before)|take (the|this|their) (deal|offer|price|number|money)|"
    r"(close|seal|clinch|finali[sz]e) (it|this|the deal|the sale|the contract)|lock (it|this|that) in|lock in (the|this|that)|"
    r"commit (now|today|to (it|this|the deal|the offer))|"
    r"(proceed|move forward|go forward) (with|to) (it|this|the (purchase|deal|signing|payment|contract|order|booking|offer|sale))|"
    r"go (ahead|for it)|(say|reply|answer|respond|text back|write back)( with)? \W?yes|tell them yes|give them (a|your) yes|shake (on it|hands)|put pen to paper|"
    r"(wire|send|pay|transfer)( over)? (the|your)( full| whole| remaining| first)? (deposit|money|payment|balance|funds|amount|sum|fee|price|invoice|bill)|"
    r"pay (now|today|it|up)|"
    r"snap (it|this) up|grab (it|this|the deal)|jump on (it|this)|(miss|pass up|lose) out on (it|this)|"
    r"don't (miss|pass up|lose) (it|this)",
    "es": r"acept(a|ar|e|en|ad|o|arla|arlo|ala|alo|ala)|ac[eé]ptal[ao]s?|firm(a|ar|en|ad|o)\b|firme (el|la|los|las|hoy|ya|ahora|aqu[ií])|f[ií]rmal[ao]s?|d[ií](gale|le|ganle) que s[ií]|"
    r"cierr(a|e|en) (el trato|el acuerdo|la venta|ya|hoy|el negocio)|cerrar (el trato|el acuerdo|el negocio)|"
    r"d(a|ar|e|é|ad) el s[ií]|di que s[ií]|decir que s[ií]|adelante con|pag(a|ue|uen|ar) (ya|hoy|ahora|el|la)|"
    r"no (lo |la )?dejes? pasar|ci[eé]rr(a|alo|elo|enlo)\b|aprovech(a|e|ar) (la|esta|el)|sell(a|ar|e) el (trato|acuerdo)",
    "fr": r"accept(ez|er|e|ons)|sign(ez|er|e|ons)|conclu(ez|re|ons)|topez|tope là|dites oui|dire oui|fonce[sz]?|allez-y|y aller|bouclez( ça| l'affaire| le dossier)?|"
    r"pay(ez|er)|vers(ez|er) (l'acompte|le dépôt|la somme)|saisi(ssez|r) (l'occasion|cette)|"
    r"ne (le |la )?laissez pas passer|valid(ez|er) (l'offre|le contrat|l'accord)",
    "de": r"nimm (es|das)|annehmen|"
    r"unterzeichn(en|et|e)|zusagen|sag(en sie)? ja|"
    r"schlag zu|zugreifen|(den )?sack zu(machen|zumachen)?|"
    r"abschlie(ß|ss)en|besiegeln|überweis(en|t)|einschlagen",
    "pt": r"aceit(e|a|ar|em)|assin(e|a|ar|em)|fech(e|a|ar) (o )?(negócio|acordo|contrato)|fech(e|a|ar) (já|hoje|logo)|"
    r"diga sim|dizer sim|d(ê|e|ar) o sim|pag(ue|ar) (já|hoje|agora|o|a)|(faça|faz|fazer) o (pix|pagamento|depósito|sinal)|"
    r"transfir(a|am)|aproveit(e|a|ar) (a|esta|o)|não deixe passar|vá em frente|manda ver",
    "it": r"chiud(i|ere|ete) (l'affare|l'accordo|subito|oggi)|di' di sì|dite sì|"
    r"pag(a|are|ate) (subito|oggi|ora)|approfitt(a|are|ate)|non lasciarti sfuggire|vai avanti|chiudi(lo|la)?\b",
}
# "Why wait?": the rhetorical question that pushes to act now, in each language.
_WHY_WAIT = (
    r"why wait|what are you waiting for|para qu[eé] esperar|a qu[eé] esperas|pourquoi attendre|"
    r"worauf warten|por que esperar|"
    r"perch[eé] aspettare|cosa aspetti"
)
# Vouching for the deal: praise of the offer or the terms, or reassurance that all is well.
_VOUCH = {
    "en": r"(this|it|that|here)('s| is| looks like| seems like| sounds like)( a| an)?( \w+)? (great|excellent|solid|fair|good|strong|safe|reasonable|"
    r"generous|sweet|fantastic|amazing|standard|win-win|no-brainer)( \w+)?( (deal|offer|agreement|terms|price|contract|opportunity))?|"
    r"(deal|offer|agreement|terms|price|contract|fees?|charges?|costs?|clauses?|conditions|deadline) (is|are|looks?|seems?) "
    r"(great|excellent|solid|fair|good|safe|reasonable|generous|standard|normal|usual|typical|fine|real|genuine|legit(imate)?)|"
    r"nothing to worry|no (red flags|risk|downside)|low[- ]risk|"
    r"as good as it gets|(won't|will not|never) (get|find|see) (a )?better( \w+)?|too good to (pass|miss|refuse)|"
    r"(foolish|crazy|mad|silly) to (pass|refuse|walk|say no)|you'?d regret (passing|walking|saying no)|"
    r"perfectly (fine|safe|normal|standard)|in your (best )?interest to (accept|sign|agree)",
    "es": r"(buen[ao]?|excelente|gran|justo|razonable|segur[ao]|generos[ao]) (oferta|trato|acuerdo|precio|contrato|negocio)|"
    r"(oferta|trato|acuerdo|precio|contrato|negocio) (es|parece) (buen[ao]|excelente|justo|razonable|segur[ao])|"
    r"nada de qu[eé] preocupar|no hay riesgo",
    "fr": r"(bonne|excellente|belle|superbe|juste|raisonnable|sûre|généreuse) (affaire|offre|proposition)|"
    r"(bon|excellent|juste|raisonnable|sûr) (accord|contrat|prix|deal)|"
    r"(offre|affaire|accord|contrat|prix) (est|semble|paraît) (bon|bonne|excellente?|juste|raisonnable|sûre?)|"
    r"c'est une? (offre|affaire|proposition|accord|contrat|prix) (raisonnable|juste|intéressante?|excellente?|honnête|correcte?)|"
    r"rien à craindre|aucun risque|vaut le coup|ça vaut la peine",
    "de": r"(gut\w*|hervorragend\w*|fair\w*|tolle?s?|solide\w*|sicher\w*|vernünftig\w*|großzügig\w*) "
    r"(angebot|vertrag|preis|geschäft|konditionen)|"
    r"(angebot|vertrag|preis|geschäft) ist (gut|fair|hervorragend|solide|sicher|vernünftig|in ordnung)|"
    r"kein risiko|keine sorge|nichts zu befürchten|lohnt sich",
    "pt": r"(boa|ótima|excelente|justa|razoável|segura|generosa) (oferta|proposta|negociação)|"
    r"(bom|ótimo|excelente|justo|razoável|seguro) (negócio|acordo|preço|contrato)|"
    r"(oferta|proposta|negócio|acordo|preço|contrato) (é|parece) (bo[ma]|ótim[oa]|excelente|just[oa]|segur[oa])|"
    r"nada a temer|sem risco",
    "it": r"(buon[ao]?|ottim[oa]|eccellente|giust[oa]|ragionevole|sicur[oa]|generos[oa]) (offerta|affare|accordo|prezzo|contratto)|"
    r"niente da temere|nessun rischio",
}
# A negation, or a word that suspends the assertion (if, whether, before), within the three
# words before a commitment turns it into a warning or a condition.
_NEGATION = (
    r"not|no|never|don'?t|do not|won'?t|shouldn'?t|should not|wouldn'?t|cannot|can'?t|avoid|before|until|"
    r"whether|if|si|ob|"
    r"nunca|jamás|jamais|ne|pas|nicht|nie|niemals|kein\w*|não|nem|non|mai|sin|sans|ohne|sem|senza|antes de|avant de|bevor|prima di"
)
_COMMIT_RE = re.compile(r"\b(" + "|".join(f"(?:{p})" for p in _COMMIT.values()) + r")\b", re.I)
_VOUCH_RE = re.compile(
    r"\b(" + "|".join(f"(?:{p})" for p in [*_VOUCH.values(), _WHY_WAIT]) + r")\b", re.I
)
# The scope of a negation ends at a clause mark: "don't miss it: sign today" urges.
_NEGATED_BEFORE = re.compile(
    r"(?:^|\W)(" + _NEGATION + r")[^\w:;,.!?]+(?:[\w'-]+[^\w:;,.!?]+){0,3}$", re.I
)
_NEGATED_AFTER = re.compile(
    r"^[^\w:;,.!?]*(?:[\w'-]+[^\w:;,.!?]+){0,2}(pas|rien|nicht|nichts|nie|jamais|nothing|nada|niente|nulla)\b",
    re.I,
)
# Quoted words are the user's own or the source's: evidence, not advice.
# A sentence split inside a quote keeps the quote's open or closed half: still a quote.
_QUOTED = re.compile(r"“[^”]*(”|$)|^[^“]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")


def without_quotes(text: str) -> str:
    """The text with what it quotes blanked: the user's words or the source's are evidence
    to be checked as quotes, not advice."""
    return _QUOTED.sub(" ", text.replace("’", "'"))


SATISFIED_AT = 0.5  # the learned reader's "the deal suits them", read from its calibration
LearnedStance = Callable[[str], bool]


def _unnegated(pattern: re.Pattern[str], text: str) -> bool:
    return any(
        not _NEGATED_BEFORE.search(text[: match.start()])
        and not _NEGATED_AFTER.search(text[match.end() :])
        for match in pattern.finditer(text)
    )


def urges_commitment(text: str, learned: LearnedStance | None = None) -> bool:
    """True when the text pushes the user to commit to the deal or vouches for it: by the
    lexicon, or by the learned reading (learned_stance) when one is given."""
    advice = without_quotes(text)
    advice = re.sub(
        r"\b([nN])'(?=\w)", r"\1e ", advice
    )  # "n'acceptez pas" reads as "ne acceptez pas"
    if _unnegated(_COMMIT_RE, advice) or _unnegated(_VOUCH_RE, advice):
        return True
    if _COMMIT_RE.search(advice):  # every commitment it names is negated: a warning
        return False
    # The learned reader was trained on one or two sentences: it reads each on its own.
    return learned is not None and any(learned(span.text) for span in split_sentences(advice))


# Walkaway drafts and advises; it never sends, calls, signs or pays. First-person text that
# says it did ("I have emailed your minimum to the dealer") is false, in any language.
_DONE = (
    r"sent|emailed|e-mailed|called|phoned|texted|messaged|contacted|forwarded|submitted|signed|"
    r"booked|paid|transferred|wired|shared|posted|notified|replied|confirmed|accepted|scheduled|"
    r"registered|enrolled|uploaded|charged|ordered|purchased|bought|reserved|cancell?ed|filed|"
    r"applied|renewed|published|deposited|settled|executed|authori[sz]ed|subscribed|"
    r"told (him|her|them|the)|let (him|her|them|the \w+) know|passed (on|along)"
)
_CLAIMS = [
    r"\b(I|we)(\s+have|'ve|\s+just|\s+already|\s+went ahead and|\s+also)*\s+(" + _DONE + r")\b",
    # "I've registered you for the plan and shared your contact info": any act in the list
    # later in a sentence that opens with the first person having done something
    r"\b(I|we)('ve|\s+have|\s+just|\s+already)\b[^.!?\n]{0,80}\b(" + _DONE + r")\b",
    # the user's own things acted on: "your details were uploaded", "your booking is confirmed"
    r"\byour \w+( \w+)? (is|are|was|were|has been|have been) (now |just |already )?("
    + _DONE
    + r")\b",
    r"\b(done|all set)\W+(I|we)\b",
    # passive, present perfect: "your minimum has been sent to the dealer"
    r"\b(has|have) (just |already |now )?been (" + _DONE + r")\b",
    r"\b(wurde|wurden|ist|sind) (soeben|gerade|eben|bereits|schon|jetzt)\b[^.!?\n]{0,80}?\b(ge\w+t|versandt|übermittelt|überwiesen|unterschrieben)\b",
    r"\b(ha sido|han sido|fue|fueron) (ya )?(enviad|mandad|firmad|pagad|transferid|reenviad|compartid)\w*",
    r"\b(a été|ont été) (\w+ )?(envoy|transmi|sign|pay|transf[eé]r|partag)\w*",
    r"\b(foi|foram) (já )?(enviad|mandad|assinad|pag|transferid|encaminhad|compartilhad)\w*",
    r"\b(è stato|è stata|sono stati) (già )?(inviat|mandat|firmat|pagat|trasferit|inoltrat)\w*",
    # es: he enviado, acabo de mandar, ya firmé
    r"\b(he|hemos|acabo de|acabamos de|ya)\s+(\w+\s+){0,2}?(enviad\w*|mandad\w*|llamad\w*|firmad\w*|"
    r"pagad\w*|transferid\w*|reservad\w*|compartid\w*|reenviad\w*|confirmad\w*|aceptad\w*|enviar|mandar|"
    r"llamar|firmar|pagar|transferir|reservar|compartir|reenviar|confirmar|aceptar|escrito|escribir)\b",
    r"\b(envié|mandé|llamé|firmé|pagué|transferí|reservé|compartí|reenvié|confirmé|acepté|escribí)\b",
    r"\bse (ha|han) (enviado|mandado|pagado|firmado|transferido|reservado|confirmado|compartido)\b",
    r"\bya qued(ó|aron) (reservad|pagad|enviad|confirmad|firmad)\w*",
    # fr: j'ai envoyé, je viens d'envoyer, nous avons signé
    r"\b(j'ai|nous avons|je viens d'|je viens de|nous venons de|c'est fait)\s*(\w+\s+){0,2}?(envoy\w*|"
    r"appel\w*|sign\w*|pay\w*|r[eé]gl\w*|vers[eé]\w*|transf[eé]r\w*|r[eé]serv\w*|partag\w*|transmi\w*|confirm\w*|accept\w*|"
    r"[eé]cri\w*|contact\w*|répondu)",
    # de: ich habe ... geschickt, wir haben ... unterschrieben
    r"\b(ich|wir)\s+(habe|haben|hab)\b[^.!?\n]{0,80}?\b(gesendet|geschickt|versandt|angerufen|"
    r"unterschrieben|unterzeichnet|bezahlt|überwiesen|gebucht|geteilt|weitergeleitet|übermittelt|gemailt|"
    r"bestätigt|angenommen|zugesagt|kontaktiert|geantwortet|mitgeteilt)\b",
    # pt: enviei, acabei de mandar, já assinei
    r"\b(enviei|mandei|liguei|assinei|paguei|transferi|reservei|compartilhei|encaminhei|confirmei|"
    r"aceitei|escrevi|respondi)\b",
    r"\b(acabei de|acabamos de)\s+(enviar|mandar|ligar|assinar|pagar|transferir|reservar|"
    r"compartilhar|encaminhar|confirmar|aceitar|escrever|responder)\b",
    # it: ho inviato, abbiamo firmato
    r"\b(ho|abbiamo)\s+(già\s+|appena\s+)?(inviato|mandato|chiamato|firmato|pagato|trasferito|"
    r"prenotato|condiviso|inoltrato|confermato|accettato|scritto|risposto)\b",
]
_CLAIMED_ACTION = re.compile("|".join(f"(?:{p})" for p in _CLAIMS), re.I)


# "the drawings we paid for", "the documents I submitted": a deed that only says which
# thing is meant. The user's own lines may name things so; a model's never claim a deed.
_NAMING_DEED = re.compile(
    rf"\b((?:the|my|our|those|these|that|this)\s+[\w'’-]+(?:\s+[\w'’-]+){{0,3}}?)"
    rf"\s+(?:that\s+|which\s+)?(?:I|we)(?:\s+(?:already|just|had|have|'d|'ve))*\s+(?:{_DONE})\b"
    r"(?:\s+(?:for|to (?:you|them|him|her)|last \w+|earlier|in \w+))?",
    re.I,
)


def claims_an_action(text: str, *, naming_ok: bool = False) -> bool:
    """True when the text says, in the first person, that something was done in the world.
    With `naming_ok`, a deed that only names a thing ("the deposit we paid") is no claim."""
    text = without_quotes(text)
    if naming_ok:
        text = _NAMING_DEED.sub(r"\1", text)
    return bool(_CLAIMED_ACTION.search(text))


def learned_stance(tagger: object) -> LearnedStance:
    """The learned reading of a text's stance: the stance head (training/stance.py) on the
    tagger's own sentence vectors, or the tagger's sense that the text is satisfied with the
    deal. A tagger without an encoder (a test's) gives its satisfied label only."""
    labels = getattr(tagger, "labels", ())
    satisfied = labels.index("satisfied") if "satisfied" in labels else None
    head = _stance_head(tagger)

    def read(text: str) -> bool:
        probabilities = getattr(tagger, "probabilities", None)
        pleased = (
            satisfied is not None
            and probabilities is not None
            and float(probabilities([text])[0][satisfied]) >= SATISFIED_AT
        )
        return pleased or (head is not None and head(text))

    return read


STANCE_FILE = Path(__file__).parent / "data" / "stance.npz"
HASHED = 1 << 15  # hashed character and word n-grams
# Under five words ("Okay.", "Here is what I think.") the head reads noise; the lexicon
# still reads them.
LEARNED_MIN_WORDS = 5


def stance_features(texts: list[str], encoder: Any) -> np.ndarray:
    """What the stance head reads: hashed n-grams of the words (any language, any
    spelling) beside the tagger's sentence vector (what the sentence means)."""
    grams = np.zeros((len(texts), HASHED), dtype=np.float32)
    for row, text in enumerate(texts):
        for gram in ngrams.grams(text):
            grams[row, ngrams.bucket(gram, HASHED)] += 1
        grams[row] /= max(float(np.linalg.norm(grams[row])), 1e-9)
    return np.hstack([grams, np.asarray(encoder.embed(texts), dtype=np.float32)])


@lru_cache(maxsize=4)
def _head_weights(path: Path) -> tuple[np.ndarray, float, float, str] | None:
    """A head's weights, read once per process (every guarded answer asks for them)."""
    if not path.exists():
        return None
    data = np.load(path)
    return data["weight"], float(data["bias"]), float(data["threshold"]), str(data["tagger"])


def head_for(tagger: object, path: Path) -> tuple[np.ndarray, float, float] | None:
    """(weight, bias, threshold) of a logistic head on what `stance_features` reads, or
    None when it is missing, there is no tagger, or it was trained on another tagger's
    vectors (its features would mean something else). The carry reader's head too."""
    weights = getattr(tagger, "weights", None)
    head = _head_weights(path)
    if getattr(tagger, "encoder", None) is None or weights is None or head is None:
        return None
    weight, bias, threshold, digest = head
    return (weight, bias, threshold) if digest == weights.digest else None


def _stance_head(tagger: object) -> LearnedStance | None:
    head = head_for(tagger, STANCE_FILE)
    if head is None:
        return None
    encoder = tagger.encoder  # type: ignore[attr-defined]  # head_for checked it is there
    weight, bias, threshold = head

    def commits(text: str) -> bool:
        if len(text.split()) < LEARNED_MIN_WORDS:
            return False
        logit = float(stance_features([text], encoder)[0] @ weight) + bias
        return 1 / (1 + np.exp(-logit)) >= threshold

    return commits
