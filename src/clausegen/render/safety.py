"""Template files are untrusted input: check the .docx container before anything opens it.

A Word template is a zip of XML parts. Before python-docx or docxtpl read one, clausegen
reads every member of the zip and refuses what a legitimate clause template never needs and
an attacker could use:

* a file that is not a zip, or a zip too large, with too many members, or compressed so
  much that it would expand into gigabytes (a "zip bomb");
* members that are encrypted, compressed by a method Word does not use, or damaged (their
  checksum or size does not match what the zip says);
* parts that are not the XML they should be, or whose root is not what Office expects;
* a DOCTYPE in any XML part (entity tricks; Office never writes one), whatever its encoding;
* macros, ActiveX controls, OLE objects and embedded packages, whatever their part names;
* external relationships other than web or e-mail hyperlinks: a remote attached template,
  linked images or frames make Word fetch content from elsewhere when the document opens;
* fields that fetch or run something (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``,
  ``DDEAUTO``…).

The content of the parts is judged by :mod:`.parts`, which parses them, and
:mod:`.hazards` (links, fields, active content). Each problem is a
:class:`PackageFinding` with a stable code and messages in English (for errors) and in
French (for ``clausegen templates check``, read by legal staff).
"""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from clausegen import french
from clausegen.errors import TemplateError
from clausegen.i18n import _, language
from clausegen.inputs import UsageError
from clausegen.render import parts
from clausegen.render.hazards import Refusal


@dataclass(frozen=True)
class PackageLimits:
    """Bounds on a template's zip container; a real clause template is far below them."""

    max_members: int = 1000
    max_total_size: int = 50 * 1024 * 1024
    max_member_size: int = 20 * 1024 * 1024
    max_ratio: int = 100


DEFAULT_LIMITS = PackageLimits()

# The compression methods Word writes: stored and deflated.
_WORD_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


@dataclass(frozen=True)
class PackageFinding:
    """One reason to refuse a template file.

    Attributes:
        code: a stable identifier, e.g. ``external-relationship``.
        part: the zip member concerned, empty for the whole file.
        message: the explanation in English.
        message_fr: the same for legal staff, in French.
        location: for content of a part docxtpl renders, the part as people name it
            (``body``, ``header 2``), else None.
        paragraph: the 1-based paragraph of that part, when known.
        excerpt: the text concerned (a field's instruction), shortened.
    """

    code: str
    part: str
    message: str
    message_fr: str
    location: str | None = None
    paragraph: int | None = None
    excerpt: str | None = None

    @property
    def where(self) -> str:
        """The member and, when known, the paragraph: ``word/document.xml (body, paragraph 3)``."""
        if self.location is None:
            return self.part
        paragraph = (
            ""
            if self.paragraph is None
            else _(", paragraph {number}").format(number=self.paragraph)
        )
        return f"{self.part} ({self.location}{paragraph})"


class UnsafeTemplateError(TemplateError):
    """Raised when a template file is refused before being opened (see module docstring).

    It is a :class:`~clausegen.errors.TemplateError` (exit code 3) whose message has one line
    per finding. A refused file does not depend on the contract being rendered; a refused
    document (``rendered``: the template's tags built what the file itself may not hold)
    does, and says with which contract.

    Attributes:
        findings: every reason to refuse the file.
        rendered: whether the findings are about the document produced, not the file.
    """

    def __init__(
        self,
        *,
        template: str,
        findings: list[PackageFinding],
        rendered: bool = False,
        contract: str | None = None,
    ) -> None:
        self.findings = tuple(findings)
        self.rendered = rendered
        first = self.findings[0]
        super().__init__(
            template=template,
            message=first.message,
            part=first.part or None,
            contract=contract,
            reason="unsafe",
        )
        self.args = (
            "\n".join(_line(template, f, rendered=rendered, contract=contract) for f in findings),
        )

    def for_contract(self, contract: str) -> TemplateError:
        """Return the error itself for a refused file, with the contract for a document."""
        if not self.rendered:
            return self
        return UnsafeTemplateError(
            template=self.template, findings=list(self.findings), rendered=True, contract=contract
        )


