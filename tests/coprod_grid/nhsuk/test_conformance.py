"""Our pack against NHS.UK frontend's own examples (``fixtures.json`` in the
``nhsuk-frontend`` npm package, the version we vendor).

Each example NHS.UK renders is rebuilt as a Django form with our crispy layout, rendered
with the pack and compared as normalised DOM (``dom.normalise``): element tree,
attributes, classes as sets, text with whitespace collapsed. Ids and ``name`` values are
renamed in order of appearance, because NHS.UK's examples pick ids by hand where Django
derives them from the field name; every reference to an id must still line up. Examples
with no Django form equivalent are listed, with the reason, in ``not_applicable.py``.
The tally is printed at the end of the run (``conftest.py``).
"""

import difflib
import json
import re
from pathlib import Path

import pytest

from . import conformance
from .not_applicable import NOT_APPLICABLE

urlpatterns: list = []
pytestmark = pytest.mark.urls(__name__)


def _params():
    if conformance.fixtures_missing_reason():
        return []
    return [
        pytest.param(component, key, fixture, id=f"{component}: {key}")
        for component in conformance.FORM_COMPONENTS
        for key, fixture in conformance.fixtures(component)
    ]


@pytest.fixture(autouse=True)
def _fixtures_present():
    reason = conformance.fixtures_missing_reason()
    if reason:
        if conformance.in_ci():
            pytest.fail(reason)
        pytest.skip(reason)


def test_the_fixtures_are_there():
    """In CI a missing package fails the run rather than skipping every example."""
    assert conformance.COMPONENTS_DIR.is_dir()
    for component in conformance.FORM_COMPONENTS:
        assert conformance.fixtures(component), component


def test_the_package_is_the_version_we_vendor():
    root = conformance.ROOT
    pinned = json.loads((root / "package.json").read_text())["devDependencies"]["nhsuk-frontend"]
    vendored = [p.name for p in (root / "static" / "vendor").glob("nhsuk-frontend-*")]
    assert pinned == conformance.package_version()
    assert vendored == [f"nhsuk-frontend-{pinned}"]


@pytest.mark.parametrize(("component", "key", "fixture"), _params())
def test_example_renders_as_nhsuk_does(component, key, fixture):
    result = conformance.result(component, key, fixture)
    listed = NOT_APPLICABLE.get((component, key))
    if result.not_applicable:
        assert listed == result.not_applicable, (
            f"not rendered ({result.not_applicable}): list it in not_applicable.py "
            "with its reason, or teach conformance.py to build it"
        )
        return
    assert listed is None, "rendered now: remove it from not_applicable.py"
    if result.expected != result.actual:
        diff = "\n".join(
            difflib.unified_diff(
                result.expected.splitlines(),
                result.actual.splitlines(),
                "NHS.UK fixture",
                "our pack",
                lineterm="",
            )
        )
        pytest.fail(f"{component} {key!r} differs from NHS.UK's markup:\n{diff}")


def test_every_listed_example_exists():
    keys = {
        (component, key)
        for component in conformance.FORM_COMPONENTS
        for key, _fixture in conformance.fixtures(component)
    }
    assert set(NOT_APPLICABLE) - keys == set()


def test_each_form_component_passes_at_least_95_percent():
    for component, row in conformance.tally().items():
        applicable = row["examples"] - row["not applicable"]
        if applicable:
            assert row["passed"] / applicable >= 0.95, (component, row)


def test_the_pack_imports_nothing_of_the_project():
    """The pack is publishable alone: its Python imports only Django, crispy-forms, the
    standard library and itself."""
    pack = Path(conformance.ROOT) / "coprod_grid" / "nhsuk"
    offenders = []
    for path in pack.rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                module = words[1]
                if module.startswith(("coprod_grid", "assessments", "tests")) and not (
                    module.startswith("coprod_grid.nhsuk")
                ):
                    offenders.append(f"{path.relative_to(pack)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_pack_templates_use_only_the_pack():
    """Its templates include, extend and load only the pack's own templates and tags."""
    pack = Path(conformance.ROOT) / "coprod_grid" / "nhsuk" / "templates"
    allowed_libraries = {"nhsuk", "crispy_forms_tags", "crispy_forms_field", "i18n", "static"}
    offenders = []
    for path in pack.rglob("*.html"):
        text = path.read_text()
        for target in re.findall(r'\{%\s*(?:include|extends)\s+"([^"]+)"', text):
            if not target.startswith("nhsuk/"):
                offenders.append(f"{path.relative_to(pack)}: {target}")
        for libraries in re.findall(r"\{%\s*load\s+([^%]+)%\}", text):
            offenders.extend(
                f"{path.relative_to(pack)}: load {library}"
                for library in libraries.split()
                if library not in allowed_libraries
            )
    assert offenders == []
