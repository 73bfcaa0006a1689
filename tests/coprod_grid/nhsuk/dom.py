"""Normalised DOM for comparing our pack's HTML with NHS.UK frontend's fixtures.

``normalise(html)`` turns markup into an indented text outline that ignores what a browser
ignores and keeps what it does not: the element tree, every attribute, classes as a sorted
set, and text with whitespace collapsed. Two fragments that normalise to the same outline
are the same markup.

Two things are renamed, never dropped:

- ids. NHS.UK's examples pick ids by hand (``example``, ``example-2``,
  ``conditional-conditional``); Django names them after the field (``id_example``,
  ``id_example_1``). Every id, and every reference to one (``for``, ``aria-describedby``,
  ``aria-controls``, ``data-aria-controls``, ``href="#..."``), becomes ``id1``, ``id2``...
  in order of first appearance. So the outline still checks that each label points at
  its input and each ``aria-describedby`` at its hint and error, in the same order.
- ``name`` values, the same way (``name1``...): Django names a date's boxes
  ``<field>_0``/``_1``/``_2`` where NHS.UK's example has ``day``/``month``/``year``. Radios
  sharing one name still share one name after renaming.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
ID_REFERENCES = ("id", "for", "aria-describedby", "aria-controls", "data-aria-controls")
ID_LISTS = {"aria-describedby", "aria-controls", "aria-labelledby"}
BOOLEAN = {"checked", "disabled", "hidden", "multiple", "novalidate", "readonly", "required"}


class _Node:
    def __init__(self, tag: str, attrs: list[tuple[str, str | None]]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        raise ValueError(f"</{tag}> closes nothing")

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> _Node:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    if len(parser.stack) != 1:
        raise ValueError(f"unclosed <{parser.stack[-1].tag}>")
    return parser.root


class _Renamer:
    def __init__(self, prefix: str):
        self.prefix = prefix
        self.seen: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        if value not in self.seen:
            self.seen[value] = f"{self.prefix}{len(self.seen) + 1}"
        return self.seen[value]


def _attribute(name: str, value: str | None, ids: _Renamer, names: _Renamer) -> str:
    value = "" if value is None else value
    if name in BOOLEAN:
        return ""
    if name == "class":
        return " ".join(sorted(set(value.split())))
    if name in ID_LISTS:
        return " ".join(ids(token) for token in value.split())
    if name in ID_REFERENCES:
        return ids(value)
    if name == "href" and value.startswith("#") and len(value) > 1:
        return "#" + ids(value[1:])
    if name == "name":
        return names(value)
    return value


def _text(text: str) -> str:
    return " ".join(text.split())


def _outline(node: _Node, ids: _Renamer, names: _Renamer, depth: int, lines: list[str]):
    pending = ""
    for child in node.children:
        if isinstance(child, str):
            pending += child
            continue
        if _text(pending):
            lines.append("  " * depth + repr(_text(pending)))
        pending = ""
        attrs = sorted(
            (name, _attribute(name, value, ids, names))
            for name, value in child.attrs
            if not (name == "class" and not (value or "").strip())
        )
        shown = "".join(f' {name}="{value}"' if value else f" {name}" for name, value in attrs)
        lines.append("  " * depth + f"<{child.tag}{shown}>")
        _outline(child, ids, names, depth + 1, lines)
    if _text(pending):
        lines.append("  " * depth + repr(_text(pending)))


def normalise(html: str) -> str:
    """An indented outline of ``html``: one element or text per line."""
    lines: list[str] = []
    _outline(parse(html), _Renamer("id"), _Renamer("name"), 0, lines)
    return "\n".join(lines)


def first_element(html: str, predicate) -> str:
    """The HTML of the first element for which ``predicate(tag, classes)`` holds, rebuilt
    from the parse; for comparing one part (a label, a hint) of a rendered field."""
    found = _find(parse(html), predicate)
    if found is None:
        raise LookupError("no such element")
    return _serialise(found)


def _find(node: _Node, predicate):
    for child in node.children:
        if isinstance(child, str):
            continue
        classes = dict(child.attrs).get("class") or ""
        if predicate(child.tag, set(classes.split())):
            return child
        found = _find(child, predicate)
        if found is not None:
            return found
    return None


def _serialise(node: _Node) -> str:
    attrs = "".join(
        f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in node.attrs
    )
    inner = "".join(
        escape(child, quote=False) if isinstance(child, str) else _serialise(child)
        for child in node.children
    )
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"
