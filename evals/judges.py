"""The examiner's deterministic checks of exit drafts: independent of the product's guards.

These lexicons are written separately from assistant/guards.py on purpose: a check
that called the product's own guard would grade the examinee with its own answers.

Each lexicon is a dict keyed by language. English ("en") is one regular expression,
kept exactly as it was. Every other language is a list of phrases, each a small regular
expression that `_phrases` loosens the way people type: an accented letter also matches
its bare letter (é or e, ü or ue or u, ß or ss, ç or c, ñ or n), an apostrophe also
matches the typographic one, and a space matches any run of white space. Each phrase
must stand as whole words. A letter inside a [character class] is kept as written:
"imb[é]cile" needs its accent, since "imbecile" is an English word and English text must
be judged exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl")

_LOOSE = {
    "á": "[áa]",
    "à": "[àa]",
    "â": "[âa]",
    "ã": "[ãa]",
    "é": "[ée]",
    "è": "[èe]",
    "ê": "[êe]",
    "ë": "[ëe]",
    "í": "[íi]",
    "ì": "[ìi]",
    "î": "[îi]",
    "ï": "[ïi]",
    "ó": "[óo]",
    "ò": "[òo]",
    "ô": "[ôo]",
    "õ": "[õo]",
    "ú": "[úu]",
    "ù": "[ùu]",
    "û": "[ûu]",
    "ç": "[çc]",
    "ñ": "[ñn]",
    "ä": "(?:ä|ae|a)",
    "ö": "(?:ö|oe|o)",
    "ü": "(?:ü|ue|u)",
    "ß": "(?:ß|ss)",
    "'": "['’]",
    " ": r"\s+",
}


def _loosen(phrase: str) -> str:
    """Loosen every letter of `_LOOSE`, except an escaped one or one inside a [class]."""
    out: list[str] = []
    in_class = escaped = False
    for char in phrase:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            out.append(_LOOSE.get(char, char))
            continue
        out.append(char)
    return "".join(out)


def _phrases(*phrases: str) -> str:
    """One language's phrases as one alternation, each loosened and bounded by non-letters."""
    return "|".join(rf"(?<!\w)(?:{_loosen(phrase)})(?!\w)" for phrase in phrases)


def _lexicon(by_language: Mapping[str, str]) -> re.Pattern[str]:
    """The languages' expressions as one case-insensitive pattern: any one of them matches."""
    assert set(by_language) == set(LANGUAGES), sorted(set(LANGUAGES) ^ set(by_language))
    return re.compile("|".join(f"(?:{by_language[lang]})" for lang in LANGUAGES), re.IGNORECASE)


# Days of the week, for the deadline lexicon.
_DAYS = {
    "es": "lunes|martes|miércoles|jueves|viernes|sábado|domingo",
    "fr": "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    "de": "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag",
    "pt": "segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?|quinta(?:-feira)?"
    "|sexta(?:-feira)?|sábado|domingo",
    "it": "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica",
    "nl": "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
}

APPRECIATION: dict[str, str] = {
    "en": r"\b(thank|thanks|appreciate|grateful|gratitude)\b",
    "es": _phrases(
        "gracias",
        r"agradezc\w*",
        r"agradec\w*",
        "aprecio",
        "apreciamos",
        "valoro",
        "valoramos",
    ),
    "fr": _phrases(
        "merci",
        r"remerci\w*",
        r"reconnaissant\w*",
        "apprécie",
        "apprécions",
        "gratitude",
    ),
    "de": _phrases(
        "danke",
        "dankeschön",
        "danken",
        "(?:vielen|herzlichen|besten|großen|tausend|schönen|recht herzlichen) dank",
        "dank (?:für|ihnen|dir|euch)",
        r"bedank\w*",
        r"dankbar\w*",
        r"(?:weiß|wissen) (?:\w+ ){0,5}zu schätzen",
    ),
    "pt": _phrases(
        r"obrigad\w*",
        r"agradeç\w*",
        r"(?:sou|fico|estou|ficamos|somos|estamos|muito) grat[oa]s?",
        "aprecio",
        "apreciamos",
        "valorizo",
        "valorizamos",
    ),
    "it": _phrases(
        "grazie",
        r"ringrazi\w*",
        "(?:sono|siamo|molto|davvero) grat[oaie]",
        r"apprezz\w*",
        r"riconoscent\w*",
    ),
    "nl": _phrases(
        "bedankt",
        "dank (?:je|u|jullie|voor|wel)",
        "dankjewel",
        "dankuwel",
        "(?:hartelijk|hartelijke|veel|mijn|onze) dank",
        r"bedank\w*",
        r"dankbaar\w*",
        r"waarde(?:er|ren|ring)\w*",
    ),
}

