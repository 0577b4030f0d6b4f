"""Lexical cues: what counts as stating a signal outright, and what does not."""

from __future__ import annotations

import pytest

from assistant.cues import SIGNALS_WITH_CUES, cue_matches, vouches_for_the_deal
from assistant.probe import MINED_PATH, NEUTRAL, load_paraphrases
from assistant.rules import load_rulebook


def cued(sentence: str) -> set[str]:
    return {signal for signal in SIGNALS_WITH_CUES if cue_matches(signal, sentence)}


def test_a_typographic_apostrophe_reads_like_a_typed_one():
    assert "take_it_or_leave_it" in cued("They won’t budge on the price.")


def test_a_cue_negated_just_before_it_does_not_count():
    assert "hidden_costs" not in cued("There were no hidden fees at all.")


def test_french_dont_is_not_read_as_an_english_negation():
    text = "Le garage a facturé des « frais de dossier » dont personne ne m'avait parlé."
    assert "hidden_costs" in cued(text)


def test_the_users_own_hesitation_is_not_the_other_sides():
    assert "counterparty_hesitation" not in cued("Every time I hesitate he raises his voice.")
    assert "counterparty_hesitation" in cued("The seller sounded hesitant about his price.")


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("She said the rent is not up for discussion.", "take_it_or_leave_it"),
        ("Il proprietario dice che l'affitto è quello e non si discute.", "take_it_or_leave_it"),
        ("He said he'd tie me up in court for years.", "intimidation"),
        ("My stomach turns every time I read the terms.", "gut_feeling"),
        ("The dealer keeps saying we'll get to that later.", "lack_of_transparency"),
        ("Si no firmo hoy, se lo da a otra persona.", "false_urgency"),
        ("He says 650 firm and won't hold it past tonight.", "take_it_or_leave_it"),
        ("He says 650 firm and won't hold it past tonight.", "false_urgency"),
        ("He told me to sign if I know what's good for me.", "intimidation"),
        ("She'd rather not get into the weeds about the new price.", "lack_of_transparency"),
        ("El vendedor dice que ese es el precio y punto.", "take_it_or_leave_it"),
    ],
)
def test_everyday_wordings_state_their_signal(sentence: str, signal: str):
    assert signal in cued(sentence)


def test_ordinary_deal_talk_states_no_signal():
    neutral = [
        *load_rulebook().neutral_examples,
        *load_paraphrases()[NEUTRAL],
        *load_paraphrases(MINED_PATH)[NEUTRAL],
    ]
    assert [(text, cued(text)) for text in neutral if cued(text)] == []


def test_a_charge_told_up_front_is_not_a_hidden_cost():
    assert "hidden_costs" not in cued("The agent sent the service charges up front.")
    assert "hidden_costs" in cued("They never mentioned the service charges before we signed.")


def test_others_the_other_side_speaks_of_are_not_the_users_alternatives():
    assert "has_alternatives" not in cued("He said he'd tell other clients I'm a fraud.")
    assert "has_alternatives" not in cued("She asked whether I'd looked at other places.")
    assert "has_alternatives" in cued("I have another offer from a rival firm.")


def test_who_asked_twice_tells_hesitation_from_ignored_concerns():
    assert cued("The landlord asked twice if I was still interested") >= {"counterparty_hesitation"}
    assert "ignores_concerns" not in cued("The landlord asked twice if I was still interested")
    assert "ignores_concerns" in cued("I asked three times about the schedule and got nothing.")


