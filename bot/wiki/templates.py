"""The Jinja2 environment every wiki page is rendered in: sandboxed, strict, escaping by default.

Every `{{ value }}` that is plain text is escaped for wikitext (`bot.wiki.escape`); a value the
code built as markup is passed as `Markup`. Sandboxed, because an agenda may bring its own
template, which must have no way out. Jinja2 is imported when an environment is made: a sync
that finds every page in step renders none.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from bot.wiki.escape import escape_text

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

# templates/ beside bot/ in a checkout; in an installed wheel they travel as bot/_templates (pyproject.toml)
_CHECKOUT = Path(__file__).resolve().parent.parent.parent / "templates"
TEMPLATES = _CHECKOUT if _CHECKOUT.is_dir() else Path(__file__).resolve().parent.parent / "_templates"


def wiki_templates(folders: Sequence[Path]) -> SandboxedEnvironment:
    """An environment that finds templates in `folders`, in order."""
    import jinja2  # noqa: PLC0415 - see the module docstring
    from jinja2.sandbox import SandboxedEnvironment  # noqa: PLC0415

    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(list(folders)),
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _escape(value: object) -> object:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return escape_text(value)
