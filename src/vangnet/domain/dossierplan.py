"""The tasks of a gemeente's dossier: the Poortwachter timeline, adjusted to when the signal came in.

The deadlines themselves come from :func:`vangnet.domain.poortwachter.tijdlijn`. This module adds
what depends on the day the gemeente heard of the case (the signaaldatum):

- The gemeente's probleemanalyse whose deadline had already passed when the signal arrived is due
  at once ("onverwijld", Regeling procesgang vangnetters art. 3): its deadline becomes the
  signaaldatum, and the original one is kept beside it.
- The plan van aanpak is due two weeks after the probleemanalyse (art. 5): when that moved, the
  plan moves with it (never earlier than the timeline's date).
- An evaluation of the gemeente's plan due before that plan can exist is void (nvt).
- Steps due before the takeover (the datum einde arbeidsverhouding) were the former employer's.

Every step gets a ``volgnummer``: its place among the steps with the same code, in timeline order.
(stap, volgnummer) identifies a task across re-plannings, for example when a relapse adds an
interruption and every later deadline moves.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from vangnet.domain.poortwachter import (
    DAGEN_PER_WEEK,
    STAPPEN,
    WEKEN_TOT_PLAN_VAN_AANPAK,
    Onderbreking,
    Stap,
    Verantwoordelijke,
    advance,
    tijdlijn,
    ziekteweek,
)
from vangnet.domain.signaalrapport import datum_cel

_TABELVOLGORDE = {definitie.stap: index for index, definitie in enumerate(STAPPEN)}


@dataclass(frozen=True)
class GeplandeTaak:
    """One task of the dossier as planned: a Poortwachter step with its (possibly moved) deadline."""

    stap: str
    volgnummer: int
    week: int
    uiterlijk: date
    verantwoordelijke: Verantwoordelijke
    omschrijving: str
    grondslag: str
    oorspronkelijk_uiterlijk: date | None = None  # the timeline's date when this one was moved
    vervallen: bool = False  # not applicable (nvt)
    toelichting: str = ""

    @property
    def bij_werkgever(self) -> bool:
        return self.verantwoordelijke == "werkgever"


def plan_taken(
    eerste_ao_dag: date,
    overname: date | None,
    signaaldatum: date,
    onderbrekingen: Sequence[Onderbreking] = (),
) -> list[GeplandeTaak]:
    """Every task of the case, by deadline; raises PoortwachterError as :func:`tijdlijn` does."""
    stappen = tijdlijn(eerste_ao_dag, overname, onderbrekingen)
    taken = _genummerd(stappen)
    einde_wachttijd = stappen[-1].uiterlijk
    if signaaldatum <= einde_wachttijd:
        taken = _onverwijld(taken, eerste_ao_dag, signaaldatum, onderbrekingen)
    taken.sort(key=lambda taak: (taak.uiterlijk, _TABELVOLGORDE[taak.stap], taak.volgnummer))
    return taken


def _genummerd(stappen: Sequence[Stap]) -> list[GeplandeTaak]:
    gezien: dict[str, int] = {}
    taken = []
    for stap in stappen:
        gezien[stap.stap] = gezien.get(stap.stap, 0) + 1
        taken.append(
            GeplandeTaak(
                stap=stap.stap,
                volgnummer=gezien[stap.stap],
                week=stap.week,
                uiterlijk=stap.uiterlijk,
                verantwoordelijke=stap.verantwoordelijke,
                omschrijving=stap.omschrijving,
                grondslag=stap.grondslag,
            )
        )
    return taken


def _eigen(taken: list[GeplandeTaak], stap: str) -> int | None:
    """The index of the gemeente's (first) task with this code."""
    return next((i for i, t in enumerate(taken) if t.stap == stap and t.verantwoordelijke == "gemeente"), None)


def _onverwijld(
    taken: list[GeplandeTaak], eerste_ao_dag: date, signaaldatum: date, onderbrekingen: Sequence[Onderbreking]
) -> list[GeplandeTaak]:
    taken = list(taken)
    pa = _eigen(taken, "probleemanalyse")
    if pa is None or taken[pa].uiterlijk >= signaaldatum:
        return taken
    probleemanalyse = taken[pa]
    taken[pa] = _verplaatst(
        probleemanalyse,
        signaaldatum,
        eerste_ao_dag,
        onderbrekingen,
        f"Onverwijld: het signaal kwam op {datum_cel(signaaldatum)} binnen, na de termijn van "
        f"{datum_cel(probleemanalyse.uiterlijk)} (Regeling procesgang vangnetters art. 3).",
    )
    pva = _eigen(taken, "plan_van_aanpak")
    if pva is None:
        return taken
    vroegst = advance(signaaldatum, DAGEN_PER_WEEK * WEKEN_TOT_PLAN_VAN_AANPAK, onderbrekingen)
    plan = taken[pva]
    if plan.uiterlijk < vroegst:
        plan = _verplaatst(
            plan,
            vroegst,
            eerste_ao_dag,
            onderbrekingen,
            "Twee weken na de probleemanalyse, die onverwijld moet (Regeling procesgang vangnetters art. 5).",
        )
        taken[pva] = plan
    for index, taak in enumerate(taken):
        if taak.stap == "evaluatie" and taak.verantwoordelijke == "gemeente" and taak.uiterlijk <= plan.uiterlijk:
            taken[index] = replace(
                taak,
                vervallen=True,
                toelichting=f"Vervalt: het plan van aanpak is pas uiterlijk {datum_cel(plan.uiterlijk)} klaar.",
            )
    return taken


def _verplaatst(
    taak: GeplandeTaak, uiterlijk: date, eerste_ao_dag: date, onderbrekingen: Sequence[Onderbreking], toelichting: str
) -> GeplandeTaak:
    return replace(
        taak,
        uiterlijk=uiterlijk,
        week=ziekteweek(eerste_ao_dag, uiterlijk, onderbrekingen),
        oorspronkelijk_uiterlijk=taak.uiterlijk,
        toelichting=toelichting,
    )
