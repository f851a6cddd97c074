"""The tasks of a gemeente's dossier: the Poortwachter timeline, adjusted to when the signal came in.

The deadlines themselves come from :func:`vangnet.domain.poortwachter.tijdlijn`. This module adds
what depends on the day the gemeente heard of the case (the signaaldatum):

- The gemeente's probleemanalyse is due at once ("onverwijld", Regeling procesgang vangnetters
  art. 3) when its deadline had already passed when the signal arrived, or when the signal came
  later than six weeks after the eerste AO-dag (art. 3 lid 3; then also a fresh cycle from the
  takeover does not wait): its deadline becomes the signaaldatum, the original kept beside it.
- The plan van aanpak is due two weeks after the probleemanalyse (art. 5): when that moved, the
  plan moves with it (never earlier than the timeline's date).
- An evaluation of the gemeente's plan due before that plan can exist is void (nvt).
- Steps due before the takeover (the datum einde arbeidsverhouding) were the former employer's.

Every step gets a ``volgnummer``: its place among the steps with the same code, in timeline order.
(stap, volgnummer) identifies a task across re-plannings, for example when a relapse adds an
interruption and every later deadline moves.

What the gemeente has done so far (:class:`Voortgang`) moves what depends on it:

- The plan van aanpak is due two weeks after the probleemanalyse's actual date (art. 5 lid 1),
  earlier or later than the timeline's date; when the arts sees no possibility of return to work,
  there is no plan (nvt) and no evaluation.
- Evaluations follow the moments the plan van aanpak sets (art. 5 lid 2 onder b): every
  ``interval_weken`` weeks from the plan's date (6 by default), or the dates it names. A herijking
  may revise them from its own date (art. 6 lid 2). Until the plan exists, evaluations are
  provisionally planned every 6 weeks after the plan's deadline.
- After the end of the Ziektewet benefit, every task due later is void.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from vangnet.domain.poortwachter import (
    DAGEN_PER_WEEK,
    REGELING,
    STAPPEN,
    WEKEN_TOT_PLAN_VAN_AANPAK,
    WEKEN_TOT_PROBLEEMANALYSE,
    WEKEN_TUSSEN_EVALUATIES,
    Onderbreking,
    PoortwachterError,
    Stap,
    Verantwoordelijke,
    advance,
    einde_week,
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


MAX_EVALUATIE_INTERVAL_WEKEN = 26


@dataclass(frozen=True)
class Evaluatieafspraak:
    """The evaluation moments a plan van aanpak (or its revision at a herijking) sets, from ``vanaf`` on.

    ``data`` names the moments; without them there is one every ``interval_weken`` weeks.
    """

    vanaf: date
    interval_weken: int = WEKEN_TUSSEN_EVALUATIES
    data: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if not 1 <= self.interval_weken <= MAX_EVALUATIE_INTERVAL_WEKEN:
            raise PoortwachterError(
                f"Een evaluatie-interval van {self.interval_weken} weken kan niet: "
                f"kies 1 tot en met {MAX_EVALUATIE_INTERVAL_WEKEN} weken."
            )
        for moment in self.data:
            if moment <= self.vanaf:
                raise PoortwachterError(
                    f"Het evaluatiemoment {datum_cel(moment)} ligt niet na de afspraak van {datum_cel(self.vanaf)}."
                )


@dataclass(frozen=True)
class Voortgang:
    """What has happened in the dossier so far: the facts the later deadlines depend on."""

    probleemanalyse_op: date | None = None  # the actual date of the gemeente's probleemanalyse
    terugkeer_mogelijk: bool = True  # the probleemanalyse sees possibilities to return to work (art. 5)
    plan_van_aanpak_op: date | None = None  # the actual date of the plan van aanpak
    evaluatieafspraken: tuple[Evaluatieafspraak, ...] = ()  # the plan's, then revisions at herijkingen
    einde_uitkering: date | None = None  # the end of the Ziektewet benefit (betermelding)


def plan_taken(
    eerste_ao_dag: date,
    overname: date | None,
    signaaldatum: date,
    onderbrekingen: Sequence[Onderbreking] = (),
    voortgang: Voortgang | None = None,
) -> list[GeplandeTaak]:
    """Every task of the case, by deadline; raises PoortwachterError as :func:`tijdlijn` does."""
    stappen = tijdlijn(eerste_ao_dag, overname, onderbrekingen)
    taken = _genummerd(stappen)
    einde_wachttijd = stappen[-1].uiterlijk
    if signaaldatum <= einde_wachttijd:
        taken = _onverwijld(taken, eerste_ao_dag, signaaldatum, onderbrekingen)
    if voortgang is not None:
        taken = _volgens_voortgang(taken, eerste_ao_dag, einde_wachttijd, onderbrekingen, voortgang)
    taken.sort(key=lambda taak: (taak.uiterlijk, _TABELVOLGORDE[taak.stap], taak.volgnummer))
    return taken


def plan_van_aanpak_termijn(probleemanalyse_op: date, onderbrekingen: Sequence[Onderbreking] = ()) -> date:
    """The plan van aanpak is due two weeks after the probleemanalyse's actual date (art. 5 lid 1)."""
    return advance(probleemanalyse_op, DAGEN_PER_WEEK * WEKEN_TOT_PLAN_VAN_AANPAK, onderbrekingen)


