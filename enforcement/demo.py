"""The demo: a sample town's year, stored, checked, published and summarised.

:func:`run_demo` builds a deterministic year of 新城镇 (dozens of officers, some
of whose certificates lapse; a few hundred cases across categories; major
decisions with legal reviews; some late notices; a revoked decision) in an
embedded SQLite store, verifies its recording log, runs the compliance checks,
renders the public notices and the roster, and writes the annual summary. It
needs nothing but the library.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import attrs
from attrs import frozen

from enforcement._files import OutputError, atomic_write, check_output_dir, with_companions
from enforcement._text import plural
from enforcement.checks import Severity, check_records
from enforcement.checks.finding import findings_to_data
from enforcement.io import dump
from enforcement.notice_index import notice_index
from enforcement.notices import BatchItem, due_notice_kinds, render_notices, render_roster
from enforcement.reports import collect_sections, render_summary, summary_data
from enforcement.signing import TZ, SigningOptions, sign_pdf
from enforcement.store import open_store
from enforcement.summary import summarize
from enforcement.synthetic import generate_dataset
from enforcement.transparency.keys import generate_agency_key, load_signing_key
from enforcement.transparency.tiles import write_tiles

log = logging.getLogger(__name__)

YEAR = 2020
AS_OF = date(YEAR + 1, 3, 31)
"""The demo judges the year as of 31 March, when the annual report is written (published by
1 April, 督察规定 第二十四条): by then the year's last cases have their records."""

Echo = Callable[[str], None]
Progress = Callable[[str, int, int], None]


@frozen
class DemoResult:
    """Where the demo put everything, and what it found."""

    directory: Path
    dataset: Path
    store_url: str
    findings: Path
    notices: Path
    roster: Path
    summary_json: Path
    summary_pdf: Path
    cases: int
    records: int
    head_digest: str
    key: Path
    certificate: Path
    checkpoint: Path
    errors: int
    warnings: int
    findings_by_code: dict[str, int]
    notices_written: int


