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
    reader = load_reply_reader(runtime.get_tagger())
    assert reader is not None
    reading = reader.read("false_urgency", "Fine, I'll sign right now.", [1, 0, 0, 0, 0, 0])
    assert set(reading.probabilities) == {
        "good", "held_position", "stayed_calm", "named_need", "resisted_tactic", "door_open",
    }  # fmt: skip
    assert not reading.good and "held_position" in reading.failed
