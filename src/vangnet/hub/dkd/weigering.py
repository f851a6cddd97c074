"""A delivery to the hub refused as a whole: a verzamelbestand (ingest) or a verwijsindex message."""

from collections.abc import Mapping
from typing import ClassVar, Generic, TypeVar

Poging = TypeVar("Poging")


class Weigering(Exception, Generic[Poging]):
    """Refused as a whole; what was stored before is untouched.

    ``code`` says why (Dutch in ``melding``); ``statussen`` gives the HTTP status of each code (400 for
    the others). ``poging`` is the refused attempt as recorded for the history and the monitor, once
    it is (None for a caller that is no gemeente, or before it is recorded).
    """

    statussen: ClassVar[Mapping[str, int]] = {}

    def __init__(self, code: str, melding: str, poging: Poging | None = None) -> None:
        super().__init__(melding)
        self.code = code
        self.melding = melding
        self.poging = poging

    @property
    def status_code(self) -> int:
        return self.statussen.get(self.code, 400)
