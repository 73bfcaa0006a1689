"""Bad input never breaks anything: every form, the action form's query strings, sign-in
and the CSV import get random, huge, unicode, null-byte and HTML/JS values from
hypothesis. The answer is always a clean save (a redirect) or the page again with an NHS
error summary; never a 500. User text is always escaped, on the page and in the report.

Each example runs in a savepoint that is rolled back, on a world built once for the
module (the same world as the authorisation matrix). ``FUZZ_EXAMPLES`` sets how many
examples each test tries (default 40).
"""

import os
import shutil
import subprocess
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import (
    Action,
    Assessment,
    Commitment,
    Frequency,
    Membership,
    Participant,
)
from assessments.questionnaire.sections import ABOUT, COMMITMENT, SERVICES
from assessments.reports import context as reports
from assessments.results.exports import answers_csv, neutralise_formula
from assessments.results.results import assessment_result
from assessments.transfer import imports
from coprod_grid.models import Activity, Barrier, CommissioningStage, DiscussionPoint, ServiceArea
from tests.assessments.world import build_world, request
from tests.conftest import VerifiedClient as Client
from tests.factories import category_sections, version_of

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
# The same inputs every run, so CI never fails by chance; set FUZZ_RANDOM=1 (and raise
# FUZZ_EXAMPLES) for an exploratory run that tries new ones.
fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRIED: Counter[str] = Counter()

# Injection attempts: HTML and script, template syntax, spreadsheet formulas, SQL.
PAYLOADS = [
    '<script>alert("grid")</script>',
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ request.user.password }}{% debug %}",
    '=HYPERLINK("http://example.com","x")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "'; DROP TABLE assessments_assessment; --",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\r\n\r\nSet-Cookie: x=1",
    "Ｔｈｉｓ ｉｓ ｆｕｌｌ ｗｉｄｔｈ",
    "🧠💬 co-production",
    "٢٠٢٦/٢٧",
    "𝟐𝟎𝟐𝟔/𝟐𝟕",
    "2026/27\n",
    " 2026 - 27 ",
    "1999/00",
    "2099/00",
]
# What must never appear unescaped in a page.
RAW_MARKERS = ("<script>alert", "<img src=x", "<svg onload", "onerror=alert(1)>")

text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(PAYLOADS),
    st.builds(
        lambda a, b, c: a + b + c,
        st.text(max_size=10),
        st.sampled_from(PAYLOADS),
        st.text(max_size=10),
    ),
    st.text(min_size=1900, max_size=2600),  # around the 2,000-character limits
    st.integers(min_value=2_001, max_value=40_000).map(lambda n: "x" * n),  # huge
)
number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=-3, max_value=1_200).map(str),
    st.just("9" * 5_000),
    st.sampled_from(["", " ", "1.5", "1e3", "0x10", "²", "١٢", "NaN", "-0", "\x00", "٣"]),
    text,
)


# Valid values often enough that saves are tried too, not only the error paths.
period = st.one_of(
    st.sampled_from(["2026/27", "2026-27", " 2026 / 27 ", "٢٠٢٦/٢٧", "2099/00", "2000/01"]), text
)
whole = st.one_of(st.integers(min_value=1, max_value=999).map(str), number)
status = st.one_of(st.sampled_from(list(Action.Status.values)), text)
date_parts = st.one_of(
    st.just(("", "", "")),
    st.dates().map(lambda d: (str(d.day), str(d.month), str(d.year))),
    st.tuples(number, number, number),
)


def current(value: int):
    """The version the page was opened at (most often), or a tampered one."""
    return st.one_of(st.just(str(value)), st.just(str(value)), number)


def some(choices: list[str]):
    """A mix of valid choices and junk, as a list of posted values."""
    return st.lists(st.one_of(st.sampled_from(choices), text), max_size=6)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, pytestconfig):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if reporter and capture:
        with capture.global_and_fixture_disabled():
            tried = sum(n for name, n in TRIED.items() if not name.endswith("(saved)"))
            reporter.write_line(
                f"fuzzed inputs tried: {tried} "
                f"({', '.join(f'{name} {count}' for name, count in sorted(TRIED.items()))})"
            )


@pytest.fixture(scope="module")
def catalogue(world):
    return {
        "stages": list(CommissioningStage.objects.values_list("slug", flat=True)),
        "areas": list(ServiceArea.objects.values_list("slug", flat=True)),
        "barriers": list(Barrier.objects.values_list("slug", flat=True)),
        "activities": list(Activity.objects.values_list("slug", flat=True)),
        "section": category_sections()[0],
        "point": DiscussionPoint.objects.first().pk,
    }


