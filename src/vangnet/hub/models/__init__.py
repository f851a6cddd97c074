from vangnet.hub.models.dkd import (
    AfgekeurdRecord,
    DkdAanlevering,
    DkdInstelling,
    DkdPersoon,
    DkdVoorziening,
    Verwijsindex,
    WebserviceAanroep,
)

__all__ = [
    "AfgekeurdRecord",
    "DkdAanlevering",
    "DkdInstelling",
    "DkdPersoon",
    "DkdVoorziening",
    "Verwijsindex",
    "WebserviceAanroep",
]
