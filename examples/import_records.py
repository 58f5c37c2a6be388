"""Bring an existing application's records into `enforcement`, and publish what is due.

Usage: python examples/import_records.py OUT_DIR

An agency's case-handling system (办案系统) already holds its officers, cases and evidence in
its own tables, with its own field names (拼音 abbreviations, as such systems often have). This
script shows the glue such a system needs:

1. map its rows (plain dicts: rows from its database, or JSON from its API) to the
   interchange format, validate them all at once and import them into a store;
2. append record entries (执法全过程记录) to the store's hash-chained log as they happen, and
   record each decision as it is made;
3. publish the notices that are due (公示): render each PDF with ``enforcement.render_notice``
   and record it with ``store.publish_notice``;
4. check the cases against the rules, and verify the store.

The sample data is one town's two penalty cases of autumn 2020. One notice is published late
on purpose: 津新城综执罚〔2020〕37号 was decided on 2020-09-28 and had to be public by
2020-10-14 (7 working days; 国庆 and 中秋 fall in between), but the sync job only ran on
2020-10-16, so the check reports PUB001.

Everything is written under OUT_DIR: ``town.db`` (the store, replaced on each run) and
``notices/`` (the PDFs).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import enforcement
from enforcement import (
    Act,
    Decision,
    NoticeKind,
    Penalty,
    PenaltyKind,
    PublicNotice,
    RecordEntry,
    RecordKind,
    Stage,
    Store,
)
from enforcement.checks import Finding, check_records
from enforcement.identifiers import credit_code_check_char, id_number_check_char
from enforcement.notices import due_notice_kinds, notice_filename, publication_deadline

Row = Mapping[str, Any]
CST = timezone(timedelta(hours=8))

RUN_DAY = date(2020, 10, 16)
"""The day the sync job runs: notices due are published on this day, and the cases checked."""

CHANNEL = "天津市滨海新区新城镇人民政府网站"


def with_check_digit(first17: str) -> str:
    """A full 居民身份证号 from its first 17 digits (GB 11643)."""
    return first17 + id_number_check_char(first17)


def with_check_char(first17: str) -> str:
    """A full 统一社会信用代码 from its first 17 characters (GB 32100)."""
    return first17 + credit_code_check_char(first17)


def evidence_hash(name: str) -> str:
    """Stand-in for the SHA-256 the application computed when the file was uploaded."""
    return hashlib.sha256(name.encode()).hexdigest()


# --- The application's data, as its own tables hold it ------------------------------------

AGENCY_ROW: Row = {
    "jgdm": "xc",
    "jgmc": "天津市滨海新区新城镇人民政府",
    "tyshxydm": with_check_char("11120116MB1C4H1N0"),
    "xzqh": "120116",
    "qzqd": [  # 权责清单
        {
            "sxbm": "XC-CG-017",
            "sxmc": "对擅自占用道路从事经营活动的行政处罚",
            "ly": "城市管理",
            "yj": "《天津市市容和环境卫生管理条例》第二十四条",
        },
        {
            "sxbm": "XC-CG-021",
            "sxmc": "对擅自占用道路堆放物料的行政处罚",
            "ly": "城市管理",
            "yj": "《城市道路管理条例》第二十七条、第四十二条",
        },
    ],
}

STAFF_ROWS: list[Row] = [
    {
        "gh": "XC-ZF-07",
        "xm": "王建国",
        "zjhm": "津执0210137",
        "fzjg": "天津市人民政府",
        "yxq": "2018-03-01至2023-02-28",
        "zfly": "城市管理;市场监管",
        "px": [("2019-04-12", 24, "行政处罚法"), ("2019-11-20", 16, "执法记录仪使用规范")],
    },
    {
        "gh": "XC-ZF-11",
        "xm": "赵丽",
        "zjhm": "津执0210141",
        "fzjg": "天津市人民政府",
        "yxq": "2018-03-01至2023-02-28",
        "zfly": "城市管理",
        "px": [("2019-05-08", 40, "综合行政执法业务")],
    },
]

PAIR = "XC-ZF-07,XC-ZF-11"  # the two officers who handle both cases (承办人)

CASE_ROWS: list[Row] = [
    {
        "ajbh": "XCZF2020-0137",
        "sxbm": "XC-CG-017",
        "ay": "李志强擅自占用道路从事经营活动案",
        "lasj": "2020-09-14",
        "cbr": PAIR,
        "dsr": {
            "lx": "自然人",
            "xm": "李志强",
            "sfzh": with_check_digit("12011619850312241"),
            "dz": "天津市滨海新区新城镇幸福里3号",
            "dh": "13602018866",
        },
    },
    {
        "ajbh": "XCZF2020-0142",
        "sxbm": "XC-CG-021",
        "ay": "天津市鑫达建材有限公司擅自占用道路堆放物料案",
        "lasj": "2020-09-25",
        "cbr": PAIR,
        "dsr": {
            "lx": "单位",
            "mc": "天津市鑫达建材有限公司",
            "tyshxydm": with_check_char("91120116MA06CN7R3"),
            "fddbr": "陈国华",
            "dz": "天津市滨海新区新城镇工业园区8号",
        },
    },
]

# The evidence log (执法记录表), in the order the application receives it.
EVIDENCE_ROWS: list[Row] = [
    {"ajbh": "XCZF2020-0137", "lx": "立案审批表", "sj": "2020-09-14 09:30", "ry": PAIR},
    {
        "ajbh": "XCZF2020-0137",
        "lx": "现场检查",
        "sj": "2020-09-14 10:05",
        "js": "2020-09-14 10:40",
        "ry": PAIR,
        "dd": "新城镇幸福里路口",
        "sb": "DSJ-07",
        "wj": "evidence/XCZF2020-0137/DSJ-07-20200914-1005.mp4",
        "nr": "当事人在幸福里路口占道摆摊售卖水果，占用人行道约6平方米",
    },
    {"ajbh": "XCZF2020-0137", "lx": "询问笔录", "sj": "2020-09-16 14:00", "ry": PAIR},
    {"ajbh": "XCZF2020-0137", "lx": "告知书", "sj": "2020-09-21 10:00", "ry": PAIR},
    {"ajbh": "XCZF2020-0142", "lx": "立案审批表", "sj": "2020-09-25 09:00", "ry": PAIR},
    {
        "ajbh": "XCZF2020-0142",
        "lx": "现场检查",
        "sj": "2020-09-25 15:20",
        "ry": PAIR,
        "dd": "新城镇工业园区8号门前道路",
        "sb": "DSJ-11",
        "wj": "evidence/XCZF2020-0142/IMG_0925_1520.jpg",
        "nr": "当事人在门前道路堆放砂石约30立方米，占用机动车道",
    },
    {"ajbh": "XCZF2020-0137", "lx": "决定书", "sj": "2020-09-28 09:00", "ry": PAIR},
    {"ajbh": "XCZF2020-0137", "lx": "送达回证", "sj": "2020-09-28 15:30", "ry": PAIR},
    {"ajbh": "XCZF2020-0142", "lx": "告知书", "sj": "2020-09-29 10:00", "ry": PAIR},
    {"ajbh": "XCZF2020-0142", "lx": "决定书", "sj": "2020-10-12 09:00", "ry": PAIR},
    {"ajbh": "XCZF2020-0142", "lx": "送达回证", "sj": "2020-10-13 11:00", "ry": PAIR},
]

DECISION_ROWS: list[Row] = [
    {
        "ajbh": "XCZF2020-0137",
        "wsh": "津新城综执罚〔2020〕37号",
        "jdrq": "2020-09-28",
        "sdrq": "2020-09-28",
        "wfss": "当事人于2020年9月14日在新城镇幸福里路口擅自占用道路从事经营活动。",
        "yj": "《天津市市容和环境卫生管理条例》第二十四条",
        "fk": "500.00",
        "jkrq": "2020-10-09",
    },
    {
        "ajbh": "XCZF2020-0142",
        "wsh": "津新城综执罚〔2020〕41号",
        "jdrq": "2020-10-12",
        "sdrq": "2020-10-13",
        "wfss": "当事人于2020年9月25日起在工业园区8号门前道路擅自堆放砂石。",
        "yj": "《城市道路管理条例》第四十二条",
        "fk": "20000.00",
        "jkrq": "2020-10-20",
    },
]


# --- Mapping the application's rows to the interchange format ------------------------------


def ids(value: str) -> list[str]:
    """``"A,B"`` (the application's comma-separated list) as ``["A", "B"]``."""
    return [part for part in value.split(",") if part]


def agency_data(row: Row) -> dict[str, Any]:
    return {
        "id": row["jgdm"],
        "name": row["jgmc"],
        "credit_code": row["tyshxydm"],
        "region": row["xzqh"],
        "powers": [
            {
                "code": p["sxbm"],
                "name": p["sxmc"],
                "category": "penalty",
                "domain": p["ly"],
                "legal_basis": [p["yj"]],
            }
            for p in row["qzqd"]
        ],
    }


def officer_data(row: Row, agency_id: str) -> dict[str, Any]:
    valid_from, valid_until = row["yxq"].split("至")
    return {
        "id": row["gh"],
        "name": row["xm"],
        "agency_id": agency_id,
        "certificates": [
            {
                "number": row["zjhm"],
                "issuer": row["fzjg"],
                "domains": row["zfly"].split(";"),
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        ],
        "trainings": [{"on": on, "hours": hours, "topic": topic} for on, hours, topic in row["px"]],
    }


def party_data(row: Row) -> dict[str, Any]:
    if row["lx"] == "自然人":
        return {
            "kind": "person",
            "name": row["xm"],
            "id_number": row["sfzh"],
            "address": row.get("dz"),
            "phone": row.get("dh"),
        }
    return {
        "kind": "organisation",
        "name": row["mc"],
        "credit_code": row["tyshxydm"],
        "representative": row.get("fddbr"),
        "address": row.get("dz"),
    }


def case_data(row: Row, agency_id: str) -> dict[str, Any]:
    return {
        "id": row["ajbh"],
        "agency_id": agency_id,
        "category": "penalty",
        "domain": "城市管理",
        "power_code": row["sxbm"],
        "title": row["ay"],
        "opened_on": row["lasj"],
        "parties": [party_data(row["dsr"])],
        "officer_ids": ids(row["cbr"]),
    }


# The application's kinds of evidence, and what each is in the record (执法环节, 记录形式).
EVIDENCE_KINDS: dict[str, tuple[Stage, RecordKind]] = {
    "立案审批表": (Stage.FILING, RecordKind.DOCUMENT),
    "现场检查": (Stage.INVESTIGATION, RecordKind.VIDEO),
    "询问笔录": (Stage.INVESTIGATION, RecordKind.TEXT),
    "告知书": (Stage.NOTIFICATION, RecordKind.DOCUMENT),
    "决定书": (Stage.DECISION, RecordKind.DOCUMENT),
    "送达回证": (Stage.SERVICE, RecordKind.DOCUMENT),
}
MEDIA_TYPES = {".mp4": "video/mp4", ".jpg": "image/jpeg"}


def moment(value: str) -> datetime:
    """The application's local ``YYYY-MM-DD HH:MM`` as an aware datetime (UTC+08:00)."""
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=CST)


def record_entry(row: Row, entry_id: str) -> RecordEntry:
    stage, kind = EVIDENCE_KINDS[row["lx"]]
    file = row.get("wj")
    if file is not None and file.endswith(".jpg"):
        kind = RecordKind.PHOTO
    on_site = row["lx"] == "现场检查"
    return RecordEntry(
        id=entry_id,
        stage=stage,
        kind=kind,
        at=moment(row["sj"]),
        ended_at=moment(row["js"]) if "js" in row else None,
        officer_ids=tuple(ids(row["ry"])),
        location=row.get("dd"),
        on_site=on_site,
        act=Act.INSPECTION if on_site else None,
        summary=row.get("nr", row["lx"]),
        device=row.get("sb"),
        attachment=enforcement.Attachment(
            uri=file or f"documents/{row['ajbh']}/{entry_id}.pdf",
            sha256=evidence_hash(file or entry_id),
            media_type=MEDIA_TYPES.get(Path(file).suffix) if file else "application/pdf",
        ),
    )


def decision(row: Row) -> Decision:
    return Decision(
        number=row["wsh"],
        decided_on=date.fromisoformat(row["jdrq"]),
        served_on=date.fromisoformat(row["sdrq"]),
        facts=row["wfss"],
        legal_basis=(row["yj"],),
        penalties=(Penalty(kind=PenaltyKind.FINE, amount=Decimal(row["fk"])),),
        paid_on=date.fromisoformat(row["jkrq"]) if row.get("jkrq") else None,
    )


# --- The sync job ---------------------------------------------------------------------------


def import_initial(store: Store) -> None:
    """Agency, officers and open cases in one validated, all-or-nothing import."""
    agency_id = AGENCY_ROW["jgdm"]
    document = {
        "format": enforcement.FORMAT,
        "agencies": [agency_data(AGENCY_ROW)],
        "officers": [officer_data(row, agency_id) for row in STAFF_ROWS],
        "cases": [case_data(row, agency_id) for row in CASE_ROWS],
    }
    # Every problem at once, each with its path ($.cases[1].parties[0].credit_code: ...).
    dataset = enforcement.from_data(document, source="办案系统")
    added = store.import_dataset(dataset)
    print(f"imported {added.agencies} agency, {added.officers} officers, {added.cases} cases")


def append_evidence(store: Store, rows: Iterable[Row]) -> None:
    """Each evidence row becomes a record entry, chained to the ones before it."""
    counters: dict[str, int] = {}
    for row in rows:
        case_id = row["ajbh"]
        counters[case_id] = counters.get(case_id, 0) + 1
        chained = store.append_record(
            case_id, record_entry(row, f"{case_id}-R{counters[case_id]:02d}")
        )
        print(
            f"{case_id}: record {chained.seq} {row['lx']} logged, entry {chained.index}, leaf {chained.leaf[:12]}"
        )


def publish_due(store: Store, case_id: str, out_dir: Path, day: date) -> list[Path]:
    """Render and record the notices the case calls for that are not yet published."""
    case = store.case(case_id)
    assert case is not None
    agency = next(a for a in store.agencies() if a.id == case.agency_id)
    published = {n.kind.value for n in case.notices}
    written: list[Path] = []
    for kind in due_notice_kinds(case):
        if kind in published:
            continue
        if kind == "decision":
            due = publication_deadline(case)
            late = " (LATE)" if day > due else ""
            print(f"{case_id}: decision notice due {due}, publishing {day}{late}")
        path = out_dir / notice_filename(case_id, kind)
        # Render first: the store never records a publication whose document does not exist.
        enforcement.render_notice(case, kind, agency=agency, published_on=day, out=path)
        if kind == "withdrawal":
            for notice in case.notices_of(NoticeKind.DECISION):
                if notice.withdrawn_on is None:
                    store.withdraw_notice(case_id, notice.id, day)
        store.publish_notice(
            case_id,
            PublicNotice(
                id=f"{case_id}-N{len(case.notices) + len(written) + 1}",
                kind=NoticeKind(kind),
                published_on=day,
                channel=CHANNEL,
            ),
        )
        written.append(path)
    return written


def check_cases(store: Store, case_ids: Iterable[str], on: date) -> list[Finding]:
    """The compliance findings of some cases, streamed from the store."""
    cases = (case for case in map(store.case, case_ids) if case is not None)
    return list(
        check_records(agencies=store.agencies(), officers=store.officers(), cases=cases, on=on)
    )


def main(argv: list[str]) -> int:
    """Import the sample application's records into OUT_DIR/town.db and publish its notices."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    notices_dir = out_dir / "notices"
    notices_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "town.db"
    for stale in (db, db.with_name("town.db-wal"), db.with_name("town.db-shm")):
        stale.unlink(missing_ok=True)

    with enforcement.open_store(f"sqlite:///{db}") as store:
        import_initial(store)
        append_evidence(store, EVIDENCE_ROWS)
        for row in DECISION_ROWS:
            store.record_decision(row["ajbh"], decision(row))

        case_ids = [row["ajbh"] for row in CASE_ROWS]
        for case_id in case_ids:
            for path in publish_due(store, case_id, notices_dir, RUN_DAY):
                print(f"{case_id}: published {path}")

        for finding in check_cases(store, case_ids, RUN_DAY):
            print(f"{finding.case_id}: {finding.code} {finding.severity.value} {finding.message}")
            if finding.due is not None:
                print(f"    due {finding.due}, actual {finding.actual}: {finding.explanation}")

        report = store.verify()
        print(f"{store.url}: {report.cases} cases, {report.records} records, head {report.head}")
    return 0 if report.intact else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