def _line(template: str, finding: PackageFinding, *, rendered: bool, contract: str | None) -> str:
    where = f"{finding.where}: " if finding.part else ""
    # NOTE: a finding carries its French wording (message_fr), the template check's: findings
    # are kept by digest whatever the language, so the language is chosen here.
    message = finding.message_fr if language() == "fr" else finding.message
    if rendered:
        message = _("the document produced {reason}").format(reason=message)
    if finding.excerpt:
        message = _('{reason} in "{excerpt}"').format(reason=message, excerpt=finding.excerpt)
    if contract:
        message = _("{reason} (rendering {contract})").format(reason=message, contract=contract)
    return f"{template}: {where}{message}"


# NOTE: a template is checked each time it is rendered (once per contract); the verdict on
# the same bytes is kept, by digest, for the last few templates.
_VERDICTS: OrderedDict[tuple[bytes, PackageLimits], tuple[PackageFinding, ...]] = OrderedDict()
_KEPT_VERDICTS = 32
_VERDICTS_LOCK = threading.Lock()


def inspect_package(data: bytes, *, limits: PackageLimits = DEFAULT_LIMITS) -> list[PackageFinding]:
    """Return every reason to refuse the .docx ``data`` (an empty list means acceptable).

    Raises:
        UsageError: when ``data`` is not bytes (a path or a text given by mistake).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        message = f"must be the bytes of a .docx file, not {type(data).__name__}"
        raise UsageError(argument="data", message=message)
    key = (hashlib.sha256(data).digest(), limits)
    with _VERDICTS_LOCK:
        known = _VERDICTS.get(key)
        if known is not None:
            _VERDICTS.move_to_end(key)
            return list(known)
    findings = tuple(_inspect(data, limits))
    with _VERDICTS_LOCK:
        _VERDICTS[key] = findings
        if len(_VERDICTS) > _KEPT_VERDICTS:
            _VERDICTS.popitem(last=False)
    return list(findings)


def check_package(data: bytes, *, template: str, limits: PackageLimits = DEFAULT_LIMITS) -> None:
    """Refuse the template file ``data`` if :func:`inspect_package` finds anything.

    Raises:
        UnsafeTemplateError: listing every finding.
    """
    findings = inspect_package(data, limits=limits)
    if findings:
        raise UnsafeTemplateError(template=template, findings=findings)


def _inspect(data: bytes, limits: PackageLimits) -> list[PackageFinding]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        OSError,
        OverflowError,
        NotImplementedError,  # a zip version zipfile does not read (found by fuzzing)
    ):
        return [_not_a_docx("it is not a zip package", "ce n'est pas une archive zip")]
    with archive:
        members = archive.infolist()
        early = (
            _size_findings(members, limits)
            or _duplicate_findings(members)
            or _method_findings(members)
        )
        if early:
            return early
        contents: dict[str, bytes] = {}
        damaged = []
        for member in members:
            content = _read(archive, member, limits)
            if isinstance(content, PackageFinding):
                damaged.append(content)
            elif not member.is_dir():
                contents[member.filename] = content
        if damaged:
            return damaged
    return [finding_of(refusal) for refusal in parts.judge(contents)]


def _not_a_docx(why: str, why_fr: str) -> PackageFinding:
    return PackageFinding(
        "not-a-docx",
        "",
        f"is not a Word document (.docx): {why}",
        f"n'est pas un document Word (.docx) : {why_fr}",
    )


def _size_findings(members: list[zipfile.ZipInfo], limits: PackageLimits) -> list[PackageFinding]:
    if len(members) > limits.max_members:
        return [
            PackageFinding(
                "too-large",
                "",
                f"has {len(members)} parts, more than the {limits.max_members} allowed",
                f"contient {french.number(len(members))} parties, plus que les "
                f"{french.number(limits.max_members)} admises",
            )
        ]
    total = sum(member.file_size for member in members)
    if total > limits.max_total_size:
        return [
            PackageFinding(
                "too-large",
                "",
                f"would expand to {total} bytes, more than the {limits.max_total_size} allowed",
                f"occuperait {french.number(total)} octets une fois décompressé, plus que les "
                f"{french.number(limits.max_total_size)} admis",
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
                    f"se décompresse {french.number(round(ratio))} fois "
                    f"({french.number(member.file_size)} octets) : refusé "
                    "comme possible bombe de décompression",
                )
            ]
    return []


def _duplicate_findings(members: list[zipfile.ZipInfo]) -> list[PackageFinding]:
    """Refuse a name given to two members: Word and clausegen could read different ones."""
    seen: set[str] = set()
    findings = []
    for member in members:
        name = member.filename.lower()
        if name in seen:
            findings.append(
                _damaged(
                    member,
                    "its name is given to two parts of the zip",
                    "son nom est celui de deux parties de l'archive",
                )
            )
        seen.add(name)
    return findings


def _method_findings(members: list[zipfile.ZipInfo]) -> list[PackageFinding]:
    """Refuse encrypted members and compression methods Word does not use, before reading."""
    findings = []
    for member in members:
        # NOTE: flag bit 0 is encryption, bit 6 strong encryption, bit 5 "patched data".
        if member.flag_bits & 0x41:
            findings.append(
                PackageFinding(
                    "encrypted-part",
                    member.filename,
                    "is encrypted, which Word never does to a part of a document: refused",
                    "est chiffrée, ce que Word ne fait jamais à une partie d'un document : refusé",
                )
            )
        elif member.compress_type not in _WORD_METHODS or member.flag_bits & 0x20:
            patched = member.compress_type in _WORD_METHODS
            method = "patched data" if patched else f"method {member.compress_type}"
            french = (
                "avec des « données corrigées » (patched data)"
                if patched
                else f"par la méthode {member.compress_type}"
            )
            findings.append(
                PackageFinding(
                    "unsupported-compression",
                    member.filename,
                    f"is compressed with {method}, which Word does not use (only stored and "
                    "deflated): refused",
                    f"est compressée {french}, que Word n'utilise pas : refusé",
                )
            )
    return findings


def _read(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: PackageLimits
) -> bytes | PackageFinding:
    """Read a member whole, checking its checksum (zipfile does) and its size (we do)."""
    try:
        with archive.open(member) as stream:
            # NOTE: the declared sizes were checked, but a declared size can lie: read one
            # byte more than the limit allows and stop there.
            content = stream.read(limits.max_member_size + 1)
    except (
        zipfile.BadZipFile,
        EOFError,
        zlib.error,
        OSError,
        ValueError,
        NotImplementedError,  # a local header flag zipfile does not support
        RuntimeError,  # a local header that says encrypted when the directory does not
    ) as error:
        detail = str(error) or type(error).__name__
        if "CRC" in detail:
            return _damaged(
                member,
                "its checksum (CRC-32) does not match its content",
                "sa somme de contrôle (CRC-32) ne correspond pas à son contenu",
            )
        return _damaged(member, f"it cannot be read ({detail})", "elle ne peut pas être lue")
    if len(content) != member.file_size:
        return _damaged(
            member,
            f"it holds {len(content)} bytes where the zip announces {member.file_size}",
            f"elle contient {french.number(len(content))} octets là où l'archive en annonce "
            f"{french.number(member.file_size)}",
        )
    return content


def _damaged(member: zipfile.ZipInfo, why: str, why_fr: str) -> PackageFinding:
    return PackageFinding(
        "damaged-part",
        member.filename,
        f"is damaged: {why}; save the document again from Word",
        f"est abîmée : {why_fr} ; enregistrez de nouveau le document depuis Word",
    )


def finding_of(refusal: Refusal) -> PackageFinding:
    """Turn a refusal of :mod:`.parts` into a finding."""
    location, paragraph = refusal.place if refusal.place is not None else (None, None)
    return PackageFinding(
        refusal.code,
        refusal.part,
        refusal.message,
        refusal.message_fr,
        location,
        paragraph,
        refusal.excerpt,
    )