def test_a_cue_later_in_the_sentence_counts_after_a_negated_one():
    assert "hidden_costs" in cued(
        "There were no hidden fees, but then came a surprise booking fee."
    )


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("Anyone who questions the fees 'can find another club', he said.", "take_it_or_leave_it"),
        ("That's the whole reason I started the business.", "goals_misaligned"),
        ("I'm not stuck with this one if they won't lower the fee.", "has_alternatives"),
        ("He said the manager might get fired for offering it.", "guilt_tripping"),
        ("He says he'll 'have to think' and then disappears for days.", "counterparty_hesitation"),
        ("Se eu não aceitar até sexta, ele arranja outro inquilino.", "false_urgency"),
        ("She said the offer won't be around long.", "false_urgency"),
        ("He said he'd done me a favour coming out on a Saturday.", "guilt_tripping"),
        ("They followed up with four texts before lunch.", "high_pressure_sales"),
        ("Il fornitore non vuole dirmi quanto costerà la manutenzione.", "lack_of_transparency"),
        ("She'll make sure the kids know I chose money over them.", "intimidation"),
        ("They keep saying it's the standard cut and change nothing.", "ignores_concerns"),
        ("The salesman couldn't explain the adjustment at the end.", "lack_of_transparency"),
        ("He said he'd see what he could do about the rent.", "counterparty_hesitation"),
        ("If this falls through I can keep renting the flat I have now.", "has_alternatives"),
        ("Three staff took turns on me for two hours.", "high_pressure_sales"),
        ("Players who argue about contracts tend to end up on the bench.", "intimidation"),
        ("I went freelance precisely to have my evenings free.", "goals_misaligned"),
        ("El proveedor dice que se lo contará a los otros distribuidores.", "intimidation"),
        ("He came back an hour later with a better number.", "counterparty_hesitation"),
        ("The other venue is free that weekend too, so we're not desperate.", "has_alternatives"),
        ("He said he'd lose his commission if I didn't join today.", "guilt_tripping"),
        ("He said he'd lose his commission if I didn't join today.", "false_urgency"),
        (
            "The contractor has given three different answers about the permits.",
            "lack_of_transparency",
        ),
        ("She talks about team spirit whenever I raise the overtime.", "ignores_concerns"),
        ("The closer followed me to the car park with the contract.", "high_pressure_sales"),
        ("He stood between me and the door until I signed.", "intimidation"),
        ("It would mean promoting products I don't believe in.", "goals_misaligned"),
        ("The publisher wants the right to refuse my next book.", "one_sided_terms"),
        ("They can substitute materials as they see fit.", "one_sided_terms"),
        ("It would be a pity if this got personal.", "intimidation"),
        ("Tenants who make a fuss about repairs don't get their deposit back.", "intimidation"),
        ("I got into nursing for emergency care.", "goals_misaligned"),
        ("The only replies are reminders that the rent is due.", "ignores_concerns"),
        ("The manager approved a special deal for one day only.", "false_urgency"),
        ("O cliente quer tudo em metade do tempo, pelo mesmo preço.", "extreme_concessions"),
        ("Installation and training are quoted separately.", "hidden_costs"),
        ("Der Käufer wirkt unsicher.", "counterparty_hesitation"),
        ("The contract doesn't say how much the extra charges are.", "lack_of_transparency"),
        ("All servicing through them, at rates they can revise yearly.", "one_sided_terms"),
        ("The warranty is void if anyone else touches the bike.", "one_sided_terms"),
        ("He said he'd 'remember' me if I told anyone about the rust.", "intimidation"),
        ("They'll make sure other sponsors hear why.", "intimidation"),
        ("The label wants 80% of streaming income.", "extreme_concessions"),
        ("The whole point for us was that the workers own it.", "goals_misaligned"),
        ("He asked what number would make this happen for me.", "counterparty_hesitation"),
        ("She said the founder's rate was about to go.", "false_urgency"),
        ("La inmobiliaria no me quiere enseñar el contrato.", "lack_of_transparency"),
        ("The clinic will only tell me the price after the first visit.", "lack_of_transparency"),
        ("She said she thought I believed in her.", "guilt_tripping"),
        ("There was a 10% 'gratuity' we never agreed to.", "hidden_costs"),
        ("The pack lists electricity, wifi and furniture as extras.", "hidden_costs"),
        ("She said she'd be really hurt if I moved my sessions elsewhere.", "guilt_tripping"),
        ("Those free clinic days are the reason our practice exists.", "goals_misaligned"),
        ("Their response each time was a new price list.", "ignores_concerns"),
        ("He said the fee 'isn't something we adjust' for anyone.", "take_it_or_leave_it"),
        ("She hinted the budget could stretch.", "counterparty_hesitation"),
        ("They asked if we'd spoken to anyone else.", "counterparty_hesitation"),
        ("The house has had two price cuts since spring.", "counterparty_hesitation"),
        ("I'd cover lunch duty too, with no extra pay.", "extreme_concessions"),
        ("I've got a similar flat on hold until Friday, so I can walk.", "has_alternatives"),
        ("Dice que si no le bajo el precio hoy, se va.", "false_urgency"),
        ("We can't see how they calculate the usage fees.", "lack_of_transparency"),
        ("The way he talks makes me not want to sign.", "gut_feeling"),
        ("The agent says the price is 'firm, firm'.", "take_it_or_leave_it"),
        ("He says he has the paper's editor 'on speed dial'.", "intimidation"),
        ("They want the whole back catalogue.", "extreme_concessions"),
        ("The final plan still lists two general staff.", "ignores_concerns"),
        ("The client dodged signing for two weeks.", "counterparty_hesitation"),
        ("We've still got the quote from the first builder.", "has_alternatives"),
        ("So we don't depend on this one.", "has_alternatives"),
        ("I just have this feeling it would end badly.", "gut_feeling"),
        ("Se eu não baixar o preço até amanhã, desiste.", "false_urgency"),
        ("The rep said the upgrade price is 'a today thing'.", "false_urgency"),
        ("He keeps saying a handshake is enough and leaves them out.", "ignores_concerns"),
        ("He asked whether I'd finance part of the price myself.", "counterparty_hesitation"),
        ("They keep phoning to ask if I've signed with anyone else.", "counterparty_hesitation"),
        ("My current lease runs another year at a lower rent.", "has_alternatives"),
        ("The rep kept refilling our drinks.", "high_pressure_sales"),
        ("De verhuurder wil het contract niet laten zien.", "lack_of_transparency"),
        ("He kept cracking his knuckles across the table.", "intimidation"),
        ("The deal gives them control of the bank account.", "one_sided_terms"),
    ],
)
def test_idioms_from_the_fourth_sessions_blind_batches_state_their_signal(
    sentence: str, signal: str
):
    assert signal in cued(sentence)


