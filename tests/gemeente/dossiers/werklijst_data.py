"""Many dossiers at once (bulk_create), for the worklist's query-count test and its timing by hand."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.dossiers.constants import Kanaal, TaakStatus, Verantwoordelijke
from vangnet.gemeente.dossiers.models import Contactmoment, Dossier, Taak
from vangnet.organisations.models import Gebruiker, Organisatie


def maak_dossiers(
    gemeente: Organisatie, aantal: int, vandaag: date, casemanager: Gebruiker | None = None, start: int = 1000
) -> list[Dossier]:
    """``aantal`` dossiers; dossier i has a late task when i % 3 == 0, one due this week when i % 4 == 0,
    one due in 20 weeks always, and a contact 2 days ago when i % 5 == 0."""
    nu = timezone.make_aware(datetime.combine(vandaag, datetime.min.time()))
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            gemeente=gemeente,
            bsn=synthetic_bsn(start + i),
            datum_eerste_ao_dag=vandaag - timedelta(days=60 + i % 50),
            datum_einde_arbeidsverhouding=vandaag - timedelta(days=50 + i % 50),
            casemanager=casemanager,
            geopend_op=nu,
        )
        for i in range(aantal)
    )
    taken: list[Taak] = []
    contacten: list[Contactmoment] = []
    for i, dossier in enumerate(dossiers):

        def taak(stap: str, uiterlijk: date, dossier: Dossier = dossier) -> Taak:
            return Taak(
                dossier=dossier,
                stap=stap,
                omschrijving=stap.replace("_", " ").capitalize(),
                uiterlijk=uiterlijk,
                verantwoordelijke=Verantwoordelijke.GEMEENTE,
                status=TaakStatus.OPEN,
            )

        taken.append(taak("herijking_26", vandaag + timedelta(weeks=20)))
        if i % 3 == 0:
            taken.append(taak("probleemanalyse", vandaag - timedelta(days=3)))
        if i % 4 == 0:
            taken.append(taak("plan_van_aanpak", vandaag + timedelta(days=2)))
        if i % 5 == 0:
            contacten.append(
                Contactmoment(
                    dossier=dossier,
                    datum=vandaag - timedelta(days=2),
                    kanaal=Kanaal.TELEFOON,
                    met_wie="vangnetter",
                    samenvatting="Voortgang besproken.",
                    vastgelegd_op=nu,
                )
            )
    Taak.objects.bulk_create(taken, batch_size=2000)
    Contactmoment.objects.bulk_create(contacten, batch_size=2000)
    return dossiers
