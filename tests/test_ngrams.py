"""The hashed n-grams the linear readers read."""

from __future__ import annotations

from assistant.ngrams import bucket, grams


def test_a_word_touching_punctuation_spells_the_word_when_read_apart_from_it():
    attached = grams("última oferta, hoy.")
    apart = grams("última oferta, hoy.", apart_from_punctuation=True)
    assert {"ta, ", " hoy."} <= set(attached) and not {"ta ", " hoy "} & set(attached)
    assert {"ta ", " hoy "} <= set(apart)


def test_words_and_their_pairs_are_read_beside_the_letters():
    read = grams("Take it or leave it")
    assert {"w:take", "b:take it", " ta", "leav"} <= set(read)


def test_a_gram_falls_in_the_same_bucket_every_time_and_within_range():
    assert bucket("oferta", 1 << 17) == bucket("oferta", 1 << 17) < 1 << 17


def test_a_remembered_bucket_is_the_bucket_itself():
    from assistant import ngrams

    spelled = ngrams.grams("The deposit is non-refundable, the deposit is gone.")
    first = ngrams.bucket_set(spelled, 1 << 17)
    again = ngrams.bucket_set(spelled, 1 << 17)  # read from what was seen
    assert first == again == {ngrams.bucket(gram, 1 << 17) for gram in spelled}
    assert ngrams.bucket_set(spelled, 97) == {ngrams.bucket(gram, 97) for gram in spelled}
