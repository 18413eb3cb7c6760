"""Template files are untrusted input: check the .docx container before anything opens it.

A Word template is a zip of XML parts. Before python-docx or docxtpl read one, clausegen
refuses what a legitimate clause template never needs and an attacker could use:

* a file that is not a zip, or a zip too large, with too many members, or compressed so
  much that it would expand into gigabytes (a "zip bomb");
* a DOCTYPE in any XML part (entity tricks; Office never writes one);
* macros (``vbaProject.bin``, macro-enabled content types);
* external relationships other than web or e-mail hyperlinks: a remote attached template,
  linked images or frames make Word fetch content from elsewhere when the document opens.

Each problem is a :class:`PackageFinding` with a stable code and messages in English (for
errors) and in French (for ``clausegen templates check``, read by legal staff).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from clausegen.errors import TemplateError


@dataclass(frozen=True)
class PackageLimits:
    """Bounds on a template's zip container; a real clause template is far below them."""

    max_members: int = 1000
    max_total_size: int = 50 * 1024 * 1024
    max_member_size: int = 20 * 1024 * 1024
    max_ratio: int = 100


DEFAULT_LIMITS = PackageLimits()

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb'(\w+)\s*=\s*"([^"]*)"')
_HYPERLINK_TYPE = b"/relationships/hyperlink"
_SAFE_LINK = re.compile(rb"^(https?:|mailto:)", re.IGNORECASE)


@dataclass(frozen=True)
class PackageFinding:
    """One reason to refuse a template file.

    Attributes:
        code: a stable identifier, e.g. ``external-relationship``.
        part: the zip member concerned, empty for the whole file.
        message: the explanation in English.
        message_fr: the same for legal staff, in French.
    """

    code: str
    part: str
    message: str
    message_fr: str


class UnsafeTemplateError(TemplateError):
    """Raised when a template file is refused before being opened (see module docstring).

    It is a :class:`~clausegen.errors.TemplateError` (exit code 3) whose message has one line
    per finding; it does not depend on the contract being rendered.

    Attributes:
        findings: every reason to refuse the file.
    """

    def __init__(self, *, template: str, findings: list[PackageFinding]) -> None:
        self.findings = tuple(findings)
        first = self.findings[0]
        super().__init__(
            template=template,
            message=first.message,
            part=first.part or None,
            reason="unsafe",
        )
        lines = [f"{template}: {f.part + ': ' if f.part else ''}{f.message}" for f in self.findings]
        self.args = ("\n".join(lines),)

    def for_contract(self, contract: str) -> TemplateError:  # noqa: ARG002 - see docstring
        """Return the error itself: a refused file is refused whatever the contract."""
        return self


def inspect_package(data: bytes, *, limits: PackageLimits = DEFAULT_LIMITS) -> list[PackageFinding]:
    """Return every reason to refuse the .docx ``data`` (an empty list means acceptable)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return [
            PackageFinding(
                "not-a-docx",
                "",
                "is not a Word document (.docx): it is not a zip package",
                "n'est pas un document Word (.docx) : ce n'est pas une archive zip",
            )
        ]
    with archive:
        members = archive.infolist()
        size_findings = _size_findings(members, limits)
        if size_findings:
            return size_findings
        findings: list[PackageFinding] = []
        names = {member.filename for member in members}
        if "word/document.xml" not in names:
            findings.append(
                PackageFinding(
                    "not-a-docx",
                    "",
                    "is not a Word document (.docx): it has no word/document.xml",
                    "n'est pas un document Word (.docx) : il n'a pas de word/document.xml",
                )
            )
        for member in members:
            findings.extend(_member_findings(archive, member, limits))
        return findings


def check_package(data: bytes, *, template: str, limits: PackageLimits = DEFAULT_LIMITS) -> None:
    """Refuse the template file ``data`` if :func:`inspect_package` finds anything.

    Raises:
        UnsafeTemplateError: listing every finding.
    """
    findings = inspect_package(data, limits=limits)
    if findings:
        raise UnsafeTemplateError(template=template, findings=findings)


def _size_findings(members: list[zipfile.ZipInfo], limits: PackageLimits) -> list[PackageFinding]:
    if len(members) > limits.max_members:
        return [
            PackageFinding(
                "too-large",
                "",
                f"has {len(members)} parts, more than the {limits.max_members} allowed",
                f"contient {len(members)} parties, plus que les {limits.max_members} admises",
            )
        ]
    total = sum(member.file_size for member in members)
    if total > limits.max_total_size:
        return [
            PackageFinding(
                "too-large",
                "",
                f"would expand to {total} bytes, more than the {limits.max_total_size} allowed",
                f"occuperait {total} octets une fois décompressé, plus que les "
                f"{limits.max_total_size} admis",
            )
        ]
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.max_member_size or (
            member.file_size > 1024 * 1024 and ratio > limits.max_ratio
        ):
            return [
                PackageFinding(
                    "too-compressed",
                    member.filename,
                    f"expands {ratio:.0f} times ({member.file_size} bytes): refused as a "
                    "possible zip bomb",
                    f"se décompresse {ratio:.0f} fois ({member.file_size} octets) : refusé "
                    "comme possible bombe de décompression",
                )
            ]
    return []


def _member_findings(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: PackageLimits
) -> list[PackageFinding]:
    name = member.filename
    lowered = name.lower()
    if "vbaproject" in lowered or "vbadata" in lowered:
        return [
            PackageFinding(
                "macros",
                name,
                "contains macros, which a clause template must not have",
                "contient des macros, qu'un modèle de clause ne doit pas contenir",
            )
        ]
    if not lowered.endswith((".xml", ".rels")):
        return []
    with archive.open(member) as stream:
        # NOTE: sizes were checked above, but a declared size can lie: read one byte more
        # than the limit allows and stop there.
        content = stream.read(limits.max_member_size + 1)
    findings = []
    if _DOCTYPE.search(content):
        findings.append(
            PackageFinding(
                "doctype",
                name,
                "contains a DOCTYPE declaration, which Word never writes: refused",
                "contient une déclaration DOCTYPE, que Word n'écrit jamais : refusé",
            )
        )
    if lowered == "[content_types].xml" and b"macroenabled" in content.lower():
        findings.append(
            PackageFinding(
                "macros",
                name,
                "declares macro-enabled content, which a clause template must not have",
                "déclare un contenu avec macros, qu'un modèle de clause ne doit pas contenir",
            )
        )
    if lowered.endswith(".rels"):
        findings.extend(_relationship_findings(name, content))
    return findings


def _relationship_findings(name: str, content: bytes) -> list[PackageFinding]:
    findings = []
    for element in _RELATIONSHIP.findall(content):
        attributes = {key.lower(): value for key, value in _ATTRIBUTE.findall(element)}
        if attributes.get(b"targetmode", b"").lower() != b"external":
            continue
        target = attributes.get(b"target", b"")
        kind = attributes.get(b"type", b"")
        if kind.endswith(_HYPERLINK_TYPE) and _SAFE_LINK.match(target):
            continue
        label = kind.rsplit(b"/", 1)[-1].decode("ascii", "replace") or "relationship"
        shown = target.decode("utf-8", "replace")
        findings.append(
            PackageFinding(
                "external-relationship",
                name,
                f"points to external content ({label}: {shown}), which Word would fetch when "
                "the document opens: refused",
                f"renvoie à un contenu extérieur ({label} : {shown}), que Word irait chercher "
                "à l'ouverture du document : refusé",
            )
        )
    return findings
