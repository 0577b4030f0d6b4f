"""The deal's numbers, read from the user's words: limits, offers, currencies, deadlines."""

import pytest

from assistant.facts import find_amounts, offer_misses_limit, parse_facts, unplaced_numbers
from assistant.schemas import DealFacts


@pytest.mark.parametrize(
    ("text", "minimum", "maximum", "offer"),
    [
        ("They offered me 52,000. My minimum is 58,000.", 58_000, None, 52_000),
        ("The recruiter came back with $88k; I won't go below $95k.", 95_000, None, 88_000),
        ("I won't do it for less than 3,000 and the client offered 2,400.", 3_000, None, 2_400),
        ("The seller asked $14,500 for the car. My max budget is $12,000.", None, 12_000, 14_500),
        ("They want 1,200 for the sofa; anything over 900 is too much for us.", None, 900, 1_200),
        (
            "Their best offer is 3,500 a month, and anything under 4,200 isn't worth it to me.",
            4_200,
            None,
            3_500,
        ),
        (
            "The buyer came back with 7,200 for the van; my bottom line is 8,000.",
            8_000,
            None,
            7_200,
        ),
        ("They offered 22 per plate. I can't do it for less than 30.", 30, None, 22),
        ("We won't pay more than 40 a month for the plan, they want 55 a month.", None, 40, 55),
        (
            "I set 320,000 as the absolute most I'd pay. The seller will take 341,000.",
            None,
            320_000,
            341_000,
        ),
        (
            "Nos proposent 2 200 euros par mois. Je ne descendrai pas en dessous de 2 500.",
            2_500,
            None,
            2_200,
        ),
        ("Die Firma bietet mir 52.000 Euro. Unter 58.000 gehe ich nicht.", 58_000, None, 52_000),
        ("Me ofrecen 1.800 euros al mes. No acepto menos de 2.000.", 2_000, None, 1_800),
        (
            "La empresa me ofrece 1.400 euros al mes; por menos de 1.700 no me compensa.",
            1_700,
            None,
            1_400,
        ),
        ("Ils offrent 900 euros. Pour moins de 1 200 je ne signe pas.", 1_200, None, 900),
        (
            "The insurer offered 6,200. The repairs were quoted at 8,900, and I'm not settling for less than that.",
            8_900,
            None,
            6_200,
        ),
        ("They offer 22 a lesson. I need 30 a lesson to make the commute worth it.", 30, None, 22),
        ("Guy offered 1,350 for the lot. I told myself 1,600 or I keep it.", 1_600, None, 1_350),
        ("The pub offered us 150. We need 250 just to cover the van.", 250, None, 150),
        ("The hourly rate they offered is 28. My minimum is 35.", 35, None, 28),
        ("They're offering 47k. Anything below 52k and we'd be worse off.", 52_000, None, 47_000),
        ("Their best was 3,100 a month. We wouldn't go over 2,600.", None, 2_600, 3_100),
        (
            "Best they'll do for the guitar is 2,300. I won't part with it for under 3,000.",
            3_000,
            None,
            2_300,
        ),
        ("Their final number was 61k. I'd drawn my line at 68k.", 68_000, None, 61_000),
        (
            "Their offer is 12,000. I priced it at 18,000 and 15,000 is the floor.",
            15_000,
            None,
            12_000,
        ),
        (
            "They offered 4,500; I'd quoted 6,000 and 5,200 is as low as I can go.",
            5_200,
            None,
            4_500,
        ),
        ("I was offered 31 an hour. I promised myself I'd only move for 36 or more.", 36, None, 31),
        (
            "The buyer offered 4,100 for my piano. I wouldn't let it go under 5,000.",
            5_000,
            None,
            4_100,
        ),
        ("The band quoted 3,500. Our absolute limit for music is 2,800.", None, 2_800, 3_500),
        (
            "Offer came in at 43k. I'd told myself 50k was the line I wouldn't cross.",
            50_000,
            None,
            43_000,
        ),
        ("They offered 19 an hour. After childcare, I need at least 23.", 23, None, 19),
        ("They offered 70 an hour. I don't discount below 85.", 85, None, 70),
        ("The tenant offered 1,150 a month. I can't rent it for under 1,300.", 1_300, None, 1_150),
        ("We have at least 3 kids and the rent they want is 1,200.", None, None, 1_200),
        (
            "I got an offer of 2,600 a month for my flat; I need 3,000 to break even.",
            3_000,
            None,
            2_600,
        ),
        ("The offer was 24,000. I'd decided 27,000 was my bottom line.", 27_000, None, 24_000),
        (
            "They offered 610. Below 700 it doesn't cover the parts, so that's my floor.",
            700,
            None,
            610,
        ),
        ("De klant biedt 45 euro per uur. Onder de 55 euro werk ik niet.", 55, None, 45),
        ("They offered 3.40 a unit. At anything less than 4.10 we lose money.", 4.10, None, 3.40),
        ("They offered 300. I've worked out that under 450 it isn't worth it.", 450, None, 300),
        ("On me propose 900 euros; en dessous de 1 100 je perds de l'argent.", 1_100, None, 900),
        ("They offered 480 for the desk. I said I'd take 600 and nothing lower.", 600, None, 480),
        ("She said 41k is what the job pays. My minimum is 45k.", 45_000, None, 41_000),
        ("They offered 9.20 an hour. Below 12 I can't cover the travel.", 12, None, 9.20),
        ("They offered 1,800. I need 2,300 for it to be worth selling.", 2_300, None, 1_800),
        (
            "They offered 510 a week. Anything below 600 and I'm better off not letting it.",
            600,
            None,
            510,
        ),
        ("Mi offrono 8.000 euro; sotto i 9.500 non la vendo.", 9_500, None, 8_000),
        ("On me propose 16 euros de l'heure; en dessous de 20 je ne travaille pas.", 20, None, 16),
        (
            "The offer is 2,100. Anything less than 2,500 and I'd rather keep it.",
            2_500,
            None,
            2_100,
        ),
        ("They offered 700. Anything short of 900 isn't worth it.", 900, None, 700),
        ("O comprador oferece 1.200; abaixo de 1.500 não vendo.", 1_500, None, 1_200),
        ("Mi offrono 9.000 euro, ma non la affitto sotto i 11.000.", 11_000, None, 9_000),
        ("Anything under 15 a box loses me money; their bid came in at 13.", 15, None, 13),
        ("Le client offre 800 euros, j'en veux au moins 1.000.", 1_000, None, 800),
        ("El casero quiere 1.100 al mes; mi máximo es 950.", None, 950, 1_100),
        ("Our costs come to 2,400 a batch and they offered 2,100.", 2_400, None, 2_100),
        ("They offered 3.10 a loaf; each loaf costs us 3.40 to bake.", 3.40, None, 3.10),
        ("He wants 70 for the bike; I'm not paying more than 50 for it.", None, 50, 70),
        ("Their offer is 9,000. My break-even after fees is 10,500.", 10_500, None, 9_000),
    ],
)
def test_limits_and_offers_are_read_from_everyday_phrasing(text, minimum, maximum, offer):
    facts = parse_facts(text)
    assert (facts.minimum, facts.maximum, facts.offer) == (minimum, maximum, offer)


