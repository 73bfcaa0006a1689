"""The page frame (templates/base.html), the error pages and the vendored NHS.UK frontend."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests.html import Element, parse

pytestmark = pytest.mark.django_db

SERVICE = "Co-production Grid self-assessment"
VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "nhsuk-frontend-10.6.1"
FOOTER_LINKS = [
    ("/grid/", "The Grid"),
    ("/how-the-score-works/", "How the score works"),
    ("/accessibility/", "Accessibility statement"),
    ("/privacy/", "Privacy notice"),
]
FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}


def body_of(page: Element) -> Element:
    return page.find("body")


def first_focusable(element: Element) -> Element | None:
    for child in element.children:
        if child.tag in FOCUSABLE and not (
            child.tag == "input" and child.attrs.get("type") == "hidden"
        ):
            return child
        found = first_focusable(child)
        if found is not None:
            return found
    return None


def assert_csp_safe(html: str, nonce: str | None) -> None:
    """No inline styles or event handlers; inline scripts only with the request's nonce."""
    page = parse(html)
    assert not page.find_all("style")
    for element in page.find_all():
        assert "style" not in element.attrs, element.tag
        handlers = [name for name in element.attrs if name.startswith("on")]
        assert not handlers, (element.tag, handlers)
    for script in page.find_all("script"):
        if "src" in script.attrs:
            continue
        assert nonce and script.attrs.get("nonce") == nonce, "inline script without the nonce"
    assert "javascript:" not in html


def nonce_of(response) -> str | None:
    policy = response.headers.get("Content-Security-Policy", "")
    match = re.search(r"'nonce-([^']+)'", policy)
    return match.group(1) if match else None


# --- the start page ----------------------------------------------------------------------


def test_the_start_page_has_one_h1_lang_and_title(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-GB">' in html
    page = parse(html)
    assert len(page.find_all("h1")) == 1
    title = page.find("title").text
    assert title.endswith(f" – {SERVICE} – NHS")
    assert not title.startswith("Error")


def test_the_skip_link_is_the_first_focusable_element(client):
    page = parse(client.get(reverse("home")).content.decode())
    skip = first_focusable(body_of(page))
    assert skip.tag == "a"
    assert skip.attrs["href"] == "#maincontent"
    assert skip.classes == ["nhsuk-skip-link"]
    assert skip.text == "Skip to main content"


def test_main_sits_in_the_width_container(client):
    page = parse(client.get(reverse("home")).content.decode())
    main = page.find("main", id="maincontent")
    assert main.classes == ["nhsuk-main-wrapper"]
    assert main.parent.classes == ["nhsuk-width-container"]
    assert len(page.find_all("main")) == 1


def test_the_header_names_the_service_and_links_home(client):
    page = parse(client.get(reverse("home")).content.decode())
    header = page.find("header", cls="nhsuk-header")
    link = header.find("a", cls="nhsuk-header__service-logo")
    assert link.attrs["href"] == reverse("home")
    assert link.find("span", cls="nhsuk-header__service-name").text == SERVICE
    assert link.find("svg").attrs["aria-label"] == "NHS"


def test_the_footer_links_and_attribution(client):
    page = parse(client.get(reverse("home")).content.decode())
    footer = page.find("footer", cls="nhsuk-footer")
    links = [(a.attrs["href"], a.text) for a in footer.find_all("a")]
    assert links == FOOTER_LINKS
    attribution = (
        "The Co-production Grid is from Rethink Mental Illness (2017), "
        "Progress through Partnership."
    )
    assert attribution in footer.text


def test_the_page_loads_nhs_frontend_from_our_static_files(client):
    page = parse(client.get(reverse("home")).content.decode())
    urls = [link.attrs["href"] for link in page.find_all("link")]
    urls += [script.attrs["src"] for script in page.find_all("script") if "src" in script.attrs]
    assert f"{settings.STATIC_URL}vendor/nhsuk-frontend-10.6.1/nhsuk-frontend.min.css" in urls
    assert f"{settings.STATIC_URL}js/app.js" in urls
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
    module = page.find("script", src=f"{settings.STATIC_URL}js/app.js")
    assert module.attrs["type"] == "module"
    app = Path(finders.find("js/app.js")).read_text()
    assert 'from "../vendor/nhsuk-frontend-10.6.1/nhsuk-frontend.min.js"' in app
    assert "initAll()" in app


def test_javascript_support_is_marked_by_a_nonced_script(client):
    response = client.get(reverse("home"))
    nonce = nonce_of(response)
    assert nonce
    page = parse(response.content.decode())
    body = body_of(page)
    inline = body.children[0]
    assert inline.tag == "script"
    assert inline.attrs["nonce"] == nonce
    assert "nhsuk-frontend-supported" in inline.text


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/", None),
        ("get", "/sign-in/", None),
        ("post", "/sign-in/", {"username": "x", "password": "y"}),
        ("get", "/no-such-page/", None),
    ],
)
def test_pages_have_no_inline_styles_or_unnonced_scripts(client, method, path, data):
    response = getattr(client, method)(path, data)
    assert_csp_safe(response.content.decode(), nonce_of(response))


