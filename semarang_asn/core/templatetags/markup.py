from django import template

from semarang_asn.core.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Staff-written Markdown as sanitised HTML: ``{{ lesson.body|markdown }}``."""
    return render_markdown(text)