def test_a_threat_to_the_listener_is_not_a_plea_for_pity():
    assert "guilt_tripping" not in cued("You might get fired if you refuse.")


def test_a_price_that_doubles_unless_you_sign_is_a_deadline_not_a_hidden_cost():
    assert "hidden_costs" not in cued("Sign now or the price doubles Monday.")


def test_dodging_someones_eyes_is_not_dodging_a_question():
    assert "lack_of_transparency" not in cued("The guy dodged my eyes the whole time.")


def test_the_users_own_floor_is_not_the_other_sides_last_word():
    assert "take_it_or_leave_it" not in cued("I told them 5,200 is as low as I can go.")
    assert "take_it_or_leave_it" in cued("He says 5,200 is as low as he can go.")


def test_a_word_that_ends_in_tops_is_not_a_ceiling():
    assert "below_minimum" not in cued("They measured the kitchen worktops twice.")


def test_the_price_the_user_names_for_leaving_is_not_a_concession_they_are_asked_for():
    assert "extreme_concessions" not in cued("I'd need at least 45k to give up my current job.")
    assert "extreme_concessions" in cued("They want me to give up my weekends.")


def test_what_the_other_side_has_bought_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("He mentioned he's already bought another place.")


def test_a_reply_within_the_hour_is_not_a_deadline():
    assert "false_urgency" not in cued("They came back within an hour with a better offer.")
    assert "false_urgency" in cued("You have to sign within the hour.")


