"""What has been done moves what depends on it: the plan van aanpak after the probleemanalyse, evaluations
at the plan's moments, a revision at a herijking, no plan without possibilities, nothing after the benefit."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.domain.dossierplan import (
    AFRONDING,
    Evaluatieafspraak,
    Voortgang,
    afronding,
    evaluatiemomenten,
    na_einde_uitkering,
    plan_taken,
    plan_van_aanpak_termijn,
)
from vangnet.domain.poortwachter import Onderbreking, PoortwachterError, einde_week

D = date.fromisoformat
EERSTE_AO_DAG, OVERNAME, SIGNAAL = D("2026-03-02"), D("2026-03-10"), D("2026-03-20")
EINDE_WACHTTIJD = D("2028-02-27")  # 2026-03-02 + 727 days (week 104)


def eigen(taken, stap):
    return [t for t in taken if t.stap == stap and t.verantwoordelijke == "gemeente"]


def plan(**voortgang):
    return plan_taken(EERSTE_AO_DAG, OVERNAME, SIGNAAL, voortgang=Voortgang(**voortgang))


def test_the_end_of_the_waiting_time_is_counted_right():
    assert einde_week(EERSTE_AO_DAG, 104) == EINDE_WACHTTIJD


def test_without_progress_the_plan_is_the_timeline():
    assert plan() == plan_taken(EERSTE_AO_DAG, OVERNAME, SIGNAAL)


def test_an_early_probleemanalyse_brings_the_plan_van_aanpak_forward():
    taken = plan(probleemanalyse_op=D("2026-04-01"))
    (pva,) = eigen(taken, "plan_van_aanpak")
    # 2026-04-01 + 14 days; the timeline said week 8 (2026-04-26). Sick day 45 -> week 7.
    assert (pva.uiterlijk, pva.oorspronkelijk_uiterlijk, pva.week) == (D("2026-04-15"), D("2026-04-26"), 7)
    assert pva.toelichting == (
        "Twee weken na de probleemanalyse van 01-04-2026 (Regeling procesgang vangnetters art. 5 lid 1)."
    )
    # Until the plan sets them, evaluations are provisional: every 6 weeks after the plan's deadline.
    evaluaties = eigen(taken, "evaluatie")
    assert [t.uiterlijk for t in evaluaties[:2]] == [D("2026-05-27"), D("2026-07-08")]
    assert evaluaties[0].toelichting.startswith("Voorlopig:")
    assert [t.volgnummer for t in evaluaties] == list(range(1, len(evaluaties) + 1))


def test_a_late_probleemanalyse_moves_the_plan_later():
    (pva,) = eigen(plan(probleemanalyse_op=D("2026-05-10")), "plan_van_aanpak")
    assert (pva.uiterlijk, pva.oorspronkelijk_uiterlijk) == (D("2026-05-24"), D("2026-04-26"))


def test_a_probleemanalyse_exactly_two_weeks_before_the_timelines_plan_keeps_no_original():
    (pva,) = eigen(plan(probleemanalyse_op=D("2026-04-12")), "plan_van_aanpak")
    assert (pva.uiterlijk, pva.oorspronkelijk_uiterlijk) == (D("2026-04-26"), None)


def test_the_plan_sets_the_evaluation_moments_every_n_weeks():
    taken = plan(
        probleemanalyse_op=D("2026-04-01"),
        plan_van_aanpak_op=D("2026-04-14"),
        evaluatieafspraken=(Evaluatieafspraak(D("2026-04-14"), 4),),
    )
    data = [t.uiterlijk for t in eigen(taken, "evaluatie")]
    assert data[:3] == [D("2026-05-12"), D("2026-06-09"), D("2026-07-07")]
    assert all((b - a).days == 28 for a, b in zip(data, data[1:], strict=False))
    assert data[-1] < EINDE_WACHTTIJD <= data[-1] + timedelta(days=28)
    assert eigen(taken, "evaluatie")[0].toelichting == "Evaluatiemoment volgens het plan van aanpak van 14-04-2026."


def test_a_plan_without_agreements_evaluates_every_six_weeks_from_its_date():
    taken = plan(probleemanalyse_op=D("2026-04-01"), plan_van_aanpak_op=D("2026-04-14"))
    assert [t.uiterlijk for t in eigen(taken, "evaluatie")[:2]] == [D("2026-05-26"), D("2026-07-07")]


def test_named_moments_replace_the_interval():
    taken = plan(
        probleemanalyse_op=D("2026-04-01"),
        plan_van_aanpak_op=D("2026-04-14"),
        evaluatieafspraken=(Evaluatieafspraak(D("2026-04-14"), data=(D("2026-06-15"), D("2026-05-01"))),),
    )
    evaluaties = eigen(taken, "evaluatie")
    assert [(t.volgnummer, t.uiterlijk, t.week) for t in evaluaties] == [
        (1, D("2026-05-01"), 9),
        (2, D("2026-06-15"), 16),  # sick day 30 + 30 + 31 + 15 = 106
    ]
    assert not any(t.vervallen for t in taken)


def test_a_revision_at_a_herijking_takes_over_from_its_date():
    taken = plan(
        probleemanalyse_op=D("2026-04-01"),
        plan_van_aanpak_op=D("2026-04-14"),
        evaluatieafspraken=(Evaluatieafspraak(D("2026-04-14")), Evaluatieafspraak(D("2026-08-30"), 2)),
    )
    data = [t.uiterlijk for t in eigen(taken, "evaluatie")]
    assert data[:5] == [D("2026-05-26"), D("2026-07-07"), D("2026-08-18"), D("2026-09-13"), D("2026-09-27")]
    assert eigen(taken, "evaluatie")[3].toelichting == "Evaluatiemoment volgens de bijstelling van 30-08-2026."


def test_no_possibility_of_return_voids_the_plan_and_its_evaluations():
    taken = plan(probleemanalyse_op=D("2026-04-01"), terugkeer_mogelijk=False)
    (pva,) = eigen(taken, "plan_van_aanpak")
    assert pva.vervallen and pva.uiterlijk == D("2026-04-26")
    assert "terugkeer naar arbeid (nog) niet mogelijk" in pva.toelichting
    assert all(t.vervallen for t in eigen(taken, "evaluatie"))
    assert not any(t.vervallen for t in taken if t.stap not in ("plan_van_aanpak", "evaluatie"))


def test_after_the_end_of_the_benefit_later_tasks_are_void():
    taken = plan(probleemanalyse_op=D("2026-04-01"), einde_uitkering=D("2026-06-30"))
    assert {t.stap for t in taken if not t.vervallen} == {"probleemanalyse", "plan_van_aanpak", "evaluatie"}
    assert all(t.vervallen == (t.uiterlijk > D("2026-06-30")) for t in taken)
    (herijking,) = [t for t in taken if t.stap == "herijking_26"]
    assert herijking.toelichting == "Vervallen: de Ziektewetuitkering is beëindigd per 30-06-2026."


def test_na_einde_uitkering_keeps_what_was_due_before():
    taken = plan_taken(EERSTE_AO_DAG, OVERNAME, SIGNAAL)
    assert na_einde_uitkering(taken, D("2030-01-01")) == taken


def test_the_employers_evaluations_stay_and_the_gemeentes_are_numbered_after_them():
    # Takeover in week 18: the employer's evaluation of week 14 (2026-06-07) stays its own.
    taken = plan_taken(
        EERSTE_AO_DAG, D("2026-07-01"), D("2026-07-03"), voortgang=Voortgang(probleemanalyse_op=D("2026-07-10"))
    )
    werkgever = [(t.stap, t.volgnummer, t.uiterlijk) for t in taken if t.stap == "evaluatie" and t.bij_werkgever]
    assert werkgever == [("evaluatie", 1, D("2026-06-07"))]
    (pva,) = eigen(taken, "plan_van_aanpak")
    assert pva.uiterlijk == D("2026-07-24")
    evaluaties = eigen(taken, "evaluatie")
    assert (evaluaties[0].volgnummer, evaluaties[0].uiterlijk) == (2, D("2026-09-04"))


def test_an_interruption_moves_the_plan_after_the_probleemanalyse():
    onderbreking = Onderbreking(D("2026-04-05"), D("2026-04-09"))  # 5 days fit
    taken = plan_taken(EERSTE_AO_DAG, OVERNAME, SIGNAAL, [onderbreking], Voortgang(probleemanalyse_op=D("2026-04-01")))
    (pva,) = eigen(taken, "plan_van_aanpak")
    assert pva.uiterlijk == D("2026-04-20")


def test_plan_van_aanpak_termijn():
    assert plan_van_aanpak_termijn(D("2026-12-25")) == D("2027-01-08")


@pytest.mark.parametrize(
    ("afspraak", "melding"),
    [
        (lambda: Evaluatieafspraak(D("2026-04-14"), 0), "Een evaluatie-interval van 0 weken kan niet"),
        (lambda: Evaluatieafspraak(D("2026-04-14"), 27), "kies 1 tot en met 26 weken"),
        (
            lambda: Evaluatieafspraak(D("2026-04-14"), data=(D("2026-04-14"),)),
            "Het evaluatiemoment 14-04-2026 ligt niet na de afspraak van 14-04-2026.",
        ),
    ],
)
def test_impossible_agreements_are_refused(afspraak, melding):
    with pytest.raises(PoortwachterError, match=melding):
        afspraak()


def test_evaluatiemomenten_stop_before_the_end_of_the_waiting_time():
    momenten = evaluatiemomenten([Evaluatieafspraak(D("2026-01-01"), 26)], D("2026-12-31"))
    assert [moment for moment, _ in momenten] == [D("2026-07-02")]
    genoemd = Evaluatieafspraak(D("2026-01-01"), data=(D("2026-12-31"), D("2026-06-01")))
    assert [moment for moment, _ in evaluatiemomenten([genoemd], D("2026-12-31"))] == [D("2026-06-01")]


def test_what_completing_each_step_asks():
    assert afronding("probleemanalyse").document == "probleemanalyse" and afronding("probleemanalyse").terugkeer
    assert afronding("plan_van_aanpak").document == "plan_van_aanpak"
    assert afronding("plan_van_aanpak").evaluatiemomenten
    assert afronding("evaluatie").verslag and afronding("evaluatie").document is None
    for herijking in ("herijking_26", "herijking_52", "herijking_78"):
        assert AFRONDING[herijking].verslag and AFRONDING[herijking].bijstelling
    assert afronding("re_integratieverslag").document == "reintegratieverslag"
    assert afronding("ezwb") == afronding("wia_aanvraag") and afronding("ezwb").document is None


dagen = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(
    dagen,
    st.integers(0, 300),
    st.integers(0, 120),
    st.integers(0, 60),
    st.integers(1, 30),
    st.integers(1, 26),
    st.booleans(),
)
def test_property_progress_keeps_the_plan_consistent(
    eerste_ao_dag, overname_na, pa_na, pva_na, interval, herijking_interval, terugkeer
):
    overname = eerste_ao_dag + timedelta(days=overname_na)
    pa_op = overname + timedelta(days=pa_na)
    pva_op = pa_op + timedelta(days=pva_na)
    voortgang = Voortgang(
        probleemanalyse_op=pa_op,
        terugkeer_mogelijk=terugkeer,
        plan_van_aanpak_op=pva_op,
        evaluatieafspraken=(
            Evaluatieafspraak(pva_op, min(interval, 26)),
            Evaluatieafspraak(pva_op + timedelta(days=180), herijking_interval),
        ),
    )
    taken = plan_taken(eerste_ao_dag, overname, overname, voortgang=voortgang)
    einde_wachttijd = next(t.uiterlijk for t in taken if t.stap == "einde_wachttijd")
    sleutels = [(t.stap, t.volgnummer) for t in taken]
    assert len(sleutels) == len(set(sleutels))
    assert [t.uiterlijk for t in taken] == sorted(t.uiterlijk for t in taken)
    for pva in eigen(taken, "plan_van_aanpak"):
        assert pva.vervallen != terugkeer
        if terugkeer:
            assert pva.uiterlijk == pa_op + timedelta(days=14)
    for evaluatie in eigen(taken, "evaluatie"):
        assert evaluatie.vervallen != terugkeer
        if terugkeer:
            assert pva_op < evaluatie.uiterlijk < einde_wachttijd