def test_an_amount_that_is_fine_is_not_taken_for_a_limit():
    facts = parse_facts("Anything under 500 is fine by me.")
    assert (facts.minimum, facts.maximum) == (None, None)


def test_counts_years_times_and_percents_are_not_money():
    text = "We have 3 kids, moved in 2019, meet at 5pm and they want 20% more."
    assert find_amounts(text) == []


def test_explicit_numbers_win_over_the_text():
    facts = parse_facts("They offered 52,000. My minimum is 58,000.", minimum=50_000)
    assert facts.minimum == 50_000
    assert offer_misses_limit(facts) is False


def test_different_currencies_are_never_compared():
    facts = parse_facts("They offered €50,000. My minimum is $58,000.")
    assert offer_misses_limit(facts) is None
    assert any(note.code == "mixed_currencies" for note in facts.notes)


def test_two_different_floors_are_reported_and_the_last_is_used():
    facts = parse_facts("My minimum is 50,000. Actually my minimum is 55,000. They offered 52,000.")
    assert facts.minimum == 55_000
    assert any("more than one minimum" in note.text for note in facts.notes)


def test_a_negative_limit_is_ignored_with_a_note():
    facts = parse_facts("They offered 100.", minimum=-5)
    assert facts.minimum is None
    assert any(note.code == "negative_amount" for note in facts.notes)


def test_a_deadline_in_the_text_is_kept_as_said():
    assert (
        parse_facts("The price is only good until 5pm today.").deadline
        == "only good until 5pm today"
    )


def test_a_buyers_bare_limit_is_a_ceiling_and_a_sellers_a_floor():
    assert (
        parse_facts("They want 30,000 for the truck; my limit is 25,000 to pay.").maximum == 25_000
    )
    assert parse_facts("They offered 40,000 for my work; my limit is 45,000.").minimum == 45_000