def test_a_store_the_other_side_opens_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("Head office can open another store next to mine.")


def test_a_claim_window_in_a_contract_is_not_a_deadline_to_sign():
    assert "false_urgency" not in cued("Claims must be made within 48 hours of delivery.")


def test_a_hunch_that_they_will_agree_is_not_a_bad_feeling():
    assert "gut_feeling" not in cued("I have a feeling they'll accept our price.")


def test_dodging_the_signing_is_hesitation_not_a_dodged_question():
    assert "lack_of_transparency" not in cued("The client dodged signing for two weeks.")


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("Freelancers who turn it down usually don't hear from them again.", "intimidation"),
        ("He said he'd make sure the slot went to someone else.", "intimidation"),
        ("They want world rights to the book.", "one_sided_terms"),
        ("The investor gets a veto over every hire.", "one_sided_terms"),
        ("The agency keeps all the stock photos we paid for.", "one_sided_terms"),
        ("They can postpone it indefinitely.", "one_sided_terms"),
        ("Le bailleur refuse de donner quoi que ce soit par écrit.", "lack_of_transparency"),
        ("The clerk couldn't tell me what it depends on.", "lack_of_transparency"),
        ("We gave up the bonus, then the car allowance.", "extreme_concessions"),
        ("I cut my rate, all so the client would renew.", "extreme_concessions"),
        ("The estimate covers the parts but not the labour charges.", "hidden_costs"),
        ("She asked whether the bike is still for sale.", "counterparty_hesitation"),
        ("They carry out the inspection alone once we've moved out.", "one_sided_terms"),
        ("She can cut my hours with a week's notice.", "one_sided_terms"),
        ("The room rate doesn't include breakfast or parking.", "hidden_costs"),
        ("The brochure said free setup, but the contract has a setup line.", "hidden_costs"),
        ("The distributor still won't commit.", "counterparty_hesitation"),
        ("Every concern we raise gets a smile and a new brochure.", "ignores_concerns"),
        ("He said the terms are the same for every tenant.", "take_it_or_leave_it"),
        ("That's not why I joined the co-op.", "goals_misaligned"),
        ("I'd never have picked a two-year contract.", "goals_misaligned"),
        ("They want a signature before they'll tell us the fees.", "lack_of_transparency"),
        ("I've written off two invoices for them this year.", "extreme_concessions"),
        ("Der Händler will noch mehr Rabatt.", "extreme_concessions"),
        ("The agency ties me to them for a year.", "one_sided_terms"),
        ("They're not liable for delays, yet we're liable for any of ours.", "one_sided_terms"),
        ("The label would keep 80% of the royalties.", "one_sided_terms"),
        ("They won't send us the floor plan until we've paid the deposit.", "lack_of_transparency"),
        ("He said we'd sign it right now, together.", "high_pressure_sales"),
        ("The coach is only valid if you book today.", "false_urgency"),
        ("The plumber said the leak is not his problem.", "ignores_concerns"),
        ("Our goal was to save money on rent.", "goals_misaligned"),
        ("Their opening depends on our kitchen being fitted.", "counterparty_hesitation"),
        ("I'd take no fee for the first six months.", "extreme_concessions"),
        ("The agency can raise the fee with no need to tell us.", "one_sided_terms"),
        ("She gets a full refund if she doesn't reach the target weight.", "one_sided_terms"),
        ("The supplier replies only about next year's order.", "ignores_concerns"),
        ("The draft came back with nothing changed.", "ignores_concerns"),
        ("Auf meine Bedenken geht sie gar nicht ein.", "ignores_concerns"),
        ("I took this job for the flexibility.", "goals_misaligned"),
        ("He said he'd tell the police about the extension if I didn't pay.", "intimidation"),
        ("The caterer said take it or go elsewhere.", "take_it_or_leave_it"),
        ("I can't explain why, but I don't trust it.", "gut_feeling"),
        ("It's 40 a night plus a cleaning fee.", "hidden_costs"),
        ("The fare was cheap until the baggage options.", "hidden_costs"),
        ("The school doesn't make exceptions on the fee.", "take_it_or_leave_it"),
        ("He said I shouldn't push my luck with a counter-offer.", "take_it_or_leave_it"),
        ("He mentioned it again, after all those free repairs.", "guilt_tripping"),
        ("I just don't feel right about the lender.", "gut_feeling"),
        ("They said I'd find out the salary at the second interview.", "lack_of_transparency"),
        ("The tickets are almost sold out, the site says.", "false_urgency"),
        ("I've given up the bonus to get the contract signed.", "extreme_concessions"),
        ("Their buyer admitted they have no other supplier lined up.", "counterparty_hesitation"),
        ("The landlord has added a clause about the bins.", "one_sided_terms"),
        ("The goods are stored at our own risk.", "one_sided_terms"),
        ("Every call over 300 minutes is charged at 10p.", "hidden_costs"),
        ("The bill came to 200 more than they quoted.", "hidden_costs"),
        ("We rearranged our launch date to suit their diary.", "extreme_concessions"),
        ("The rep turned up at my house on Sunday.", "high_pressure_sales"),
        ("Her plan is to demolish the cottage.", "goals_misaligned"),
        ("The agent got cagey when I asked about the survey.", "gut_feeling"),
        ("I have a viewing lined up with another agent tomorrow.", "has_alternatives"),
        ("The fees are the fees, she said.", "take_it_or_leave_it"),
        ("Tenants who cross him tend to end up with problems.", "intimidation"),
        ("Selling it would have him turning in his grave.", "guilt_tripping"),
        ("The client hasn't signed after four reminders.", "counterparty_hesitation"),
        ("The invoice then added a 'call-out' charge.", "hidden_costs"),
        ("I've let my business partner keep the larger office.", "extreme_concessions"),
        ("We only have until noon to send the form.", "false_urgency"),
        ("We already have a builder for the loft.", "has_alternatives"),
        ("The terms let the bank freeze the account.", "one_sided_terms"),
        ("O preço é esse e não vai baixar.", "take_it_or_leave_it"),
        ("The agency is short of drivers this winter.", "counterparty_hesitation"),
        ("He slid the contract across the desk towards me.", "high_pressure_sales"),
        ("She refused to itemise the bill.", "lack_of_transparency"),
        ("Any decent buyer wouldn't haggle over a family heirloom.", "guilt_tripping"),
        ("She'll tell everyone in the trade that we're unreliable.", "intimidation"),
        ("Morgen ist das Angebot weg.", "false_urgency"),
        ("It's the last one left in the showroom, he said.", "false_urgency"),
        ("To win the contract, we've agreed to free maintenance.", "extreme_concessions"),
        ("The new deal would have me working every weekend.", "goals_misaligned"),
        ("They said I'd be signed up as soon as I said yes.", "high_pressure_sales"),
        ("The terms let them switch the venue without telling us.", "one_sided_terms"),
        ("She said the list price is what everyone pays.", "take_it_or_leave_it"),
        ("They won't let our surveyor inspect the roof.", "lack_of_transparency"),
        ("The deposit isn't negotiable, she said.", "take_it_or_leave_it"),
        ("He said his hourly rate is his hourly rate.", "take_it_or_leave_it"),
        ("The florist doesn't do discounts.", "take_it_or_leave_it"),
        ("The bill included two parts we never authorised.", "hidden_costs"),
        ("She said she'd gone out on a limb for me.", "guilt_tripping"),
        ("He's struggling, so I shouldn't haggle.", "guilt_tripping"),
        ("We agreed to wait, then to pay upfront, then to drop the bonus.", "extreme_concessions"),
        ("They've put me on night shifts instead.", "goals_misaligned"),
        ("They need someone in place by the spring.", "counterparty_hesitation"),
    ],
)
def test_idioms_from_the_fifth_sessions_blind_batch_state_their_signal(sentence: str, signal: str):
    assert signal in cued(sentence)


