"""An insider with write access to the database, against signed checkpoints: each attack is caught.

Every test runs on SQLite and on PostgreSQL. The insider drops the
append-only triggers, edits rows, and then recomputes every stored hash so
that the store is consistent with itself (:func:`rehash`); only a checkpoint
signed before the attack, with its hash tiles, can tell, and it names the
entry and the case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enforcement import Dataset, Store, open_store
from enforcement.models import Agency
from enforcement.store.audit import CheckpointReport, check_checkpoint
from enforcement.transparency.checkpoint import parse_checkpoint
from enforcement.transparency.keys import generate_agency_key, load_certificate, load_signing_key
from enforcement.transparency.tiles import read_leaves, write_tiles

from .helpers import drop_triggers, raw_sql, rehash


@pytest.fixture
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The agency's key and certificate."""
    agency = Agency(id="xc", name="天津市滨海新区新城镇人民政府")
    return generate_agency_key(agency, tmp_path_factory.mktemp("keys"))


@pytest.fixture
def published(
    store: Store, store_url: str, town: Dataset, keys: tuple[Path, Path], tmp_path: Path
) -> Path:
    """The town imported, a checkpoint signed and published with its tiles; then triggers dropped."""
    store.import_dataset(town)
    text = store.checkpoint(load_signing_key(keys[0]))
    path = tmp_path / "portal" / "checkpoint.txt"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    write_tiles(path.parent, store.leaf_hashes("xc"))
    drop_triggers(store_url)
    return path


def audit(store_url: str, checkpoint: Path, cert: Path) -> CheckpointReport:
    signed = parse_checkpoint(checkpoint.read_bytes())
    with open_store(store_url, create=False) as store:
        report = store.verify()
        assert report.intact, report.breaks  # the insider left the store consistent with itself
        return check_checkpoint(
            store,
            report,
            signed,
            certificate=load_certificate(cert),
            tile_leaves=read_leaves(checkpoint.parent, signed.checkpoint.size),
        )


def latest_case_entry(url: str, case_id: str) -> tuple[int, str]:
    idx, content = raw_sql(
        url,
        "SELECT l.idx, l.content FROM cases c JOIN log l ON l.agency_id = c.agency_id"
        " AND l.idx = c.idx WHERE c.id = ?",
        params=(case_id,),
    )[0]
    return int(idx), content


def fined(town: Dataset) -> str:
    return next(
        c.id
        for c in town.cases
        if c.decision is not None and any(p.amount for p in c.decision.penalties)
    )


