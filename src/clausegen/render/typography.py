"""French punctuation spacing in the text of a rendered Word part.

Every text of a document reaches Word in ``<w:t>`` elements: the template's own words and the
values it prints alike. Giving each of them :func:`clausegen.french.typography` once the part
is rendered puts a no-break space inside « » and before ; : ! ? in every generated document,
whatever the template wrote, so that a guillemet never starts a line alone.
"""

from __future__ import annotations

import re

from clausegen.french import typography

# NOTE: <w:t> and <w:t xml:space="preserve">, not <w:tab/> or <w:tbl>. Entities (&amp;) end
# with a ";" never preceded by a space, which typography leaves alone.
_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")


def space_punctuation(xml: str) -> str:
    """Return a rendered part with French no-break spaces in each of its texts."""
    return _TEXT.sub(lambda match: match[1] + typography(match[2]) + match[3], xml)
