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


def test_many_texts_hashed_at_once_get_the_buckets_each_gets_alone():
    """The numpy road hashes the character grams over the texts' bytes; every kind of
    character (one to four bytes in UTF-8, letters that lower to two, spaces of all
    kinds) must land where zlib puts it, one gram at a time."""
    import random

    from assistant import ngrams

    rng = random.Random(7)
    alphabet = "ab Z,.!?'’\t\n éüñçßİıΣςﬁ€£中文😀\u0301\u00a0ǅ"
    texts = ["", "a", "Take it or leave it.", "última oferta, hoy.", "Mehr als 80 zahle ich nicht"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(400)]
    for apart in (False, True):
        for buckets in (1 << 17, 97):
            at_once = ngrams.bucket_arrays(texts, buckets, apart_from_punctuation=apart)
            alone = [
                sorted({ngrams.bucket(gram, buckets) for gram in ngrams.grams(text, apart)})
                for text in texts
            ]
            assert [row.tolist() for row in at_once] == alone


def test_every_code_point_is_hashed_as_zlib_hashes_it():
    from assistant import ngrams

    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = ["".join(points[i : i + 3000]) for i in range(0, len(points), 3000)]
    for text, row in zip(texts, ngrams.bucket_arrays(texts, 1 << 17), strict=True):
        assert row.tolist() == sorted(ngrams.bucket_set(ngrams.grams(text), 1 << 17))
