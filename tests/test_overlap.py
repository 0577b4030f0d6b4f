"""Two readings at once for a long text, one after the other for a short one."""

from __future__ import annotations

import threading

from assistant.overlap import side_by_side


def test_both_readings_come_back_in_order_whether_overlapped_or_not():
    for worth_it in (True, False):
        assert side_by_side(lambda: "tagger", lambda: "cues", worth_it) == ("tagger", "cues")


def test_only_a_reading_worth_overlapping_goes_to_another_thread():
    here = threading.get_ident()
    on_a_thread, _ = side_by_side(threading.get_ident, threading.get_ident, worth_it=True)
    assert on_a_thread != here
    inline, _ = side_by_side(threading.get_ident, threading.get_ident, worth_it=False)
    assert inline == here