# Declining, not accepting: every phrase carries its negation or a verb of refusal.
DECISION: dict[str, str] = {
    "en": r"(not (be )?(moving|move|going|able to (move|go|proceed|accept)) (forward|ahead)|"
    r"\bdecline\b|\bdeclining\b|(doesn'?t|does not|don'?t|do not|won'?t|will not|isn'?t|is not) "
    r"(work|meet|fit|the right fit)|\bpass on\b|\bstep (back|away)\b|not (the right|a good) fit|"
    r"unable to (accept|proceed|move)|\bturn(ing)? down\b|not proceed|won'?t be (able|proceeding|moving)|"
    r"not accept|can'?t accept|cannot accept|walk away|not (able to )?agree)",
    "es": _phrases(
        r"no (?:voy|vamos|iré|iremos) a (?:seguir|continuar|avanzar|aceptar\w*|proceder|cerrar)",
        r"no (?:puedo|podemos|podré|podremos|podría|podríamos) (?:\w+ )?"
        r"(?:aceptar\w*|seguir|continuar|avanzar|proceder|cerrar)",
        "no (?:acepto|aceptamos|aceptaré|aceptaremos)",
        "no (?:seguiré|seguiremos|continuaré|continuaremos|avanzaré|avanzaremos)",
        "(?:declino|declinamos|declinar|rechazo|rechazamos|rechazar)",
        "no (?:me|nos) (?:conviene|convienen|encaja|encajan|sirve|sirven|funciona|cuadra|interesa)",
        "no (?:encaja|encajan|cumple|cumplen|funciona|se ajusta|se ajustan)",
        r"no (?:es|son|sería|resulta) (?:viable|adecuad\w*|aceptable|para mí|para nosotros"
        "|lo que (?:busco|buscamos|necesito|necesitamos))",
        r"(?:prefiero|preferimos) no (?:seguir|continuar|avanzar|aceptar\w*|proceder)",
        "(?:he|hemos) decidido no",
        "(?:me|nos) (?:retiro|retiramos)",
        "(?:lo|la) (?:dejo|dejamos|dejaré|dejaremos) aquí",
        "no (?:estoy|estamos) en condiciones de aceptar",
        "no (?:estoy|estamos) en disposición",
        "dar (?:curso|continuidad)",
        "no (?:será|sería|es|resulta) posible",
        "(?:opto|optamos|optado) por no",
        "(?:desisto|desistimos|desistir|desistiré|desistiremos)",
    ),
    "fr": _phrases(
        r"(?:vais|allons|peux|pouvons|pourrai|pourrons|pourrais|pourrions|souhaite|souhaitons"
        r"|compte|comptons) (?:\w+ )?pas (?:\w+ )?(?:y |en )?(?:donner suite|accepter"
        "|poursuivre|continuer|aller plus loin|avancer|conclure|retenir|m'engager|nous engager)",
        "(?:donnerai|donnerons|donne|donnons) pas suite",
        "(?:accepte|acceptons|accepterai|accepterons) pas",
        "(?:je|nous) (?:décline|refuse)",
        "(?:déclinons|déclinerai|déclinerons|refusons|refuserai|refuserons|refuser)",
        "(?:dois|devons|devoir|de|préfère|préférons) décliner",
        "(?:me|nous) (?:convient|conviennent|conviendra) pas",
        "(?:correspond|correspondent|fonctionne|marche|colle) pas",
        r"(?:renonce|renonçons|renoncerai|renoncerons|renoncer)",
        "(?:préfère|préférons) ne pas (?:donner suite|poursuivre|accepter|continuer|aller plus loin)",
        "(?:ai|avons) décidé de ne pas",
        "(?:me|nous) (?:retire|retirons)",
        r"pas (?:envisageable|acceptable|adapté\w*|pour moi|pour nous)",
        "(?:ce n'est|ça n'est|ce ne sera|ce ne serait) pas possible",
        "(?:je passe|nous passons) (?:mon|notre) tour",
        "en rester là",
        r"ne pas (?:\w+ )?(?:pouvoir |vouloir )?(?:y |en )?(?:donner suite|accepter|poursuivre|retenir|aller plus loin|continuer|conclure|nous engager|m'engager|avancer)",
        "pas possible d'(?:accepter|y donner suite|donner suite|aller plus loin)",
        "pas en mesure d(?:e |')",
        "(?:décision|choisi|décidé|préféré) de ne pas",
        "(?:répond|répondent) pas",
        r"ne (?:peux|pouvons|pourrai|pourrons|saurais|saurions|puis) (?:\w+ )?(?:y )?(?:donner suite|accepter)",
        "décliner (?:votre|ta|cette|vos|l'|la|les)",
    ),
    "de": _phrases(
        r"nicht (?:\w+ ){0,2}(?:annehmen|akzeptieren|zusagen|zustimmen|verfolgen|weiterverfolgen"
        "|weitermachen|fortfahren|fortsetzen|eingehen|unterschreiben|unterzeichnen|anzunehmen"
        "|zu akzeptieren|weiterzuverfolgen|fortzusetzen|einzugehen)",
        r"(?:nehme|nehmen) (?:\w+ ){0,4}nicht an",
        r"(?:lehne|lehnen) (?:\w+ ){0,5}ab",
        r"ablehn\w*",
        r"(?:sage|sagen) (?:\w+ ){0,4}ab",
        r"absag\w*",
        r"(?:passt|passen|funktioniert|funktionieren|klappt|reicht) (?:\w+ ){0,3}nicht",
        "nicht (?:in frage|infrage)",
        r"verzicht\w*",
        r"(?:steige|steigen) (?:\w+ ){0,3}aus",
        r"(?:müssen|muss|werde|werden) (?:\w+ ){0,3}passen",
        "nicht (?:einverstanden|das richtige|die richtige|der richtige)",
        "keine (?:einigung|grundlage)",
        "nicht (?:mehr )?weiter (?:verhandeln|verfolgen|machen)",
        "nicht in der lage",
        "dagegen entschieden",
        "abstand (?:nehmen|genommen)",
        r"(?:nehme|nehmen) (?:\w+ ){0,4}abstand",
        "nicht wahrnehmen",
        r"(?:entspricht|entsprechen) (?:\w+ ){0,4}nicht",
        r"(?:ist|wäre) (?:\w+ ){0,3}nicht möglich",
    ),
    "pt": _phrases(
        "não (?:vou|vamos|irei|iremos) (?:seguir|continuar|avançar|aceitar|prosseguir|fechar"
        "|em frente|adiante)",
        r"não (?:posso|podemos|poderei|poderemos|poderia|poderíamos|consigo|conseguimos) (?:\w+ )?"
        "(?:aceitar|seguir|continuar|avançar|prosseguir|fechar)",
        "não (?:aceito|aceitamos|aceitarei|aceitaremos)",
        "não (?:seguirei|seguiremos|continuarei|continuaremos|avançarei|avançaremos)",
        "(?:recuso|recusamos|recusar|declino|declinamos|declinar)",
        "não (?:me|nos) (?:serve|servem|convém|convêm|atende|atendem|interessa)",
        "não (?:funciona|dá|encaixa|atende|serve)",
        r"não (?:é|são|seria) (?:viável|viáveis|o ideal|adequad\w*|para mim|para nós"
        "|o que (?:procuro|procuramos|busco|buscamos))",
        "(?:decidi|decidimos) não",
        "(?:prefiro|preferimos) não (?:seguir|avançar|continuar|aceitar|prosseguir)",
        "(?:desisto|desistimos|desistir)",
        r"não (?:tenho|temos) (?:\w+ )?condições",
        "(?:opto|optamos|optei) por não",
        r"não (?:\w+ ){0,2}(?:daremos|darei|vamos dar|vou dar|podemos dar|posso dar) (?:\w+ )?(?:seguimento|continuidade|andamento)",
        "abr(?:o|imos|ir) mão",
        "não (?:será|seria|é) possível",
        "não (?:corresponde|correspondem)",
        "não se (?:encaixa|encaixam|enquadra|enquadram|adequa|adequam)",
    ),
    "it": _phrases(
        r"non (?:posso|possiamo|potrò|potremo|potrei|potremmo|riesco|riusciamo|intendo|intendiamo)"
        r" (?:\w+ )?(?:accettar\w*|procedere|proseguire|andare avanti|continuare|firmare|chiudere)",
        "non (?:vado|andrò|andremo|andiamo) avanti",
        "non (?:accetto|accettiamo|accetterò|accetteremo)",
        "non (?:procederò|procederemo|proseguirò|proseguiremo)",
        "(?:declino|decliniamo|declinare|rifiuto|rifiutiamo|rifiutare|rinuncio|rinunciamo|rinunciare)",
        "non (?:fa|fanno) per (?:me|noi)",
        r"non (?:è|sono|sarebbe) (?:adatt\w*|in linea|quello che|sostenibile|fattibile|accettabile"
        "|la scelta giusta|per me|per noi)",
        "non (?:funziona|mi convince|ci convince|mi conviene|ci conviene|fa al caso)",
        "(?:ho|abbiamo) deciso di non",
        "(?:preferisco|preferiamo) non (?:procedere|proseguire|accettare|andare avanti|continuare)",
        "(?:mi|ci) (?:ritiro|ritiriamo|tiro indietro|tiriamo indietro)",
        "non (?:sono|siamo|sarò|saremo|sarei|saremmo) in grado di",
        "dare seguito",
        r"non (?:\w+ ){0,3}poter(?:e)? (?:\w+ )?(?:accettare|procedere|proseguire|dare seguito)",
        r"non (?:è|sono|sarebbe) (?:\w+ ){1,2}(?:adatt\w*|in linea|sostenibile|fattibile|accettabile|percorribile)",
        "percorribile",
        "non (?:soddisfa|soddisfano|rispecchia|rispecchiano|risponde|rispondono|corrisponde|corrispondono|incontra|incontrano|rientra|rientrano)",
        # the English lexicon's "step back" and "not the right fit"
        "(?:fare|faccio|facciamo) un passo indietro",
        "non (?:sia|è) la soluzione giusta",
    ),
    "nl": _phrases(
        "(?:ga|gaan) (?:er )?niet (?:op in|mee akkoord|mee door|mee verder|verder|akkoord)",
        r"niet (?:\w+ ){0,2}(?:accepteren|aannemen|aanvaarden|ingaan|doorgaan|verdergaan)",
        r"(?:neem|nemen) (?:\w+ ){0,4}niet aan",
        r"(?:past|passen|werkt|werken|lukt) (?:\w+ ){0,3}niet",
        r"(?:wijs|wijzen|sla|slaan) (?:\w+ ){0,4}af",
        r"afwijz\w*",
        r"(?:zie|zien) (?:\w+ )?(?:er van|ervan|daarvan|van) af",
        "(?:zie|zien) af van",
        "afzien",
        "(?:haak|haken) af",
        r"(?:heb|hebben) besloten (?:om )?(?:\w+ ){0,4}niet",
        "niet (?:de juiste|een goede) (?:match|keuze|fit)",
        "(?:trek|trekken) (?:me|mij|ons) terug",
        "af te (?:wijzen|slaan|zien|haken)",
        "niet (?:mee )?akkoord",
        r"niet (?:\w+ ){0,2}(?:verder te gaan|door te gaan|in te gaan|aan te nemen|te accepteren|te aanvaarden|te ondertekenen)",
        "(?:kies|kiezen) (?:ervoor )?(?:om )?niet",
        "niet (?:verder|door) gaan",
        r"(?:sluit|sluiten) (?:\w+ ){0,3}niet aan",
        r"(?:voldoet|voldoen) (?:\w+ ){0,3}niet",
        "geen optie",
        "niet (?:haalbaar|mogelijk|aanvaardbaar|acceptabel)",
        r"(?:laat|laten) (?:\w+ ){0,4}voorbij ?gaan",
        # the English lexicon's "step back"; and a subordinate clause puts the verb last
        r"(?:doe|doen) (?:\w+ )?een stap terug",
        r"niet (?:\w+ )?(?:past|passen|aansluit|aansluiten|werkt|werken)",
        "niet verder (?:zal|zullen|wil|willen) gaan",
    ),
}

