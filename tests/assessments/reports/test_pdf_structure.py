"""Every document of ``DOCUMENTS``, read as a machine reads it (pypdf): within its page
limit, with its title and language in the catalogue, a structure tree for assistive
technology, alternative text on every figure, and every section its contents lists.

The demo's submitted assessment (a panel, earlier years, a ledger, a project, a cost
profile), with an action plan added, shows every section either document has. Each
document is rendered once for the module, inside a transaction that is rolled back.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from assessments.demo import DEMO_ODS_CODE, DEMO_PERIOD, demo_setup
from assessments.models import Action, Assessment
from assessments.reports import context as reports
from assessments.reports.documents import DOCUMENTS
from coprod_grid.models import Activity
from tests.factories import clear_caches, restore_default_rates

ACTIONS = [
    ("Recruit two more experts-by-experience to the Partnership Board", Action.Status.DONE),
    ("Pay panel members for their time at the national rate", Action.Status.IN_PROGRESS),
    ("Publish a you said, we did summary every six months", Action.Status.NOT_STARTED),
]


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker) -> dict:
    """For each document's slug: its PDF and the context it was rendered from."""
    documents = {}
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, REPORTS_RENDER_AHEAD=False),
    ):
        with transaction.atomic():
            # A transactional test before this module may have emptied the database.
            if not Activity.objects.exists():
                call_command("loaddata", "catalogue", verbosity=0)
            restore_default_rates()
            demo_setup()
            assessment = Assessment.objects.get(
                organisation__ods_code=DEMO_ODS_CODE,
                period=DEMO_PERIOD,
                status=Assessment.Status.SUBMITTED,
            )
            for number, (description, status) in enumerate(ACTIONS):
                Action.objects.create(
                    assessment=assessment,
                    description=description,
                    status=status,
                    due_date=datetime.date(2026, 6, 1) + datetime.timedelta(days=30 * number),
                )
            shared = reports.report_context(assessment)
            for slug, document in DOCUMENTS.items():
                context = {**shared}
                if document.extra_context is not None:
                    context |= document.extra_context(shared)
                pdf = reports.render_document(assessment, document)
                documents[slug] = (PdfReader(io.BytesIO(pdf)), context)
            transaction.set_rollback(True)
        clear_caches()  # nothing cached of the rolled-back rows stays for later tests
    return documents


@pytest.fixture(params=sorted(DOCUMENTS))
def document(request, rendered):
    reader, context = rendered[request.param]
    return DOCUMENTS[request.param], reader, context


def structure_elements(node):
    """Every structure element under ``node``, depth first."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            yield from structure_elements(kid)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from structure_elements(node["/K"])


def test_it_keeps_to_its_page_limit(document):
    spec, reader, _ = document
    if spec.max_pages is not None:
        assert len(reader.pages) <= spec.max_pages


def test_its_catalogue_has_its_title_and_language(document):
    _, reader, context = document
    catalogue = reader.trailer["/Root"]
    assert catalogue["/Lang"] == "en-GB"
    assert reader.metadata.title == context["title"]
    assert reader.metadata.author == context["organisation"].name
    # PDF/UA: a viewer shows the title, not the file name.
    assert catalogue["/ViewerPreferences"]["/DisplayDocTitle"]


# WeasyPrint takes an image's /Alt from its alt, and an inline SVG's from its own <title>
# child, not from its aria-label: every figure the report draws needs one. The Grid is an
# image, so that its figure carries the drawing's description too.
@pytest.mark.parametrize("slug", sorted(DOCUMENTS))
def test_it_has_a_structure_tree_with_alternative_text_on_every_figure(rendered, slug):
    reader, _ = rendered[slug]
    catalogue = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalogue
    elements = list(structure_elements(catalogue["/StructTreeRoot"]))
    assert any(element["/S"] == "/H1" for element in elements)
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert figures, "the Grid is a figure"
    untitled = [figure.get("/A") for figure in figures if not str(figure.get("/Alt", "")).strip()]
    assert not untitled, f"figures without alternative text, by place on the page: {untitled}"
    alternatives = [str(figure["/Alt"]) for figure in figures]
    assert any(
        "on the Co-production Grid" in alt and "Across, activeness" in alt for alt in alternatives
    )


def test_every_section_in_its_contents_is_in_it(document):
    _, reader, context = document
    # After the cover, which lists them all: each heading is on a page of its own section.
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages[1:])
    headings = [heading for _, heading in context["contents"]]
    assert headings
    missing = [heading for heading in headings if heading not in text]
    assert not missing


def test_the_board_report_has_every_part_of_a_board_paper(rendered):
    reader, context = rendered["board"]
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    headings = [heading for _, heading in context["contents"]]
    # The demo has a panel, earlier years, a ledger and costs: every optional part shows.
    for heading in ("What difference it made", "What involvement costs"):
        assert heading in headings
    assert context["board"]["impact_paragraph"] in text
    assert context["board"]["cost_paragraph"] in text
    assert "Two views: the commissioners and the panel" in text
    assert "Your progress over the years" in text
    assert "is this paper's appendix" in text
    assert "Co-production Grid Board report, " + DEMO_PERIOD in text  # the running header
    assert f"Page 1 of {len(reader.pages)}" in text
    # Only the open actions, by their number in the plan.
    assert ACTIONS[1][0] in text and ACTIONS[2][0] in text
    assert ACTIONS[0][0] not in text


def test_its_cover_fits_its_first_page(document):
    """The cover ends with the source line; a cover that overflows leaves that line
    alone on a second page, before the summary."""
    _, reader, _ = document
    first, second = (reader.pages[number].extract_text() for number in (0, 1))
    assert "Based on the Commissioners Co-production Grid" in first
    assert "Based on the Commissioners Co-production Grid" not in second
    assert "Summary" in second
