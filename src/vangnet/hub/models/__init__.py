from vangnet.hub.models.dkd import (
    AfgekeurdRecord,
    DkdAanlevering,
    DkdInstelling,
    DkdPersoon,
    DkdVoorziening,
    Verwijsindex,
    WebserviceAanroep,
)
from vangnet.hub.models.signalen import (
    Melding,
    RapportDownload,
    Signaal,
    Signaalrapport,
    Webhook,
    WebhookAflevering,
)
from vangnet.hub.models.verwijsindex import VerwijsindexLevering

__all__ = [
    "AfgekeurdRecord",
    "DkdAanlevering",
    "DkdInstelling",
    "DkdPersoon",
    "DkdVoorziening",
    "Melding",
    "RapportDownload",
    "Signaal",
    "Signaalrapport",
    "Verwijsindex",
    "VerwijsindexLevering",
    "Webhook",
    "WebhookAflevering",
    "WebserviceAanroep",
]