def test_a_buyer_ringing_to_ask_if_it_is_still_for_sale_is_keen_not_pushing():
    keen = "The buyer rang four times asking whether it's still available."
    assert "high_pressure_sales" not in cued(keen)
    assert "high_pressure_sales" in cued("The buyer rang four times insisting I sign tonight.")


def test_a_negation_ends_at_the_clause_it_is_in():
    text = "He said the price is 'not a conversation', and when I asked about the damp he said take it or leave it."
    assert "ignores_concerns" in cued(text)
    assert "hidden_costs" not in cued("There were no surprises or hidden fees.")


def test_owing_money_is_not_owing_a_favour():
    assert "guilt_tripping" not in cued("We owe them eight weeks' fees if we end it early.")
    assert "guilt_tripping" in cued("He said I owe him after everything he's done.")


def test_a_commitment_about_the_work_is_not_the_other_side_hesitating():
    assert "counterparty_hesitation" not in cued("They won't commit to how many hours it takes.")


def test_the_users_own_refusal_to_move_is_not_the_other_sides_last_word():
    assert "take_it_or_leave_it" not in cued("I won't move for anything under 44k.")
    assert "take_it_or_leave_it" in cued("He won't move on the price.")


def test_what_the_other_side_keeps_is_their_term_not_the_users_concession():
    assert "extreme_concessions" not in cued("They'd keep 70% of the sales.")
    assert "extreme_concessions" in cued("I'd hand over 70% of the sales.")


