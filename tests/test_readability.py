"""The interface's own words stay near reading age 11, the NHS standard (issue 15).

Measured over the text of every template we wrote (not Django admin's), quotations and
scripts excluded (tests/readability.py says how): all of it together, and each page
with enough prose to measure on its own. The table of the hardest pages is printed, so
a failure says where to start.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.readability import readability, sentences_of_template, syllables

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# All our words together, and any one page of at least PAGE_MIN_SENTENCES sentences.
OVERALL_MAX_READING_AGE = 12.0
PAGE_MAX_READING_AGE = 14.0
PAGE_MIN_SENTENCES = 8


def our_templates() -> dict[str, list[str]]:
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "admin" in path.relative_to(TEMPLATES).parts:
            continue
        if prose := sentences_of_template(path.read_text()):
            found[str(path.relative_to(TEMPLATES))] = prose
    return found


def test_the_interface_reads_at_about_age_eleven(capsys):
    pages = our_templates()
    measured = {name: readability(prose) for name, prose in pages.items()}
    overall = readability([s for prose in pages.values() for s in prose])
    with capsys.disabled():
        print(f"\nReading age of our templates' text: {overall.reading_age:.1f} overall")
        measurable = [item for item in measured.items() if item[1].sentences >= PAGE_MIN_SENTENCES]
        hardest = sorted(measurable, key=lambda item: -item[1].reading_age)[:8]
        for name, result in hardest:
            print(f"  {result.reading_age:5.1f}  {result.sentences:3d} sentences  {name}")
    assert overall.reading_age <= OVERALL_MAX_READING_AGE
    too_hard = {
        name: round(result.reading_age, 1)
        for name, result in measured.items()
        if result.sentences >= PAGE_MIN_SENTENCES and result.reading_age > PAGE_MAX_READING_AGE
    }
    assert not too_hard


def test_words_the_interface_does_not_use():
    """Jargon the issue names, in our text (a template's code may still say them)."""
    banned = ("e.g.", "catalogue", "FOI", "JSON")
    for name, prose in our_templates().items():
        for sentence in prose:
            for word in banned:
                assert word not in sentence, f"{name}: {sentence!r}"


@pytest.mark.parametrize(
    ("word", "count"),
    [("a", 1), ("care", 1), ("people", 2), ("organisation", 5), ("commissioning", 4)],
)
def test_syllables(word, count):
    assert abs(syllables(word) - count) <= 1


def test_the_measure_skips_code_and_quotations():
    source = (
        "{% comment %}Not read by anyone.{% endcomment %}"
        "<p>You can change {{ it }} at any time.</p>"
        "<blockquote>A quotation from the 2017 report is not ours to simplify.</blockquote>"
        "<script>var notProse = 1;</script><button>Save</button>"
    )
    assert sentences_of_template(source) == ["You can change it at any time."]


def test_short_plain_sentences_read_younger_than_long_latinate_ones():
    plain = readability(["We ask people what they need.", "Then we do it with them."])
    hard = readability(
        ["Organisational commissioning methodologies necessitate systematic co-production."]
    )
    assert plain.reading_age < 9 < 16 < hard.reading_age
