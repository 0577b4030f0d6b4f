"""The examiner's exit judge reads drafts in English, Spanish, French, German, Portuguese,
Italian and Dutch. The drafts below are written for these tests, not taken from the product."""

from __future__ import annotations

import re

import pytest

from evals.judges import (
    APPRECIATION,
    DEADLINE,
    DECISION,
    DOOR_OPEN,
    LANGUAGES,
    RIVAL,
    RUDE,
    judge_exit,
)

LEXICONS = {
    "appreciation": APPRECIATION,
    "clear_decision": DECISION,
    "door_open": DOOR_OPEN,
    "rude": RUDE,
    "rival": RIVAL,
    "deadline": DEADLINE,
}

# One case per language: the situation the user gave, a warm email that passes every rubric
# item, a draft that accepts the deal, a rude draft, and one that invents a rival offer.
CASES = {
    "es": {
        "situation": "El concesionario no quiso bajar el precio y se queda por encima de mi presupuesto.",
        "subject": "Sobre la furgoneta",
        "warm": (
            "Hola Marta, muchas gracias por tu tiempo y por la oferta. Lo he pensado con calma "
            "y no voy a seguir adelante: las condiciones no encajan con mi presupuesto. Si algo "
            "cambia más adelante, estaré encantado de volver a hablar. Un saludo."
        ),
        "accepts": (
            "Hola Marta, gracias por la oferta. Acepto la oferta y me encantaría cerrar el trato "
            "pronto. Un saludo."
        ),
        "rude": (
            "Gracias por nada. Son unos estafadores y esta oferta es una vergüenza. No voy a "
            "seguir adelante."
        ),
        "rival": (
            "Gracias por tu tiempo. Tengo otra oferta mejor, así que no voy a seguir adelante. "
            "Si algo cambia, hablamos."
        ),
    },
    "fr": {
        "situation": "Le vendeur n'a pas voulu baisser son prix, qui dépasse mon budget.",
        "subject": "Votre proposition",
        "warm": (
            "Bonjour Claire, merci beaucoup pour votre temps et pour votre proposition. Après "
            "réflexion, je ne vais pas y donner suite : les conditions ne correspondent pas à mon "
            "budget. Si la situation évolue, je serais ravi d'en reparler. Bien cordialement,"
        ),
        "accepts": (
            "Bonjour Claire, merci pour votre proposition. J'accepte votre offre avec plaisir et "
            "je me réjouis de la suite. Bien cordialement,"
        ),
        "rude": (
            "Merci pour rien. Vous êtes des escrocs et cette offre est ridicule. Je ne vais pas "
            "donner suite."
        ),
        "rival": (
            "Merci pour votre temps. J'ai reçu une meilleure offre ailleurs, donc je ne vais pas "
            "donner suite. Restons en contact."
        ),
    },
    "de": {
        "situation": "Der Händler wollte beim Preis nicht nachgeben, er liegt über meinem Budget.",
        "subject": "Ihr Angebot",
        "warm": (
            "Hallo Herr Becker, vielen Dank für Ihre Zeit und Ihr Angebot. Nach reiflicher "
            "Überlegung werde ich das Angebot nicht annehmen, da die Konditionen leider nicht zu "
            "meinem Budget passen. Wenn sich etwas ändert, melden Sie sich gerne jederzeit. "
            "Freundliche Grüße"
        ),
        "accepts": (
            "Hallo Herr Becker, vielen Dank für Ihr Angebot. Ich nehme es gerne an und freue mich "
            "auf die Zusammenarbeit. Freundliche Grüße"
        ),
        "rude": (
            "Danke für nichts. Das ist eine Frechheit, Sie sind Betrüger. Ich nehme das Angebot "
            "nicht an."
        ),
        "rival": (
            "Danke für Ihre Zeit. Ich habe ein besseres Angebot von der Konkurrenz, daher lehne "
            "ich ab. Vielleicht in Zukunft."
        ),
    },
    "pt": {
        "situation": "A loja não baixou o preço e ficou acima do meu orçamento.",
        "subject": "Sobre a proposta",
        "warm": (
            "Olá Ana, muito obrigado pelo seu tempo e pela proposta. Pensei com calma e não vou "
            "seguir adiante, porque as condições não se encaixam no meu orçamento. Se algo mudar "
            "no futuro, fico à sua disposição para voltar a conversar. Um abraço,"
        ),
        "accepts": (
            "Olá Ana, obrigado pela proposta. Aceito a oferta e fico feliz em fechar negócio. "
            "Um abraço,"
        ),
        "rude": (
            "Obrigado por nada. Vocês são uns vigaristas e essa proposta é uma piada. Não vou "
            "seguir."
        ),
        "rival": (
            "Obrigado pelo seu tempo. Recebi outra proposta melhor, então não vou seguir "
            "adiante. Vamos manter contato."
        ),
    },
    "it": {
        "situation": "Il venditore non ha voluto abbassare il prezzo, che supera il mio budget.",
        "subject": "La vostra offerta",
        "warm": (
            "Buongiorno Luca, grazie mille per il tempo e per l'offerta. Ci ho pensato con "
            "attenzione e non posso accettare, perché le condizioni non sono in linea con il mio "
            "budget. Se qualcosa dovesse cambiare in futuro, sarei felice di risentirci. "
            "Cordiali saluti,"
        ),
        "accepts": (
            "Buongiorno Luca, grazie per l'offerta. Accetto volentieri e sono felice di "
            "procedere. Cordiali saluti,"
        ),
        "rude": (
            "Grazie per niente. Siete dei truffatori e questa offerta è ridicola. Non posso "
            "accettare."
        ),
        "rival": (
            "Grazie per il tempo. Ho ricevuto un'altra offerta più alta, quindi non posso "
            "accettare. Restiamo in contatto."
        ),
    },
    "nl": {
        "situation": "De verkoper wilde niet zakken in prijs en zit boven mijn budget.",
        "subject": "Jullie aanbod",
        "warm": (
            "Hoi Sanne, hartelijk dank voor je tijd en het aanbod. Ik heb er goed over "
            "nagedacht, maar ik ga er niet op in: de voorwaarden passen helaas niet bij mijn "
            "budget. Als er in de toekomst iets verandert, hoor ik het graag. Groeten,"
        ),
        "accepts": (
            "Hoi Sanne, bedankt voor het aanbod. Ik neem het graag aan en kijk uit naar de "
            "samenwerking. Groeten,"
        ),
        "rude": (
            "Bedankt voor niets. Jullie zijn oplichters en dit aanbod is belachelijk. Ik ga er "
            "niet op in."
        ),
        "rival": (
            "Bedankt voor je tijd. Ik heb een beter bod van een andere dealer, dus ik ga er niet "
            "op in. Laten we contact houden."
        ),
    },
}
FOREIGN = sorted(CASES)

