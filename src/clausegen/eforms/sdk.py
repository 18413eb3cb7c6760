"""Where the vendored eForms SDK files are, and how they are read: safely and never twice.

The subset of the EU Publications Office's eForms SDK 1.15.1 that clausegen needs ships
inside the package (``clausegen/eforms/sdk/``, with its README and CC BY 4.0 licence). Its
XML is read with a parser that loads no DTD, expands no entity and opens no network
connection; a schema import may only name a file of that folder.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

#: The SDK release the vendored files come from.
SDK_VERSION = "1.15.1"
#: The commit of ``OP-TED/eForms-SDK`` tagged ``1.15.1``.
SDK_COMMIT = "184afa7dd27d4c017eaf0b3ed345410e853425a4"

#: The folder of the vendored files (inside the installed package).
SDK_DIR = Path(__file__).resolve().parent / "sdk"

#: The XML namespaces of eForms, by the prefixes the SDK's XPaths use.
NAMESPACES = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}


class _SdkOnly(etree.Resolver):
    """Refuse every external resource that is not a file of the vendored SDK folder."""

    # NOTE: lxml calls resolve(system_url, public_id, context); lxml-stubs omit the context.
    def resolve(self, system_url: str, public_id: str, context: Any = None) -> Any:
        del public_id  # a resource is known by its location only
        location = system_url
        if "://" in location:
            location = unquote(location.removeprefix("file://"))
        target = Path(location).resolve()
        if not target.is_relative_to(SDK_DIR) or not target.is_file():
            message = f"the eForms schemas may only import files of {SDK_DIR} (got {system_url})"
            raise etree.XMLSchemaParseError(message)
        return self.resolve_filename(str(target), context)  # type: ignore[attr-defined]


def safe_parser() -> etree.XMLParser:
    """Return a parser without DTD loading, entity expansion or network access."""
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, remove_blank_text=True
    )
    parser.resolvers.add(_SdkOnly())
    return parser


def parse_sdk_xml(relative: str) -> etree._ElementTree:
    """Parse one XML file of the SDK folder (a schema, a code list, an example notice)."""
    return etree.parse(str(SDK_DIR / relative), safe_parser())


@functools.cache
def schema(relative: str) -> etree.XMLSchema:
    """Return the XML Schema of an SDK ``.xsd`` file, built once per process.

    Args:
        relative: the path under ``sdk/``, e.g. ``schemas/maindoc/UBL-ContractNotice-2.3.xsd``.
    """
    return etree.XMLSchema(parse_sdk_xml(relative))


@functools.cache
def fields_document() -> dict[str, Any]:
    """Return ``fields-social.json``: the SDK's definitions of the fields clausegen touches."""
    data: dict[str, Any] = json.loads((SDK_DIR / "fields-social.json").read_text("utf-8"))
    return data