def test_a_rival_the_other_side_mentions_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("The client mentioned that another studio quoted lower.")


def test_order_processing_is_not_a_lawsuit():
    assert "intimidation" not in cued("The price rose with 'order processing' at checkout.")


def test_looking_away_is_not_information_withheld():
    assert "lack_of_transparency" not in cued("The agent avoided eye contact all afternoon.")


def test_what_the_other_side_supplies_at_cost_is_not_the_users_concession():
    assert "extreme_concessions" not in cued("Toner is supplied at cost.")
    assert "extreme_concessions" in cued("I'd be selling them the parts at cost.")


def test_being_good_friends_with_someone_is_not_a_plea():
    assert "guilt_tripping" not in cued("He's good friends with the local judge.")
    assert "guilt_tripping" in cued("A good friend would pay the full price.")


def test_a_rival_offer_the_user_must_beat_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("We have until tonight to beat their offer.")


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("The owner alone gets to decide whether the car is 'clean'.", "one_sided_terms"),
        ("I wanted a remote job, and every role they've offered is on site.", "goals_misaligned"),
        ("We pay monthly while we're tied in for two years.", "one_sided_terms"),
        ("The draft allows the supplier to raise prices whenever it likes.", "one_sided_terms"),
        ("She expects me to do it for the family.", "guilt_tripping"),
        ("Given all they've done for me, I feel I can't ask.", "guilt_tripping"),
        ("Their answers are always about the view, never the damp.", "ignores_concerns"),
        ("The buyer keeps needing another form from the bank.", "counterparty_hesitation"),
        ("At first we gave them free delivery, then we cut the price.", "extreme_concessions"),
        ("Our current contract doesn't run out until June.", "has_alternatives"),
        ("We're only switching if the service is clearly better.", "has_alternatives"),
        ("The studio keeps the designs in perpetuity.", "one_sided_terms"),
        ("The contract lets the bank close the account at will.", "one_sided_terms"),
        ("The lease obliges tenants to pay for the landlord's repairs.", "one_sided_terms"),
        ("Two times we asked about the roof.", "ignores_concerns"),
        ("I keep reminding them about the budget.", "ignores_concerns"),
        ("The final bill listed a parking fee and a waste charge.", "hidden_costs"),
        ("It's a good job, but it has turned into weekend work.", "goals_misaligned"),
        ("He keeps promising 'next month' for the signature.", "counterparty_hesitation"),
        ("Match their price or we'll go elsewhere.", "has_alternatives"),
        ("If she says no, I'll just keep the car.", "has_alternatives"),
        ("The rep sat there waiting for me to sign.", "high_pressure_sales"),
        ("Se não assinar hoje, perde o desconto.", "false_urgency"),
        ("He says the price is final.", "take_it_or_leave_it"),
        ("Anyone who doesn't like the terms can leave.", "take_it_or_leave_it"),
        ("All we were given was a lump sum, no detail.", "lack_of_transparency"),
        ("The seller went quiet when I asked about the roof.", "lack_of_transparency"),
        ("They won't let us see the accounts.", "lack_of_transparency"),
        ("He says bargaining with family is an insult.", "guilt_tripping"),
        ("The rep offered to take us to the cash machine.", "high_pressure_sales"),
        ("She said she'd hate for us to miss out.", "high_pressure_sales"),
        ("Tenants who object usually find their repairs never get done.", "intimidation"),
        ("I keep making up excuses to put off signing.", "gut_feeling"),
        ("If you don't like the terms you can find someone else.", "take_it_or_leave_it"),
        ("Si no firmo hoy, pierdo el piso.", "false_urgency"),
        ("They're offering a third of what I quoted.", "below_minimum"),
        ("The builder's rates are his rates, he told me.", "take_it_or_leave_it"),
        ("He said the offer disappears the moment I walk out.", "false_urgency"),
        ("The client needs a yes by Friday.", "false_urgency"),
        ("She wants half the royalties even though I wrote most of the songs.", "one_sided_terms"),
        ("The deal allows them to resell our designs without asking.", "one_sided_terms"),
        ("Any dispute is settled by their own panel.", "one_sided_terms"),
        ("The whole thing puts me on edge.", "gut_feeling"),
        ("We've lowered our rate twice already.", "extreme_concessions"),
        ("We have already absorbed the shipping.", "extreme_concessions"),
        ("My complaints about the noise got a smiley and no answer.", "ignores_concerns"),
        ("The buyer has stopped returning my calls.", "counterparty_hesitation"),
        ("Their rep can't commit to anything without head office.", "counterparty_hesitation"),
        ("If not, I'll stick with my current provider.", "has_alternatives"),
        ("I was looking for a partner, but they only want a supplier.", "goals_misaligned"),
        ("The studio charges us extra to get the raw files.", "hidden_costs"),
        ("The landlord says the lease is take-it-or-leave-it.", "take_it_or_leave_it"),
        ("He'll sell it to the first caller.", "false_urgency"),
        ("She says I'm being greedy.", "guilt_tripping"),
        ("The owners are really hurt by our offer.", "guilt_tripping"),
        ("He says it's the only way he can pay his staff.", "guilt_tripping"),
        ("He said the price goes up if we get other quotes.", "high_pressure_sales"),
        ("Since then his van is parked across our gate.", "intimidation"),
        ("El vendedor me amenaza con una demanda.", "intimidation"),
        ("Ce vendeur ne m'inspire pas confiance.", "gut_feeling"),
        ("The landlord told me to stop complaining about the heating.", "ignores_concerns"),
        ("The fund insists on a veto over budgets.", "one_sided_terms"),
        ("The studio owns all designs I make, even at home.", "one_sided_terms"),
        ("You cannot opt out of the 'optional' service plan.", "hidden_costs"),
        ("They asked us to keep the offer open for them a bit longer.", "counterparty_hesitation"),
        ("He won't put in an offer.", "counterparty_hesitation"),
        ("I've given up my holidays for this client.", "extreme_concessions"),
    ],
)
def test_idioms_from_the_sixth_sessions_blind_batches_state_their_signal(
    sentence: str, signal: str
):
    assert signal in cued(sentence)


