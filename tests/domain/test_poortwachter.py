"""The Poortwachter timeline: expected dates are worked out by hand in the tables below.

"Week N" is the last day of week N, eerste AO-dag = day 1 of week 1. Each table row says how
its date was counted, so a reader can check it with a calendar instead of trusting a formula.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.domain.errors import DomainError
from vangnet.domain.poortwachter import (
    Onderbreking,
    PoortwachterError,
    Stap,
    einde_week,
    parse_onderbreking,
    tijdlijn,
)

STAP_IDS_IN_TABELVOLGORDE = [
    "probleemanalyse",
    "plan_van_aanpak",
    "evaluatie",
    "herijking_26",
    "herijking_52",
    "herijking_78",
    "ezwb",
    "re_integratieverslag",
    "wia_aanvraag",
    "einde_wachttijd",
]
CYCLUS = {"probleemanalyse", "plan_van_aanpak", "evaluatie"}
WACHTTIJD_DAGEN = 104 * 7 - 1


def d(text: str) -> date:
    return date.fromisoformat(text)


def datums(stappen: list[Stap], stap: str, verantwoordelijke: str | None = None) -> list[str]:
    return [
        s.uiterlijk.isoformat()
        for s in stappen
        if s.stap == stap and (verantwoordelijke is None or s.verantwoordelijke == verantwoordelijke)
    ]


def enige(stappen: list[Stap], stap: str, verantwoordelijke: str | None = None) -> Stap:
    gevonden = [s for s in stappen if s.stap == stap and (verantwoordelijke in (None, s.verantwoordelijke))]
    assert len(gevonden) == 1, gevonden
    return gevonden[0]


def vaste_stappen(stappen: list[Stap]) -> dict[str, tuple[int, str]]:
    return {s.stap: (s.week, s.uiterlijk.isoformat()) for s in stappen if s.stap != "evaluatie"}


# --- the fixed steps, without overname or interruptions ---------------------------------

VASTE_TERMIJNEN = [
    pytest.param(
        "2024-01-20",
        {
            # Jan 20 + 11 = Jan 31, + 29 (February 2024) = Feb 29, + 1 = Mar 1: 41 days.
            "probleemanalyse": (6, "2024-03-01"),
            "plan_van_aanpak": (8, "2024-03-15"),
            # 11 (Jan) + 29 + 31 + 30 + 31 + 30 + 19 (Jul) = 181.
            "herijking_26": (26, "2024-07-19"),
            # Jan 20 2025 is 366 days on (leap year), three fewer.
            "herijking_52": (52, "2025-01-17"),
            "ezwb": (52, "2025-01-17"),
            # 2025-01-17 + 182: 14 (Jan) + 28 + 31 + 30 + 31 + 30 + 18 (Jul).
            "herijking_78": (78, "2025-07-18"),
            # 2025-07-18 + 91: 13 (Jul) + 31 + 30 + 17 (Oct).
            "re_integratieverslag": (91, "2025-10-17"),
            "wia_aanvraag": (93, "2025-10-31"),
            # 2025-10-31 + 77: 30 (Nov) + 31 + 16 (Jan).
            "einde_wachttijd": (104, "2026-01-16"),
        },
        id="week 6 crosses 29 February 2024",
    ),
    pytest.param(
        "2023-12-28",
        {
            # 3 (Dec) + 31 (Jan) + 7 (Feb) = 41.
            "probleemanalyse": (6, "2024-02-07"),
            "plan_van_aanpak": (8, "2024-02-21"),
            # 3 + 31 + 29 + 31 + 30 + 31 + 26 (Jun) = 181.
            "herijking_26": (26, "2024-06-26"),
            # Dec 28 2024 is 366 days on, three fewer.
            "herijking_52": (52, "2024-12-25"),
            "ezwb": (52, "2024-12-25"),
            # 2024-12-25 + 182: 6 (Dec) + 31 + 28 + 31 + 30 + 31 + 25 (Jun).
            "herijking_78": (78, "2025-06-25"),
            # 2025-06-25 + 91: 5 (Jun) + 31 + 31 + 24 (Sep).
            "re_integratieverslag": (91, "2025-09-24"),
            "wia_aanvraag": (93, "2025-10-08"),
            # Dec 28 2025 is 731 days on; four fewer.
            "einde_wachttijd": (104, "2025-12-24"),
        },
        id="across a year end and a leap day",
    ),
    pytest.param(
        "2024-02-29",
        {
            # 31 (Mar) + 10 (Apr) = 41.
            "probleemanalyse": (6, "2024-04-10"),
            "plan_van_aanpak": (8, "2024-04-24"),
            # 31 + 30 + 31 + 30 + 31 + 28 (Aug) = 181.
            "herijking_26": (26, "2024-08-28"),
            # Feb 28 2025 is 365 days on (no 29 February in 2025), two fewer.
            "herijking_52": (52, "2025-02-26"),
            "ezwb": (52, "2025-02-26"),
            # 2025-02-26 + 182: 2 (Feb) + 31 + 30 + 31 + 30 + 31 + 27 (Aug).
            "herijking_78": (78, "2025-08-27"),
            # 2025-08-27 + 91: 4 (Aug) + 30 + 31 + 26 (Nov).
            "re_integratieverslag": (91, "2025-11-26"),
            "wia_aanvraag": (93, "2025-12-10"),
            # Feb 28 2026 is 730 days on; three fewer.
            "einde_wachttijd": (104, "2026-02-25"),
        },
        id="eerste AO-dag on 29 February",
    ),
    pytest.param(
        "2025-03-03",
        {
            # 28 (Mar) + 13 (Apr) = 41.
            "probleemanalyse": (6, "2025-04-13"),
            "plan_van_aanpak": (8, "2025-04-27"),
            # 28 + 30 + 31 + 30 + 31 + 31 (Aug) = 181.
            "herijking_26": (26, "2025-08-31"),
            "herijking_52": (52, "2026-03-01"),
            "ezwb": (52, "2026-03-01"),
            # 2026-03-01 + 182: 30 (Mar) + 30 + 31 + 30 + 31 + 30 (Aug).
            "herijking_78": (78, "2026-08-30"),
            # 2026-08-30 + 91: 1 (Aug) + 30 + 31 + 29 (Nov).
            "re_integratieverslag": (91, "2026-11-29"),
            "wia_aanvraag": (93, "2026-12-13"),
            # 2027-03-03 is 730 days on (no leap day in between); three fewer.
            "einde_wachttijd": (104, "2027-02-28"),
        },
        id="no leap year, ends on 28 February",
    ),
]


@pytest.mark.parametrize(("eerste_ao_dag", "verwacht"), VASTE_TERMIJNEN)
def test_fixed_steps_fall_on_the_last_day_of_their_week(eerste_ao_dag, verwacht):
    assert vaste_stappen(tijdlijn(d(eerste_ao_dag))) == verwacht


@pytest.mark.parametrize(
    ("eerste_ao_dag", "einde_wachttijd"),
    [
        ("2024-01-20", "2026-01-16"),
        ("2026-06-01", "2028-05-28"),  # 2028-06-01 is 731 days on (29 February 2028), four fewer
        ("2027-03-01", "2029-02-25"),  # 2029-03-01 is 731 days on (29 February 2028), four fewer
        ("1999-12-31", "2001-12-27"),  # 2000 is a leap year: 2001-12-31 is 731 days on
    ],
)
def test_end_of_waiting_time(eerste_ao_dag, einde_wachttijd):
    assert enige(tijdlijn(d(eerste_ao_dag)), "einde_wachttijd").uiterlijk == d(einde_wachttijd)


def test_evaluations_every_six_weeks_from_week_14_to_98():
    stappen = tijdlijn(d("2024-01-20"))
    evaluaties = [s for s in stappen if s.stap == "evaluatie"]
    assert [s.week for s in evaluaties] == [14, 20, 26, 32, 38, 44, 50, 56, 62, 68, 74, 80, 86, 92, 98]
    # From the plan (2024-03-15) on, 42 days each; week 104 itself is the end, not an evaluation.
    assert [s.uiterlijk.isoformat() for s in evaluaties] == [
        "2024-04-26",
        "2024-06-07",
        "2024-07-19",
        "2024-08-30",
        "2024-10-11",
        "2024-11-22",
        "2025-01-03",
        "2025-02-14",
        "2025-03-28",
        "2025-05-09",
        "2025-06-20",
        "2025-08-01",
        "2025-09-12",
        "2025-10-24",
        "2025-12-05",
    ]


def test_without_overname_the_gemeente_does_everything_but_the_ezwb():
    stappen = tijdlijn(d("2024-01-20"))
    assert {s.stap: s.verantwoordelijke for s in stappen} == {
        **{stap: "gemeente" for stap in STAP_IDS_IN_TABELVOLGORDE},
        "ezwb": "uwv",
    }


def test_step_ids_are_exactly_the_table():
    assert {s.stap for s in tijdlijn(d("2024-01-20"))} == set(STAP_IDS_IN_TABELVOLGORDE)


def test_same_day_steps_keep_the_table_order():
    stappen = tijdlijn(d("2024-01-20"))
    op_19_juli = [s.stap for s in stappen if s.uiterlijk == d("2024-07-19")]
    op_17_januari = [s.stap for s in stappen if s.uiterlijk == d("2025-01-17")]
    assert op_19_juli == ["evaluatie", "herijking_26"]
    assert op_17_januari == ["herijking_52", "ezwb"]


def test_every_step_has_a_dutch_description_and_a_legal_basis():
    for stap in tijdlijn(d("2024-01-20")):
        assert stap.omschrijving and stap.grondslag
    grondslagen = {s.stap: s.grondslag for s in tijdlijn(d("2024-01-20"))}
    assert grondslagen["probleemanalyse"] == "Regeling procesgang vangnetters art. 3"
    assert grondslagen["ezwb"] == "Ziektewet art. 19aa"
    assert "Wet WIA art. 25" in grondslagen["re_integratieverslag"]


def test_json_has_exactly_four_keys_and_an_iso_date():
    eerste = tijdlijn(d("2024-01-20"))[0]
    assert eerste.as_json() == {
        "stap": "probleemanalyse",
        "week": 6,
        "uiterlijk": "2024-03-01",
        "verantwoordelijke": "gemeente",
    }


@pytest.mark.parametrize(
    ("eerste_ao_dag", "week", "verwacht"),
    [
        ("2024-01-20", 1, "2024-01-26"),
        ("2024-01-20", 6, "2024-03-01"),
        ("2024-02-23", 1, "2024-02-29"),
        ("2023-12-28", 1, "2024-01-03"),
        ("2024-01-20", 104, "2026-01-16"),
    ],
)
def test_einde_week(eerste_ao_dag, week, verwacht):
    assert einde_week(d(eerste_ao_dag), week) == d(verwacht)


def test_einde_week_counts_interruptions():
    onderbreking = Onderbreking(d("2024-01-22"), d("2024-01-23"))
    assert einde_week(d("2024-01-20"), 1, [onderbreking]) == d("2024-01-28")


def test_week_zero_does_not_exist():
    with pytest.raises(PoortwachterError, match="Week 0 bestaat niet"):
        einde_week(d("2024-01-20"), 0)


# --- overname -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overname",
    [
        pytest.param("2024-01-20", id="on the eerste AO-dag"),
        pytest.param("2024-02-10", id="before week 6"),
        pytest.param("2024-03-01", id="on the probleemanalyse's due date"),
    ],
)
def test_overname_up_to_week_6_leaves_the_whole_timeline_to_the_gemeente(overname):
    zonder = tijdlijn(d("2024-01-20"))
    met = tijdlijn(d("2024-01-20"), d(overname))
    assert met == zonder


def test_overname_between_week_6_and_8_starts_a_fresh_cycle_for_the_gemeente():
    stappen = tijdlijn(d("2024-01-20"), d("2024-03-05"))
    werkgever = [(s.stap, s.week, s.uiterlijk.isoformat()) for s in stappen if s.verantwoordelijke == "werkgever"]
    assert werkgever == [("probleemanalyse", 6, "2024-03-01")]
    # The employer's plan (due 2024-03-15, after the takeover) is replaced by the gemeente's.
    # Fresh probleemanalyse: 2024-03-05 is day 1, + 41 = 26 (Mar) + 15 (Apr) -> 2024-04-15,
    # which is sick day 12 + 29 + 31 + 15 = 87, in week 13.
    assert enige(stappen, "probleemanalyse", "gemeente").week == 13
    assert enige(stappen, "probleemanalyse", "gemeente").uiterlijk == d("2024-04-15")
    # Plan 2 weeks later: 2024-04-29, sick day 101, week 15.
    assert (enige(stappen, "plan_van_aanpak").week, enige(stappen, "plan_van_aanpak").uiterlijk) == (
        15,
        d("2024-04-29"),
    )
    evaluaties = [(s.week, s.uiterlijk.isoformat()) for s in stappen if s.stap == "evaluatie"]
    # Every 42 days from 2024-04-29; sick day 143 + 42k, so weeks 21 + 6k; 2026-01-19 is past the end.
    assert evaluaties == [
        (21, "2024-06-10"),
        (27, "2024-07-22"),
        (33, "2024-09-02"),
        (39, "2024-10-14"),
        (45, "2024-11-25"),
        (51, "2025-01-06"),
        (57, "2025-02-17"),
        (63, "2025-03-31"),
        (69, "2025-05-12"),
        (75, "2025-06-23"),
        (81, "2025-08-04"),
        (87, "2025-09-15"),
        (93, "2025-10-27"),
        (99, "2025-12-08"),
    ]
    assert {s.verantwoordelijke for s in stappen if s.stap == "evaluatie"} == {"gemeente"}


def test_overname_after_week_52_leaves_the_first_year_to_the_werkgever():
    stappen = tijdlijn(d("2024-01-20"), d("2025-02-04"))
    assert [(s.stap, s.uiterlijk.isoformat(), s.verantwoordelijke) for s in stappen] == [
        ("probleemanalyse", "2024-03-01", "werkgever"),
        ("plan_van_aanpak", "2024-03-15", "werkgever"),
        ("evaluatie", "2024-04-26", "werkgever"),
        ("evaluatie", "2024-06-07", "werkgever"),
        ("evaluatie", "2024-07-19", "werkgever"),
        ("herijking_26", "2024-07-19", "werkgever"),
        ("evaluatie", "2024-08-30", "werkgever"),
        ("evaluatie", "2024-10-11", "werkgever"),
        ("evaluatie", "2024-11-22", "werkgever"),
        ("evaluatie", "2025-01-03", "werkgever"),
        ("herijking_52", "2025-01-17", "werkgever"),
        ("ezwb", "2025-01-17", "uwv"),
        # 2025-02-04 + 41: 24 (Feb) + 17 (Mar). The employer's evaluation of 2025-02-14 is gone.
        ("probleemanalyse", "2025-03-17", "gemeente"),
        ("plan_van_aanpak", "2025-03-31", "gemeente"),
        ("evaluatie", "2025-05-12", "gemeente"),
        ("evaluatie", "2025-06-23", "gemeente"),
        ("herijking_78", "2025-07-18", "gemeente"),
        ("evaluatie", "2025-08-04", "gemeente"),
        ("evaluatie", "2025-09-15", "gemeente"),
        ("re_integratieverslag", "2025-10-17", "gemeente"),
        ("evaluatie", "2025-10-27", "gemeente"),
        ("wia_aanvraag", "2025-10-31", "gemeente"),
        ("evaluatie", "2025-12-08", "gemeente"),
        ("einde_wachttijd", "2026-01-16", "gemeente"),
    ]
    # 2025-03-17 is sick day 366 (to 2025-01-19) + 12 + 28 + 17 = 423: week 61 (60 weeks = 420 days).
    assert enige(stappen, "probleemanalyse", "gemeente").week == 61
    assert enige(stappen, "plan_van_aanpak", "gemeente").week == 63


def test_overname_on_a_due_date_makes_that_step_the_gemeentes():
    stappen = tijdlijn(d("2024-01-20"), d("2024-07-19"))
    assert enige(stappen, "herijking_26").verantwoordelijke == "gemeente"
    assert datums(stappen, "evaluatie", "werkgever") == ["2024-04-26", "2024-06-07"]
    # The employer's evaluation due on the takeover date belongs to the old cycle and is dropped.
    assert "2024-07-19" not in datums(stappen, "evaluatie")


def test_fresh_steps_after_the_waiting_time_are_left_out():
    stappen = tijdlijn(d("2024-01-20"), d("2025-12-20"))
    # 2025-12-20 + 41 = 2026-01-30, after the end of the waiting time (2026-01-16).
    assert datums(stappen, "probleemanalyse") == ["2024-03-01"]
    assert datums(stappen, "plan_van_aanpak") == ["2024-03-15"]
    assert datums(stappen, "evaluatie", "gemeente") == []
    assert datums(stappen, "evaluatie", "werkgever")[-1] == "2025-12-05"
    assert enige(stappen, "einde_wachttijd").verantwoordelijke == "gemeente"


def test_overname_on_the_last_day_is_accepted():
    stappen = tijdlijn(d("2024-01-20"), d("2026-01-16"))
    assert {s.stap: s.verantwoordelijke for s in stappen if s.stap != "evaluatie"} == {
        "probleemanalyse": "werkgever",
        "plan_van_aanpak": "werkgever",
        "herijking_26": "werkgever",
        "herijking_52": "werkgever",
        "herijking_78": "werkgever",
        "ezwb": "uwv",
        "re_integratieverslag": "werkgever",
        "wia_aanvraag": "werkgever",
        "einde_wachttijd": "gemeente",
    }


def test_overname_before_the_eerste_ao_dag_is_refused():
    with pytest.raises(PoortwachterError, match="De overnamedatum .* ligt vóór de eerste AO-dag"):
        tijdlijn(d("2024-01-20"), d("2024-01-19"))


def test_overname_after_the_waiting_time_is_refused():
    with pytest.raises(PoortwachterError, match=r"ligt na het einde van de wachttijd \(2026-01-16\)"):
        tijdlijn(d("2024-01-20"), d("2026-01-17"))


def test_overname_after_the_unshifted_end_is_accepted_when_an_interruption_moved_it():
    onderbreking = Onderbreking(d("2024-06-01"), d("2024-06-10"))
    stappen = tijdlijn(d("2024-01-20"), d("2026-01-20"), [onderbreking])
    assert enige(stappen, "einde_wachttijd").uiterlijk == d("2026-01-26")


def test_poortwachter_error_is_a_domain_error():
    assert issubclass(PoortwachterError, DomainError)
    assert issubclass(PoortwachterError, ValueError)


# --- interruptions --------------------------------------------------------------------------


def test_one_interruption_moves_every_later_deadline_by_its_length():
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=[Onderbreking(d("2024-02-10"), d("2024-02-16"))])
    assert vaste_stappen(stappen) == {
        "probleemanalyse": (6, "2024-03-08"),
        "plan_van_aanpak": (8, "2024-03-22"),
        "herijking_26": (26, "2024-07-26"),
        "herijking_52": (52, "2025-01-24"),
        "ezwb": (52, "2025-01-24"),
        "herijking_78": (78, "2025-07-25"),
        "re_integratieverslag": (91, "2025-10-24"),
        "wia_aanvraag": (93, "2025-11-07"),
        "einde_wachttijd": (104, "2026-01-23"),
    }


def test_two_interruptions_add_up_for_the_deadlines_after_both():
    onderbrekingen = [
        Onderbreking(d("2024-05-01"), d("2024-05-20")),  # 20 days, given out of order on purpose
        Onderbreking(d("2024-02-10"), d("2024-02-16")),  # 7 days
    ]
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=onderbrekingen)
    assert enige(stappen, "probleemanalyse").uiterlijk == d("2024-03-08")  # + 7
    # Week 14: 2024-04-26 + 7 = 2024-05-03, which is in the second interruption: + 20 = 2024-05-23.
    assert datums(stappen, "evaluatie")[0] == "2024-05-23"
    assert enige(stappen, "herijking_26").uiterlijk == d("2024-08-15")  # 2024-07-19 + 27
    assert enige(stappen, "einde_wachttijd").uiterlijk == d("2026-02-12")  # 2026-01-16 + 27
    assert len(datums(stappen, "evaluatie")) == 15


def test_interruption_after_week_52_moves_only_the_later_deadlines():
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=[Onderbreking(d("2025-02-01"), d("2025-02-14"))])
    assert vaste_stappen(stappen) == {
        "probleemanalyse": (6, "2024-03-01"),
        "plan_van_aanpak": (8, "2024-03-15"),
        "herijking_26": (26, "2024-07-19"),
        "herijking_52": (52, "2025-01-17"),
        "ezwb": (52, "2025-01-17"),
        "herijking_78": (78, "2025-08-01"),
        "re_integratieverslag": (91, "2025-10-31"),
        "wia_aanvraag": (93, "2025-11-14"),
        "einde_wachttijd": (104, "2026-01-30"),
    }


def test_interruption_starting_on_a_due_date_moves_it_past_the_recovery():
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=[Onderbreking(d("2024-03-01"), d("2024-03-03"))])
    assert enige(stappen, "probleemanalyse").uiterlijk == d("2024-03-04")


def test_interruption_starting_the_day_after_a_due_date_leaves_it():
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=[Onderbreking(d("2024-03-02"), d("2024-03-04"))])
    assert enige(stappen, "probleemanalyse").uiterlijk == d("2024-03-01")
    assert enige(stappen, "plan_van_aanpak").uiterlijk == d("2024-03-18")


def test_a_recovery_of_27_days_is_still_an_interruption():
    # 20 days in February 2024 (10..29) and 7 in March.
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=[Onderbreking(d("2024-02-10"), d("2024-03-07"))])
    assert enige(stappen, "probleemanalyse").uiterlijk == d("2024-03-28")


@pytest.mark.parametrize(
    ("begin", "einde", "dagen"), [("2024-02-10", "2024-03-08", 28), ("2024-02-10", "2024-04-30", 81)]
)
def test_a_recovery_of_4_weeks_or_more_starts_a_new_case(begin, einde, dagen):
    onderbreking = Onderbreking(d(begin), d(einde))
    with pytest.raises(PoortwachterError) as fout:
        tijdlijn(d("2024-01-20"), onderbrekingen=[onderbreking])
    assert str(fout.value).startswith(
        f"Een herstel van {dagen} dagen ({begin} t/m {einde}) is geen onderbreking: "
        "bij 4 weken of meer begint een nieuw ziektegeval"
    )


def test_interruption_ending_before_it_begins_is_refused():
    with pytest.raises(PoortwachterError, match="eindigt vóór ze begint"):
        Onderbreking(d("2024-03-05"), d("2024-03-01"))


def test_one_day_interruption_has_length_one():
    assert Onderbreking(d("2024-03-05"), d("2024-03-05")).lengte == 1


@pytest.mark.parametrize(
    ("begin", "einde"),
    [("2024-01-10", "2024-01-12"), ("2024-01-18", "2024-01-22"), ("2024-01-20", "2024-01-22")],
)
def test_interruption_must_begin_after_the_eerste_ao_dag(begin, einde):
    with pytest.raises(PoortwachterError, match=r"begint niet na de eerste AO-dag \(2024-01-20\)"):
        tijdlijn(d("2024-01-20"), onderbrekingen=[Onderbreking(d(begin), d(einde))])


def test_interruption_beginning_the_day_after_the_eerste_ao_dag_is_fine():
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=[Onderbreking(d("2024-01-21"), d("2024-01-22"))])
    assert enige(stappen, "probleemanalyse").uiterlijk == d("2024-03-03")


@pytest.mark.parametrize(
    "tweede",
    [
        pytest.param(("2024-03-04", "2024-03-10"), id="overlapping"),
        pytest.param(("2024-03-06", "2024-03-08"), id="touching"),
        pytest.param(("2024-03-01", "2024-03-05"), id="the same"),
    ],
)
def test_interruptions_need_a_sick_day_between_them(tweede):
    onderbrekingen = [Onderbreking(d("2024-03-01"), d("2024-03-05")), Onderbreking(d(tweede[0]), d(tweede[1]))]
    with pytest.raises(PoortwachterError, match="overlappen of sluiten op elkaar aan"):
        tijdlijn(d("2024-01-20"), onderbrekingen=onderbrekingen)


def test_interruptions_with_one_sick_day_between_are_fine():
    onderbrekingen = [Onderbreking(d("2024-03-01"), d("2024-03-05")), Onderbreking(d("2024-03-07"), d("2024-03-08"))]
    stappen = tijdlijn(d("2024-01-20"), onderbrekingen=onderbrekingen)
    # Week 6 moves 5 days to the sick day between them; the plan moves past both (5 + 2 days).
    assert enige(stappen, "probleemanalyse").uiterlijk == d("2024-03-06")
    assert enige(stappen, "plan_van_aanpak").uiterlijk == d("2024-03-22")


def test_interruption_after_overname_moves_the_fresh_cycle():
    onderbreking = Onderbreking(d("2024-04-01"), d("2024-04-10"))
    stappen = tijdlijn(d("2024-01-20"), d("2024-03-05"), [onderbreking])
    fresh = enige(stappen, "probleemanalyse", "gemeente")
    # 2024-04-15 + 10; sick days 12 + 29 + 31 + 25 - 10 = 87: still week 13.
    assert (fresh.uiterlijk, fresh.week) == (d("2024-04-25"), 13)


def test_interruption_before_overname_only_lowers_the_week_of_the_fresh_probleemanalyse():
    onderbreking = Onderbreking(d("2024-02-10"), d("2024-02-12"))
    stappen = tijdlijn(d("2024-01-20"), d("2024-03-05"), [onderbreking])
    assert enige(stappen, "probleemanalyse", "werkgever").uiterlijk == d("2024-03-04")
    fresh = enige(stappen, "probleemanalyse", "gemeente")
    # Counted from the takeover, so unmoved; sick days 87 - 3 = 84: week 12.
    assert (fresh.uiterlijk, fresh.week) == (d("2024-04-15"), 12)


# --- parse_onderbreking -----------------------------------------------------------------------


def test_parse_onderbreking():
    assert parse_onderbreking(" 2024-03-01:2024-03-05 ") == Onderbreking(d("2024-03-01"), d("2024-03-05"))


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("2024-03-01", "is geen onderbreking in de vorm JJJJ-MM-DD:JJJJ-MM-DD"),
        ("2024-03-01:2024-03-05:2024-03-07", "is geen onderbreking in de vorm"),
        ("20240301:20240305", "is geen onderbreking in de vorm"),
        ("2024-03-01/2024-03-05", "is geen onderbreking in de vorm"),
        ("", "is geen onderbreking in de vorm"),
        ("2023-02-27:2023-02-29", "'2023-02-29' in '2023-02-27:2023-02-29' is geen bestaande datum"),
        ("2024-03-05:2024-03-01", "eindigt vóór ze begint"),
    ],
)
def test_parse_onderbreking_refuses_bad_text_in_dutch(tekst, melding):
    with pytest.raises(PoortwachterError, match=melding):
        parse_onderbreking(tekst)


# --- properties -------------------------------------------------------------------------------

eerste_ao_dagen = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def gevallen(draw, met_overname=True, overname_max_dagen=WACHTTIJD_DAGEN):
    eerste = draw(eerste_ao_dagen)
    overname = None
    if met_overname and draw(st.booleans()):
        overname = eerste + timedelta(days=draw(st.integers(0, overname_max_dagen)))
    return eerste, overname


@st.composite
def onderbrekingen(draw, eerste: date, hoogstens: int = 3):
    """Up to `hoogstens` valid interruptions inside the unshifted waiting time."""
    resultaat = []
    volgende_begin = eerste + timedelta(days=1)
    for _ in range(draw(st.integers(0, hoogstens))):
        begin = volgende_begin + timedelta(days=draw(st.integers(0, 250)))
        einde = begin + timedelta(days=draw(st.integers(0, 26)))
        resultaat.append(Onderbreking(begin, einde))
        volgende_begin = einde + timedelta(days=2)
    return resultaat


def hersteld(dag: date, onderbrekingen: list[Onderbreking]) -> bool:
    return any(o.begin <= dag <= o.einde for o in onderbrekingen)


def zieke_dagen_tot_en_met(eerste: date, dag: date, onderbrekingen: list[Onderbreking]) -> int:
    """Counted day by day, on purpose unlike the implementation."""
    return sum(1 for n in range((dag - eerste).days + 1) if not hersteld(eerste + timedelta(days=n), onderbrekingen))


@given(gevallen())
def test_property_sorted_by_date_then_table_order(geval):
    stappen = tijdlijn(*geval)
    sleutels = [(s.uiterlijk, STAP_IDS_IN_TABELVOLGORDE.index(s.stap)) for s in stappen]
    assert sleutels == sorted(sleutels)


@given(gevallen())
def test_property_waiting_time_is_727_days_and_holds_every_step(geval):
    eerste, overname = geval
    stappen = tijdlijn(eerste, overname)
    einde = enige(stappen, "einde_wachttijd").uiterlijk
    assert einde == eerste + timedelta(days=727)
    assert all(eerste <= s.uiterlijk <= einde for s in stappen)
    assert stappen[-1].stap == "einde_wachttijd"


@given(gevallen())
def test_property_werkgever_exactly_before_overname(geval):
    eerste, overname = geval
    for stap in tijdlijn(eerste, overname):
        if stap.stap == "ezwb":
            assert stap.verantwoordelijke == "uwv"
        elif overname is not None and stap.uiterlijk < overname:
            assert stap.verantwoordelijke == "werkgever"
        else:
            assert stap.verantwoordelijke == "gemeente"


# The fresh probleemanalyse is due 41 days after the takeover; later takeovers get none (see above).
@given(gevallen(overname_max_dagen=WACHTTIJD_DAGEN - 41))
def test_property_exactly_one_gemeente_probleemanalyse(geval):
    stappen = tijdlijn(*geval)
    assert len([s for s in stappen if s.stap == "probleemanalyse" and s.verantwoordelijke == "gemeente"]) == 1
    assert len([s for s in stappen if s.stap == "plan_van_aanpak" and s.verantwoordelijke == "gemeente"]) <= 1


@given(st.data())
def test_property_week_is_the_sick_week_of_the_date(data):
    eerste, overname = data.draw(gevallen())
    pauzes = data.draw(onderbrekingen(eerste))
    for stap in tijdlijn(eerste, overname, pauzes):
        assert not hersteld(stap.uiterlijk, pauzes)
        assert stap.week == -(-zieke_dagen_tot_en_met(eerste, stap.uiterlijk, pauzes) // 7)


@given(st.data())
def test_property_table_steps_fall_exactly_at_the_end_of_their_week(data):
    eerste = data.draw(eerste_ao_dagen)
    pauzes = data.draw(onderbrekingen(eerste))
    for stap in tijdlijn(eerste, onderbrekingen=pauzes):
        assert zieke_dagen_tot_en_met(eerste, stap.uiterlijk, pauzes) == 7 * stap.week


def bij_stap_en_volgnummer(stappen: list[Stap], alleen: set[str] | None = None) -> dict[tuple[str, int], date]:
    gezien: dict[str, int] = {}
    resultaat = {}
    for stap in stappen:
        if alleen is None or stap.stap in alleen:
            volgnummer = gezien.get(stap.stap, 0)
            gezien[stap.stap] = volgnummer + 1
            resultaat[stap.stap, volgnummer] = stap.uiterlijk
    return resultaat


@given(st.data())
def test_property_an_interruption_never_brings_a_deadline_forward(data):
    eerste, overname = data.draw(gevallen())
    begin = eerste + timedelta(days=data.draw(st.integers(1, WACHTTIJD_DAGEN)))
    onderbreking = Onderbreking(begin, begin + timedelta(days=data.draw(st.integers(0, 26))))
    zonder = tijdlijn(eerste, overname)
    met = tijdlijn(eerste, overname, [onderbreking])
    # With an overname, an interruption can move week 6 past the takeover and so cancel the
    # fresh cycle: compare the cycle only without overname.
    alleen = None if overname is None else set(STAP_IDS_IN_TABELVOLGORDE) - CYCLUS
    voor = bij_stap_en_volgnummer(zonder, alleen)
    na = bij_stap_en_volgnummer(met, alleen)
    for sleutel, uiterlijk in voor.items():
        if sleutel in na:
            assert na[sleutel] >= uiterlijk
    assert {k for k in voor if k[0] != "evaluatie"} <= set(na)
    verschuiving = enige(met, "einde_wachttijd").uiterlijk - enige(zonder, "einde_wachttijd").uiterlijk
    assert verschuiving.days == onderbreking.lengte
    for week in (1, 6, 8, 26, 52, 78, 91, 93, 104):
        assert einde_week(eerste, week, [onderbreking]) >= einde_week(eerste, week)