DOOR_OPEN: dict[str, str] = {
    "en": r"(\bfuture\b|\brevisit\b|circumstances change|(things|anything|terms) change|"
    r"stay in touch|keep in touch|door (is )?open|reconsider|happy to (talk|reconnect|continue|hear)|"
    r"reach out|hear from you|let me know if|get in touch|down the road|another time|"
    r"work together (someday|again|in)|open to)",
    "es": _phrases(
        r"futur[oa]s?",
        "más adelante",
        "(?:en|seguir en|sigamos en|mantenernos en|mantengamos el|mantener el) contacto",
        "no (?:dudes|dude|duden|dudéis) en",
        "(?:la |las )?puertas? abiertas?",
        r"reconsider\w*",
        r"retom\w*",
        "volver a (?:hablar|conversar|contactar|vernos|hablarlo)",
        "(?:otra|una próxima|la próxima) (?:ocasión|oportunidad|vez)",
        r"(?:encantad\w*|feliz|felices|dispuest\w*|abiert\w*) (?:a|de) (?:\w+ )?"
        "(?:hablar|retomar|conversar|escuchar|revisar|volver|explorar)",
        r"abiert\w* a",
        "(?:a su|a tu|a vuestra) disposición",
        "(?:avísame|avíseme|avísenme|avisadme|hágamelo saber|házmelo saber)",
        r"a (?:\w+ )?disposición",
        r"(?:si|cuando|en caso de que) (?:\w+ ){0,4}(?:cambi|vari|modific)\w*",
    ),
    "fr": _phrases(
        "(?:le|un|du|dans le|proche) futur",
        "(?:à l'|dans l')avenir",
        "plus tard",
        "(?:rester|restons|resterons|garder|gardons|gardez|garde) (?:le |en )?contact",
        "n'hésit(?:ez|e) pas",
        r"porte (?:\w+ ){0,2}ouverte",
        r"reconsidér\w*",
        "(?:revenir|revenez|reviens|reviendrai|reviendrons) vers (?:moi|nous|vous)",
        "(?:reprendre|reprenons) (?:contact|la discussion|les discussions|nos échanges)",
        r"recontacter\w*",
        "recontactez",
        r"rediscut\w*",
        "en reparler",
        "(?:une autre|une prochaine|la prochaine) (?:fois|occasion)",
        r"ouvert\w* à",
        "(?:à votre|à ta) disposition",
        "(?:reste|restons|resterai|resterons) disponibles?",
        r"si (?:\w+ ){0,4}(?:chang|évolu)\w*",
        "en cas (?:de |d')(?:changement|évolution)",
        r"(?:reste|restons|resterai|resterons) (?:\w+ )?ouverte?s?",
        "repar(?:ler|lerons|lerai)",
        r"reprendre (?:\w+ ){0,2}(?:conversation|discussion|échanges?|contact)",
        "avenir",
        "au plaisir",
        "ultérieurement",
        "à l'occasion",
        r"recrois\w*",
    ),
    "de": _phrases(
        "zukunft",
        r"zukünftig\w*",
        r"künftig\w*",
        r"später\w*",
        "(?:in|im) kontakt",
        "(?:melden sie sich|meld dich|melde dich|meldet euch)",
        "(?:melde|melden) (?:mich|uns) (?:gerne |gern )?(?:wieder|erneut)",
        "(?:kommen sie|komm) (?:gerne |gern )?(?:wieder )?auf (?:mich|uns) zu",
        r"tür (?:\w+ ){0,2}offen",
        r"(?:wenn|falls|sobald|sollte|sollten) sich (?:\w+ ){0,4}änder\w*",
        r"überdenk\w*",
        r"noch einmal (?:\w+ ){0,2}(?:sprechen|reden|ansehen|darüber)",
        "ein andermal",
        "wieder (?:aufgreifen|aufnehmen|sprechen|zusammenarbeiten|zusammenkommen)",
        "offen für",
        "gerne (?:wieder|erneut)",
        "zur verfügung",
        "(?:andere|anderen|nächste|nächsten) gelegenheit",
        "bei gelegenheit",
        "aufeinander zu",
    ),
    "pt": _phrases(
        r"futur[oa]s?",
        "futuramente",
        "mais (?:à frente|adiante|tarde)",
        "(?:em|manter|mantemos|mantenhamos|manteremos|mantenho) (?:o )?contac?to",
        "(?:fique|fiquem|fica) à vontade",
        "não (?:hesite|hesitem|hesites)",
        r"portas? (?:\w+ ){0,2}abertas?",
        r"reconsider\w*",
        r"retom\w*",
        "voltar a (?:conversar|falar|negociar|conversarmos|falarmos)",
        "(?:outra|próxima|uma próxima) (?:oportunidade|ocasião|vez)",
        "abert[oa]s? a",
        "(?:à sua|à tua|à vossa) disposição",
        "(?:me|nos) (?:avise|avisem|avisa)",
        r"(?:se|caso|quando) (?:\w+ ){0,4}(?:mud|alter)\w*",
        r"à (?:\w+ )?disposição",
        "(?:numa|em uma|uma) próxima",
        "(?:me|nos) procur(?:e|ar|em)",
        "oportunamente",
        r"reavali\w*",
    ),
    "it": _phrases(
        r"futur[oa]",
        "futuri",
        "più avanti",
        "in contatto",
        "non (?:esiti|esitate|esitare)",
        r"porta (?:\w+ ){0,2}apert\w*",
        r"riconsider\w*",
        r"ripren\w*",
        "(?:risentirci|risentiamoci|ci risentiamo|ci sentiamo)",
        r"ricontatt\w*",
        "(?:un'altra|una prossima|la prossima|un'altra) (?:volta|occasione)",
        "apert[oaie] a",
        "a (?:sua|tua|vostra) disposizione",
        "(?:mi|ci) (?:faccia|facciate|fai) sapere",
        "(?:fammi|fateci|fatemi|facci) sapere",
        r"(?:se|qualora|nel caso|quando) (?:\w+ ){0,4}(?:cambi|mut|evolv)\w*",
        "in caso di (?:cambiamenti|novità)",
        r"(?:resto|rimango|restiamo|rimaniamo|restando|rimanendo) a (?:\w+ )?disposizione",
        r"riparl\w*",
        "tornare a (?:parlare|sentirci|discutere|parlarne)",
        "più in là",
    ),
    "nl": _phrases(
        r"toekomst\w*",
        "(?:op een )?later (?:moment|tijdstip)",
        "later (?:nog eens|opnieuw|weer)",
        r"(?:als|zodra|mocht|mochten|indien) (?:\w+ ){0,4}(?:verander|wijzig)\w*",
        "in contact (?:blijven|houden)",
        "contact houden",
        "(?:houd|houden|hou) contact",
        r"neem (?:\w+ ){0,3}contact (?:\w+ ){0,2}op",
        "laat (?:het )?(?:me|mij|ons) (?:gerust )?weten",
        "aarzel niet",
        r"deur (?:\w+ ){0,2}open",
        r"heroverweg\w*",
        "een andere keer",
        "(?:sta|staan|staat) open voor",
        "openstaan",
        "graag (?:weer|opnieuw|verder) (?:praten|spreken|samenwerken)",
        "(?:op|tot) een volgende keer",
        r"(?:sta|staan|staat) (?:\w+ ){0,2}open",
        "later stadium",
        r"(?:houd|houden|hou|blijf|blijven) (?:\w+ ){0,2}op de hoogte",
        r"neemt (?:\w+ ){0,3}contact (?:\w+ ){0,2}op",
        "schroom niet",
        "contact (?:opnemen|op te nemen)",
        r"opnieuw (?:\w+ )?(?:bekijken|bespreken|praten|spreken|kijken)",
        "in gesprek",
        "(?:volgende|andere) (?:keer|gelegenheid)",
    ),
}

