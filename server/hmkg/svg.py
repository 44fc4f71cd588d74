"""Small SVG drawing helpers for the pictures: escaped text, boxes, lines, fill patterns.

Every picture must read without colour: series differ by fill pattern, edges by dash pattern,
nodes by shape and a kind word, and every value or relation is also written out as text.
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup, escape

INK, MUTED, PAPER, SOFT, LINE = "#1b1f24", "#4a5360", "#ffffff", "#f3f6f9", "#8a94a3"
FONT = "font-family=\"system-ui, sans-serif\""


# A drawing's patterns and arrow head carry its id as a prefix: several drawings inlined in one
# HTML page share one id space, and a repeated id is invalid there.
def defs(drawing: str) -> Markup:
    """Return the drawing's fill patterns (told apart by shape, not hue) and its arrow head."""
    return Markup(
        '<defs>'
        f'<pattern id="{drawing}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{PAPER}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2.5"/></pattern>'
        f'<pattern id="{drawing}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{PAPER}"/><circle cx="3" cy="3" r="1.6" fill="{INK}"/></pattern>'
        f'<marker id="{drawing}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
        '</defs>')


def fills(drawing: str) -> tuple[str, str, str]:
    """Return the drawing's three series fills: solid, diagonal hatching, dots."""
    return INK, f"url(#{drawing}-hatch)", f"url(#{drawing}-dots)"


def arrow_head(drawing: str) -> str:
    """Return the marker-end value that ends a line with the drawing's arrow head."""
    return f"url(#{drawing}-arrow)"


def text(x: float, y: float, words: str, size: int = 13, anchor: str = "start",
         weight: str = "400", fill: str = INK) -> Markup:
    """Return one line of escaped text."""
    return Markup(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
                  f'font-weight="{weight}" fill="{fill}" {FONT}>{escape(words)}</text>')


def rect(x: float, y: float, width: float, height: float, fill: str = PAPER,
         stroke: str = INK, stroke_width: float = 1, radius: float = 0) -> Markup:
    """Return a rectangle."""
    return Markup(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
                  f'rx="{radius}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>')


def line(x1: float, y1: float, x2: float, y2: float, dash: str = "", arrow: str = "",
         stroke: str = INK, width: float = 1.2) -> Markup:
    """Return a straight line, dashed when dash is given, ending in the arrow head of the
    drawing arrow names (none when empty)."""
    extra = ((f' stroke-dasharray="{dash}"' if dash else "")
             + (f' marker-end="{arrow_head(arrow)}"' if arrow else ""))
    return Markup(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
                  f'stroke-width="{width}"{extra}/>')


def shortened(words: str, limit: int) -> str:
    """Return the words cut to a length at a word boundary, with an ellipsis if cut."""
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def wrapped(words: str, width: int) -> list[str]:
    """Split words into lines of at most width characters (a longer word keeps a line)."""
    return textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False)


def document(width: float, height: float, title: str, description: str, body: Markup,
             labelled_id: str, image: bool = True) -> Markup:
    """Return a whole <svg> element with its title and description for assistive technology;
    labelled_id is the drawing's id, the prefix of every id inside it."""
    role = ' role="img"' if image else ' role="group"'
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}"{role} aria-labelledby="{labelled_id}-title {labelled_id}-desc">'
        f'<title id="{labelled_id}-title">{escape(title)}</title>'
        f'<desc id="{labelled_id}-desc">{escape(description)}</desc>') + defs(labelled_id) + body + Markup("</svg>")
