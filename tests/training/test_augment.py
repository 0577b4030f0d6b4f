"""The tagger's extra training rows: sentences told of the other gender, and sentences
inside longer ones."""

from __future__ import annotations

import pytest

from training.augment import NAMES, both_genders, in_context, named, other_gender
from training.corpus import Row


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (
            "He said I'd regret it if I walked away now.",
            "She said I'd regret it if I walked away now.",
        ),
        ("She gave her the keys and took her car.", "He gave him the keys and took his car."),
        (
            "The guy told Mr. Lund his price was final.",
            "The woman told Ms. Lund her price was final.",
        ),
        ("I asked her to wait; she said no.", "I asked him to wait; he said no."),
    ],
)
def test_a_sentence_about_a_person_is_told_of_the_other_gender(text, told):
    assert other_gender(text) == told


def test_words_that_only_contain_a_pronoun_are_left_alone():
    text = "The shelf price is the final one, then the checkout adds a fee."
    assert other_gender(text) == text


def test_only_english_rows_that_name_a_gender_are_told_again():
    rows = [
        Row("a", "He says the price ends tonight.", ("false_urgency",)),
        Row("b", "The price ends tonight.", ("false_urgency",)),
        Row("c", "Él dice que he de firmar hoy.", ("false_urgency",), language="es"),
    ]
    swapped = both_genders(rows)
    assert [(row.text, row.labels) for row in swapped] == [
        ("She says the price ends tonight.", ("false_urgency",))
    ]


def test_a_sentence_in_context_keeps_its_labels_beside_a_partner_of_its_language_with_no_sign():
    rows = [
        Row("sign", "They want the deposit today.", ("false_urgency",)),
        Row("quiet", "I have been a nurse for thirty years.", ()),
        Row("signo", "Quieren el depósito hoy.", ("false_urgency",), language="es"),
        Row("calma", "Llevo treinta años de enfermera.", (), language="es"),
    ]
    joined = {row.id.split("+")[0]: row for row in in_context(rows, seed=1)}
    assert joined["sign"].labels == ("false_urgency",)
    assert joined["sign"].text in (
        "I have been a nurse for thirty years, they want the deposit today.",
        "They want the deposit today, I have been a nurse for thirty years.",
    )
    assert "treinta" in joined["signo"].text and joined["signo"].labels == ("false_urgency",)
    assert all(row.labels == () for key, row in joined.items() if key in ("quiet", "calma"))


def test_the_other_side_is_named_once_more_with_a_name_the_suite_does_not_check_with():
    rows = [
        Row("a", "He said the price ends today.", ("false_urgency",)),
        Row("b", "The dealer wants a deposit now.", ("high_pressure_sales",)),
        Row("c", "Nothing else to add.", ()),
        Row("d", "Él dice que el precio acaba hoy.", ("false_urgency",), language="es"),
    ]
    renamed = named(rows, seed=2)
    assert [row.id for row in renamed] == ["a@", "b@"]
    assert [row.labels for row in renamed] == [("false_urgency",), ("high_pressure_sales",)]
    assert renamed[0].text.endswith(" said the price ends today.")
    assert renamed[1].text.endswith(" wants a deposit now.")
    suite_names = {"John", "Aisha", "Tom", "Mei", "Mr. Schmidt", "Ms. Okafor"}
    assert not suite_names & set(NAMES)