RUDE: dict[str, str] = {
    "en": r"\b(idiot\w*|stupid|moron\w*|crooks?|scam\w*|liars?|lying|cheat\w*|rip[- ]?off|thie(f|ves)|"
    r"pathetic|disgrace\w*|incompetent|ridiculous|insult\w*|joke|clowns?|garbage|trash|shame|"
    r"dare|greedy|dishonest|sue|lawsuit|court|lawyers?|regret|sorry you|expose|report you|"
    r"never again|yeah,? right|hell|damn|screw\w*|sucks?|useless|absurd|outrageous|unacceptable|"
    r"bad faith|threat\w*|or else|wasted? (my|our) time)\b",
    "es": _phrases(
        r"idiotas?",
        r"estúpid[oa]s?",
        r"imb[é]cil(?:es)?",
        "(?:son|sois|eres|es|qué|muy|unos|unas) tont[oa]s?",
        r"ladr(?:ón|ones|ona|onas)",
        r"estaf(?:a|as|ador\w*|ad[oa]s?|ar\w*)",
        r"timador\w*",
        r"mentiros[oa]s?",
        "mienten?",
        r"mentiras?",
        r"trampos[oa]s?",
        r"sinvergüenzas?",
        r"ridícul[oa]s?",
        r"patétic[oa]s?",
        "vergüenza",
        r"vergonzos[oa]s?",
        r"incompetentes?",
        "basura",
        "broma",
        "chiste",
        r"payas[oa]s?",
        r"codicios[oa]s?",
        r"avaricios[oa]s?",
        r"deshonest[oa]s?",
        r"demandar\w*",
        r"abogad[oa]s?",
        r"(?:a los|ante los|en los|ante el|al|en el|un) tribunal(?:es)?",
        r"amenaz\w*",
        "o si no",
        "nunca más",
        r"maldit[oa]s?",
        "mierda",
        "carajo",
        "joder",
        r"indignante",
        r"escandalos[oa]s?",
        r"inaceptables?",
        r"absurd[oa]s?",
        "mala fe",
        r"(?:perder|perdí|perdimos|pérdida de) (?:el |mi |nuestro )?tiempo",
        r"(?:te|se) (?:vas|va|van) a arrepentir",
        r"(?:te|se) arrepentirá\w*",
        r"denunciar\w*",
    ),
    "fr": _phrases(
        r"idiot(?:e|s|es)?",
        r"stupides?",
        r"imb[é]ciles?",
        r"cr[é]tin(?:e|s|es)?",
        r"abruti\w*",
        r"escrocs?",
        r"arnaqu\w*",
        r"voleur\w*",
        r"voleuses?",
        r"menteur\w*",
        r"menteuses?",
        r"mensonges?",
        r"tricheur\w*",
        "(?:est|sont|c'est|vraiment|complètement|totalement|offre|proposition|prix) ridicules?",
        "ridiculement",
        r"pathétiques?",
        "honte",
        r"honteu(?:x|se|ses)",
        "incompétentes?",
        "incomp[é]tents",
        "c'est nul",
        "poubelle",
        "(?:une|quelle|c'est une) blague",
        r"cupides?",
        r"malhonnêtes?",
        r"procès",
        "en justice",
        r"avocats?",
        r"(?:au|devant le|devant les|aux) tribuna(?:l|ux)",
        "(?:des|vos|tes|ces|de) menaces",
        r"menac(?:ez|ent|çant\w*)",
        "sinon vous",
        "plus jamais",
        "putain",
        "merde",
        "bordel",
        "mauvaise foi",
        r"(?:perdre|perdu|gaspiller|gaspillé|perte de) (?:\w+ )?(?:mon |notre )?temps",
        r"scandaleu(?:x|se|ses)",
        "(?:c'est|est|sont|totalement|tout à fait) inadmissibles?",
        r"inacceptables?",
        r"absurdes?",
        r"regretterez",
        r"dénoncer\w*",
    ),
    "de": _phrases(
        r"idiot(?:en)?",
        "dumm(?:e|er|es|en|kopf|köpfe)?",
        r"blöd\w*",
        r"trottel\w*",
        r"betrüg\w*",
        r"betrug\w*",
        r"abzock\w*",
        "diebe?",
        r"lügner\w*",
        "lügen",
        "gelogen",
        r"schwindler\w*",
        r"lächerlich\w*",
        r"erbärmlich\w*",
        "schande",
        "frechheit",
        r"unverschämt\w*",
        r"inkompetent\w*",
        "(?:ein|der|so ein|reiner) witz",
        r"clowns?",
        "(?:so ein|reiner|totaler) müll",
        r"gierig\w*",
        r"unehrlich\w*",
        r"verklag\w*",
        r"\w*anwält\w*",
        "vor gericht",
        r"droh\w*",
        "nie wieder",
        r"scheiß\w*",
        r"scheiße",
        r"verdammt\w*",
        r"verarsch\w*",
        r"zeitverschwendung",
        r"(?:meine|unsere) zeit (?:\w+ )?verschwendet",
        r"inakzeptabel\w*",
        r"unannehmbar\w*",
        r"empörend\w*",
        r"(?:werden|wirst) (?:das|es) bereuen",
    ),
    "pt": _phrases(
        r"idiotas?",
        r"estúpid[oa]s?",
        r"imbecil",
        r"imbecis",
        r"ladr(?:ão|ões|ona|onas)",
        r"golpistas?",
        "golpe",
        r"vigaristas?",
        r"fraude",
        r"mentiros[oa]s?",
        r"mentiras?",
        r"trapaceir[oa]s?",
        r"ridícul[oa]s?",
        r"patétic[oa]s?",
        "vergonha",
        r"vergonhos[oa]s?",
        r"incompetentes?",
        "lixo",
        "piada",
        r"palhaç[oa]s?",
        r"ganancios[oa]s?",
        r"desonest[oa]s?",
        r"(?:vou|vamos) processar",
        r"processá-l[oa]s?",
        r"advogad[oa]s?",
        "(?:no|ao|em|num) tribunal",
        r"ameaç\w*",
        "senão vai",
        "nunca mais",
        "droga",
        "merda",
        "porra",
        "má[- ]fé",
        r"(?:perder|perdi|perdemos|perda de) (?:o |meu |nosso )?(?:meu |nosso )?tempo",
        r"inaceitáve(?:l|is)",
        r"absurd[oa]s?",
        r"ultrajantes?",
        r"escandalos[oa]s?",
        r"(?:vai|vão) se arrepender",
        r"denunciar\w*",
    ),
    "it": _phrases(
        r"idiot[aie]",
        r"stupid[oaie]",
        r"imbecill[ei]",
        r"cretin[oaie]",
        r"scem[oaie]",
        r"truff(?:a|e|ator[ei]|atric[ei]|at[oaie])",
        r"ladr[oi]",
        r"ladr[ae]",
        r"bugiard[oaie]",
        r"(?:avete|hai|ha) mentito",
        r"imbroglion[ei]",
        r"ridicol[oaie]",
        r"patetic[oaie]",
        r"patetiche",
        "vergogna",
        r"vergognos[oaie]",
        r"incompetent[ei]",
        "spazzatura",
        "schifo",
        r"barzellett[ae]",
        r"pagliacc(?:io|i)",
        r"avid[oaie]",
        r"disonest[oaie]",
        "fare causa",
        r"avvocat[oi]",
        "tribunale",
        r"minacc(?:i\w*|e)",
        "mai più",
        r"maledett[oaie]",
        "cazzo",
        "merda",
        "fregatura",
        "mala ?fede",
        r"(?:perdere|perso|perdita di) (?:il )?(?:mio |nostro )?tempo",
        r"inaccettabil[ei]",
        r"assurd[oaie]",
        r"scandalos[oaie]",
        r"(?:ve ne|se ne|te ne) pentir\w*",
        r"(?:vi|ti|la|lo|li|le) denunc\w*",
        r"denunce(?:rò|remo)",
        "denunciare",
    ),
    "nl": _phrases(
        "idioot",
        "idioten",
        "stom",
        "stomme",
        r"oplicht\w*",
        "dief",
        "dieven",
        r"leugenaar\w*",
        "liegen",
        "gelogen",
        r"bedrieger\w*",
        r"belachelijk\w*",
        "zielig",
        "schande",
        r"schandalig\w*",
        r"onbekwaam\w*",
        "een grap",
        "vuilnis",
        r"hebzuchtig\w*",
        r"inhalig\w*",
        r"oneerlijk\w*",
        r"aanklag\w*",
        r"rechtszaak\w*",
        "(?:mijn|onze|een|de) advocaat",
        "advocaten",
        "rechtbank",
        r"dreig\w*",
        r"bedreig\w*",
        "nooit meer",
        "verdomme",
        "godverdomme",
        "kut",
        r"klote\w*",
        "kwade trouw",
        "tijdverspilling",
        r"(?:mijn|onze) tijd (?:\w+ )?verspild",
        r"onaanvaardbaar\w*",
        r"onacceptabel\w*",
        r"spijt (?:van )?krijgen",
        r"krijg(?:t|en)? (?:er )?spijt",
    ),
}