def evaluatiemomenten(
    afspraken: Sequence[Evaluatieafspraak], einde_wachttijd: date, onderbrekingen: Sequence[Onderbreking] = ()
) -> list[tuple[date, Evaluatieafspraak]]:
    """The evaluation dates the agreements set, each with the agreement it comes from.

    An agreement holds until the next one begins; no evaluation is planned from the end of the
    waiting time on. Dates after an interruption move by its length, like every deadline.
    """
    gesorteerd = sorted(afspraken, key=lambda afspraak: afspraak.vanaf)
    momenten: list[tuple[date, Evaluatieafspraak]] = []
    for index, afspraak in enumerate(gesorteerd):
        tot = gesorteerd[index + 1].vanaf if index + 1 < len(gesorteerd) else einde_wachttijd
        tot = min(tot, einde_wachttijd)
        if afspraak.data:
            momenten += [(moment, afspraak) for moment in sorted(set(afspraak.data)) if moment < tot]
            continue
        stap = DAGEN_PER_WEEK * afspraak.interval_weken
        moment = advance(afspraak.vanaf, stap, onderbrekingen)
        while moment < tot:
            momenten.append((moment, afspraak))
            moment = advance(moment, stap, onderbrekingen)
    return momenten


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
    if pa is None or taken[pa].uiterlijk == signaaldatum:
        return taken
    probleemanalyse = taken[pa]
    week_6 = einde_week(eerste_ao_dag, WEKEN_TOT_PROBLEEMANALYSE, onderbrekingen)
    if probleemanalyse.uiterlijk < signaaldatum:
        reden = f"na de termijn van {datum_cel(probleemanalyse.uiterlijk)} (Regeling procesgang vangnetters art. 3)"
    elif signaaldatum > week_6:
        # Art. 3 lid 3: a melding later than six weeks after the eerste AO-dag makes the
        # oordeel due at once, also when a fresh cycle from the takeover would allow longer.
        reden = (
            f"later dan zes weken na de eerste AO-dag ({datum_cel(week_6)}; "
            "Regeling procesgang vangnetters art. 3 lid 3)"
        )
    else:
        return taken
    taken[pa] = _verplaatst(
        probleemanalyse,
        signaaldatum,
        eerste_ao_dag,
        onderbrekingen,
        f"Onverwijld: het signaal kwam op {datum_cel(signaaldatum)} binnen, {reden}.",
    )
    pva = _eigen(taken, "plan_van_aanpak")
    if pva is None:
        return taken
    vroegst = advance(signaaldatum, DAGEN_PER_WEEK * WEKEN_TOT_PLAN_VAN_AANPAK, onderbrekingen)
    plan = taken[pva]
    if plan.uiterlijk != vroegst:
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


def _volgens_voortgang(
    taken: list[GeplandeTaak],
    eerste_ao_dag: date,
    einde_wachttijd: date,
    onderbrekingen: Sequence[Onderbreking],
    voortgang: Voortgang,
) -> list[GeplandeTaak]:
    taken = list(taken)
    pa_op = voortgang.probleemanalyse_op
    pva = _eigen(taken, "plan_van_aanpak")
    if pa_op is not None and not voortgang.terugkeer_mogelijk:
        reden = (
            f"Vervalt: volgens de probleemanalyse van {datum_cel(pa_op)} is terugkeer naar arbeid (nog) niet "
            f"mogelijk ({REGELING} art. 5 lid 1)."
        )
        taken = [
            replace(taak, vervallen=True, toelichting=reden)
            if taak.verantwoordelijke == "gemeente" and taak.stap in ("plan_van_aanpak", "evaluatie")
            else taak
            for taak in taken
        ]
    else:
        termijn: date | None = None
        if pa_op is not None and pva is not None:
            plan = taken[pva]
            termijn = plan_van_aanpak_termijn(pa_op, onderbrekingen)
            volgens_tijdlijn = plan.oorspronkelijk_uiterlijk or plan.uiterlijk
            taken[pva] = replace(
                plan,
                uiterlijk=termijn,
                week=ziekteweek(eerste_ao_dag, termijn, onderbrekingen),
                oorspronkelijk_uiterlijk=None if termijn == volgens_tijdlijn else volgens_tijdlijn,
                toelichting=f"Twee weken na de probleemanalyse van {datum_cel(pa_op)} ({REGELING} art. 5 lid 1).",
            )
        afspraken: tuple[Evaluatieafspraak, ...] = ()
        if voortgang.plan_van_aanpak_op is not None:
            afspraken = voortgang.evaluatieafspraken or (Evaluatieafspraak(voortgang.plan_van_aanpak_op),)
        elif termijn is not None:
            afspraken = (Evaluatieafspraak(termijn),)
        if afspraken:
            momenten = evaluatiemomenten(afspraken, einde_wachttijd, onderbrekingen)
            taken = _met_evaluaties(taken, momenten, eerste_ao_dag, onderbrekingen, voortgang.plan_van_aanpak_op)
    if voortgang.einde_uitkering is not None:
        taken = na_einde_uitkering(taken, voortgang.einde_uitkering)
    return taken


