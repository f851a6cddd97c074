"""The Wet verbetering poortwachter timeline of a vangnetter.

How vangnet reads the law (Regeling procesgang vangnetters gemeentelijke doelgroep
Participatiewet, Ziektewet, Wet WIA):

- Weeks count from the eerste AO-dag, which is day 1 of week 1. "Week N" is the LAST day
  of week N: eerste AO-dag + 7·N − 1 days. The Regeling says "binnen zes weken na de
  eerste dag", which would end one day later; vangnet keeps UWV's stricter reading
  "uiterlijk in week N" for every step.
- When the former employer's probleemanalyse was due before the takeover (the datum einde
  arbeidsverhouding), the gemeente starts a fresh cycle: a probleemanalyse within six
  weeks, with the takeover date as day 1 (same strict reading, so takeover + 41 days), a
  plan van aanpak two weeks later, and evaluations every six weeks after that plan.
  Steps due before the takeover stay on the timeline, marked as the employer's.
- Everything ends with the waiting time: the end of week 104 (Ziektewet art. 29, Wet WIA
  art. 23). No step is planned after it, evaluations stop before it, and a takeover after
  it is refused.
- Sickness periods less than 4 weeks apart add up (Ziektewet art. 29 lid 5, Wet WIA
  art. 23 lid 3): each deadline after a recovery moves by the recovery's length in days.
  A recovery of 4 weeks or more starts a new case and is refused as an interruption.
- A gemeente may deviate from a deadline with a motivation (Regeling art. 7); that is
  recorded in the dossier, never here.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from vangnet.domain.errors import DomainError

Verantwoordelijke = Literal["werkgever", "gemeente", "uwv"]

DAGEN_PER_WEEK = 7
WACHTTIJD_WEKEN = 104
NIEUW_ZIEKTEGEVAL_DAGEN = 28
WEKEN_TOT_PROBLEEMANALYSE = 6
WEKEN_TOT_PLAN_VAN_AANPAK = 2
WEKEN_TUSSEN_EVALUATIES = 6

# The steps that restart when the gemeente takes over from the employer.
CYCLUS = frozenset({"probleemanalyse", "plan_van_aanpak", "evaluatie"})

_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class PoortwachterError(DomainError):
    """The timeline cannot be computed: its dates contradict the law or each other."""


@dataclass(frozen=True)
class Onderbreking:
    """A recovery between two sickness periods: the first and last day the person was fit."""

    begin: date
    einde: date

    def __post_init__(self) -> None:
        if self.einde < self.begin:
            raise PoortwachterError(
                f"De onderbreking {self.begin.isoformat()} t/m {self.einde.isoformat()} eindigt vóór ze begint."
            )

    @property
    def lengte(self) -> int:
        return (self.einde - self.begin).days + 1

    def __str__(self) -> str:
        return f"{self.begin.isoformat()} t/m {self.einde.isoformat()}"


@dataclass(frozen=True)
class Stap:
    """One deadline on the timeline: what is due, in which week, by whom."""

    stap: str
    week: int
    uiterlijk: date
    verantwoordelijke: Verantwoordelijke
    omschrijving: str
    grondslag: str

    def as_json(self) -> dict[str, str | int]:
        return {
            "stap": self.stap,
            "week": self.week,
            "uiterlijk": self.uiterlijk.isoformat(),
            "verantwoordelijke": self.verantwoordelijke,
        }


@dataclass(frozen=True)
class Stapdefinitie:
    """A row of the timeline table. `herhaling_weken` makes it recur from `week` on."""

    stap: str
    week: int
    omschrijving: str
    grondslag: str
    verantwoordelijke: Verantwoordelijke | None = None  # None: the employer or the gemeente, by date
    herhaling_weken: int | None = None

    def weken(self) -> range:
        """The nominal weeks of this step; a recurring step stops before the end of the waiting time."""
        if self.herhaling_weken is None:
            return range(self.week, self.week + 1)
        return range(self.week, WACHTTIJD_WEKEN, self.herhaling_weken)


REGELING = "Regeling procesgang vangnetters"

# Week 8 is 2 weeks after the probleemanalyse; evaluations follow the plan every 6 weeks.
STAPPEN: tuple[Stapdefinitie, ...] = (
    Stapdefinitie("probleemanalyse", 6, "Probleemanalyse (oordeel arts)", f"{REGELING} art. 3"),
    Stapdefinitie("plan_van_aanpak", 8, "Plan van aanpak", f"{REGELING} art. 5"),
    Stapdefinitie("evaluatie", 14, "Evaluatie plan van aanpak", f"{REGELING} art. 5 lid 2 onder b", herhaling_weken=6),
    Stapdefinitie("herijking_26", 26, "Herijking na 26 weken", f"{REGELING} art. 6"),
    Stapdefinitie("herijking_52", 52, "Herijking na 52 weken", f"{REGELING} art. 6"),
    Stapdefinitie("herijking_78", 78, "Herijking na 78 weken", f"{REGELING} art. 6"),
    Stapdefinitie("ezwb", 52, "Eerstejaars ZW-beoordeling (EZWb)", "Ziektewet art. 19aa", verantwoordelijke="uwv"),
    Stapdefinitie("re_integratieverslag", 91, "Re-integratieverslag", f"Wet WIA art. 25 en 26; {REGELING} art. 8"),
    Stapdefinitie("wia_aanvraag", 93, "WIA-aanvraag", "Wet WIA art. 64"),
    Stapdefinitie("einde_wachttijd", 104, "Einde wachttijd en ziekengeld", "Ziektewet art. 29; Wet WIA art. 23"),
)

_DEFINITIE = {definitie.stap: definitie for definitie in STAPPEN}


@dataclass(frozen=True)
class _Termijn:
    definitie: Stapdefinitie
    week: int
    uiterlijk: date


def advance(start: date, days: int, onderbrekingen: Sequence[Onderbreking] = ()) -> date:
    """`start` plus `days` days of sickness: an interruption beginning in between pushes the date on."""
    running = start + timedelta(days=days)
    for onderbreking in sorted(onderbrekingen, key=lambda o: o.begin):
        # An interruption that began before `start` is already behind the anchor date.
        if start < onderbreking.begin <= running:
            running += timedelta(days=onderbreking.lengte)
    return running


def einde_week(eerste_ao_dag: date, week: int, onderbrekingen: Sequence[Onderbreking] = ()) -> date:
    """The last day of sick week `week` (week 1 starts on the eerste AO-dag)."""
    if week < 1:
        raise PoortwachterError(f"Week {week} bestaat niet: de weken tellen vanaf 1.")
    return _einde_week(eerste_ao_dag, week, _gecontroleerde_onderbrekingen(eerste_ao_dag, onderbrekingen))


def ziekteweek(eerste_ao_dag: date, datum: date, onderbrekingen: Sequence[Onderbreking] = ()) -> int:
    """The sick week in which `datum` falls: sick days up to and including it, interruptions left out."""
    herstelde_dagen = sum(_dagen_hersteld_tussen(o, eerste_ao_dag, datum) for o in onderbrekingen)
    zieke_dagen = (datum - eerste_ao_dag).days + 1 - herstelde_dagen
    return max(1, -(-zieke_dagen // DAGEN_PER_WEEK))


def parse_onderbreking(text: str) -> Onderbreking:
    """An interruption written as "JJJJ-MM-DD:JJJJ-MM-DD" (first and last day fit)."""
    delen = text.strip().split(":")
    if len(delen) != 2 or not all(_DATUM.fullmatch(deel) for deel in delen):
        raise PoortwachterError(f"'{text}' is geen onderbreking in de vorm JJJJ-MM-DD:JJJJ-MM-DD.")
    begin, einde = (_bestaande_datum(deel, text) for deel in delen)
    return Onderbreking(begin, einde)


def tijdlijn(
    eerste_ao_dag: date, overname: date | None = None, onderbrekingen: Sequence[Onderbreking] = ()
) -> list[Stap]:
    """Every Poortwachter deadline of the case, by date; `overname` is when the gemeente takes over."""
    geldige_onderbrekingen = _gecontroleerde_onderbrekingen(eerste_ao_dag, onderbrekingen)
    einde_wachttijd = _einde_week(eerste_ao_dag, WACHTTIJD_WEKEN, geldige_onderbrekingen)
    _controleer_overname(eerste_ao_dag, overname, einde_wachttijd)
    termijnen = _termijnen_volgens_tabel(eerste_ao_dag, geldige_onderbrekingen)
    if overname is not None and _probleemanalyse_viel_bij_werkgever(termijnen, overname):
        termijnen = [
            *_zonder_cyclus_vanaf_overname(termijnen, overname),
            *_verse_cyclus(eerste_ao_dag, overname, einde_wachttijd, geldige_onderbrekingen),
        ]
    termijnen.sort(key=lambda termijn: (termijn.uiterlijk, STAPPEN.index(termijn.definitie)))
    return [_stap(termijn, overname) for termijn in termijnen]


def _einde_week(eerste_ao_dag: date, week: int, onderbrekingen: Sequence[Onderbreking]) -> date:
    return advance(eerste_ao_dag, DAGEN_PER_WEEK * week - 1, onderbrekingen)


def _termijnen_volgens_tabel(eerste_ao_dag: date, onderbrekingen: Sequence[Onderbreking]) -> list[_Termijn]:
    return [
        _Termijn(definitie, week, _einde_week(eerste_ao_dag, week, onderbrekingen))
        for definitie in STAPPEN
        for week in definitie.weken()
    ]


def _probleemanalyse_viel_bij_werkgever(termijnen: Sequence[_Termijn], overname: date) -> bool:
    return any(t.definitie.stap == "probleemanalyse" and t.uiterlijk < overname for t in termijnen)


def _zonder_cyclus_vanaf_overname(termijnen: Sequence[_Termijn], overname: date) -> list[_Termijn]:
    """The employer's cycle stops at the takeover: its steps due from then on are replaced."""
    return [t for t in termijnen if t.definitie.stap not in CYCLUS or t.uiterlijk < overname]