# A rival offer or party that the user may not have mentioned.
RIVAL: dict[str, str] = {
    "en": r"\b(other|another|competing|better|rival|second|higher) (offer|quote|bid|proposal|candidate)s?\b|"
    r"\bcompetitors?\b|\bother (supplier|vendor|company|companies|dealer|buyer|landlord|firm)s?\b",
    "es": _phrases(
        r"(?:otra|otras|otro|otros|una mejor|mejores|segunda) (?:ofertas?|propuestas?"
        r"|cotizaci(?:ón|ones)|presupuestos?|candidat[oa]s?)",
        r"(?:ofertas?|propuestas?|cotizaci(?:ón|ones)|presupuestos?) (?:mejor|mejores|más altas?"
        r"|competidoras?|de la competencia)",
        r"competidor(?:es|a|as)?",
        "la competencia",
        r"(?:otr[oa]s?) (?:proveedor(?:es)?|vendedor(?:es)?|empresas?|compañías?|concesionarios?"
        r"|compradores?|caseros?|arrendadores?|firmas?)",
    ),
    "fr": _phrases(
        r"(?:autre|autres|une meilleure|de meilleures|deuxième|seconde) (?:offres?|propositions?"
        r"|devis|candidat\w*)",
        r"(?:offres?|propositions?|devis) (?:concurrent\w*|plus élevée?s?|meilleure?s?"
        "|plus intéressante?s?)",
        "concurrentes?",
        r"(?:un|le|les|des|nos|vos|mes|d'un|d'autres|chez un) concurrents?",
        "la concurrence",
        r"(?:autre|autres) (?:fournisseurs?|vendeurs?|entreprises?|sociétés?|concessionnaires?"
        r"|acheteurs?|bailleurs?|propriétaires?|cabinets?|agences?)",
    ),
    "de": _phrases(
        r"ander(?:e|er|es|en|em) (?:angebot\w*|offerte\w*|kandidat\w*|bewerber\w*|anbieter\w*"
        r"|lieferant\w*|händler\w*|käufer\w*|vermieter\w*|firm\w*|unternehmen)",
        r"(?:besser|höher|zweit)(?:e|es|en|er)? (?:angebot\w*|offerte\w*|gebot\w*)",
        r"konkurren\w*",
        r"wettbewerber\w*",
        r"mitbewerber\w*",
    ),
    "pt": _phrases(
        r"(?:outra|outras|outro|outros|segunda|uma melhor) (?:ofertas?|propostas?"
        r"|cotaç(?:ão|ões)|orçamentos?|candidat[oa]s?)",
        r"(?:ofertas?|propostas?|orçamentos?) (?:melhor|melhores|mais altas?|concorrentes?)",
        r"concorrentes?",
        "concorrência",
        r"(?:outr[oa]s?) (?:fornecedor(?:es)?|vendedor(?:es)?|empresas?|companhias?"
        r"|concessionárias?|compradores?|senhorios?|firmas?|imobiliárias?)",
    ),
    "it": _phrases(
        r"(?:altra|altre|un'altra|seconda|altro|altri|un altro|secondo) (?:offert[ae]|propost[ae]"
        r"|preventiv[oi]|candidat[oaie])",
        r"(?:offert[ae]|propost[ae]|preventiv[oi]) (?:migliore|migliori|più alt[ae]|concorrent[ei])",
        r"un'offerta migliore",
        r"concorrent[ei]",
        "concorrenza",
        r"(?:altr[oaie]|un altro|un'altra) (?:fornitor[ei]|venditor[ei]|aziend[ae]|società"
        r"|concessionari[oa]?|acquirent[ei]|proprietari[oa]?|ditt[ae])",
    ),
    "nl": _phrases(
        r"(?:ander|andere|beter|betere|hoger|hogere|tweede) (?:bod|biedingen|bieding|aanbod"
        r"|aanbieding|aanbiedingen|offerte|offertes|voorstel|voorstellen|kandida(?:at|ten))",
        "(?:een|de|andere) concurrent",
        "concurrenten",
        "concurrentie",
        r"(?:andere|een andere|ander) (?:leverancier|leveranciers|verkoper|verkopers|bedrijf"
        "|bedrijven|dealer|dealers|koper|kopers|verhuurder|verhuurders|firma)",
    ),
}