def check_page(response, name: str) -> None:
    """The shared property: a redirect, or the page with a clear error; never a 500
    (the test client raises a view's exception), and no user text unescaped."""
    TRIED[name] += 1
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        TRIED[f"{name} (saved)"] += 1
    html = response.content.decode()
    for marker in RAW_MARKERS:
        assert marker not in html, marker
    if response.status_code == 200 and response.request["REQUEST_METHOD"] == "POST":
        clear = (
            "nhsuk-error-summary" in html
            or "Someone else changed" in html  # a version conflict, explained
            or "The due date is in the past" in html  # a warning, asked once
        )
        assert clear, "the form came back without saying what is wrong"
        if "nhsuk-error-summary" in html:
            assert "<title>Error: " in html


def post(world, url: str, data: dict, name: str, user=None):
    response = request("POST", url, user or world.lead, data)
    check_page(response, name)
    return response


# --- the questionnaire ------------------------------------------------------------------


@fuzz
@given(title=text, period=period)
def test_new_assessment(world, title, period):
    url = reverse("assessments:new", args=[world.home.pk])
    savepoint = transaction.savepoint()
    try:
        client = Client()
        client.force_login(world.lead)
        response = client.post(url, {"title": title, "period": period})
        check_page(response, "new assessment")
        if response.status_code == 302:
            saved = Assessment.objects.latest("pk")
            assert saved.title == title.strip()
            assert "\x00" not in saved.title
            assert len(saved.period) == 7 and saved.period[4] == "/"
    finally:
        transaction.savepoint_rollback(savepoint)


@fuzz
@given(
    title=text,
    period=period,
    participants=st.one_of(
        st.lists(st.sampled_from(list(Participant.values)), min_size=1, unique=True),
        some(list(Participant.values)),
    ),
    count=whole,
    data=st.data(),
    junk=st.dictionaries(st.text(max_size=20), text, max_size=3),
)
def test_about_section(world, title, period, participants, count, data, junk):
    url = reverse("assessments:section", args=[world.draft.pk, ABOUT])
    version = data.draw(current(version_of(world.draft, ABOUT)))
    form = {
        **junk,
        "title": title,
        "period": period,
        "participants": participants,
        "experts_by_experience_count": count,
        "version": version,
    }
    post(world, url, form, "about section")


@fuzz
@given(data=st.data())
def test_category_section(world, catalogue, data):
    section = catalogue["section"]
    url = reverse("assessments:section", args=[world.draft.pk, section.key])
    frequencies = [*Frequency.values, ""]
    form = {"version": data.draw(current(version_of(world.draft, section.key)))}
    for activity in section.activities:
        frequency = data.draw(st.one_of(st.sampled_from(frequencies), text))
        form[f"{activity.slug}-frequency"] = frequency
        valid_stages = st.lists(st.sampled_from(catalogue["stages"]), unique=True)
        stages = st.just([]) if frequency == "none" else valid_stages
        form[f"{activity.slug}-stages"] = data.draw(st.one_of(stages, some(catalogue["stages"])))
        form[f"{activity.slug}-notes"] = data.draw(text)
    form.update(data.draw(st.dictionaries(st.text(max_size=30), text, max_size=3)))  # unknown keys
    if data.draw(st.booleans()):
        form["save-later"] = ""
    post(world, url, form, "category section")


@fuzz
@given(other=text, none_yet=st.one_of(st.just(""), text), data=st.data())
def test_services_section(world, catalogue, other, none_yet, data):
    areas = data.draw(some(catalogue["areas"]))
    version = data.draw(current(version_of(world.draft, SERVICES)))
    url = reverse("assessments:section", args=[world.draft.pk, SERVICES])
    form = {"service_areas": areas, "other": other, "none_yet": none_yet, "version": version}
    post(world, url, form, "services section")


@fuzz
@given(
    commitment=st.one_of(st.sampled_from(list(Commitment.values)), text),
    other=text,
    data=st.data(),
)
def test_commitment_section(world, catalogue, commitment, other, data):
    version = data.draw(current(version_of(world.draft, COMMITMENT)))
    url = reverse("assessments:section", args=[world.draft.pk, COMMITMENT])
    form = {
        "commitment": commitment,
        "barriers": data.draw(some(catalogue["barriers"])),
        "other": other,
        "version": version,
    }
    post(world, url, form, "commitment section")


