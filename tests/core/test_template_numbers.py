"""Ids and page numbers in templates are written as plain digits, never as localised numbers.

With USE_THOUSAND_SEPARATOR, Vietnamese writes 3066 as "3.066": an id printed that way into a
link, an element id or a form value names nothing once a table passes 1,000 rows (see
tests/people/test_views.py and tests/feedback/test_views.py for the pages that broke).
"""

import re
from pathlib import Path

from django.conf import settings

# {{ something.pk }}, {{ something_id }}, {{ something.id }}, {{ page.next_page_number }}, with
# any filters but |unlocalize.
_ID_OUTPUT = re.compile(r"\{\{\s*([\w.]+(?:\.pk|_id|\.id|_page_number))\s*((?:\|[^}]*)?)\}\}")


def test_no_template_writes_an_id_as_a_localised_number() -> None:
    folders = [Path(settings.BASE_DIR) / "templates"]
    offenders = []
    checked = 0
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                for match in _ID_OUTPUT.finditer(line):
                    checked += 1
                    if "unlocalize" not in match[2]:
                        where = path.relative_to(settings.BASE_DIR)
                        offenders.append(f"{where}:{number}: {match[0]}")
    assert checked >= 10, "the pattern no longer finds the ids the templates print"
    assert offenders == []


def test_the_pattern_finds_what_it_is_meant_to() -> None:
    assert _ID_OUTPUT.search('<a href="?household={{ h.pk }}">')
    assert _ID_OUTPUT.search("{{ visit.member_id }}")
    assert _ID_OUTPUT.search("{{ page.next_page_number }}")
    assert "unlocalize" in _ID_OUTPUT.search("{{ officer.pk|unlocalize }}")[2]  # type: ignore[index]
    assert not _ID_OUTPUT.search("{{ form.website.id_for_label }}")