def _verse_cyclus(
    eerste_ao_dag: date, overname: date, einde_wachttijd: date, onderbrekingen: Sequence[Onderbreking]
) -> Iterator[_Termijn]:
    """The gemeente's own probleemanalyse, plan van aanpak and evaluations, counted from the takeover."""
    probleemanalyse = advance(overname, DAGEN_PER_WEEK * WEKEN_TOT_PROBLEEMANALYSE - 1, onderbrekingen)
    plan_van_aanpak = advance(probleemanalyse, DAGEN_PER_WEEK * WEKEN_TOT_PLAN_VAN_AANPAK, onderbrekingen)
    for stap, uiterlijk in (("probleemanalyse", probleemanalyse), ("plan_van_aanpak", plan_van_aanpak)):
        if uiterlijk <= einde_wachttijd:
            yield _afgeleide_termijn(stap, uiterlijk, eerste_ao_dag, onderbrekingen)
    for uiterlijk in _evaluatiedata(plan_van_aanpak, einde_wachttijd, onderbrekingen):
        yield _afgeleide_termijn("evaluatie", uiterlijk, eerste_ao_dag, onderbrekingen)


def _evaluatiedata(
    plan_van_aanpak: date, einde_wachttijd: date, onderbrekingen: Sequence[Onderbreking]
) -> Iterator[date]:
    evaluatie = advance(plan_van_aanpak, DAGEN_PER_WEEK * WEKEN_TUSSEN_EVALUATIES, onderbrekingen)
    while evaluatie < einde_wachttijd:
        yield evaluatie
        evaluatie = advance(evaluatie, DAGEN_PER_WEEK * WEKEN_TUSSEN_EVALUATIES, onderbrekingen)


