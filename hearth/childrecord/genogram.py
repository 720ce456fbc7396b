"""A family's genogram and ecomap as SVG (issue 18), drawn on the server from the recorded relationships, households
and professional network: no JavaScript, nothing inline that the Content-Security-Policy refuses (presentation
attributes only, no style attributes or elements), and each drawing an image with a title, a description and a
text version beside it on the page.

Genogram conventions (as UK social work draws them): a square is male, a circle female, a diamond not known; a cross
through the symbol, someone who has died; the child the page is about has a double outline; shaded, living with that
child now. A generation is a row. Lines: a solid line from a birth parent, dashed from a step-parent or a parent's
partner, dotted from a foster, kinship or adoptive parent or a special guardian; partners joined side by side, a
former partnership struck through with two short lines; brothers and sisters joined over the top (dashed: half,
dotted: step).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from hearth.core.codesets import RelationshipType

_R = RelationshipType

# "A is <type> of B": A's generation is B's plus this (None: not a matter of generations, such as a friend).
GENERATION_STEP: dict[str, int | None] = {
    _R.MOTHER: -1,
    _R.FATHER: -1,
    _R.PARENT: -1,
    _R.STEP_MOTHER: -1,
    _R.STEP_FATHER: -1,
    _R.STEP_PARENT: -1,
    _R.PARTNER_OF_PARENT: -1,
    _R.FOSTER_CARER: -1,
    _R.KINSHIP_CARER: -1,
    _R.SPECIAL_GUARDIAN: -1,
    _R.ADOPTIVE_PARENT: -1,
    _R.AUNT_UNCLE: -1,
    _R.GRANDPARENT: -2,
    _R.GREAT_GRANDPARENT: -3,
    _R.CHILD: 1,
    _R.STEP_CHILD: 1,
    _R.CHILD_OF_PARTNER: 1,
    _R.FOSTER_CHILD: 1,
    _R.KINSHIP_CHILD: 1,
    _R.SPECIAL_GUARDIANSHIP_CHILD: 1,
    _R.ADOPTED_CHILD: 1,
    _R.NIECE_NEPHEW: 1,
    _R.GRANDCHILD: 2,
    _R.GREAT_GRANDCHILD: 3,
    _R.SIBLING: 0,
    _R.HALF_SIBLING: 0,
    _R.STEP_SIBLING: 0,
    _R.PARTNER: 0,
    _R.FORMER_PARTNER: 0,
    _R.COUSIN: 0,
}
_BIRTH_PARENT = {_R.MOTHER, _R.FATHER, _R.PARENT}
_STEP_PARENT = {_R.STEP_MOTHER, _R.STEP_FATHER, _R.STEP_PARENT, _R.PARTNER_OF_PARENT}
_CARING_PARENT = {_R.FOSTER_CARER, _R.KINSHIP_CARER, _R.SPECIAL_GUARDIAN, _R.ADOPTIVE_PARENT}
_CHILD_OF: dict[str, str] = {
    _R.CHILD: _R.PARENT,
    _R.STEP_CHILD: _R.STEP_PARENT,
    _R.CHILD_OF_PARTNER: _R.PARTNER_OF_PARENT,
    _R.FOSTER_CHILD: _R.FOSTER_CARER,
    _R.KINSHIP_CHILD: _R.KINSHIP_CARER,
    _R.SPECIAL_GUARDIANSHIP_CHILD: _R.SPECIAL_GUARDIAN,
    _R.ADOPTED_CHILD: _R.ADOPTIVE_PARENT,
}
_SIBLINGS: dict[str, str] = {_R.SIBLING: "", _R.HALF_SIBLING: "6 4", _R.STEP_SIBLING: "2 3"}

COLUMN, ROW, TOP, SIDE, SIZE = 150, 130, 50, 30, 40
INK, SHADE, PAPER, BLUE = "#0b0c0c", "#d2e2f1", "#ffffff", "#1d70b8"


@dataclass(frozen=True)
class Node:
    """A person as the drawing shows them: `label` is their name, or "Another child" for a child the reader may not
    open (the drawing never names them)."""

    pk: int
    label: str
    detail: str  # age, or "died 2019"
    sex: str  # "M", "F" or anything else (not known)
    is_child: bool
    deceased: bool
    lives_with: bool
    is_subject: bool = False


@dataclass(frozen=True)
class Link:
    """`a` is `type` of `b`, as recorded; `ended` when the relationship has an end date."""

    a: int
    b: int
    type: str
    ended: bool = False


def generations(nodes: Iterable[Node], links: Iterable[Link], subject: int) -> dict[int, int]:
    """Each person's generation relative to the subject (0), walked out along the relationships that say one; someone
    no relationship places is with the children (a child) or a row above (an adult)."""
    steps: dict[int, list[tuple[int, int]]] = {}
    for link in links:
        step = GENERATION_STEP.get(link.type)
        if step is None:
            continue
        steps.setdefault(link.b, []).append((link.a, step))
        steps.setdefault(link.a, []).append((link.b, -step))
    found = {subject: 0}
    queue = deque([subject])
    while queue:
        here = queue.popleft()
        for there, step in steps.get(here, []):
            if there not in found:
                found[there] = found[here] + step
                queue.append(there)
    return {node.pk: found.get(node.pk, 0 if node.is_child else -1) for node in nodes}


def _rows(nodes: list[Node], links: list[Link], generation: dict[int, int]) -> list[list[Node]]:
    """People by generation, oldest row first; in a row, the household first, then partners beside each other."""
    rows: dict[int, list[Node]] = {}
    for node in sorted(
        nodes, key=lambda node: (not node.lives_with, not node.is_subject, node.label, node.pk)
    ):
        rows.setdefault(generation[node.pk], []).append(node)
    for link in links:
        if link.type not in (_R.PARTNER, _R.FORMER_PARTNER) or generation[link.a] != generation[link.b]:
            continue
        row = rows[generation[link.a]]
        first = next(node for node in row if node.pk == link.a)
        second = next(node for node in row if node.pk == link.b)
        row.remove(second)
        row.insert(row.index(first) + 1, second)
    return [rows[key] for key in sorted(rows)]


def _symbol(node: Node, x: float, y: float) -> list[str]:
    fill = SHADE if node.lives_with else PAPER
    half = SIZE / 2
    width = 3 if node.is_subject else 2
    parts = []
    if node.sex == "M":
        parts.append(
            f'<rect x="{x - half}" y="{y - half}" width="{SIZE}" height="{SIZE}" fill="{fill}" stroke="{INK}" '
            f'stroke-width="{width}"/>'
        )
        if node.is_subject:
            parts.append(
                f'<rect x="{x - half + 5}" y="{y - half + 5}" width="{SIZE - 10}" height="{SIZE - 10}" '
                f'fill="none" stroke="{INK}" stroke-width="1.5"/>'
            )
    elif node.sex == "F":
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{half}" fill="{fill}" stroke="{INK}" stroke-width="{width}"/>'
        )
        if node.is_subject:
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="{half - 5}" fill="none" stroke="{INK}" stroke-width="1.5"/>'
            )
    else:
        points = f"{x},{y - half} {x + half},{y} {x},{y + half} {x - half},{y}"
        parts.append(f'<polygon points="{points}" fill="{fill}" stroke="{INK}" stroke-width="{width}"/>')
    if node.deceased:
        parts.append(
            f'<path d="M{x - half} {y - half} L{x + half} {y + half} M{x + half} {y - half} L{x - half} {y + half}" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
    parts.append(
        f'<text x="{x}" y="{y + half + 16}" text-anchor="middle" font-size="13" font-family="Arial, sans-serif" '
        f'fill="{INK}">{escape(node.label)}</text>'
    )
    if node.detail:
        parts.append(
            f'<text x="{x}" y="{y + half + 31}" text-anchor="middle" font-size="12" font-family="Arial, sans-serif" '
            f'fill="{INK}">{escape(node.detail)}</text>'
        )
    return parts


def _parent_and_child(link: Link) -> tuple[int, int, str] | None:
    """(parent, child, dash pattern) for a link that is one of parenthood, whichever way it was recorded."""
    if link.type in _BIRTH_PARENT:
        return link.a, link.b, ""
    if link.type in _STEP_PARENT:
        return link.a, link.b, "6 4"
    if link.type in _CARING_PARENT:
        return link.a, link.b, "2 3"
    if link.type in _CHILD_OF:
        inverse = _CHILD_OF[link.type]
        return link.b, link.a, "" if inverse in _BIRTH_PARENT else "6 4" if inverse in _STEP_PARENT else "2 3"
    return None


def genogram_svg(nodes: list[Node], links: list[Link], subject: int, *, title: str, description: str) -> str:
    """The genogram as one accessible SVG element (role img, with its title and description)."""
    generation = generations(nodes, links, subject)
    rows = _rows(nodes, links, generation)
    width = SIDE * 2 + COLUMN * max((len(row) for row in rows), default=1)
    height = TOP + ROW * len(rows)
    where: dict[int, tuple[float, float]] = {}
    for index, row in enumerate(rows):
        offset = (width - COLUMN * len(row)) / 2
        for column, node in enumerate(row):
            where[node.pk] = (offset + COLUMN * column + COLUMN / 2, TOP + ROW * index)
    lines: list[str] = []
    half = SIZE / 2
    drawn: set[frozenset[int]] = set()
    for link in links:
        pair = frozenset((link.a, link.b))
        if link.a not in where or link.b not in where or pair in drawn:
            continue
        (ax, ay), (bx, by) = where[link.a], where[link.b]
        parenthood = _parent_and_child(link)
        if parenthood is not None:
            (px, py), (cx, cy) = where[parenthood[0]], where[parenthood[1]]
            dash = f' stroke-dasharray="{parenthood[2]}"' if parenthood[2] else ""
            middle = (py + cy) / 2 + 8
            lines.append(
                f'<path d="M{px} {py + half + 36} L{px} {middle} L{cx} {middle} L{cx} {cy - half}" fill="none" '
                f'stroke="{INK}" stroke-width="1.5"{dash}/>'
            )
        elif link.type in (_R.PARTNER, _R.FORMER_PARTNER) and ay == by:
            lines.append(f'<path d="M{ax + half} {ay} L{bx - half} {by}" stroke="{INK}" stroke-width="2"/>')
            if link.type == _R.FORMER_PARTNER or link.ended:
                mid = (ax + bx) / 2
                lines.append(
                    f'<path d="M{mid - 8} {ay + 9} L{mid - 2} {ay - 9} M{mid + 2} {ay + 9} L{mid + 8} {ay - 9}" '
                    f'stroke="{INK}" stroke-width="2"/>'
                )
        elif link.type in _SIBLINGS and ay == by:
            dash = f' stroke-dasharray="{_SIBLINGS[link.type]}"' if _SIBLINGS[link.type] else ""
            lift = half + 14
            lines.append(
                f'<path d="M{ax} {ay - half} L{ax} {ay - lift} L{bx} {by - lift} L{bx} {by - half}" fill="none" '
                f'stroke="{BLUE}" stroke-width="1.5"{dash}/>'
            )
        else:
            lines.append(
                f'<path d="M{ax} {ay} L{bx} {by}" stroke="{INK}" stroke-width="1" stroke-dasharray="1 4" '
                'stroke-opacity="0.6"/>'
            )
        drawn.add(pair)
    symbols = [part for node in nodes for part in _symbol(node, *where[node.pk])]
    return _svg("genogram", width, height, title, description, lines + symbols)


@dataclass(frozen=True)
class Contact:
    """Someone around the child on the ecomap: a professional or agency (`group`: "Health", "School", ...)."""

    label: str
    detail: str
    group: str


def ecomap_svg(centre: str, contacts: list[Contact], *, title: str, description: str) -> str:
    """The ecomap: the child or family in the middle, each professional and agency around them, joined by a line."""
    count = max(len(contacts), 1)
    radius = 150 + 10 * max(0, count - 8)
    size = 2 * radius + 260
    mid = size / 2
    parts = [
        f'<circle cx="{mid}" cy="{mid}" r="58" fill="{SHADE}" stroke="{INK}" stroke-width="3"/>',
        f'<text x="{mid}" y="{mid + 5}" text-anchor="middle" font-size="14" font-family="Arial, sans-serif" '
        f'font-weight="bold" fill="{INK}">{escape(centre)}</text>',
    ]
    for index, contact in enumerate(contacts):
        angle = 2 * math.pi * index / count - math.pi / 2
        x, y = mid + radius * math.cos(angle), mid + radius * math.sin(angle)
        parts.insert(
            0,
            f'<path d="M{mid:.1f} {mid:.1f} L{x:.1f} {y:.1f}" stroke="{BLUE}" stroke-width="2"/>',
        )
        parts.append(
            f'<rect x="{x - 62:.1f}" y="{y - 24:.1f}" width="124" height="48" rx="8" fill="{PAPER}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
        for offset, text, weight in (
            (-5, contact.label, "bold"),
            (12, contact.detail or contact.group, "normal"),
        ):
            parts.append(
                f'<text x="{x:.1f}" y="{y + offset:.1f}" text-anchor="middle" font-size="11" '
                f'font-family="Arial, sans-serif" font-weight="{weight}" fill="{INK}">{escape(text[:24])}</text>'
            )
    return _svg("ecomap", size, size, title, description, parts)


def _svg(name: str, width: float, height: float, title: str, description: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hearth-{name}" id="{name}" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" aria-labelledby="{name}-title {name}-desc">'
        f'<title id="{name}-title">{escape(title)}</title><desc id="{name}-desc">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