def test_signed_in_pages_are_csp_safe_too(client):
    user = get_user_model().objects.create_user(username="sam", password="not-needed-here")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert_csp_safe(response.content.decode(), nonce_of(response))


# --- messages and the title prefix -------------------------------------------------------


def test_messages_show_as_notification_banners(rf: RequestFactory):
    request = rf.get("/")
    html = render_to_string(
        "coprod_grid/start.html",
        {
            "messages": [
                Message(constants.SUCCESS, "Your answers have been saved"),
                Message(constants.INFO, "The <national> figures are from 2017"),
            ]
        },
        request=request,
    )
    page = parse(html)
    banners = page.find("main").find_all("div", cls="nhsuk-notification-banner")
    assert len(banners) == 2
    success, info = banners
    assert "nhsuk-notification-banner--success" in success.classes
    assert success.attrs["role"] == "alert"
    assert success.find("h2").text == "Success"
    assert success.find("p").text == "Your answers have been saved"
    assert info.attrs["role"] == "region"
    assert info.find("h2").text == "Important"
    assert info.attrs["aria-labelledby"] == info.find("h2").attrs["id"]
    assert success.find("h2").attrs["id"] != info.find("h2").attrs["id"]
    assert "The &lt;national&gt; figures" in html


def test_the_title_prefix_follows_the_form(rf: RequestFactory):
    from coprod_grid.pages.forms import SignInForm

    request = rf.get("/")
    unbound = render_to_string("registration/login.html", {"form": SignInForm()}, request=request)
    bound = render_to_string(
        "registration/login.html", {"form": SignInForm(data={})}, request=request
    )
    assert parse(unbound).find("title").text == f"Sign in – {SERVICE} – NHS"
    assert parse(bound).find("title").text == f"Error: Sign in – {SERVICE} – NHS"


# --- error pages -------------------------------------------------------------------------


def test_the_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = parse(response.content.decode())
    assert page.find("title").text == f"Page not found – {SERVICE} – NHS"
    assert [h1.text for h1 in page.find_all("h1")] == ["Page not found"]
    assert page.find("footer", cls="nhsuk-footer")


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Sorry, there is a problem with your request"),
        ("403.html", "You cannot do this"),
    ],
)
def test_the_400_and_403_pages(rf: RequestFactory, template, heading):
    html = render_to_string(template, {"exception": "nope"}, request=rf.get("/"))
    page = parse(html)
    assert [h1.text for h1 in page.find_all("h1")] == [heading]
    assert page.find("title").text == f"{heading} – {SERVICE} – NHS"


def test_the_500_page_needs_no_request_or_context(django_assert_num_queries):
    # Django renders 500.html with an empty context: no request, user or nonce.
    with django_assert_num_queries(0):
        html = get_template("500.html").render()
    page = parse(html)
    assert [h1.text for h1 in page.find_all("h1")] == ["Sorry, there is a problem with the service"]
    assert page.find("a", cls="nhsuk-header__service-logo").attrs["href"] == "/"
    assert not page.find_all("nav", cls="nhsuk-header__account")
    assert not [s for s in page.find_all("script") if "src" not in s.attrs]
    assert_csp_safe(html, None)
    assert [(a.attrs["href"], a.text) for a in page.find("footer").find_all("a")] == FOOTER_LINKS


# --- the vendored NHS.UK frontend --------------------------------------------------------


def test_the_vendored_css_has_no_absolute_or_external_urls():
    css = (VENDOR / "nhsuk-frontend.min.css").read_text()
    urls = re.findall(r"url\(\s*['\"]?([^)'\"]+)", css)
    assert urls
    for url in urls:
        assert not url.startswith("/"), url
        assert not re.match(r"(https?:)?//", url), url
        if not url.startswith("data:"):
            assert (VENDOR / url).is_file(), url
    assert "/assets/" not in css.replace("url(assets/", "")
    assert "assets.nhs.uk" not in css
    assert "@font-face" not in css
    assert "@import" not in css
    assert "sourceMappingURL" not in css


def test_the_vendored_javascript_and_licence():
    js = (VENDOR / "nhsuk-frontend.min.js").read_text()
    assert "sourceMappingURL" not in js
    assert "initAll" in js
    assert "MIT License" in (VENDOR / "LICENSE").read_text()
    for icon in ("favicon.ico", "favicon.svg", "nhsuk-icon-180.png", "nhsuk-icon-mask.svg"):
        assert (VENDOR / "assets" / "images" / icon).is_file()


def test_our_css_and_js_stay_on_our_site():
    for name in ("css/app.css", "js/app.js"):
        text = Path(finders.find(name)).read_text()
        assert not re.search(r"https?://", text), name