# The same decisions typed the way people often type them: no accents, no umlauts.
UNACCENTED = {
    "es": "Muchas gracias por su tiempo. Lamentablemente no podre aceptar la propuesta. Si las "
    "condiciones cambian en el futuro, con gusto volvemos a hablar.",
    "fr": "Merci pour votre offre. Apres reflexion, nous ne pouvons pas accepter. N'hesitez pas "
    "a revenir vers moi si les choses evoluent.",
    "de": "Vielen Dank fuer das Gespraech. Das Angebot passt leider nicht. Falls sich die "
    "Umstaende aendern, melde ich mich gerne wieder.",
    "pt": "Agradeco muito a proposta, mas nao posso aceitar. Se algo mudar, nao hesite em me "
    "procurar.",
    "it": "Grazie per l’offerta. Purtroppo non e quello che cerco e non posso procedere. Se le "
    "condizioni cambiano, restiamo in contatto.",
}

# English text must be judged exactly as before: foreign words spelled like English ones
# (refuse, futures, concurrent, dummy, tribunal, advocaat, dank, imbecile...) add nothing.
ENGLISH = [
    "Thanks so much for your time. The terms don't work for me, so I'll pass on this one. "
    "If anything changes, let me know.",
    "I appreciate the offer, but I cannot accept it. Happy to talk again in the future.",
    "I refuse to sign. The futures desk runs concurrent trades on dummy accounts.",
    "The tribunal heard the advocaat case; a dank cellar, an imbecile cretin, a menace.",
    "You are crooks and I will never again deal with you. I have another offer by Friday.",
    "We ridicule the decliner; the estafette brought truffles, incompetents and a tonto.",
]