def test_a_null_character_is_an_nhs_error_on_the_page(world):
    url = reverse("assessments:section", args=[world.draft.pk, ABOUT])
    data = {
        "title": "Our\x00 assessment",
        "period": "2026/27",
        "participants": [Participant.COMMISSIONERS],
        "version": version_of(world.draft, ABOUT),
    }
    html = request("POST", url, world.lead, data).content.decode()
    assert "<title>Error: " in html
    summary = html.split('class="nhsuk-error-summary"')[1].split("</ul>")[0]
    assert 'href="#id_title"' in summary
    assert "Null characters are not allowed" in summary
    assert 'id="id_title-error"' in html


def test_a_tampered_version_says_to_reload(world):
    url = reverse("assessments:section", args=[world.draft.pk, ABOUT])
    base = {"title": "T", "period": "2026/27", "participants": [Participant.COMMISSIONERS]}
    for version in ("-1", "abc", ""):
        html = request("POST", url, world.lead, {**base, "version": version}).content.decode()
        assert "nhsuk-error-summary" in html, version
    # A version from the future is a conflict, not a save.
    html = request("POST", url, world.lead, {**base, "version": str(10**30)}).content.decode()
    assert "nhsuk-error-summary" in html or "Someone else changed" in html or "changed" in html


# --- members, actions and sign-in -------------------------------------------------------


@fuzz
@given(email=text, role=st.one_of(st.sampled_from(list(Membership.Role.values)), text))
def test_add_member(world, email, role):
    url = reverse("assessments:members", args=[world.home.pk])
    post(world, url, {"email": email, "role": role}, "add member")


def action_form(data, catalogue) -> dict:
    links = [
        "",
        f"point:{catalogue['point']}",
        f"activity:{catalogue['activities'][0]}",
        "point:999999999",
        "category:nope",
    ]
    day, month, year = data.draw(date_parts)
    return {
        "description": data.draw(text),
        "owner": data.draw(text),
        "due_date_0": day,
        "due_date_1": month,
        "due_date_2": year,
        "status": data.draw(status),
        "link": data.draw(st.one_of(st.sampled_from(links), text)),
        "confirm_past_due": data.draw(st.one_of(st.just("True"), text)),
    }


@fuzz
@given(data=st.data())
def test_new_action(world, catalogue, data):
    query = data.draw(
        st.dictionaries(st.sampled_from(["point", "activity", "category"]), number, max_size=3)
    )
    url = reverse("assessments:action-new", args=[world.draft.pk])
    response = request("GET", url, world.lead, None, query=query)
    check_page(response, "action query string")
    post(world, url, action_form(data, catalogue), "new action")


@fuzz
@given(data=st.data())
def test_edit_action(world, catalogue, data):
    version = data.draw(current(world.action.version))
    url = reverse("assessments:action-edit", args=[world.draft.pk, world.action.pk])
    post(world, url, {**action_form(data, catalogue), "version": version}, "edit action")


@pytest.mark.parametrize("query", ["point=²", "point=" + "9" * 40, "activity=%00", "category=%00x"])
def test_odd_action_query_strings_are_ignored(world, query):
    url = reverse("assessments:action-new", args=[world.draft.pk]) + "?" + query
    response = request("GET", url, world.lead)
    assert response.status_code == 200


@fuzz
@given(username=text, password=text, next_url=text)
def test_sign_in(world, username, password, next_url):
    url = reverse("login")
    response = request(
        "POST", url, None, {"username": username, "password": password, "next": next_url}
    )
    check_page(response, "sign in")
    if response.status_code == 302:
        pytest.fail("signed in with a random password")


@fuzz
@given(first=text, last=text, password=text, again=text, same=st.booleans())
def test_accept_an_invitation(world, first, last, password, again, same):
    """A random name and password either join (a redirect) or say what is wrong."""
    url = reverse("assessments:invitation-accept", args=[world.invitation_link])
    data = {
        "first_name": first,
        "last_name": last,
        "password1": password,
        "password2": password if same else again,
    }
    check_page(request("POST", url, None, data), "accept an invitation")


@fuzz
@given(token=text)
def test_a_random_invitation_link_is_closed(world, token):
    try:
        url = reverse("assessments:invitation-accept", args=[token])
    except NoReverseMatch:  # not a path the URL can hold (a slash): nothing to request
        return
    response = request("GET", url, None)
    assert response.status_code in (404, 410), response.status_code


# --- the CSV import ---------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]


