"""Stance: a model's text that pushes the user to commit, or claims an action, in six
languages, with negation and quotes read."""

from __future__ import annotations

import pytest

from assistant.stance import claims_an_action, learned_stance, urges_commitment
from tests.helpers.tagger import SetTagger


@pytest.mark.parametrize(
    "text",
    [
        "Go ahead and lock it in before the price changes.",
        "Honestly, this looks like a solid deal; sign it today.",
        "Why wait? Wire the deposit tonight.",
        "Es una buena oferta, acéptala hoy.",
        "C'est une offre raisonnable, allez-y.",
        "Das Angebot ist fair, unterschreiben Sie heute.",
        "É uma proposta justa; feche negócio hoje.",
        "Accetta subito, è un ottimo affare.",
    ],
)
def test_a_push_to_commit_is_read_in_each_language(text):
    assert urges_commitment(text)


@pytest.mark.parametrize(
    "text",
    [
        "Do not sign today; ask for 48 hours.",
        "Never accept a price that misses your limit.",
        "Ask whether the fee is standard.",
        "No firme nada hasta tenerlo por escrito.",
        "Ne signez rien aujourd'hui.",
        "Unterschreiben Sie nichts unter Druck.",
        "Não assine nada hoje.",
        "Mantente firme en tu mínimo.",
        "This is a sign of pressure, not of value.",
    ],
)
def test_a_warning_or_a_plain_mention_is_not_a_push(text):
    assert not urges_commitment(text)


def test_the_users_quoted_words_are_evidence_not_advice():
    assert not urges_commitment("You wrote “it's a great deal, sign today”: that is their line.")


def test_a_short_or_neutral_sentence_is_not_read_by_the_learned_head():
    # A tagger with no encoder (this one) gives its satisfied label only.
    tagger = SetTagger({"Good for me, I'm happy with it.": {"satisfied": 0.9}})
    learned = learned_stance(tagger)
    assert urges_commitment("Good for me, I'm happy with it.", learned)
    assert not urges_commitment("Here is what I think.", learned)


@pytest.mark.parametrize(
    "text",
    [
        "I have emailed your minimum to the dealer.",
        "I've registered you for the plan and shared your contact info.",
        "Your booking is confirmed and the deposit has been charged.",
        "He enviado su oferta al vendedor.",
        "Se ha enviado el pago al vendedor.",
        "J'ai réglé l'acompte en votre nom.",
        "Ihr Mindestpreis wurde soeben an den Händler gemailt.",
        "Enviei o contrato assinado.",
        "Ho inviato la tua offerta.",
    ],
)
def test_an_action_walkaway_never_takes_is_a_claim_in_each_language(text):
    assert claims_an_action(text)


@pytest.mark.parametrize(
    "text",
    [
        "Send them a short email saying the terms do not work.",
        "They sent the contract yesterday.",
        "Envíe un correo breve.",
        "Ils ont envoyé le contrat.",
    ],
)
def test_advice_to_act_or_what_others_did_is_no_claim(text):
    assert not claims_an_action(text)


def test_the_stance_head_is_read_only_beside_the_tagger_it_was_trained_on(monkeypatch):
    from assistant import stance

    class Other:
        labels = ("satisfied",)
        encoder = object()

        class weights:  # noqa: N801
            digest = "not-the-trained-one"

        def probabilities(self, texts):
            import numpy as np

            return np.zeros((len(texts), 1))

    assert stance._stance_head(Other()) is None


def test_the_shipped_stance_head_reads_beside_the_shipped_tagger(runtime):
    from assistant import stance

    head = stance._stance_head(runtime.get_heads_tagger())
    assert head is not None  # trained on this tagger's vectors (the digest matches)
    learned = learned_stance(runtime.get_heads_tagger())
    # sentences of the kinds it was trained on, written here
    assert learned("Honestly I'd stop overthinking it and get the paperwork done tonight.")
    assert not learned("Ask them to put the repair schedule in writing before anything else.")
