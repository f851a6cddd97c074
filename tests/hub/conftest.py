import pytest

from vangnet.hub.dkd.verwijsindex import verwijzingen
from vangnet.hub.models import AfgekeurdRecord, DkdAanlevering, DkdPersoon, DkdVoorziening, Verwijsindex


def alle_bsns() -> list[str]:
    return [*DkdPersoon.objects.values_list("bsn", flat=True), *Verwijsindex.objects.values_list("bsn", flat=True)]


@pytest.fixture
def snapshot():
    """Everything the hub stores from deliveries, to prove a refused file changed nothing."""

    def take() -> dict[str, list[tuple]]:
        return {
            "personen": sorted(DkdPersoon.objects.values_list("gemeente_id", "bsn", "aanlevering_id", "positie")),
            "voorzieningen": sorted(
                DkdVoorziening.objects.values_list("gemeente_id", "bsn", "begin", "einde", "aanlevering_id")
            ),
            "verwijsindex": [(v.gemeente_id, v.bsn, v.bron) for v in verwijzingen(alle_bsns())],
            "verwerkt": sorted(DkdAanlevering.objects.filter(status="verwerkt").values_list("id", "volgnummer")),
            "afgekeurd": sorted(AfgekeurdRecord.objects.values_list("aanlevering_id", "positie")),
        }

    return take


@pytest.fixture
def deliver(api_client_for):
    def post(client, body: bytes, content_type: str = "application/xml"):
        return client.post("/api/v1/dkd/aanleveringen", data=body, content_type=content_type)

    return post
