"""The gemeenten work their dossiers: a klantmanager does the Poortwachter work through the gemeente's own services.

When a fetch has imported reports, the gemeente looks up the dossiers those imports opened (its own
dossiers, scoped to it). Its klantmanager then, on working days:

1. takes the dossier on one to three working days later (``wijs_casemanager_toe``) and records the
   intake with the vangnetter (``leg_contact_vast``);
2. completes the probleemanalyse with the arts' document some days to weeks later (``rond_taak_af``):
   mostly before its deadline, sometimes after it, so the werklijst shows overdue tasks. Now and
   then the arts sees no way back to work and there is no plan van aanpak;
3. completes the plan van aanpak, due two weeks after the probleemanalyse, the same way, with the
   evaluation moments it sets.

The work waits in memory on a heap by day: a day without due work costs nothing, a due item a few
queries. A task that is no longer open (the benefit ended, a relapse re-planned it) is left alone.
Every delay is drawn from the simulation's one ``random.Random`` when the item is planned.
"""

import heapq
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Final

from django.core.files.base import ContentFile

from vangnet.gemeente.dossiers.constants import Kanaal, TaakStatus, Verantwoordelijke
from vangnet.gemeente.dossiers.models import Dossier, Taak
from vangnet.gemeente.dossiers.services import (
    Afrondingsgegevens,
    DossierFout,
    casemanagers_van,
    leg_contact_vast,
    rond_taak_af,
    wijs_casemanager_toe,
)
from vangnet.gemeente.koppeling.models import OpgehaaldRapport
from vangnet.organisations.constants import Product
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import Caller, caller_for_user, scope
from vangnet.organisations.services import create_user
from vangnet.simulatie.kalender import werkdag

OPNEMEN: Final = "opnemen"
PROBLEEMANALYSE: Final = "probleemanalyse"
PLAN_VAN_AANPAK: Final = "plan_van_aanpak"

TE_LAAT_KANS: Final = 0.15
"""Share of probleemanalyses and plannen van aanpak the klantmanager completes after their deadline."""
GEEN_TERUGKEER_KANS: Final = 0.1
"""Share of probleemanalyses in which the arts sees no possibility to return to work (no plan van aanpak)."""
EERSTE_WERK_NA_DAGEN: Final = 5
"""A task is completed at the earliest this many days after the previous step (it takes some preparation)."""

# A minimal PDF: the simulation's stand-in for the arts' and the klantmanager's documents.
PDF: Final = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
INTAKES: Final = (
    "Intakegesprek: situatie en wensen besproken, vervolgafspraak gemaakt.",
    "Kennismaking: uitleg over de re-integratie en de rol van de gemeente.",
    "Intake: afspraken over contact en de afspraak met de arts voor de probleemanalyse.",
)
KLANTMANAGERS: Final = (("Sanne", "Jansen"), ("Mohamed", "El Idrissi"), ("Eva", "de Boer"), ("Daan", "Peeters"),
                        ("Fatma", "Yildiz"), ("Lotte", "Bakker"), ("Ruben", "Smit"), ("Iris", "Mulder"))  # fmt: skip


@dataclass(order=True)
class _Werk:
    dag: date
    volgnummer: int
    gemeente: Organisatie = field(compare=False)
    dossier_pk: int = field(compare=False)
    stap: str = field(compare=False)


