"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server, with axe-core and our own page checks on every page the journeys reach.

The browser is shared by the whole session; each test gets fresh contexts (cookies,
JavaScript on or off). The live server's database is transactional: pytest-django empties
it after every test, so the ``catalogue`` fixture loads the Grid catalogue again.

Screenshots of every step go to ``test-output/screenshots/<test>/<nn>-<name>.png``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from coprod_grid.accounts.two_factor.devices import two_factor_add
from tests import factories
from tests.conftest import authenticator_code

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = Path(settings.BASE_DIR) / "test-output" / "screenshots"
SERVICE_SUFFIX = " – Co-production Grid self-assessment – NHS"
DESKTOP = {"width": 1280, "height": 900}
# 400% zoom of a 1280 px wide window: WCAG 1.4.10 Reflow.
NARROW = {"width": 320, "height": 800}
TIMEOUT_MS = 30_000  # a busy 2-core machine: generous, so slowness is not a failure

# axe rules switched off, each with the reason. Empty on purpose: fix, don't disable.
AXE_DISABLED_RULES: dict[str, str] = {}

# Single elements where axe is wrong, each with the evidence. Nothing else is excused: the
# rule still runs on every other element, and the tests that meet the element check the
# browser's own accessible name (see test_accessibility.py).
AXE_FALSE_POSITIVES: list[tuple[str, str, str]] = [
    (
        "label-content-name-mismatch",
        ".nhsuk-file-upload__drop-button",
        # NHS.UK frontend's file upload (vendored, v10.6) names its button with
        # aria-labelledby="<label> <comma> <the button itself>", the pattern GOV.UK
        # Frontend adopted so the name contains the visible text
        # (alphagov/govuk-frontend#5652). Chromium's accessible name is "Upload a CSV
        # file , No file chosen , Choose file or drop file": the visible text is in it.
        # axe 4.14 reads the aria-labelledby text without the self-reference and reports
        # a mismatch that is not there.
        "axe drops the self-reference in aria-labelledby; Chromium's name has the text",
    ),
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _require_browser() -> None:
    """Skip without Chromium or axe, unless CI asks for the browser tests (REQUIRE_BROWSER=1)."""
    missing = [str(p) for p in (CHROMIUM, AXE_JS) if not p.exists()]
    if not missing:
        return
    reason = (
        f"browser tests need {' and '.join(missing)} "
        "(apt-get install chromium; npm ci for axe-core)"
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # the same patience for assertions

    # Playwright's sync API runs an event loop in this thread; Django's ORM (used by the
    # fixtures to make users and assessments) refuses to run beside one unless told it
    # is safe, which it is here: one thread, no concurrent coroutines.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def catalogue(live_server) -> None:
    """The Grid catalogue in the live server's (transactional, emptied per test) database."""
    from coprod_grid.models import Activity

    if not Activity.objects.exists():
        call_command("loaddata", "catalogue", verbosity=0)
    factories.restore_default_rates()


@pytest.fixture
def new_context(browser, live_server, catalogue) -> Iterator[Callable]:
    """``new_context(js=True)``: a fresh browser context (no cookies) with JavaScript on or
    off, against the live server. Closed at the end of the test."""
    contexts = []

    def make(js: bool = True, **options):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=js,
            viewport=DESKTOP,
            accept_downloads=True,
            **options,
        )
        context._js = js  # read by the page checks
        if not js:
            # axe-core needs timers, which Chromium stops with JavaScript off: it checks a
            # twin page instead (see axe_violations).
            context._axe_twin = lambda: _axe_twin(browser, live_server.url, contexts)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _axe_twin(browser, base_url: str, contexts: list):
    """A JavaScript-on page that shows a JavaScript-off page's HTML to axe-core, with
    every page script blocked by its Content-Security-Policy (``script-src 'none'``).
    axe's own code, evaluated by Playwright, is not subject to the page's CSP."""
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    contexts.append(context)
    return context.new_page()


@pytest.fixture
def new_page(new_context) -> Callable:
    def make(js: bool = True):
        return new_context(js=js).new_page()

    return make


def sign_in(page, username: str, password: str = factories.PASSWORD, *, next_url: str = "") -> None:
    """Sign in through the form, as a person does (labels, then the button), and, when
    the code step asks, type the code their authenticator app shows now."""
    page.goto("/sign-in/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/sign-in/code/" in page.url:
        enter_code(page, username)


def enter_code(page, username: str) -> None:
    """The code step, as a person with their phone in hand does it."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.get_by_label("Code from your authenticator app").fill(authenticator_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


@pytest.fixture
def signed_in(new_page) -> Callable:
    """``signed_in(user, js=True)``: a page in a new context, signed in as ``user``."""

    def make(user, js: bool = True):
        page = new_page(js=js)
        sign_in(page, user.username)
        assert "/sign-in/" not in page.url, f"sign-in failed for {user.username}"
        return page

    return make


@pytest.fixture
def organisation(catalogue):
    return factories.make_organisation("NHS Browser Test Integrated Care Board", "TBR1")


@pytest.fixture
def lead(organisation):
    """An involvement lead with an authenticator app, as every lead must have; ``sign_in``
    types its code."""
    user = factories.make_member(organisation, factories.LEAD, username="lee.lead")
    two_factor_add(user=user)
    return user


@pytest.fixture
def commissioner(organisation):
    return factories.make_member(organisation, factories.COMMISSIONER, username="cam.commissioner")


# Screenshots ---------------------------------------------------------------------------


@pytest.fixture
def shot(request) -> Callable:
    """``shot(page, name)``: a full-page PNG, numbered in the order the test takes them."""
    folder = OUTPUT / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(folder, ignore_errors=True)  # only this run's pictures
    counter = iter(range(1, 1000))

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{next(counter):02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# axe -----------------------------------------------------------------------------------

AXE_RUN = """async ([disabled, excused]) => {
  const rules = {};
  for (const id of disabled) rules[id] = {enabled: false};
  const results = await axe.run(document, {
    rules,
    resultTypes: ["violations"],
    runOnly: {type: "tag", values: [
      "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
  });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary,
                              excused: excused.some(([rule, selector]) => rule === v.id &&
                                document.querySelector(n.target.join(" "))?.matches(selector))})),
  }));
}"""


def axe_violations(page, axe_source: str) -> list[dict]:
    """axe-core's violations on the page as it is now. axe is evaluated into the page
    rather than added as a <script> tag, which the Content-Security-Policy would block;
    evaluation works with the page's own JavaScript switched off too."""
    if not getattr(page.context, "_js", True):
        page = _twin_of(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    found = page.evaluate(
        AXE_RUN, [list(AXE_DISABLED_RULES), [fp[:2] for fp in AXE_FALSE_POSITIVES]]
    )
    violations = []
    for violation in found:
        nodes = [node for node in violation["nodes"] if not node["excused"]]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def _twin_of(page):
    """The JavaScript-off page's HTML, as the browser holds it, in the context's twin page
    at the same address (so stylesheets and images load as they did), its scripts blocked."""
    context = page.context
    twin = getattr(context, "_axe_twin_page", None)
    if twin is None:
        twin = context._axe_twin_page = context._axe_twin()
    html = page.content()
    url = page.url.split("#")[0]

    def serve(route) -> None:
        route.fulfill(
            status=200,
            body=html,
            headers={
                "content-type": "text/html; charset=utf-8",
                "content-security-policy": "script-src 'none'",
            },
        )

    def this_page(address: str) -> bool:
        return address.split("#")[0] == url

    twin.set_viewport_size(page.viewport_size)
    twin.route(this_page, serve)
    try:
        twin.goto(url)
        twin.wait_for_load_state("load")
    finally:
        twin.unroute(this_page, serve)
    return twin


def format_violations(label: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} violation(s) on {label}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      {node['target']}  — {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture
def axe_check(axe_source) -> Callable:
    """``axe_check(page, label)``: fail with a readable list if axe finds any violation."""

    def check(page, label: str) -> None:
        violations = axe_violations(page, axe_source)
        assert not violations, format_violations(label, violations)

    return check


# Page checks beyond axe ----------------------------------------------------------------


@dataclass
class TitleRegistry:
    """Every title seen in the session, with the page (URL path, ids as <id>) it came from,
    so two different pages never share a title."""

    pages: dict[str, str] = field(default_factory=dict)

    def add(self, title: str, url: str) -> str | None:
        path = re.sub(r"^https?://[^/]+", "", url).split("#")[0].split("?")[0]
        path = re.sub(r"/\d+(?=/|$)", "/<id>", path)
        path = re.sub(r"^/invitations/[^/]+/", "/invitations/<token>/", path)
        path = re.sub(r"^/password-reset/[^/]+/[^/]+/$", "/password-reset/<uid>/<token>/", path)
        seen = self.pages.setdefault(title, path)
        if seen != path:
            return f"title {title!r} is used by {seen} and {path}"
        return None


@pytest.fixture(scope="session")
def title_registry() -> TitleRegistry:
    return TitleRegistry()


# True once focus has gone past the last element (out of the document) or wrapped round
# to the skip link again.
LEFT_THE_PAGE = """() => !document.hasFocus() || document.activeElement === document.body ||
  document.activeElement === null || document.activeElement.matches('.nhsuk-skip-link')"""

TABBABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)

FOCUS_STYLE = """(el) => {
  const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
          s.color, s.borderColor, s.textDecorationLine, s.textDecorationThickness].join("|");
}"""

# Text that overflows a 320 px wide viewport, outside the chart (which scrolls by design)
# and a data table that needs its two dimensions (the activity × stage heatmap), which
# WCAG 1.4.10 lets scroll sideways inside a labelled region the keyboard can reach
# (``data-scrolls-sideways``; the page itself must still not scroll).
OVERFLOWING_TEXT = """() => {
  const width = document.documentElement.clientWidth;
  // The part of an element that can be seen: its box cut by every ancestor that clips
  // (overflow hidden or clip, as visually hidden text does). An ancestor that scrolls
  // (overflow auto or scroll) does not count: text behind a sideways scroll is the problem.
  function visibleBox(el) {
    let {left, right} = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (["hidden", "clip"].includes(s.overflowX) || s.clip !== "auto" ||
          s.clipPath !== "none") {
        const r = a.getBoundingClientRect();
        left = Math.max(left, r.left); right = Math.min(right, r.right);
      }
    }
    return {left, right};
  }
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".grid-chart, svg, script, style, template")) continue;
    if (el.closest('[data-scrolls-sideways][role="region"][tabindex="0"]')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own && !el.matches("input, select, textarea, button, img")) continue;
    const box = visibleBox(el);
    if (box.right - box.left < 2) continue;  // hidden or clipped away
    if (box.right > width + 1 || box.left < -1) {
      found.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
                 `${el.classList.length ? "." + [...el.classList].join(".") : ""}` +
                 ` "${el.textContent.trim().slice(0, 40)}" (${Math.round(box.left)}` +
                 `–${Math.round(box.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, found: found.slice(0, 10)};
}"""


@dataclass
class PageChecker:
    """Runs axe and the checks axe cannot make, collecting problems rather than stopping
    at the first, so one run lists everything wrong with a page."""

    axe_source: str
    titles: TitleRegistry
    problems: list[str] = field(default_factory=list)
    pages_checked: int = 0
    asserted: bool = False

    def check(self, page, label: str, *, full: bool = True) -> None:
        label = f"{label} [{page.url}]"
        self.pages_checked += 1
        violations = axe_violations(page, self.axe_source)
        if violations:
            self.problems.append(format_violations(label, violations))
        self._h1_and_title(page, label)
        if not getattr(page.context, "_js", True) and page.evaluate(
            "() => document.body.classList.contains('js-enabled')"
        ):
            self.problems.append(f"{label}: a page script ran with JavaScript off")
        if full:
            self._skip_link_and_focus(page, label)
            self._no_keyboard_trap(page, label)
            self._reflow(page, label)
            # Leave no focus behind (the walk ends on the skip link), so screenshots taken
            # next show the page as it loads.
            _focus_top(page)
            page.evaluate("() => document.body.blur()")

    def assert_ok(self) -> None:
        self.asserted = True
        assert not self.problems, "\n\n".join(self.problems)

    def _h1_and_title(self, page, label: str) -> None:
        h1s = page.locator("h1").all_inner_texts()
        if len(h1s) != 1:
            self.problems.append(f"{label}: {len(h1s)} <h1> elements, not 1: {h1s}")
        title = page.title()
        own = title.removesuffix(SERVICE_SUFFIX).removeprefix("Error: ")
        if not title.endswith(SERVICE_SUFFIX) or len(own.strip()) < 3:
            self.problems.append(f"{label}: title {title!r} does not name the page")
        elif h1s and not _related(own, h1s[0]):
            self.problems.append(f"{label}: title {title!r} does not match the h1 {h1s[0]!r}")
        clash = self.titles.add(title, page.url)
        if clash:
            self.problems.append(f"{label}: {clash}")

    def _skip_link_and_focus(self, page, label: str) -> None:
        _focus_top(page)
        page.keyboard.press("Tab")
        first = page.evaluate(
            "() => { const a = document.activeElement;"
            " return {cls: a.className, text: a.textContent.trim(), href: a.getAttribute('href'),"
            " visible: a.getBoundingClientRect().height > 1}; }"
        )
        if first["href"] != "#maincontent" or first["text"] != "Skip to main content":
            self.problems.append(f"{label}: the first Tab goes to {first}, not the skip link")
            return
        if not first["visible"]:
            self.problems.append(f"{label}: the skip link does not appear when focused")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        inside = page.evaluate(
            """() => { const main = document.getElementById('maincontent');
                       const a = document.activeElement;
                       if (!main || !a || a === document.body) return false;
                       const after = Node.DOCUMENT_POSITION_FOLLOWING;
                       return main.contains(a) || !!(main.compareDocumentPosition(a) & after); }"""
        )
        if not inside:
            self.problems.append(
                f"{label}: after the skip link, Tab does not go to the main content"
            )
            return
        focused = page.evaluate_handle("() => document.activeElement")
        with_focus = page.evaluate(FOCUS_STYLE, focused)
        page.evaluate("(el) => el.blur()", focused)
        without = page.evaluate(FOCUS_STYLE, focused)
        if with_focus == without:
            tag = page.evaluate("(el) => el.outerHTML.slice(0, 120)", focused)
            self.problems.append(f"{label}: focus is not visible on {tag}")

    def _no_keyboard_trap(self, page, label: str) -> None:
        """Tab from the top: focus must reach the end of the page (leave the document or
        wrap round to the skip link). A trap keeps it cycling among a few elements.
        Only with JavaScript: without it, plain HTML cannot hold the focus."""
        if not getattr(page.context, "_js", True):
            return
        count = page.evaluate(f"() => document.querySelectorAll({json.dumps(TABBABLE)}).length")
        _focus_top(page)
        page.keyboard.press("Tab")  # the skip link
        for _ in range(count + 10):
            page.keyboard.press("Tab")
            if page.evaluate(LEFT_THE_PAGE):
                return
        self.problems.append(
            f"{label}: focus never reached the end of the page after {count + 10} Tabs "
            f"({count} focusable elements): a keyboard trap?"
        )

    def _reflow(self, page, label: str) -> None:
        size = page.viewport_size
        page.set_viewport_size(NARROW)
        try:
            page.wait_for_timeout(100)
            result = page.evaluate(OVERFLOWING_TEXT)
        finally:
            page.set_viewport_size(size)
        if result["found"] or result["scrollWidth"] > NARROW["width"] + 1:
            self.problems.append(
                f"{label}: at 320 px wide the page scrolls sideways "
                f"(scrollWidth {result['scrollWidth']}); text outside the viewport: "
                f"{result['found']}"
            )


def _focus_top(page) -> None:
    """Put the keyboard at the top of the document, as after loading the page."""
    page.evaluate(
        """() => { window.scrollTo(0, 0);
                   if (document.activeElement) document.activeElement.blur();
                   const b = document.body; b.setAttribute('tabindex', '-1'); b.focus();
                   b.removeAttribute('tabindex'); }"""
    )


def _related(title: str, h1: str) -> bool:
    """The title names what the h1 names: one contains the other, or they share a word of
    substance (the task list's h1 is the assessment's title; a section's title adds it)."""
    a, b = title.lower(), " ".join(h1.lower().split())
    if a in b or b in a:
        return True
    words = lambda s: {w for w in re.findall(r"[a-z]{4,}", s)}  # noqa: E731
    return bool(words(a) & words(b))


@pytest.fixture
def page_checks(axe_source, title_registry) -> Iterator[PageChecker]:
    """``page_checks.check(page, label)`` on every page a test visits; the test fails at
    the end with everything found."""
    checker = PageChecker(axe_source, title_registry)
    yield checker
    if not checker.asserted:
        checker.assert_ok()