def test_every_lexicon_covers_every_language():
    for name, lexicon in LEXICONS.items():
        assert tuple(lexicon) == LANGUAGES, name
        for language, pattern in lexicon.items():
            assert re.compile(pattern, re.IGNORECASE), (name, language)


@pytest.mark.parametrize("language", FOREIGN)
def test_a_warm_exit_passes_every_rubric_item(language):
    case = CASES[language]
    for channel, subject in (("email", case["subject"]), ("text", None), ("phone", None)):
        checks = judge_exit(channel, subject, case["warm"], case["situation"])
        assert all(checks.values()), (channel, checks)


@pytest.mark.parametrize("language", FOREIGN)
def test_a_draft_that_accepts_the_offer_is_no_clear_decision(language):
    case = CASES[language]
    checks = judge_exit("email", case["subject"], case["accepts"], case["situation"])
    assert checks["clear_decision"] is False
    assert checks["appreciation"] and checks["neutral_tone"]


@pytest.mark.parametrize("language", FOREIGN)
def test_a_rude_draft_fails_neutral_tone(language):
    case = CASES[language]
    checks = judge_exit("email", case["subject"], case["rude"], case["situation"])
    assert checks["neutral_tone"] is False
    assert checks["clear_decision"]


@pytest.mark.parametrize("language", FOREIGN)
def test_a_rival_offer_the_situation_never_named_is_a_fabrication(language):
    case = CASES[language]
    checks = judge_exit("email", case["subject"], case["rival"], case["situation"])
    assert checks["no_fabrication"] is False
    assert checks["appreciation"] and checks["clear_decision"] and checks["door_open"]
    # The same draft invents nothing when the user did mention the other offer.
    told = f"{case['situation']} {case['rival']}"
    assert judge_exit("email", case["subject"], case["rival"], told)["no_fabrication"]


DECLINES = [
    "No podemos aceptar su oferta.",
    "Nous ne pouvons malheureusement pas accepter.",
    "Ich lehne das Angebot dankend ab.",
    "Das passt leider nicht.",
    "Não dá para mim.",
    "Non fa per me.",
    "Helaas zie ik ervan af.",
]
ACCEPTS = [
    "Sí, acepto con gusto.",
    "J’accepte votre proposition.",
    "Ich nehme an.",
    "Ich kann es kaum erwarten, ich nehme an.",
    "Combinado, aceito.",
    "Non vedo l'ora di iniziare, accetto.",
    "Geen probleem, ik ga akkoord.",
]


@pytest.mark.parametrize("text", DECLINES)
def test_a_decline_is_a_clear_decision(text):
    assert judge_exit("phone", None, text, "x")["clear_decision"]


@pytest.mark.parametrize("text", ACCEPTS)
def test_an_acceptance_is_not_a_decision_to_decline(text):
    assert not judge_exit("phone", None, text, "x")["clear_decision"]


@pytest.mark.parametrize("language", sorted(UNACCENTED))
def test_drafts_typed_without_accents_are_read_too(language):
    checks = judge_exit("text", None, UNACCENTED[language], CASES[language]["situation"])
    assert all(checks.values()), checks


@pytest.mark.parametrize(
    ("situation", "draft"),
    [
        ("El plazo vence el viernes.", "Gracias, pero no voy a seguir adelante antes del viernes."),
        ("Die Frist endet morgen.", "Danke, aber ich lehne ab und melde mich bis Montag."),
        ("Bisogna rispondere entro venerdì.", "Grazie, ma non posso accettare entro venerdì."),
        ("Ze willen uiterlijk vrijdag antwoord.", "Bedankt, maar het past niet voor vrijdag."),
    ],
)
def test_a_deadline_counts_as_invented_only_when_the_situation_has_none(situation, draft):
    assert judge_exit("text", None, draft, "x")["no_fabrication"] is False
    assert judge_exit("text", None, draft, situation)["no_fabrication"]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_text_is_judged_exactly_as_before(text):
    for name, lexicon in LEXICONS.items():
        english = re.compile(lexicon["en"], re.IGNORECASE)
        combined = re.compile("|".join(f"(?:{p})" for p in lexicon.values()), re.IGNORECASE)
        assert bool(english.search(text)) == bool(combined.search(text)), (name, text)