def test_a_legitimate_append_after_a_checkpoint_still_verifies(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    from tests.store.test_store import entry

    with open_store(store_url) as store:
        store.append_record(town.cases[0].id, entry("LATER-1"))
    result = audit(store_url, published, keys[1])
    assert result.ok, result.problems
    assert result.consistent


def test_a_lowered_fine_with_every_hash_recomputed_is_named(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    case_id = fined(town)
    idx, content = latest_case_entry(store_url, case_id)
    data = json.loads(content)
    for penalty in data["decision"]["penalties"]:
        if penalty.get("amount"):
            penalty["amount"] = "500"
    changed = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    raw_sql(store_url, "UPDATE log SET content = ? WHERE idx = ?", params=(changed, idx))
    rehash(store_url)
    result = audit(store_url, published, keys[1])
    assert not result.ok
    assert f"entry {idx} (case {case_id}, case version) rewritten" in result.problems


def test_a_backdated_notice_is_named(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    case = next(c for c in town.cases if c.notices)
    idx, content = latest_case_entry(store_url, case.id)
    earlier = (case.notices[0].published_on.replace(day=1)).isoformat()
    changed = content.replace(
        f'"published_on":"{case.notices[0].published_on.isoformat()}"',
        f'"published_on":"{earlier}"',
    )
    assert changed != content
    raw_sql(store_url, "UPDATE log SET content = ? WHERE idx = ?", params=(changed, idx))
    rehash(store_url)
    result = audit(store_url, published, keys[1])
    assert f"entry {idx} (case {case.id}, case version) rewritten" in result.problems


def test_a_rewritten_tail_rehashed_is_named_at_its_first_entry(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    size = int(raw_sql(store_url, "SELECT size FROM logs")[0][0])
    tail = raw_sql(
        store_url,
        "SELECT idx, subject, content FROM log WHERE idx >= ? AND kind = 'record' ORDER BY idx",
        params=(size - 6,),
    )
    for idx, _subject, content in tail:
        raw_sql(
            store_url,
            "UPDATE log SET content = ? WHERE idx = ?",
            params=(content.replace('"summary":"', '"summary":"改'), idx),
        )
    rehash(store_url)
    result = audit(store_url, published, keys[1])
    first_idx, first_case = tail[0][0], tail[0][1]
    assert any(
        p.startswith(f"entry {first_idx} (case {first_case}, record entry")
        and p.endswith("rewritten")
        for p in result.problems
    ), result.problems


def test_swapped_entries_are_named(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    one, two = town.cases[3], town.cases[4]
    i = raw_sql(
        store_url, "SELECT idx FROM records WHERE case_id = ? AND seq = 1", params=(one.id,)
    )[0][0]
    j = raw_sql(
        store_url, "SELECT idx FROM records WHERE case_id = ? AND seq = 1", params=(two.id,)
    )[0][0]
    for a, b in ((i, -1), (j, i), (-1, j)):
        raw_sql(store_url, "UPDATE log SET idx = ? WHERE idx = ?", params=(b, a))
    raw_sql(
        store_url, "UPDATE records SET idx = ? WHERE case_id = ? AND seq = 1", params=(j, one.id)
    )
    raw_sql(
        store_url, "UPDATE records SET idx = ? WHERE case_id = ? AND seq = 1", params=(i, two.id)
    )
    rehash(store_url)
    result = audit(store_url, published, keys[1])
    swapped = [p for p in result.problems if p.startswith(f"entries {i} and {j} swapped")]
    assert swapped, result.problems
    assert one.id in swapped[0]
    assert two.id in swapped[0]


def test_a_deleted_case_is_named_when_its_index_row_goes(
    published: Path, store_url: str, town: Dataset
) -> None:
    case = town.cases[6]
    raw_sql(store_url, "DELETE FROM records WHERE case_id = ?", params=(case.id,))
    raw_sql(store_url, "DELETE FROM cases WHERE id = ?", params=(case.id,))
    with open_store(store_url, create=False) as store:
        report = store.verify()
    assert any(
        b.case_id == case.id and b.kind == "case" and b.problem.startswith("deleted")
        for b in report.breaks
    )


def test_a_deleted_case_erased_from_the_log_is_caught_by_the_checkpoint(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    case = town.cases[6]
    rows = raw_sql(
        store_url, "SELECT idx FROM log WHERE subject = ? ORDER BY idx", params=(case.id,)
    )
    first, count = int(rows[0][0]), len(rows)
    raw_sql(store_url, "DELETE FROM records WHERE case_id = ?", params=(case.id,))
    raw_sql(store_url, "DELETE FROM cases WHERE id = ?", params=(case.id,))
    raw_sql(store_url, "DELETE FROM log WHERE subject = ?", params=(case.id,))
    for table in ("log", "records", "cases"):
        # Close the gap, shifting in two steps so that no key collides on the way.
        raw_sql(store_url, f"UPDATE {table} SET idx = -idx WHERE idx > ?", params=(first,))
        raw_sql(store_url, f"UPDATE {table} SET idx = -idx - ? WHERE idx < 0", params=(count,))
    rehash(store_url)
    result = audit(store_url, published, keys[1])
    assert (
        f"entries {first} to {first + count - 1} of the checkpointed log deleted" in result.problems
    )
    # The store no longer knows the case, and says so; it names the cases on either side.
    context = next(p for p in result.problems if p.startswith("the deleted entries"))
    assert "cannot be read from it" in context
    assert f"(case {town.cases[5].id}, record entry" in context
    assert f"(case {town.cases[7].id}, case version)" in context


def test_a_truncated_log_is_caught(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    size = int(raw_sql(store_url, "SELECT size FROM logs")[0][0])
    last_case = town.cases[-1]
    raw_sql(store_url, "DELETE FROM log WHERE subject = ?", params=(last_case.id,))
    raw_sql(store_url, "DELETE FROM records WHERE case_id = ?", params=(last_case.id,))
    raw_sql(store_url, "DELETE FROM cases WHERE id = ?", params=(last_case.id,))
    rehash(store_url)
    result = audit(store_url, published, keys[1])
    kept = size - 1 - len(last_case.records)
    assert (
        f"truncated: the log of xc has {kept} entries, the checkpoint says {size}"
        in result.problems
    )
    assert any(
        p.startswith(f"which cases entries {kept} to {size - 1} belonged to cannot be told")
        for p in result.problems
    ), result.problems


def test_a_log_cut_short_behind_the_index_names_the_cases_it_held(
    published: Path, store_url: str, town: Dataset, keys: tuple[Path, Path]
) -> None:
    """The insider cuts the log's tail (and rehashes) but leaves the index rows: they name the cases."""
    size = int(raw_sql(store_url, "SELECT size FROM logs")[0][0])
    last_case = town.cases[-1]
    raw_sql(store_url, "DELETE FROM log WHERE subject = ?", params=(last_case.id,))
    rehash(store_url)
    signed = parse_checkpoint(published.read_bytes())
    with open_store(store_url, create=False) as store:
        report = store.verify()
        assert any(b.case_id == last_case.id for b in report.breaks)
        result = check_checkpoint(
            store,
            report,
            signed,
            certificate=load_certificate(keys[1]),
            tile_leaves=read_leaves(published.parent, signed.checkpoint.size),
        )
    kept = size - 1 - len(last_case.records)
    assert (
        f"entries {kept} to {size - 1} cut off the log belonged to case {last_case.id}"
        " (their index rows remain)" in result.problems
    ), result.problems


def test_a_forged_checkpoint_signature_is_refused(
    published: Path, store_url: str, keys: tuple[Path, Path]
) -> None:
    lines = published.read_text(encoding="utf-8").split("\n")
    lines[1] = str(int(lines[1]) - 1)  # claim a shorter log, keep the signature
    published.write_text("\n".join(lines), encoding="utf-8")
    result = audit(store_url, published, keys[1])
    assert result.signature is not None
    assert not result.signature.valid
    assert any(p.startswith("forged") for p in result.problems)


def test_a_checkpoint_signed_by_another_agencys_key_is_refused(
    published: Path, store_url: str, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    other_key, _ = generate_agency_key(Agency(id="other", name="另一机关"), tmp_path / "other")
    with open_store(store_url, create=False) as store:
        published.write_text(store.checkpoint(load_signing_key(other_key)), encoding="utf-8")
    result = audit(store_url, published, keys[1])
    assert any(p.startswith("signature not by this certificate") for p in result.problems)
