"""The dossier's tasks: the Poortwachter timeline plus the onverwijld rule; dates counted by hand."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vangnet.domain.dossierplan import plan_taken
from vangnet.domain.poortwachter import Onderbreking, tijdlijn

D = date.fromisoformat


def eigen(taken, stap):
    return [t for t in taken if t.stap == stap and t.verantwoordelijke == "gemeente"]


def test_a_timely_signal_keeps_the_timeline():
    # 2026-03-02 + 41 days: 29 (rest of March) + 12 -> 2026-04-12; the plan 14 days later.
    taken = plan_taken(D("2026-03-02"), D("2026-03-10"), D("2026-03-20"))
    (pa,) = eigen(taken, "probleemanalyse")
    (pva,) = eigen(taken, "plan_van_aanpak")
    assert (pa.uiterlijk, pa.week, pa.oorspronkelijk_uiterlijk) == (D("2026-04-12"), 6, None)
    assert (pva.uiterlijk, pva.week) == (D("2026-04-26"), 8)
    assert not any(t.vervallen or t.bij_werkgever for t in taken)
    assert [(t.stap, t.uiterlijk) for t in taken] == [(s.stap, s.uiterlijk) for s in tijdlijn(D("2026-03-02"))]


def test_a_signal_after_week_6_makes_the_probleemanalyse_due_at_once():
    taken = plan_taken(D("2026-03-02"), D("2026-03-10"), D("2026-05-01"))
    (pa,) = eigen(taken, "probleemanalyse")
    assert (pa.uiterlijk, pa.oorspronkelijk_uiterlijk) == (D("2026-05-01"), D("2026-04-12"))
    # 2026-05-01 is sick day 30 + 30 + 1 = 61: week 9.
    assert pa.week == 9
    assert pa.toelichting.startswith("Onverwijld: het signaal kwam op 01-05-2026 binnen, na de termijn van 12-04-2026")
    (pva,) = eigen(taken, "plan_van_aanpak")
    assert (pva.uiterlijk, pva.oorspronkelijk_uiterlijk, pva.week) == (D("2026-05-15"), D("2026-04-26"), 11)
    # The first evaluation (week 14: 2026-06-07) comes after the moved plan and stays.
    assert [t.uiterlijk for t in eigen(taken, "evaluatie")][0] == D("2026-06-07")
    assert not any(t.vervallen for t in taken)


def test_evaluations_before_the_moved_plan_are_void():
    taken = plan_taken(D("2026-03-02"), D("2026-03-10"), D("2026-06-01"))
    (pva,) = eigen(taken, "plan_van_aanpak")
    assert pva.uiterlijk == D("2026-06-15")
    evaluaties = eigen(taken, "evaluatie")
    assert [(t.uiterlijk, t.vervallen) for t in evaluaties[:2]] == [(D("2026-06-07"), True), (D("2026-07-19"), False)]
    assert evaluaties[0].toelichting == "Vervalt: het plan van aanpak is pas uiterlijk 15-06-2026 klaar."


def test_the_signal_on_the_due_date_is_in_time():
    (pa,) = eigen(plan_taken(D("2026-03-02"), D("2026-03-10"), D("2026-04-12")), "probleemanalyse")
    assert (pa.uiterlijk, pa.oorspronkelijk_uiterlijk) == (D("2026-04-12"), None)


def test_a_takeover_and_signal_within_week_6_keep_the_week_6_deadline():
    taken = plan_taken(D("2026-03-02"), D("2026-04-10"), D("2026-04-11"))
    assert [t for t in taken if t.bij_werkgever] == []
    (pa,) = eigen(taken, "probleemanalyse")
    assert (pa.volgnummer, pa.uiterlijk, pa.oorspronkelijk_uiterlijk) == (1, D("2026-04-12"), None)


def test_a_signal_later_than_week_6_makes_even_a_fresh_cycles_probleemanalyse_due_at_once():
    # Art. 3 lid 3: the melding came in week 10, so the oordeel is due on the day of the signal,
    # not 2026-05-01 + 41 = 2026-06-11 of a fresh cycle from the takeover.
    taken = plan_taken(D("2026-03-02"), D("2026-05-01"), D("2026-05-05"))
    werkgever = [(t.stap, t.volgnummer, t.uiterlijk) for t in taken if t.bij_werkgever]
    assert werkgever == [
        ("probleemanalyse", 1, D("2026-04-12")),
        ("plan_van_aanpak", 1, D("2026-04-26")),
    ]
    (pa,) = eigen(taken, "probleemanalyse")
    assert (pa.volgnummer, pa.uiterlijk, pa.oorspronkelijk_uiterlijk) == (2, D("2026-05-05"), D("2026-06-11"))
    assert "art. 3 lid 3" in pa.toelichting
    (pva,) = eigen(taken, "plan_van_aanpak")
    assert (pva.uiterlijk, pva.oorspronkelijk_uiterlijk) == (D("2026-05-19"), D("2026-06-25"))


def test_a_late_signal_after_a_late_takeover_moves_the_gemeentes_own_probleemanalyse():
    taken = plan_taken(D("2026-03-02"), D("2026-05-01"), D("2026-06-20"))
    (pa,) = eigen(taken, "probleemanalyse")
    assert (pa.uiterlijk, pa.oorspronkelijk_uiterlijk) == (D("2026-06-20"), D("2026-06-11"))
    assert [t.uiterlijk for t in taken if t.stap == "probleemanalyse" and t.bij_werkgever] == [D("2026-04-12")]


def test_a_signal_after_the_waiting_time_moves_nothing():
    taken = plan_taken(D("2024-01-20"), D("2024-02-01"), D("2026-02-01"))
    assert all(t.oorspronkelijk_uiterlijk is None for t in taken)


def test_interruptions_move_the_plan_as_they_move_the_timeline():
    onderbreking = Onderbreking(D("2026-03-20"), D("2026-03-29"))  # 10 days fit
    (pa,) = eigen(plan_taken(D("2026-03-02"), D("2026-03-10"), D("2026-03-20"), [onderbreking]), "probleemanalyse")
    assert pa.uiterlijk == D("2026-04-22")


def test_volgnummers_count_per_step_in_timeline_order():
    taken = plan_taken(D("2026-03-02"), D("2026-03-10"), D("2026-03-20"))
    evaluaties = [t for t in taken if t.stap == "evaluatie"]
    assert [t.volgnummer for t in evaluaties] == list(range(1, 16))
    assert {t.volgnummer for t in taken if t.stap != "evaluatie"} == {1}


dagen = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(dagen, st.integers(0, 700), st.integers(0, 800))
def test_property_the_gemeentes_deadlines_respect_the_signal(eerste_ao_dag, overname_na, signaal_na):
    overname = eerste_ao_dag + timedelta(days=overname_na)
    signaaldatum = overname + timedelta(days=signaal_na)
    taken = plan_taken(eerste_ao_dag, overname, signaaldatum)
    einde_wachttijd = next(t.uiterlijk for t in taken if t.stap == "einde_wachttijd")
    sleutels = [(t.stap, t.volgnummer) for t in taken]
    assert len(sleutels) == len(set(sleutels))
    assert [t.uiterlijk for t in taken] == sorted(t.uiterlijk for t in taken)
    for pa in eigen(taken, "probleemanalyse"):
        if signaaldatum <= einde_wachttijd:
            assert pa.uiterlijk >= signaaldatum
        for pva in eigen(taken, "plan_van_aanpak"):
            assert pva.uiterlijk >= pa.uiterlijk + timedelta(days=14) or pva.uiterlijk > einde_wachttijd
    for taak in taken:
        assert taak.bij_werkgever == (taak.verantwoordelijke == "werkgever")
        if taak.vervallen:
            assert taak.stap == "evaluatie"
