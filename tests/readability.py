"""How hard our own words are to read: the Flesch-Kincaid grade of the interface text we
wrote in templates, as a reading age (grade + 5, the UK convention; the NHS aims for
about 11).

Written here rather than taken from textstat: its current releases count syllables with
NLTK's CMU dictionary, downloaded at first use (this service's machines reach only the
package registries), and its older ones need setuptools at run time. The formula is
short; syllables are counted by vowel groups, the usual approximation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose text is not ours to simplify (quotations from the 2017 report, code)
# or not prose at all.
SKIPPED = {"blockquote", "script", "style", "code", "pre", "svg", "title", "q"}
BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "legend", "label",
    "div", "span", "a", "button", "caption", "figcaption", "summary", "option",
}  # fmt: skip
TEMPLATE_CODE = re.compile(
    r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}|\{%.*?%\}", re.DOTALL
)
# A variable in a sentence reads as one short word ("You have 3 actions").
VARIABLE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = word.lower().strip("'’-")
    count = len(VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


class _Prose(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _end_block(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS or tag == "br":
            self._end_block()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in BLOCKS:
            self._end_block()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)


def sentences_of_template(source: str, *, min_words: int = 4) -> list[str]:
    """The sentences a person reads in a template: template code removed, quotations
    and scripts skipped, labels of fewer than ``min_words`` words left out (a button's
    "Save and continue" is not prose)."""
    parser = _Prose()
    parser.feed(VARIABLE.sub("it", TEMPLATE_CODE.sub(" ", source)))
    parser._end_block()
    found = []
    for block in parser.blocks:
        for sentence in SENTENCE_END.split(block):
            if len(WORD.findall(sentence)) >= min_words:
                found.append(sentence)
    return found


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def reading_age(self) -> float:
        return self.grade + 5


def readability(sentences: list[str]) -> Readability:
    words = [w for s in sentences for w in WORD.findall(s)]
    return Readability(len(sentences), len(words), sum(syllables(w) for w in words))
