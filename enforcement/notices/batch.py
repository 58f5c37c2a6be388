"""Rendering many notices at once, in one process or several."""

from __future__ import annotations

import gc
import itertools
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from datetime import date

import attrs
from attrs import frozen

from enforcement.bulk import paused_gc
from enforcement.errors import NoticeError, PublicationRefusedError
from enforcement.models import (
    Agency,
    Case,
)
from enforcement.notices.build import _default_pm, build_notice_document
from enforcement.notices.content import DEFAULT_OPTIONS, NoticeOptions
from enforcement.notices.document import DocumentKind, Lang
from enforcement.notices.render import document_redactor, render_document
from enforcement.redaction import AllowList
from enforcement.redaction.manifest import NO_ALLOW_LIST


@frozen
class BatchItem:
    """One notice of a batch: the case, the kind and the agency that decided it.

    ``published_on`` sets the publication date of this notice (computed on the
    caller's calendar, say) where the batch's options do not.
    """

    case: Case
    kind: DocumentKind
    agency: Agency | None = None
    published_on: date | None = None


@frozen
class BatchResult:
    """What became of one :class:`BatchItem`: the file written, or why it was skipped."""

    case_id: str
    kind: str
    path: str | None
    digest: str | None
    manifest: tuple[dict[str, str | int | bool], ...] = ()
    error: str | None = None
    refusals: tuple[str, ...] = ()
    """The spans that stopped publication after redaction (field, offset, rule, reason)."""


Job = tuple[BatchItem, str, Lang, NoticeOptions, str | None, AllowList]
"""One notice to render: the item, the output directory, language, options, font, allow-list."""


def notice_filename(case_id: str, kind: str) -> str:
    """A safe file name for a notice: ``XC2020-00005-decision.pdf``."""
    return re.sub(r"[^\w.-]+", "_", case_id) + f"-{kind}.pdf"


@paused_gc()
def _render_item(job: Job) -> BatchResult:
    item, out_dir, lang, options, font, allow = job
    if item.published_on is not None and options.published_on is None:
        options = attrs.evolve(options, published_on=item.published_on)
    path = os.path.join(out_dir, notice_filename(item.case.id, item.kind))
    try:
        document = build_notice_document(
            item.case,
            item.kind,
            agency=item.agency,
            lang=lang,
            options=options,
            font=font,
            allow=allow,
        )
        redactor = document_redactor(
            document, item.case, allow=allow, mask_representatives=options.mask_representatives
        )
        render_document(document, out=path, case=item.case, redactor=redactor)
    except PublicationRefusedError as exc:
        return BatchResult(
            item.case.id,
            item.kind,
            None,
            None,
            error=str(exc),
            refusals=tuple(str(r) for r in exc.refusals),
        )
    except NoticeError as exc:
        return BatchResult(item.case.id, item.kind, None, None, error=str(exc))
    return BatchResult(
        item.case.id,
        item.kind,
        path,
        document.digest,
        tuple(document.manifest.to_data()),
    )


def render_notices(
    items: Iterable[BatchItem],
    out_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    lang: Lang = "zh",
    options: NoticeOptions = DEFAULT_OPTIONS,
    font: str | os.PathLike[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    allow: AllowList = NO_ALLOW_LIST,
) -> Iterator[BatchResult]:
    """Render many notices into ``out_dir``, yielding a result per notice as each finishes.

    ``workers > 1`` renders in that many processes (each uses its own default
    plugin manager, so plugins must be installed, not registered by hand).
    Notices the law forbids (a minor party, personal data that survives
    redaction unless ``allow`` lets it through) or the data cannot support come
    back with ``error`` set instead of stopping the batch. Results come in the
    order of ``items``. ``progress(done, total)`` is called after each notice
    (``total`` is 0 when ``items`` has no length).
    """
    os.makedirs(out_dir, exist_ok=True)
    total = len(items) if isinstance(items, Sized) else 0
    font_path = os.fspath(font) if font is not None else None
    jobs = ((item, os.fspath(out_dir), lang, options, font_path, allow) for item in items)
    if workers <= 1:
        results: Iterator[BatchResult] = map(_render_item, jobs)
        yield from _counted(results, total, progress)
        return
    yield from _counted(_in_pool(jobs, workers), total, progress)


_CHUNK = 4
"""Notices sent to a worker at a time."""

_AHEAD = 8
"""Chunks submitted ahead of the one being yielded, per worker: enough to keep every worker
busy, few enough that a long batch (a stream of cases from a store) is never held in memory."""


def _in_pool(jobs: Iterator[Job], workers: int) -> Iterator[BatchResult]:
    """The results of ``jobs`` rendered by ``workers`` processes, in order.

    The first notice is rendered here, before the processes start: it loads what every
    notice needs once (plugins, the font and its tables, the segmentation dictionary of
    the redaction, the QR masks), and processes started by forking inherit it instead of
    each loading it again. Jobs are taken from ``jobs`` only a bounded number of chunks
    ahead of the results yielded (``Executor.map`` would take them all at once).
    """
    first = next(jobs, None)
    if first is None:
        return
    yield _render_item(first)
    from concurrent.futures import Future, ProcessPoolExecutor

    pending: deque[Future[list[BatchResult]]] = deque()
    # The forked workers inherit every object of this process. Frozen, the collector never
    # walks them (writing their headers), so the workers do not copy those pages: measured,
    # 17% more CPU a notice in a worker than in one process without this, 5% with it.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker) as pool:
            while chunk := list(itertools.islice(jobs, _CHUNK)):
                pending.append(pool.submit(_render_chunk, chunk))
                if len(pending) >= workers * _AHEAD:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        gc.unfreeze()


def _render_chunk(chunk: list[Job]) -> list[BatchResult]:
    return [_render_item(job) for job in chunk]


def _counted(
    results: Iterator[BatchResult], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[BatchResult]:
    for done, result in enumerate(results, 1):
        if progress is not None:
            progress(done, total)
        yield result


def _warm_worker() -> None:
    # Load plugins and fonts once per process, before the first timed notice.
    pm = _default_pm()
    pm.hook.enforcement_notice_renderer(kind="decision", format="pdf")
