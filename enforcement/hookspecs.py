"""The hooks a plugin can implement.

Implement a hook with the :data:`hookimpl` marker and register the module or
object under the ``enforcement`` entry-point group::

    [project.entry-points.enforcement]
    my_plugin = "my_package.plugin"

Every hook name starts with ``enforcement_``. Each docstring says what the
hook receives, what it returns, and how results from several plugins combine.
The hook reference in ``docs/plugins.md`` documents each one; a test fails when
a hook here is missing from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import click

    from enforcement.calendar import CalendarData
    from enforcement.checks import Rule
    from enforcement.models import Case
    from enforcement.notices import NoticeDocument, NoticeRenderer
    from enforcement.redaction import Recognizer, RedactionRule
    from enforcement.reports import SummaryRenderer, SummarySection
    from enforcement.sources import RecordSource
    from enforcement.summary import Summary

PROJECT_NAME = "enforcement"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def enforcement_calendar_days(year: int, region: str | None) -> CalendarData | None:
    """Supply holidays and make-up working days (调休) for ``year``.

    Called once per calendar and year, the first time a date of that year is
    looked up. ``region`` is the calendar's region (``None`` for the national
    calendar); a plugin may ignore it.

    Return a :class:`enforcement.calendar.CalendarData` for the year, or
    ``None`` to pass. With ``complete=True`` the data is the year's whole
    official arrangement and makes the year usable even where the
    ``chinesecalendar`` package has no data; with ``complete=False`` it is an
    overlay of local days (a minority festival) on the official arrangement.
    Overlays from every plugin are applied; of several complete years the
    first wins, and data passed by the caller wins over all plugins.
    """


@hookspec
def enforcement_cli_commands(cli: click.Group) -> None:
    """Add subcommands to the ``enforcement`` command line.

    Receives the top-level click group; call ``cli.add_command(...)``. Returns
    nothing. Every plugin's implementation is called when the command line
    needs its list of commands (``enforcement --help``) or a command that is
    not built in, so the plugin's module is imported to print help: keep heavy
    imports (reportlab) inside the command's function, not at module level.
    """


@hookspec
def enforcement_checks() -> Sequence[Rule] | None:
    """Contribute compliance rules to ``enforcement check``.

    Receives nothing. Return a sequence of :class:`enforcement.checks.Rule`
    (each with a code such as ``XYZ001``, a severity, a legal source and a
    per-case and/or per-officer function yielding
    :class:`enforcement.checks.Hit`), or ``None`` to pass. All results are
    used; when two plugins return a rule with the same code, the first in hook
    order wins, and the built-in rules are registered ``trylast``, so a plugin
    rule with a built-in code replaces it.
    """


@hookspec(firstresult=True)
def enforcement_notice_renderer(kind: str, format: str) -> NoticeRenderer | SummaryRenderer | None:
    """Supply the renderer of a document ``kind`` (``"decision"``, ``"withdrawal"``,
    ``"roster"``, ``"summary"`` for the annual report, or ``"law_report"`` for the
    法治政府建设情况报告) in a ``format``
    (``"pdf"``, or ``"html"``, ``"docx"``...).

    Return a callable taking the document and returning its bytes, or ``None``
    when the plugin does not render that kind and format. Notices are a
    :class:`enforcement.notices.NoticeDocument`; the annual report is a
    :class:`enforcement.reports.SummaryDocument`, so answer only for the kinds
    you render. The first non-``None`` result wins; the first-party
    ``enforcement_pdf`` (notices) and ``enforcement_report`` (the annual
    report) plugins answer for PDF with ``trylast=True``, so a plugin can
    replace them.
    """


@hookspec
def enforcement_notice_document(document: NoticeDocument, case: Case | None) -> None:
    """Adjust a document before it is rendered: an agency's letterhead, a seal image.

    Receives the :class:`enforcement.notices.NoticeDocument` (mutable: change
    ``letterhead``, ``seal_image``, ``notes`` or ``blocks`` in place) and the
    case it was built from (``None`` for a roster). The content digest is
    computed before this hook and does not change. Returns nothing; every
    plugin's implementation is called.
    """


@hookspec
def enforcement_redaction_rules(case: Case) -> Iterable[RedactionRule | Recognizer] | None:
    """Add redaction rules for the free text of ``case`` (facts, reasons, descriptions).

    Return :class:`enforcement.redaction.RedactionRule` objects (a name, a
    compiled pattern run on the normalised view, a replacement),
    :class:`enforcement.redaction.Recognizer` objects, or ``None``. All results
    are used, with the built-in recognizers; the manifest records each rule's
    name and the residual scan refuses what survives. Verification must
    run with the same plugins, since the rules change the content digest.
    """


@hookspec
def enforcement_notice_rendered(document: NoticeDocument, data: bytes, path: str | None) -> None:
    """Called after a notice is rendered, e.g. to publish it on a website.

    Receives the document, its rendered bytes and the path it was written to
    (``None`` when it was only returned or written to a stream). Returns
    nothing; every plugin's implementation is called.
    """


@hookspec
def enforcement_summary_sections(
    summary: Summary, source: RecordSource | None, lang: str
) -> Sequence[SummarySection] | None:
    """Contribute sections to the annual report and to its data file.

    Receives the year's :class:`enforcement.summary.Summary`, the records it
    was computed from (a store or a dataset; ``None`` when the caller only has
    the summary) and the report's language (``"zh"`` or ``"en"``). Return
    :class:`enforcement.reports.SummarySection` objects (a key, a title,
    paragraphs, a table and JSON-compatible data) or ``None`` to pass. All
    results are used, in hook order, after the built-in sections; two sections
    with the same key are an error.
    """