def run_demo(
    directory: str | Path = "demo",
    *,
    cases: int = 300,
    officers: int = 40,
    seed: int = YEAR,
    echo: Echo = lambda _line: None,
    progress: Progress | None = None,
    force: bool = False,
) -> DemoResult:
    """Build, store, check, publish and summarise a sample town's year in ``directory``.

    ``echo`` receives one line per step; ``progress(step, done, total)`` is
    called during the long steps (import, verify, notices). The demo marks
    the directory as its own (the file ``.enforcement-demo``) and may then
    replace what it wrote there, so it can be run again. In a directory without
    that mark it refuses (:class:`~enforcement._files.OutputError`) to replace
    any existing file of the same name (``town.db``, ``cases.json``...), unless
    ``force``. Nothing outside ``directory`` is touched.
    """
    out = Path(directory)
    check_output_dir(out)
    _claim(out, force=force)

    def step(name: str) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, total: progress(name, done, total)

    ds = generate_dataset(cases=cases, officers=officers, year=YEAR, seed=seed, defects=0.08)
    records = sum(len(c.records) for c in ds.cases)
    dataset_path = out / "cases.json"
    dump(ds, dataset_path)
    echo(f"generated {len(ds.cases)} cases, {records} record entries, {len(ds.officers)} officers")

    db_path = out / "town.db"
    for stale in with_companions([db_path]):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{db_path}"
    with open_store(url) as store:
        store.import_dataset(ds, progress=step("import"))
        report = store.verify(progress=step("verify"))
        report.raise_for_breaks()
        echo(f"stored in {url}; recording log intact, head {report.head}")

        # A demo key (a real agency keeps its own, or one from a CA): it signs the
        # PDFs and the checkpoint. A fixed signing time keeps each run's PDFs stable.
        keys_dir = out / "keys"
        the_agency = ds.agencies[0]
        for stale in (
            keys_dir / f"{the_agency.id}.key.pem",
            keys_dir / f"{the_agency.id}.cert.pem",
        ):
            stale.unlink(missing_ok=True)
        key_path, cert_path = generate_agency_key(the_agency, keys_dir)
        signing = SigningOptions(
            key=load_signing_key(key_path, cert_path),
            signing_time=datetime.combine(AS_OF, time(9, 0), tzinfo=TZ),
        )

        findings = list(
            check_records(
                agencies=store.agencies(),
                officers=store.officers(),
                cases=store.cases(),
                on=AS_OF,
            )
        )
        findings_path = out / "findings.json"
        atomic_write(
            findings_path,
            json.dumps(findings_to_data(findings, on=AS_OF), ensure_ascii=False, indent=2) + "\n",
        )
        by_code = dict(sorted(Counter(f.code for f in findings).items()))
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        counts = f"{plural(errors, 'error')}, {plural(len(findings) - errors, 'warning')}"
        codes = ", ".join(f"{code} {n}" for code, n in by_code.items())
        echo(f"checked as of {AS_OF}: {counts} ({codes})")

        agencies = {a.id: a for a in store.agencies()}
        # Notices follow decisions: those decided in the year, as `enforcement notices
        # --year` selects them (a case opened in December may be decided in January).
        items = [
            BatchItem(case, kind, agencies.get(case.agency_id))
            for case in store.cases()
            if case.decision is not None and case.decision.decided_on.year == YEAR
            for kind in due_notice_kinds(case)
        ]
        notices_dir = out / "notices"
        results = []
        for result in render_notices(items, notices_dir, progress=step("notices")):
            if result.error is None:
                signed = Path(result.path or "")
                at = store.position(result.case_id)
                stated = attrs.evolve(signing, log_position=(at.agency_id, at.index, at.size))
                atomic_write(signed, sign_pdf(signed.read_bytes(), stated))
            results.append(result)
        index = notice_index(results, generated_from=url, year=YEAR)
        written = len(index["notices"])
        atomic_write(
            notices_dir / "index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n"
        )
        echo(f"rendered {written} public notices into {notices_dir}")
        for skipped in index["skipped"]:
            echo(f"  not published: {skipped['case_id']}: {skipped['reason']}")

        agency = next(iter(agencies.values()))
        roster_path = out / "roster.pdf"
        roster = render_roster(agency, store.officers(agency.id), date(YEAR, 6, 30))
        atomic_write(roster_path, sign_pdf(roster, signing))
        echo(f"rendered the roster of certified officers (事前公开) into {roster_path}")

        summary = summarize(store, year=YEAR, agency_id=agency.id, on=AS_OF)
        sections = collect_sections(summary, source=store)
        summary_json = out / "summary.json"
        atomic_write(
            summary_json,
            json.dumps(summary_data(summary, sections), ensure_ascii=False, indent=2) + "\n",
        )
        summary_pdf = out / "summary.pdf"
        pdf_report = render_summary(summary, sections=sections)
        atomic_write(summary_pdf, sign_pdf(pdf_report, signing))
        p = summary.publication
        echo(
            f"summarised {summary.cases.total} cases: {p.on_time} of {p.due} notices on time, "
            f"{p.late} late, {p.missing} missing"
        )

        portal = out / "portal"
        checkpoint_path = portal / "checkpoint.txt"
        portal.mkdir(exist_ok=True)
        checkpoint_path.write_text(store.checkpoint(signing.key, agency.id), encoding="utf-8")
        write_tiles(portal, store.leaf_hashes(agency.id))
        echo(f"signed the PDFs and a checkpoint of the log ({checkpoint_path}) with {key_path}")

    return DemoResult(
        directory=out,
        dataset=dataset_path,
        store_url=url,
        findings=findings_path,
        notices=notices_dir,
        roster=roster_path,
        summary_json=summary_json,
        summary_pdf=summary_pdf,
        cases=len(ds.cases),
        records=records,
        head_digest=report.head,
        key=key_path,
        certificate=cert_path,
        checkpoint=checkpoint_path,
        errors=errors,
        warnings=len(findings) - errors,
        findings_by_code=by_code,
        notices_written=written,
    )


MARK = ".enforcement-demo"
"""The file that marks a directory as the demo's own: the demo may replace what it wrote there."""

OUTPUTS = (
    "cases.json",
    "town.db",
    "findings.json",
    "notices",
    "roster.pdf",
    "summary.json",
    "summary.pdf",
    "keys",
    "portal",
)
"""What the demo writes in its directory."""


def _claim(out: Path, *, force: bool) -> None:
    """Mark ``out`` as the demo's, unless it holds files of the same names that are not the demo's."""
    mark = out / MARK
    if not mark.exists() and not force:
        taken = [name for name in OUTPUTS if (out / name).exists()]
        if taken:
            raise OutputError(
                out,
                f"already holds {', '.join(taken)}, not written by the demo; "
                "choose another directory or use --force to replace them",
            )
    atomic_write(mark, json.dumps({"format": "enforcement-demo/1", "files": list(OUTPUTS)}) + "\n")