def _afgeleide_termijn(
    stap: str, uiterlijk: date, eerste_ao_dag: date, onderbrekingen: Sequence[Onderbreking]
) -> _Termijn:
    return _Termijn(_DEFINITIE[stap], ziekteweek(eerste_ao_dag, uiterlijk, onderbrekingen), uiterlijk)


def _dagen_hersteld_tussen(onderbreking: Onderbreking, van: date, tot_en_met: date) -> int:
    eerste = max(onderbreking.begin, van)
    laatste = min(onderbreking.einde, tot_en_met)
    return max(0, (laatste - eerste).days + 1)


def _stap(termijn: _Termijn, overname: date | None) -> Stap:
    definitie = termijn.definitie
    return Stap(
        stap=definitie.stap,
        week=termijn.week,
        uiterlijk=termijn.uiterlijk,
        verantwoordelijke=definitie.verantwoordelijke or _werkgever_of_gemeente(termijn.uiterlijk, overname),
        omschrijving=definitie.omschrijving,
        grondslag=definitie.grondslag,
    )


def _werkgever_of_gemeente(uiterlijk: date, overname: date | None) -> Verantwoordelijke:
    if overname is not None and uiterlijk < overname:
        return "werkgever"
    return "gemeente"


def _gecontroleerde_onderbrekingen(
    eerste_ao_dag: date, onderbrekingen: Sequence[Onderbreking]
) -> tuple[Onderbreking, ...]:
    gesorteerd = tuple(sorted(onderbrekingen, key=lambda o: o.begin))
    for onderbreking in gesorteerd:
        _controleer_onderbreking(eerste_ao_dag, onderbreking)
    for vorige, volgende in pairwise(gesorteerd):
        if volgende.begin <= vorige.einde + timedelta(days=1):
            raise PoortwachterError(
                f"De onderbrekingen {vorige} en {volgende} overlappen of sluiten op elkaar aan: "
                "daartussen ligt minstens één ziektedag."
            )
    return gesorteerd


def _controleer_onderbreking(eerste_ao_dag: date, onderbreking: Onderbreking) -> None:
    if onderbreking.begin <= eerste_ao_dag:
        raise PoortwachterError(
            f"De onderbreking {onderbreking} begint niet na de eerste AO-dag ({eerste_ao_dag.isoformat()}): "
            "een onderbreking ligt tussen twee ziekteperiodes."
        )
    if onderbreking.lengte >= NIEUW_ZIEKTEGEVAL_DAGEN:
        raise PoortwachterError(
            f"Een herstel van {onderbreking.lengte} dagen ({onderbreking}) is geen onderbreking: "
            "bij 4 weken of meer begint een nieuw ziektegeval (Ziektewet art. 29 lid 5, Wet WIA art. 23 lid 3)."
        )


def _controleer_overname(eerste_ao_dag: date, overname: date | None, einde_wachttijd: date) -> None:
    if overname is None:
        return
    if overname < eerste_ao_dag:
        raise PoortwachterError(
            f"De overnamedatum ({overname.isoformat()}) ligt vóór de eerste AO-dag ({eerste_ao_dag.isoformat()})."
        )
    if overname > einde_wachttijd:
        raise PoortwachterError(
            f"De overnamedatum ({overname.isoformat()}) ligt na het einde van de wachttijd "
            f"({einde_wachttijd.isoformat()}): er valt dan niets meer over te nemen."
        )


def _bestaande_datum(tekst: str, context: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise PoortwachterError(f"'{tekst}' in '{context}' is geen bestaande datum.") from None
