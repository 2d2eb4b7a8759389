"""Markdown written by staff, rendered and sanitised once for every app: markdown-it-py
turns it into HTML (raw HTML left as text), then nh3 keeps only a safe list of tags, so no
script, event handler or javascript: link gets through."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}


def render_markdown(text: str, *, top_heading: int = 2) -> SafeString:
    """``top_heading``: the level an author's ``#`` becomes. Staff Markdown always sits under
    the page's own h1 (the lesson's or material's title), so ``#`` is an h2 and every level
    below shifts with it (capped at h6): the page keeps a single h1 and an unbroken outline."""
    tokens = _parser.parse(text or "")
    shift = top_heading - 1
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
    html = _parser.renderer.render(tokens, _parser.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