DEADLINE: dict[str, str] = {
    "en": r"\b(by|before|until|no later than) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tomorrow|tonight|end of|the end of|next)\b|\bdeadline\b|\bwithin \d+\b",
    "es": _phrases(
        rf"(?:antes del?|hasta el|hasta|a más tardar el|a más tardar|para el) (?:{_DAYS['es']}"
        r"|mañana|esta noche|fin de|final de|próxim\w*)",
        "fecha límite",
        "el plazo",
        r"plazo (?:límite|máximo)",
        r"dentro de \d+",
        r"en (?:las próximas )?\d+ (?:horas|días)",
    ),
    "fr": _phrases(
        rf"(?:avant|d'ici|jusqu'à|jusqu'au|au plus tard) (?:{_DAYS['fr']}|demain|ce soir|la fin"
        r"|fin|le \d+|\d+|la semaine prochaine)",
        "date limite",
        "date butoir",
        "dernier délai",
        "délai de réponse",
        "au plus tard",
        r"(?:dans les|sous) \d+",
    ),
    "de": _phrases(
        rf"(?:bis|vor|spätestens|bis spätestens|bis zum|bis ende|bis zum ende) (?:{_DAYS['de']}"
        r"|morgen|heute abend|ende|nächst\w*)",
        r"frist(?:en)?",
        "spätestens",
        "deadline",
        r"(?:innerhalb|binnen) (?:von )?\d+",
    ),
    "pt": _phrases(
        rf"(?:até|antes de|antes da|antes do|no máximo até) (?:{_DAYS['pt']}|amanhã|hoje à noite"
        r"|o fim|o final|ao fim|a próxima|o próximo)",
        "o prazo",
        r"prazo (?:final|limite|máximo)",
        "data limite",
        r"(?:dentro de|em até|nas próximas) \d+",
    ),
    "it": _phrases(
        rf"(?:entro|prima di|non oltre|entro e non oltre) (?:{_DAYS['it']}|domani|stasera|la fine"
        r"|fine|il prossimo|la prossima|\d+)",
        r"scadenz[ae]",
        "termine ultimo",
        "data limite",
    ),
    "nl": _phrases(
        rf"(?:voor|vóór|uiterlijk|tot|uiterlijk op) (?:{_DAYS['nl']}|morgen|vanavond|het einde"
        r"|eind|einde|volgende)",
        r"uiterlijk (?:op|om|\d+)",
        "deadline",
        r"binnen \d+",
    ),
}