class Dossierwerk:
    def __init__(self, rng: Random, telling: dict[str, int]) -> None:
        self.rng = rng
        self.telling = telling
        self._werk: list[_Werk] = []
        self._volgnummer = 0
        self._klantmanagers: dict[int, Caller] = {}

    # --- learning of new dossiers --------------------------------------------------------------------

    def na_ophalen(self, gemeente: Organisatie, opgehaald: list[OpgehaaldRapport], dag: date) -> None:
        """The dossiers the fetched reports opened go on the klantmanager's list."""
        imports = [r.signaalimport for r in opgehaald if r.signaalimport is not None]
        if not imports:
            return
        caller = self._klantmanager(gemeente)
        nieuw = (
            scope(Dossier.objects.filter(bron__uuid__in=imports), caller).order_by("pk").values_list("pk", flat=True)
        )
        for dossier_pk in nieuw:
            self._plan(werkdag(dag + timedelta(days=self.rng.randint(1, 3))), gemeente, dossier_pk, OPNEMEN)
            self._tel("dossiers binnen")

    def _klantmanager(self, gemeente: Organisatie) -> Caller:
        if gemeente.pk not in self._klantmanagers:
            bestaand = casemanagers_van(gemeente)
            if bestaand:
                gebruiker = bestaand[0]
            else:
                voornaam, achternaam = self.rng.choice(KLANTMANAGERS)
                code = (gemeente.gemeentecode or str(gemeente.pk)).lower()
                gebruiker = create_user(gemeente, f"klantmanager.{code}", None, [Product.CASEMANAGEMENT],
                                        first_name=voornaam, last_name=achternaam)  # fmt: skip
            caller = caller_for_user(gebruiker)
            assert caller is not None
            self._klantmanagers[gemeente.pk] = caller
        return self._klantmanagers[gemeente.pk]

    def _plan(self, dag: date, gemeente: Organisatie, dossier_pk: int, stap: str) -> None:
        self._volgnummer += 1
        heapq.heappush(self._werk, _Werk(dag, self._volgnummer, gemeente, dossier_pk, stap))

    # --- the day's work ------------------------------------------------------------------------------

    def werk(self, dag: date) -> None:
        """Everything due today or earlier, in the order it was planned."""
        while self._werk and self._werk[0].dag <= dag:
            werk = heapq.heappop(self._werk)
            caller = self._klantmanager(werk.gemeente)
            if werk.stap == OPNEMEN:
                self._neem_op(caller, werk, dag)
            else:
                self._rond_af(caller, werk, dag)

    def _neem_op(self, caller: Caller, werk: _Werk, dag: date) -> None:
        dossier = scope(Dossier.objects.select_related("gemeente"), caller).filter(pk=werk.dossier_pk).first()
        if dossier is None or dossier.datum_einde_uitkering is not None:
            return
        assert caller.gebruiker is not None
        wijs_casemanager_toe(caller, dossier, caller.gebruiker)
        kanaal = self.rng.choice((Kanaal.TELEFOON, Kanaal.GESPREK, Kanaal.GESPREK, Kanaal.VIDEO))
        leg_contact_vast(caller, dossier, dag, kanaal, "vangnetter", self.rng.choice(INTAKES))
        self._tel("dossiers opgepakt")
        self._plan_taak(caller, werk, PROBLEEMANALYSE, vanaf=dag)

    def _plan_taak(self, caller: Caller, werk: _Werk, stap: str, *, vanaf: date) -> None:
        taak = self._open_taak(caller, werk.dossier_pk, stap)
        if taak is not None:
            self._plan(self._wanneer(vanaf, taak.uiterlijk), werk.gemeente, werk.dossier_pk, stap)

    def _wanneer(self, vanaf: date, uiterlijk: date) -> date:
        """Some days to weeks after ``vanaf``: mostly by ``uiterlijk``, sometimes after it."""
        vroegst = vanaf + timedelta(days=EERSTE_WERK_NA_DAGEN)
        if self.rng.random() < TE_LAAT_KANS or vroegst >= uiterlijk:
            return werkdag(max(vroegst, uiterlijk + timedelta(days=self.rng.randint(1, 21))))
        dag = vroegst + timedelta(days=self.rng.randint(0, (uiterlijk - vroegst).days))
        ervoor = werkdag(dag, terug=True)
        return ervoor if ervoor >= vroegst else werkdag(dag)

    def _open_taak(self, caller: Caller, dossier_pk: int, stap: str) -> Taak | None:
        return (
            scope(Taak.objects.all(), caller)
            .filter(
                dossier_id=dossier_pk, stap=stap, status=TaakStatus.OPEN, verantwoordelijke=Verantwoordelijke.GEMEENTE
            )
            .order_by("volgnummer")
            .first()
        )

    def _rond_af(self, caller: Caller, werk: _Werk, dag: date) -> None:
        taak = self._open_taak(caller, werk.dossier_pk, werk.stap)
        if taak is None:
            return
        if werk.stap == PROBLEEMANALYSE:
            terugkeer = self.rng.random() >= GEEN_TERUGKEER_KANS
            gegevens = Afrondingsgegevens(
                dag, bestand=ContentFile(PDF, name="probleemanalyse.pdf"), terugkeer_mogelijk=terugkeer
            )
        else:
            terugkeer = False  # nothing follows the plan here: the evaluations it sets are planned as tasks
            interval = self.rng.choice((4, 6, 6, 8))
            gegevens = Afrondingsgegevens(
                dag, bestand=ContentFile(PDF, name="plan-van-aanpak.pdf"), evaluatie_interval_weken=interval
            )
        try:
            rond_taak_af(caller, taak, gegevens)
        except DossierFout as fout:  # pragma: no cover - the simulation completes what is open, with its document
            self._tel(f"niet afgerond: {fout.melding}")
            return
        self._tel("probleemanalyses afgerond" if werk.stap == PROBLEEMANALYSE else "plannen van aanpak afgerond")
        if dag > taak.uiterlijk:
            self._tel("te laat afgerond")
        if werk.stap == PROBLEEMANALYSE and not terugkeer:
            self._tel("geen terugkeer mogelijk")
        if terugkeer:
            self._plan_taak(caller, werk, PLAN_VAN_AANPAK, vanaf=dag)

    def _tel(self, wat: str, aantal: int = 1) -> None:
        self.telling[wat] = self.telling.get(wat, 0) + aantal
