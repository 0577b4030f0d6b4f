"""References the other side files a deal under are read in any language, and nothing else is."""

import pytest

from assistant.references import read_references, reference_line


@pytest.mark.parametrize(
    "sentence, reference",
    [
        ("Declining the brand identity contract (ref LP-2207).", "ref LP-2207"),
        ("Our file is 2024/311 at the county office.", "2024/311"),
        ("Their support line gave me 7741-0093 for this.", "7741-0093"),
        ("It's on INV2291, the last one they sent.", "INV2291"),
    ],
)
def test_a_labelled_reference_or_a_code_with_no_label_is_read(sentence, reference):
    assert read_references(sentence) == [reference]


@pytest.mark.parametrize(
    "sentence",
    [
        "The estimate was $620-$780 depending on the work.",
        "Delivery on 12/05/2025, for 100-150 guests, over the 2024-2025 season.",
        "A 5-year lease under the COVID-19 rules.",
        "Nolan plays for the U11 team and needs A4 folders.",
        "He wants 12,500 by 2026.",
    ],
)
def test_sums_dates_ranges_years_and_words_with_numbers_are_not_references(sentence):
    assert read_references(sentence) == []
    assert read_references(sentence, english=False) == []


@pytest.mark.parametrize(
    "sentence, reference",
    [
        ("Gracias por la cotización N° 4471.", "N° 4471"),
        ("Meine Kundennummer 552190 bleibt bis Juni aktiv.", "Kundennummer 552190"),
        ("Pour le numéro de dossier 2291, rien ne change.", "numéro de dossier 2291"),
        ("A banca n.º 3712 fica livre.", "n.º 3712"),
    ],
)
def test_a_label_of_another_language_carries_its_number(sentence, reference):
    assert read_references(sentence, english=False) == [reference]


def test_the_line_that_quotes_them_is_in_the_drafts_language():
    assert reference_line(["HH-0719"], "de") == "Zur Referenz: HH-0719."
    assert reference_line(["N° 4471"], "fr") == "Référence : N° 4471."