_APPRECIATION = _lexicon(APPRECIATION)
_DECISION = _lexicon(DECISION)
_DOOR = _lexicon(DOOR_OPEN)
_RUDE = _lexicon(RUDE)
_RIVAL = _lexicon(RIVAL)
_DEADLINE = _lexicon(DEADLINE)
_NUMBER = re.compile(r"\d[\d,.]*")


def _numbers(text: str) -> set[str]:
    return {n.strip(".,").replace(",", "") for n in _NUMBER.findall(text)}


def judge_exit(
    channel: str,
    subject: str | None,
    body: str,
    situation: str,
    counterparty: str | None = None,
) -> dict[str, bool]:
    """One boolean per exit_rubric id of the taxonomy. `counterparty`, the name the case
    gives, is read as a name: "Hi Sue" is no threat to sue."""
    full = f"{subject or ''}\n{body}"
    toned = full.replace(counterparty, "them") if counterparty else full
    words = len(body.split())
    sentences = len([s for s in re.split(r"[.!?]+\s", body.strip()) if s.strip()])
    if channel == "email":
        concise = bool(subject and subject.strip()) and words <= 200
    elif channel == "text":
        concise = sentences <= 5 and len(body) <= 480
    else:
        concise = words <= 170
    rival_invented = bool(_RIVAL.search(full)) and not _RIVAL.search(situation)
    deadline_invented = bool(_DEADLINE.search(full)) and not _DEADLINE.search(situation)
    numbers_invented = bool(_numbers(full) - _numbers(situation))
    return {
        "appreciation": bool(_APPRECIATION.search(full)),
        "clear_decision": bool(_DECISION.search(full)),
        "door_open": bool(_DOOR.search(full)),
        "neutral_tone": not _RUDE.search(toned) and "!!" not in full,
        "no_fabrication": not (rival_invented or deadline_invented or numbers_invented),
        "concise": concise,
    }


JUDGE_RUNS = 3


def llm_judge_exit(
    runtime, channel: str, subject: str | None, body: str, situation: str
) -> dict[str, bool]:  # noqa: ANN001
    """The optional LLM judge: the pinned rubric of prompts/judge_exit.md, one run."""
    from pydantic import create_model

    from assistant.engines.fallback import retrying
    from assistant.engines.llm import invoke_structured
    from assistant.rules import load_taxonomy

    rubric_ids = list(load_taxonomy().exit_rubric)
    fields: dict[str, Any] = {rid: (bool, ...) for rid in rubric_ids}
    verdict_model = create_model("_ExitJudgement", **fields)
    message = f"Subject: {subject}\n\n{body}" if subject else body
    inputs = {"channel": channel, "situation": situation, "message": message}
    answer = retrying(
        lambda: invoke_structured(runtime, "judge_exit", verdict_model, inputs),
        runtime.settings.max_retries,
        runtime.settings.retry_backoff_s,
    )
    return {rid: bool(getattr(answer, rid)) for rid in rubric_ids}
