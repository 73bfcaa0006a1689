"""The project's own includes of NHS.UK components that the form pack does not render,
against the same NHS.UK frontend fixtures as ``test_conformance.py``.

``templates/includes/messages.html`` (notification banners) and
``templates/includes/progress_tag.html`` (tags) are ours; the task list, summary list and
back link are written inline in ``templates/assessments/`` and other page templates, not
as includes, so they are not compared here. The error summary on non-form pages is the
pack's ``{% nhsuk_error_summary %}``, covered by ``test_conformance.py``.
"""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string

from . import conformance
from .dom import first_element, normalise

urlpatterns: list = []
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _fixtures_present():
    reason = conformance.fixtures_missing_reason()
    if reason:
        if conformance.in_ci():
            pytest.fail(reason)
        pytest.skip(reason)


def _fixture(component: str, **context) -> dict:
    for _key, fixture in conformance.fixtures(component):
        if fixture["context"] == context:
            return fixture
    raise LookupError(f"no {component} fixture with {context}")


def _messages(*messages: Message) -> str:
    return render_to_string("includes/messages.html", {"messages": list(messages)})


def test_an_information_message_is_the_default_notification_banner():
    fixture = _fixture("notification-banner", text="The patient record was updated.")
    html = _messages(Message(constants.INFO, "The patient record was updated."))
    assert normalise(html) == normalise(fixture["html"])


def test_a_success_message_is_the_success_notification_banner():
    fixture = _fixture(
        "notification-banner", variant="success", text="Email sent to example@email.com"
    )
    html = _messages(Message(constants.SUCCESS, "Email sent to example@email.com"))
    assert normalise(html) == normalise(fixture["html"])


def _tag(colour: str) -> dict:
    """NHS.UK's tag of that colour, whatever its example text."""
    for _key, fixture in conformance.fixtures("tag"):
        if fixture["context"].get("colour") == colour and set(fixture["context"]) == {
            "text",
            "colour",
        }:
            return fixture
    raise LookupError(colour)


@pytest.mark.parametrize(
    ("context", "colour", "text"),
    [
        ({"status": "in-progress"}, "blue", "In progress"),
        ({"status": "not-started"}, "white", "Not started"),
        ({"status": "in-progress", "carried": "2025"}, "yellow", "Check last year's answers"),
    ],
)
def test_a_progress_tag_is_an_nhsuk_tag(context, colour, text):
    fixture = _tag(colour)
    expected = fixture["html"].replace(fixture["context"]["text"], text)
    html = render_to_string("includes/progress_tag.html", context)
    assert normalise(html) == normalise(expected)


def test_completed_is_the_task_lists_completed_tag():
    """NHS.UK's task list shows "Completed" as a tag with no colour, no border and normal
    weight; its first example's first tag is one."""
    task_list = conformance.fixtures("task-list")[0][1]["html"]
    expected = first_element(task_list, lambda tag, classes: "nhsuk-tag" in classes)
    assert "Completed" in expected
    html = render_to_string("includes/progress_tag.html", {"status": "completed"})
    assert normalise(html) == normalise(expected)
