"""UWV's deadlines on a Ziektewet claim, worked out by hand with a calendar.

Eerste AO-dag Monday 2 March 2026 is day 1 of week 1; "week N" ends on day 7·N, so on
2 March + (7·N − 1) days. The assessment counts from the day the report arrived.
"""

from datetime import date

import pytest

from vangnet.domain.ziektewet import (
    Termijn,
    ZiektewetError,
    beoordelingstermijn,
    controleer_einde_uitkering,
    controleer_ziekmelding,
    ezwb_brief_vanaf,
    is_te_laat,
    termijnen,
    volgende_termijn,
    wia_aanvraag_uiterlijk,
    wia_brief_vanaf,
)

EERSTE_AO_DAG = date(2026, 3, 2)  # a Monday
MELDING = date(2026, 4, 15)


@pytest.mark.parametrize(
    ("melding", "verlengd", "uiterlijk"),
    [
        (date(2026, 4, 15), False, date(2026, 5, 27)),  # Wednesday + 6 weeks = Wednesday 27 May
        (date(2026, 4, 15), True, date(2026, 6, 24)),  # + 4 more weeks = Wednesday 24 June
        (date(2026, 12, 31), False, date(2027, 2, 11)),  # over the turn of the year: 31 Dec + 42 days
        (date(2028, 1, 20), False, date(2028, 3, 2)),  # through 29 February 2028: 20 Jan + 42 days
    ],
)
def test_the_assessment_is_due_six_weeks_after_the_report_and_once_four_more(melding, verlengd, uiterlijk):
    assert beoordelingstermijn(melding, verlengd) == uiterlijk


def test_the_deadlines_of_a_claim_by_date():
    assert [(t.soort, t.week, t.uiterlijk) for t in termijnen(EERSTE_AO_DAG, MELDING)] == [
        ("beoordeling", None, date(2026, 5, 27)),
        # Week 52: 2 March 2026 + 363 days = Sunday 28 February 2027.
        ("ezwb", 52, date(2027, 2, 28)),
        # Week 89: + 622 days = Sunday 14 November 2027.
        ("wia_brief", 89, date(2027, 11, 14)),
        # Week 104: + 727 days; 2028 is a leap year, so Sunday 27 February 2028 (not 28 February).
        ("einde_wachttijd", 104, date(2028, 2, 27)),
    ]


def test_each_deadline_names_its_legal_basis():
    grondslag = {t.soort: t.grondslag for t in termijnen(EERSTE_AO_DAG, MELDING)}
    assert grondslag["ezwb"] == "Ziektewet art. 19aa"
    assert grondslag["wia_brief"] == "Wet WIA art. 64"
    assert "4:14" in grondslag["beoordeling"]


def test_the_letters_are_made_from_the_first_day_of_week_46_and_87():
    assert ezwb_brief_vanaf(EERSTE_AO_DAG) == date(2027, 1, 11)  # week 45 ends Sunday 10 January
    assert wia_brief_vanaf(EERSTE_AO_DAG) == date(2027, 10, 25)  # week 86 ends Sunday 24 October
    assert wia_aanvraag_uiterlijk(EERSTE_AO_DAG) == date(2027, 12, 12)  # week 93


def test_the_next_deadline_is_the_earliest_not_met():
    rijen = termijnen(EERSTE_AO_DAG, MELDING)
    assert volgende_termijn(rijen, set()).soort == "beoordeling"
    assert volgende_termijn(rijen, {"beoordeling"}).soort == "ezwb"
    assert volgende_termijn(rijen, {"beoordeling", "ezwb"}).soort == "wia_brief"
    assert volgende_termijn(rijen, {"beoordeling", "ezwb", "wia_brief", "einde_wachttijd"}) is None


def test_a_late_report_can_make_the_assessment_come_after_the_ezwb():
    # Reported in week 50: the EZWb (week 52) falls before the decision on the claim.
    rijen = termijnen(EERSTE_AO_DAG, date(2027, 2, 12))
    assert [t.soort for t in rijen][:2] == ["ezwb", "beoordeling"]


@pytest.mark.parametrize(
    ("vandaag", "te_laat"),
    [(date(2026, 5, 26), False), (date(2026, 5, 27), False), (date(2026, 5, 28), True)],
    ids=["day-before", "on-the-day", "day-after"],
)
def test_a_deadline_is_late_from_the_day_after(vandaag, te_laat):
    assert is_te_laat(date(2026, 5, 27), vandaag) is te_laat
    assert is_te_laat(None, vandaag) is False


def test_a_report_with_the_eerste_ao_dag_in_the_future_is_refused():
    with pytest.raises(ZiektewetError, match="na de datum van de melding"):
        controleer_ziekmelding(date(2026, 4, 16), date(2026, 4, 10), MELDING)


@pytest.mark.parametrize(
    ("eerste_ao_dag", "geldig"),
    [(date(2026, 3, 31), True), (date(2026, 4, 1), False), (date(2026, 2, 1), True)],
    ids=["28-days-after", "29-days-after", "sick-before-the-end"],
)
def test_falling_ill_more_than_four_weeks_after_the_end_is_no_ziek_uit_dienst(eerste_ao_dag, geldig):
    einde = date(2026, 3, 3)
    if geldig:
        controleer_ziekmelding(eerste_ao_dag, einde, MELDING)
    else:
        with pytest.raises(ZiektewetError, match="meer dan 4 weken"):
            controleer_ziekmelding(eerste_ao_dag, einde, MELDING)


def test_a_report_after_the_waiting_time_is_refused():
    controleer_ziekmelding(EERSTE_AO_DAG, EERSTE_AO_DAG, date(2028, 2, 27))
    with pytest.raises(ZiektewetError, match="27-02-2028"):
        controleer_ziekmelding(EERSTE_AO_DAG, EERSTE_AO_DAG, date(2028, 2, 28))


def test_the_end_of_the_benefit_lies_within_the_waiting_time():
    controleer_einde_uitkering(EERSTE_AO_DAG, EERSTE_AO_DAG)
    controleer_einde_uitkering(EERSTE_AO_DAG, date(2028, 2, 27))
    with pytest.raises(ZiektewetError, match="vóór de eerste AO-dag"):
        controleer_einde_uitkering(EERSTE_AO_DAG, date(2026, 3, 1))
    with pytest.raises(ZiektewetError, match="na het einde van de wachttijd"):
        controleer_einde_uitkering(EERSTE_AO_DAG, date(2028, 2, 28))


def test_termijn_is_a_plain_value():
    rij = termijnen(EERSTE_AO_DAG, MELDING)[0]
    assert isinstance(rij, Termijn) and rij == Termijn(**vars(rij))
