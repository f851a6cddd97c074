"""The terugmelding of a delivery: its rejected records as typed rows, for JSON and CSV alike."""

from collections.abc import Iterator
from dataclasses import asdict, dataclass

from vangnet.hub.models import AfgekeurdRecord, DkdAanlevering
from vangnet.organisations.models import Organisatie

CSV_HEADER = ("Positie", "BSN", "Veld", "Reden")


@dataclass(frozen=True)
class TerugmeldingRegel:
    positie: int
    bsn: str
    veld: str
    reden: str

    def as_csv_row(self) -> tuple[object, ...]:
        return (self.positie, self.bsn, self.veld, self.reden)

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def terugmelding_regels(aanlevering: DkdAanlevering) -> Iterator[TerugmeldingRegel]:
    records = AfgekeurdRecord.objects.filter(aanlevering=aanlevering).order_by("positie", "id")
    for positie, bsn, veld, reden in records.values_list("positie", "bsn", "veld", "reden").iterator(chunk_size=2000):
        yield TerugmeldingRegel(positie, bsn, veld, reden)


def terugmelding_bestandsnaam(aanlevering: DkdAanlevering, extensie: str) -> str:
    code = Organisatie.objects.get(pk=aanlevering.gemeente_id).gemeentecode or "onbekend"
    return f"terugmelding_{code}_{aanlevering.volgnummer or 'geweigerd'}_{aanlevering.uuid.hex[:8]}.{extensie}"
