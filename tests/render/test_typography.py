"""French no-break spaces in every text of a rendered Word part."""

from __future__ import annotations

from clausegen.render.typography import space_punctuation


def test_every_text_of_a_rendered_part_is_spaced() -> None:
    xml = (
        '<w:p><w:r><w:t xml:space="preserve">Objet : « </w:t></w:r><w:r><w:tab/>'
        '<w:t>Valeur</w:t></w:r><w:r><w:t xml:space="preserve"> » ;</w:t></w:r></w:p>'
    )
    assert space_punctuation(xml) == (
        '<w:p><w:r><w:t xml:space="preserve">Objet\u00a0: «\u00a0</w:t></w:r><w:r><w:tab/>'
        '<w:t>Valeur</w:t></w:r><w:r><w:t xml:space="preserve">\u00a0»\u00a0;</w:t></w:r></w:p>'
    )