def test_a_cue_that_starts_with_a_word_does_not_match_inside_another_word():
    assert "gut_feeling" not in cued("The snagging list is long.")
    assert "gut_feeling" in cued("I have a nagging doubt.")


def test_going_back_and_forth_with_them_is_negotiating_not_doubt():
    assert "gut_feeling" not in cued("We've gone back and forth with the landlord all month.")
    assert "gut_feeling" in cued("I keep going back and forth on it.")


def test_a_cost_flagged_before_the_work_or_a_bill_that_matches_the_quote_is_not_hidden():
    assert "hidden_costs" not in cued("They flagged an extra charge before starting the work.")
    assert "hidden_costs" not in cued("The bill matched the quote, 'call-out fee' and all.")
    assert "hidden_costs" in cued("The bill added a 'call-out fee' to the quote.")


def test_the_users_own_move_elsewhere_is_not_the_other_sides_last_word():
    assert "take_it_or_leave_it" not in cued("Match the quote or I go elsewhere.")
    assert "take_it_or_leave_it" in cued("Take the deal or you can walk.")


def test_what_the_other_side_owns_is_their_term_not_the_users_concession():
    assert "extreme_concessions" not in cued("The publisher owns the rights forever.")
    assert "extreme_concessions" in cued("I'd give up my royalties.")