@pytest.mark.parametrize(
    ("text", "minimum", "maximum"),
    [
        (
            "The buyer offered 4,100 for the boat. I need 4,800 to make it worth selling.",
            4_800,
            None,
        ),
        ("The dealer offered 6,000. I told myself 7,000 or I keep the van.", 7_000, None),
        ("They offered 900 for the piano; I'd accept 1,200 and nothing lower.", 1_200, None),
        # an amount the user ties to no limit is not one
        (
            "The hotel quoted 220 a night, then added a line of 40 per person we never asked for.",
            None,
            None,
        ),
    ],
)
def test_an_amount_the_user_ties_to_a_limit_past_the_offer_is_that_limit(text, minimum, maximum):
    facts = parse_facts(text)
    assert (facts.minimum, facts.maximum) == (minimum, maximum)


def test_a_limit_given_explicitly_is_not_replaced_by_one_read_from_the_words():
    text = "The dealer offered 6,000. I told myself 7,000 or I keep the van."
    assert parse_facts(text, minimum=6_500).minimum == 6_500


def test_what_the_user_normally_charges_is_their_ask_not_the_offer():
    facts = parse_facts("They want 2,000 for a logo I'd normally charge 3,500 for.")
    assert (facts.offer, facts.target) == (2_000, 3_500)


def test_what_running_something_costs_the_user_is_not_a_floor():
    assert parse_facts("It costs me 300 a month to run the car.").minimum is None


def test_a_small_count_after_offered_is_not_a_price():
    assert parse_facts("They offered 3 options for the venue.").offer is None


def test_each_amount_is_judged_on_the_words_just_before_it_not_all_the_text(monkeypatch):
    # Reading all the text before every amount made parsing grow with the square of the text.
    from assistant import facts

    lengths: list[int] = []

    class Recording:
        def __init__(self, pattern):
            self.pattern = pattern

        def search(self, text, *args):
            lengths.append(len(text))
            return self.pattern.search(text, *args)

    monkeypatch.setattr(facts, "_LESS_THAN", Recording(facts._LESS_THAN))
    text = "They offered $66,000 for the van; my minimum is $72,000. " * 2000
    assert len(find_amounts(text)) == 4000
    assert max(lengths) < 300


@pytest.mark.parametrize(
    "text, amount",
    [
        ("We met 3 times. " * 3000 + "I won't do it for less than 30.", 30),
        ("We met 3 times. " * 3000 + "I will not pay more than 40.", 40),
        ("We met 3 times. I won't do it for anything less than" + " " * 5000 + "30.", 30),
        ("We met 3 times. I would not sell " + "x" * 500 + " for less than 30.", 30),
        ("We met 3 times. " * 3000 + "Anything under 12 a unit loses us money.", 12),
        ("We met 3 times. " * 3000 + "It costs me 16 to make each jar.", 16),
    ],
)
def test_a_small_number_stated_as_a_bound_is_money_however_long_the_text_or_its_words(text, amount):
    assert [money.amount for money, _, _ in find_amounts(text)] == [amount]


def test_a_number_too_long_to_be_finite_is_not_an_amount():
    facts = parse_facts("They offered " + "9" * 400 + ". My minimum is 72,000.")
    assert facts.offer is None and facts.minimum == 72_000


@pytest.mark.parametrize(
    "text, explicit",
    [
        ("My minimum is 60,000. They offered 55,000, and my max is 50,000.", {}),
        ("They offered 30,000.", {"minimum": 72_000, "maximum": 10}),
    ],
)
def test_a_minimum_above_the_maximum_is_reported_with_the_limit_used(text, explicit):
    facts = parse_facts(text, **explicit)
    notes = [note for note in facts.notes if note.code == "contradictory_limits"]
    assert len(notes) == 1 and "used the minimum" in notes[0].text
    assert offer_misses_limit(facts) is True


def test_a_minimum_below_the_maximum_is_no_contradiction():
    facts = parse_facts("They offered 30,000.", minimum=10, maximum=72_000)
    assert not facts.has_note("contradictory_limits")


def test_a_limit_the_user_worded_outranks_one_only_the_learned_reader_saw():
    import numpy as np

    from assistant.facts import ROLES, SIDES, parse_facts

    class SureItIsALimit:  # reads every amount as the seller's limit, sure of it
        def amount_roles(self, windows):
            roles = np.zeros((len(windows), len(ROLES)))
            roles[:, ROLES.index("limit")] = 0.99
            sides = np.zeros((len(windows), len(SIDES)))
            sides[:, SIDES.index("seller")] = 1.0
            return roles, sides

    text = "My minimum is 72,000. <p>Salary: $61,000. Start date: Monday.</p>"
    assert parse_facts(text, reader=SureItIsALimit()).minimum == 72000