def _met_evaluaties(
    taken: list[GeplandeTaak],
    momenten: Sequence[tuple[date, Evaluatieafspraak]],
    eerste_ao_dag: date,
    onderbrekingen: Sequence[Onderbreking],
    plan_van_aanpak_op: date | None,
) -> list[GeplandeTaak]:
    """The gemeente's evaluations replaced by those at ``momenten``; the employer's stay as they were."""
    evaluatie = next(d for d in STAPPEN if d.stap == "evaluatie")
    gehouden = [t for t in taken if not (t.stap == "evaluatie" and t.verantwoordelijke == "gemeente")]
    volgnummer = sum(1 for t in gehouden if t.stap == "evaluatie")
    for moment, afspraak in momenten:
        volgnummer += 1
        if plan_van_aanpak_op is None:
            toelichting = "Voorlopig: om de zes weken na de termijn van het plan van aanpak, tot het plan ze vastlegt."
        elif afspraak.vanaf == plan_van_aanpak_op:
            toelichting = f"Evaluatiemoment volgens het plan van aanpak van {datum_cel(plan_van_aanpak_op)}."
        else:
            toelichting = f"Evaluatiemoment volgens de bijstelling van {datum_cel(afspraak.vanaf)}."
        gehouden.append(
            GeplandeTaak(
                stap="evaluatie",
                volgnummer=volgnummer,
                week=ziekteweek(eerste_ao_dag, moment, onderbrekingen),
                uiterlijk=moment,
                verantwoordelijke="gemeente",
                omschrijving=evaluatie.omschrijving,
                grondslag=evaluatie.grondslag,
                toelichting=toelichting,
            )
        )
    return gehouden


def na_einde_uitkering(taken: Sequence[GeplandeTaak], einde_uitkering: date) -> list[GeplandeTaak]:
    """Every task due after the end of the Ziektewet benefit is void; earlier ones stay (a miss stays visible)."""
    reden = f"Vervallen: de Ziektewetuitkering is beëindigd per {datum_cel(einde_uitkering)}."
    return [
        replace(taak, vervallen=True, toelichting=reden) if taak.uiterlijk > einde_uitkering else taak for taak in taken
    ]


@dataclass(frozen=True)
class Afronding:
    """What completing a step asks for, so the dossier holds what the law expects (Regeling art. 4)."""

    uitleg: str
    document: str | None = None  # the type of document that must be attached
    verslag: bool = False  # written notes are required
    terugkeer: bool = False  # asks whether return to work is possible (art. 5 lid 1)
    evaluatiemomenten: bool = False  # sets the evaluation moments (art. 5 lid 2 onder b)
    bijstelling: bool = False  # may revise the evaluation moments (art. 6 lid 2)


_HERIJKING = Afronding(
    uitleg=(
        "Leg vast of de re-integratiedoelstelling van het afgelopen tijdvak is behaald, en welke doelstelling "
        "en aanpak voor het komende tijdvak gelden (art. 6). Stel zo nodig de evaluatiemomenten bij."
    ),
    verslag=True,
    bijstelling=True,
)

AFRONDING: dict[str, Afronding] = {
    "probleemanalyse": Afronding(
        uitleg=(
            "Het oordeel van de arts over het ziektegeval (art. 3): voeg het document toe en geef de datum van "
            "het oordeel. Het plan van aanpak moet twee weken later klaar zijn."
        ),
        document="probleemanalyse",
        terugkeer=True,
    ),
    "plan_van_aanpak": Afronding(
        uitleg=(
            "Het plan van aanpak, opgesteld met de vangnetter (art. 5): voeg het document toe en leg de "
            "evaluatiemomenten vast die het plan afspreekt."
        ),
        document="plan_van_aanpak",
        evaluatiemomenten=True,
    ),
    "evaluatie": Afronding(
        uitleg="Leg de evaluatie van de activiteiten uit het plan van aanpak vast (art. 5 lid 2 onder b).",
        verslag=True,
    ),
    "herijking_26": _HERIJKING,
    "herijking_52": _HERIJKING,
    "herijking_78": _HERIJKING,
    "re_integratieverslag": Afronding(
        uitleg="Het re-integratieverslag met de inhoud van art. 8 (a–k), voor de WIA-aanvraag.",
        document="reintegratieverslag",
    ),
}


def afronding(stap: str) -> Afronding:
    """What completing ``stap`` asks for; a step without rules asks for a date and, optionally, notes."""
    return AFRONDING.get(stap, Afronding(uitleg="Leg vast wanneer deze stap is gezet."))