def test_a_price_as_discussed_is_not_a_price_that_grew():
    assert "hidden_costs" not in cued("The price was as agreed, then we signed.")
    assert "hidden_costs" in cued("The quote was 900, then it became 1,400.")


def test_the_users_own_pause_is_not_the_other_side_hesitating():
    assert "counterparty_hesitation" not in cued("When I paused, she lowered the price.")
    assert "counterparty_hesitation" in cued("She paused and said she'd need to think.")


def test_their_dismissal_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("If we want changes we can find another printer.")


@pytest.mark.parametrize(
    ("sentence", "vouches"),
    [
        ("The final invoice matched the estimate.", True),
        ("The fees are set out in writing for the whole year.", True),
        ("The rent is 900, which is what we agreed.", True),
        ("The client accepted our rate without a quibble.", True),
        ("The deposit is the one in their letter.", True),
        ("The renewal rent stays the same.", True),
        ("The buyer paid the full asking price.", True),
        ("They won't put the fees in writing.", False),
        ("I sent my concerns in writing.", False),
        ("The deposit is non-refundable.", False),
    ],
)
def test_a_sentence_that_vouches_for_the_deal_is_told_apart(sentence: str, vouches: bool):
    assert vouches_for_the_deal(sentence) is vouches


def test_a_warning_about_the_market_is_not_a_threat():
    assert "intimidation" not in cued("The agent warned us that demand was low this year.")
    assert "intimidation" in cued("He warned me not to cross him.")


def test_refusing_to_hear_offers_is_their_last_word_not_an_ignored_concern():
    assert "ignores_concerns" not in cued("The owners won't hear any offers below it.")
    assert "ignores_concerns" in cued("The landlord won't listen when I mention the damp.")


def test_a_fee_the_user_waives_is_their_concession_not_a_hidden_cost():
    assert "hidden_costs" not in cued("We've waived the setup fee for them.")


def test_the_rival_the_other_side_would_pick_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("Sign today or they'll go with the other bidder.")


def test_a_firm_offer_from_someone_else_is_the_users_alternative_not_a_last_word():
    assert "take_it_or_leave_it" not in cued("I have a firm offer from another buyer.")
    assert "has_alternatives" in cued("I have a firm offer from another buyer.")


def test_rivals_the_other_side_mentions_after_a_few_words_are_still_theirs():
    assert "has_alternatives" not in cued("The agent said two other buyers are keen.")
