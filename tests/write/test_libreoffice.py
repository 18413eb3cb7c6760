"""Every document of every example opens in a real office suite and keeps every word.

The documents of all the shipped examples are rendered and converted to PDF by LibreOffice in
one run (``generate --pdf`` does the same), then read back with ``pdftotext``: each PDF must
exist, carry the lot figures and the total, the legal basis and the key words, and contain
every word of the document's body. A .docx that LibreOffice cannot open fails here.

The group needs LibreOffice and poppler-utils; ``.ci/run`` installs them. Without them the
tests are skipped, and pytest's summary says why.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from clausegen import applied_commitments, french
from clausegen.render.documents import output_name
from clausegen.render.templates import load_template_set
from clausegen.render.text import docx_text
from clausegen.validate.models import Mechanism
from clausegen.write.rendered import RenderedRun
from clausegen.write.run import render_run
from tests.helpers import EXAMPLES, needs_programs

pytestmark = [
    pytest.mark.libreoffice,
    needs_programs("soffice", "pdftotext"),
]

EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))
LEGAL_BASIS = {
    Mechanism.EXECUTION_CONDITION: "L. 2112-2",
    Mechanism.AWARD_CRITERION: "L. 2152-7",
    Mechanism.RESERVED_SIAE: "L. 2113-13",
    Mechanism.RESERVED_EA_ESAT: "L. 2113-12",
    Mechanism.INSERTION_SERVICE: "R. 2123-1",
    Mechanism.RESERVED_JOINT: "L. 2113-14",
}


@functools.cache
def converted() -> RenderedRun:
    """Render and convert every document of every example, once for the whole module."""
    with tempfile.TemporaryDirectory() as out:
        return render_run([str(p) for p in EXAMPLE_FILES], out, pdf=True)


def normalise(text: str) -> str:
    """One space between words; no-break spaces and ligatures as plain text."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    # A compound word broken at its hyphen at the end of a line is one word.
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1-\2", text).split())


@functools.cache
def pdf_text(name: str) -> str:
    run = converted()
    (data,) = [content for path, content in run.files.items() if path.name == name]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        result = subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        )
    return normalise(result.stdout)


def body_words(docx: bytes) -> set[str]:
    """The words of a document's body, without the markup of the text extraction."""
    body = docx_text(docx).split("\n== header")[0].split("\n== footer")[0]
    body = body.removeprefix("== body ==\n")
    body = re.sub(r"^\[\w+\] ", "", body, flags=re.MULTILINE)
    return set(normalise(body.replace(" / ", " ").replace("|", " ")).split())


@pytest.mark.parametrize("template_id", load_template_set().ids)
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_document_converts_and_keeps_every_word(example: Path, template_id: str) -> None:
    run = converted()
    (item,) = [c for c in run.contracts if c.source == str(example)]
    name = output_name(item.contract.reference, template_id)
    documents = {path.name: data for path, data in item.documents.items()}
    if name not in documents:
        # Only a document the contract cannot have (the charter annex of a buyer without
        # a charter) may be missing, and the run says so.
        assert template_id in [skip.template_id for skip in item.skipped]
        return
    text = pdf_text(name.removesuffix(".docx") + ".pdf")
    missing = body_words(documents[name]) - set(text.split())
    assert not missing, f"words of {name} missing from its PDF: {sorted(missing)}"


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_pdfs_carry_the_figures_legal_basis_and_key_words(example: Path) -> None:
    run = converted()
    (item,) = [c for c in run.contracts if c.source == str(example)]
    contract, obligation = item.contract, item.obligation
    texts = {
        template_id: pdf_text(output_name(contract.reference, template_id)[:-5] + ".pdf")
        for template_id in ("ccap", "rc", "ae", "suivi")
    }
    ccap = texts["ccap"]
    for text in texts.values():
        assert contract.reference in text
        assert normalise(contract.title) in text
    assert LEGAL_BASIS[contract.mechanism] in ccap
    if contract.buyer.charter is not None:
        charte = pdf_text(output_name(contract.reference, "charte")[:-5] + ".pdf")
        for applied in applied_commitments(contract, obligation):
            for sentence in applied.sentences:
                assert normalise(sentence) in charte, sentence
        for commitment in contract.buyer.charter.commitments:
            assert normalise(commitment.text) in charte, commitment.number
    if contract.mechanism.is_reserved:
        return
    for lot in obligation.lots:
        hours = normalise(french.hours(lot.insertion_hours))
        for template_id in ("ccap", "rc", "ae"):
            # NOTE: a framework's candidate commits to the ratio, not to the estimate's hours.
            # A lot in tranches states each tranche's hours.
            expected = (
                [normalise(french.number(lot.hours_per_1000, 3))]
                if template_id == "ae" and contract.form.is_framework and lot.hours_per_1000
                else [normalise(french.hours(t.insertion_hours)) for t in lot.tranches] or [hours]
            )
            for value in expected:
                assert value in texts[template_id], (template_id, lot.number, value)
    total = normalise(french.hours(obligation.total_insertion_hours))
    assert total in ccap
    # An insertion-service contract has no list of modalities (its object is insertion).
    words = (
        ("pénalité",)
        if contract.mechanism is Mechanism.INSERTION_SERVICE
        else ("ETTI", "GEIQ", "CDI", "alternance", "pénalité")
    )
    for word in words:
        assert word in ccap, word
    facilitator = contract.effective_facilitator
    contact = facilitator.name if facilitator and facilitator.name else contract.buyer.name
    assert contact is not None
    assert normalise(contact) in ccap


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_page_numbers_are_right_without_asking_word_to_refresh_fields(example: Path) -> None:
    # The documents no longer carry w:updateFields (issue 10): LibreOffice computes the
    # PAGE and NUMPAGES fields of the footers itself.
    run = converted()
    (item,) = [c for c in run.contracts if c.source == str(example)]
    for path in item.documents:
        text = pdf_text(path.name.removesuffix(".docx") + ".pdf")
        numbers = re.findall(r"page (\d+) sur (\d+)", text)
        pages = int(numbers[-1][1])
        assert numbers == [(str(n), str(pages)) for n in range(1, pages + 1)], path.name
