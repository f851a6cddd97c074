"""The verzamelbestand (DKD batch file), version 1: read it as a stream, and write it.

A gemeente delivers, for the cluster Reintegratie, every person it has re-integration
provisions for in one XML file: a ``Kop`` (header), one ``ClientSuwi`` per person with
exactly the content of SuwiML GSDDossierReintegratie-v0200, and a ``Sluitstuk``
(trailer) with the number of persons and the SHA-256 of the file up to the trailer. The
format is described for municipal engineers in ``docs/verzamelbestand.md``; its schema is
``schemas/verzamelbestand-v1.xsd``.

Two kinds of fault:

- a **file-level** fault (:class:`BestandFout`) refuses the whole file: not XML, a DTD,
  an unknown version, a bad Kop, a missing or wrong Sluitstuk, a wrong hash or count;
- a **record-level** fault refuses one person: the reader yields an :class:`Afkeuring`
  (with the first problem found in that ClientSuwi) instead of a :class:`Persoon`, and
  goes on with the next.

The reader does not validate against the XSD per record (too slow); it applies the same
rules in Python — element order, cardinality, lengths and patterns — plus the rules an
XSD cannot express: the elfproef of the Burgerservicenr, real dates for DatBRv and DatERv
with DatERv not before DatBRv, and no overlapping loonkostensubsidie periods within one
person. The tests keep the XSD and the reader in step. A BSN that occurs twice in one
file is *not* detected here: the hub checks that in its database.

Memory stays bounded whatever the file's size: the reader holds a few chunks of the file
at most, and a single element that grows beyond :data:`MAX_ELEMENT_BYTES` without ending
refuses the file. Plain valid records are read straight from the text (see "The fast
path"); lxml parses the rest, one element at a time.

The package: ``model`` holds what the file holds (the records, the constants and
:class:`BestandFout`); ``lezer`` reads the stream and checks the file as a whole; ``snel``
reads a plain valid record straight from the text; ``controle`` checks what the fast
path does not take, element by element, and words the first problem; ``schrijver``
writes a file.
"""

from vangnet.domain.verzamelbestand.lezer import VerzamelbestandLezer
from vangnet.domain.verzamelbestand.model import (
    BERICHTVERSIE,
    CLUSTER,
    HASH_VENSTER,
    MAX_ELEMENT_BYTES,
    MAX_PROLOOG_BYTES,
    NAMESPACE,
    ROOT_TAG,
    SLUITSTUK_MARKER,
    Afkeuring,
    BestandFout,
    Bron,
    Foutcode,
    Kop,
    Persoon,
    Relatie,
    Sluitstuk,
    Voorziening,
)
from vangnet.domain.verzamelbestand.schrijver import schrijf_client_suwi, schrijf_verzamelbestand

__all__ = [
    "BERICHTVERSIE",
    "CLUSTER",
    "HASH_VENSTER",
    "MAX_ELEMENT_BYTES",
    "MAX_PROLOOG_BYTES",
    "NAMESPACE",
    "ROOT_TAG",
    "SLUITSTUK_MARKER",
    "Afkeuring",
    "BestandFout",
    "Bron",
    "Foutcode",
    "Kop",
    "Persoon",
    "Relatie",
    "Sluitstuk",
    "VerzamelbestandLezer",
    "Voorziening",
    "schrijf_client_suwi",
    "schrijf_verzamelbestand",
]
