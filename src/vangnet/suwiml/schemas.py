"""Our XSDs and WSDLs in ``schemas/``: validation of message bodies, and the WSDL a running hub serves."""

import copy
import functools
from pathlib import Path
from typing import Final

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from django.conf import settings

from vangnet.suwiml.berichten import Element

XS: Final = "http://www.w3.org/2001/XMLSchema"
WSDL: Final = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP: Final = "http://schemas.xmlsoap.org/wsdl/soap/"


def schemas_dir() -> Path:
    return Path(settings.CHECKOUT_DIR) / "schemas"


@functools.lru_cache(maxsize=16)
def schema(bestandsnaam: str) -> etree.XMLSchema:
    """The XSD ``schemas/<bestandsnaam>`` with what it imports, compiled once per process."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(schemas_dir() / bestandsnaam), parser))


def fouten(element: Element, bestandsnaam: str) -> list[str]:
    """The schema errors of ``element`` (a body root) against ``schemas/<bestandsnaam>``; empty when valid."""
    xsd = schema(bestandsnaam)
    document = etree.ElementTree(copy.deepcopy(element))
    if xsd.validate(document):
        return []
    return [f"regel {e.line}: {e.message}" for e in xsd.error_log]


def wsdl_met_schemas(bestandsnaam: str, adres: str) -> bytes:
    """The WSDL ``schemas/<bestandsnaam>`` as one document: every imported XSD inlined, the service at ``adres``.

    A client that fetches ``?wsdl`` then needs nothing else from the hub.
    """
    return _wsdl_met_schemas(bestandsnaam).replace(b"__ADRES__", _xml_attribuut(adres))


@functools.lru_cache(maxsize=4)
def _wsdl_met_schemas(bestandsnaam: str) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    wsdl = etree.parse(str(schemas_dir() / bestandsnaam), parser).getroot()
    types = wsdl.find(f"{{{WSDL}}}types")
    verzameld: dict[str, Element] = {}
    for schema_element in list(types):
        _verzamel(schema_element, verzameld, parser)
        types.remove(schema_element)
    for inline in verzameld.values():
        for imp in inline.findall(f"{{{XS}}}import"):
            imp.attrib.pop("schemaLocation", None)
        types.append(inline)
    for adres in wsdl.iter(f"{{{WSDL_SOAP}}}address"):
        adres.set("location", "__ADRES__")
    result: bytes = etree.tostring(wsdl, xml_declaration=True, encoding="UTF-8")
    return result


def _verzamel(schema_element: Element, verzameld: dict[str, Element], parser: etree.XMLParser) -> None:
    """Add every XSD that ``schema_element`` imports (recursively) to ``verzameld``, by file name."""
    for imp in schema_element.findall(f"{{{XS}}}import"):
        locatie = imp.get("schemaLocation")
        if locatie is None or locatie in verzameld:
            continue
        geladen = etree.parse(str(schemas_dir() / locatie), parser).getroot()
        verzameld[locatie] = geladen
        _verzamel(geladen, verzameld, parser)


def _xml_attribuut(tekst: str) -> bytes:
    return tekst.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").encode("utf-8")