def test_an_offer_that_breaks_either_limit_read_misses_the_limit():
    # one number read as both a floor and a ceiling: the broken one decides
    assert offer_misses_limit(DealFacts(minimum=8_500, maximum=8_500, offer=9_800)) is True
    assert offer_misses_limit(DealFacts(minimum=8_000, maximum=9_000, offer=8_500)) is False
    assert offer_misses_limit(DealFacts(offer=8_500)) is None


def test_the_forms_limit_drops_the_same_number_read_as_the_other_limit():
    text_floor = parse_facts("I won't take less than 8,500; they offer 9,800.", maximum=8_500)
    assert text_floor.minimum is None and text_floor.maximum == 8_500
    assert parse_facts("I won't take less than 8,500; they offer 9,800.").minimum == 8_500


@pytest.mark.parametrize(
    "text, unplaced",
    [
        ("They offered 38 an hour. I set 45 as my lowest before the call.", ["45"]),
        (
            "On nous propose 2 000 euros; en dessous de 2 600 on ne rentre pas dans nos frais.",
            ["2 600"],
        ),
        ("They offered $400 to record 6 songs in 2025, in 3 days.", []),  # counts, a year
        ("They offered 38 an hour; my minimum is 45.", []),  # read as the limit
        ("We talked about 45 things.", []),  # no offer to measure a number by
    ],
)
def test_a_number_of_the_offers_order_that_no_role_was_read_for_is_unplaced(text, unplaced):
    assert unplaced_numbers(text, parse_facts(text)) == unplaced


@pytest.mark.parametrize(
    "text, unplaced",
    [
        ("The vet's written estimate: £480 to £620 depending on extractions.", []),
        ("The estimate is $620-$780 depending on what they find.", []),
        ("Les soins sont estimés entre 1 200 et 1 800 € selon le protocole.", []),
        # "and" joins a range only after "between"; a number beside the range is no end of it
        ("They quote 620. My floor is 480 and 700 would be great.", ["480", "700"]),
    ],
)
def test_the_other_end_of_a_range_the_offer_closes_is_no_unread_limit(text, unplaced):
    facts = DealFacts(offer=620 if "620" in text else 1800)
    assert unplaced_numbers(text, facts) == unplaced


class _ReadsEveryAmountAs:
    """An amount reader sure of one role for every amount it is shown."""

    def __init__(self, chances: dict[str, float]) -> None:
        self.chances = chances

    def amount_roles(self, windows):
        import numpy as np

        from assistant.facts import ROLES, SIDES

        roles = np.zeros((len(windows), len(ROLES)))
        for role, chance in self.chances.items():
            roles[:, ROLES.index(role)] = chance
        return roles, np.zeros((len(windows), len(SIDES)))


def test_an_unplaced_number_stays_a_doubt_unless_the_role_head_all_but_rules_out_a_limit():
    from assistant.facts import may_hold_a_limit, unplaced_spans

    text = "They offered 38 an hour. Last year it was 45."
    spans = unplaced_spans(text, parse_facts(text))
    assert [text[slice(*span)] for span in spans] == ["45"]
    assert not may_hold_a_limit(text, spans, _ReadsEveryAmountAs({"past_price": 0.99}))
    assert may_hold_a_limit(text, spans, _ReadsEveryAmountAs({"past_price": 0.9, "limit": 0.05}))
    assert may_hold_a_limit(text, spans, _ReadsEveryAmountAs({"target": 0.02}))
    assert not may_hold_a_limit(text, [], _ReadsEveryAmountAs({"limit": 0.9}))


def test_a_reader_with_no_role_head_leaves_every_unplaced_number_a_doubt():
    from assistant.facts import may_hold_a_limit

    class _NoRoles:
        def amount_roles(self, windows):
            import numpy as np

            return np.zeros((0, 8)), np.zeros((0, 3))

    assert may_hold_a_limit("They offered 38. I set 45.", [(22, 24)], _NoRoles())


def test_a_number_read_as_the_users_counter_stays_a_doubt_about_their_limit():
    from assistant.facts import may_hold_a_limit

    text = "They offered 4,500. I told them 5,200 is as low as I can go."
    span = (text.index("5,200"), text.index("5,200") + len("5,200"))
    assert may_hold_a_limit(text, [span], _ReadsEveryAmountAs({"counter": 0.98}))