def csv_body(data, catalogue) -> bytes:
    header = data.draw(
        st.one_of(
            st.just("activity,frequency,stages,notes"),
            st.just("Activity, Frequency ,notes"),
            text,
        )
    )
    cell = st.one_of(text, st.sampled_from(catalogue["activities"]))
    rows = data.draw(
        st.lists(
            st.one_of(
                st.tuples(
                    st.sampled_from(catalogue["activities"]),
                    st.one_of(st.sampled_from(list(Frequency.values)), text),
                    st.one_of(st.sampled_from(catalogue["stages"]), text),
                    text,
                ).map(lambda row: ",".join(f'"{c.replace(chr(34), 2 * chr(34))}"' for c in row)),
                st.lists(cell, max_size=6).map(",".join),
            ),
            max_size=8,
        )
    )
    body = "\r\n".join([header, *rows])
    encoding = data.draw(st.sampled_from(ENCODINGS))
    return body.encode(encoding, errors="replace")


@fuzz
@given(data=st.data())
def test_csv_import(world, catalogue, data):
    body = data.draw(st.one_of(st.binary(max_size=300), st.just(b"")))
    if data.draw(st.booleans()):
        body = csv_body(data, catalogue)
    url = reverse("assessments:import", args=[world.draft.pk])
    upload = SimpleUploadedFile("answers.csv", body, "text/csv")
    response = post(world, url, {"csv_file": upload}, "csv import")
    if response.status_code == 200:
        assert "nhsuk-error-summary" in response.content.decode()


def test_a_file_over_the_limit_is_refused_clearly(world):
    url = reverse("assessments:import", args=[world.draft.pk])
    body = b"activity,frequency\n" + b"x" * (imports.MAX_BYTES + 1)
    response = request("POST", url, world.lead, {"csv_file": SimpleUploadedFile("a.csv", body)})
    assert response.status_code == 200
    assert imports.TOO_BIG in response.content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("activity,frequency\nx,routine\n".encode("utf-16"), imports.NOT_UTF8),
        ("activity,frequency\nx,routine\n".encode("utf-16-le"), imports.NOT_UTF8),
        ("activity,notes\ncafé,é\n".encode("latin-1"), imports.NOT_UTF8),
        (b"\xff\xfe\x00", imports.NOT_UTF8),
    ],
    ids=["utf-16", "utf-16-no-bom", "latin-1", "binary"],
)
def test_an_encoding_error_is_a_clear_message(world, body, message):
    url = reverse("assessments:import", args=[world.draft.pk])
    response = request("POST", url, world.lead, {"csv_file": SimpleUploadedFile("a.csv", body)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_byte_order_mark_is_accepted(world, catalogue):
    slug = catalogue["activities"][0]
    body = f"activity,frequency,stages,notes\r\n{slug},routine,,From Excel\r\n".encode("utf-8-sig")
    assert body.startswith(b"\xef\xbb\xbf")
    url = reverse("assessments:import", args=[world.draft.pk])
    response = request("POST", url, world.lead, {"csv_file": SimpleUploadedFile("a.csv", body)})
    assert response.status_code == 302


# --- exports and the report -------------------------------------------------------------


@fuzz
@given(value=text)
def test_csv_cells_never_start_a_formula(value):
    TRIED["csv formula"] += 1
    safe = neutralise_formula(value)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe in (value, "'" + value)


def test_the_answers_csv_neutralises_formulas(world):
    answer = world.draft.answers.first()
    for note in ("=1+1", "+1", "-1", "@SUM(A1)"):
        answer.notes = note
        answer.save()
        body = answers_csv(assessment_result(Assessment.objects.get(pk=world.draft.pk)))
        cells = [line.split(",", 3)[3] for line in body.splitlines()[1:]]
        assert f"'{note}" in cells


def test_user_text_is_escaped_in_the_report(world):
    payload = '<script>alert("grid")</script><img src="file:///etc/passwd">'
    Assessment.objects.filter(pk=world.draft.pk).update(title=payload)
    world.draft.answers.update(notes=payload)
    Action.objects.filter(pk=world.action.pk).update(description=payload, owner=payload)
    html = reports.report_html(reports.report_context(Assessment.objects.get(pk=world.draft.pk)))
    assert payload not in html
    assert "<script>alert" not in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;script&gt;alert(&quot;grid&quot;)&lt;/script&gt;" in html
    if shutil.which("pdftotext"):
        pdf = reports.render_report(Assessment.objects.get(pk=world.draft.pk))
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        )
        # Printed as text, so it was never treated as markup.
        assert "<script>alert" in result.stdout.decode()
