"""The learned reading of a rehearsal reply: read only beside the tagger it was trained on."""

from __future__ import annotations

from assistant.reply_reader import load_reply_reader


def test_the_heads_are_not_read_beside_another_taggers_vectors():
    class Other:
        encoder = object()

        class weights:  # noqa: N801
            digest = "not-the-trained-one"

    assert load_reply_reader(Other()) is None


def test_a_tagger_without_an_encoder_leaves_the_coach_to_its_rules():
    assert load_reply_reader(object()) is None


def test_the_shipped_heads_read_a_reply_with_a_probability_per_head(runtime):
    reader = load_reply_reader(runtime.get_heads_tagger())
    assert reader is not None
    reading = reader.read("false_urgency", "Fine, I'll sign right now.", [1, 0, 0, 0, 0, 0])
    assert set(reading.probabilities) == {
        "good", "held_position", "stayed_calm", "named_need", "resisted_tactic", "door_open",
    }  # fmt: skip
    assert not reading.good and "held_position" in reading.failed


class _LettersEncoder:
    """A stand-in encoder: a text's vector counts its letters a-e, so sentences differ."""

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [[float(text.lower().count(letter)) for letter in "abcde"] for text in texts]


def test_a_replys_last_sentence_and_its_strongest_sentence_are_read_beside_the_whole():
    from assistant.coach import rule_reading
    from assistant.reply_reader import reply_features

    reply = "I had hoped for better. Fine, I'll sign."
    encoder = _LettersEncoder()
    row = reply_features(["false_urgency"], [reply], [rule_reading(reply).flags()], encoder)[0]
    sentences = encoder.embed(["I had hoped for better.", "Fine, I'll sign."])
    peak, last, last_flags = row[-16:-11], row[-11:-6], row[-6:]
    assert list(last) == sentences[1]
    assert list(peak) == [max(a, b) for a, b in zip(*sentences, strict=True)]
    assert last_flags[0] == 1.0  # the cave is in the last sentence


def test_a_one_sentence_reply_is_its_own_last_and_strongest_sentence():
    from assistant.reply_reader import reply_features

    encoder = _LettersEncoder()
    row = reply_features(["false_urgency"], ["Not today, thanks."], [[0.0] * 6], encoder)[0]
    whole = encoder.embed(["Not today, thanks."])[0]
    assert list(row[-16:-11]) == list(row[-11:-6]) == whole
