"""The portal in a real browser: search, open a notice, download its PDF and verify it."""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from enforcement.models import Dataset, PartyKind
from enforcement.signing import SigningOptions, check_pdf_signature
from tests.site.browser import chromium, require_chromium, serve
from tests.site.conftest import build

TIMEOUT = 20.0


def _wait(condition: Any, what: str) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            value = condition()
        except StaleElementReferenceException:
            # The page replaced the element while we read it (a result shown after "checking").
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _downloaded(directory: Path, name: str) -> Path:
    path = directory / name

    def done() -> bool:
        partial = list(directory.glob("*.crdownload"))
        return path.is_file() and not partial

    _wait(done, f"the download of {name}")
    return path


def _verify(driver: Any, base: str, pdf: Path) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    driver.get(base + "verify/index.html")
    field = _wait(lambda: driver.find_element(By.ID, "file"), "the file input")
    field.send_keys(str(pdf))

    def outcome() -> tuple[str, str] | None:
        for e in driver.find_elements(By.CSS_SELECTOR, "#result [data-result]"):
            kind, text = str(e.get_attribute("data-result")), str(e.text)
            if kind != "warn" or "撤下" in text or "届满" in text:
                return kind, text
        return None

    result: tuple[str, str] = _wait(outcome, "the verification result")
    return result


def _entry(site: Path, pdf: Path) -> dict[str, Any]:
    listed = json.loads((site / "notices" / "digests.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    entry: dict[str, Any] = next(n for n in listed["notices"] if n["sha256"] == digest)
    return entry


@pytest.fixture(scope="module", params=["unsigned", "signed"])
def signed_or_not(request: pytest.FixtureRequest, signing: SigningOptions) -> SigningOptions | None:
    """The portal's PDFs unsigned, or PAdES-signed by the agency (``site --sign KEY --cert CERT``)."""
    return signing if request.param == "signed" else None


@pytest.fixture(scope="module")
def browser_site(
    demo_dataset: Dataset,
    signed_or_not: SigningOptions | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    require_chromium()
    out = tmp_path_factory.mktemp("browser") / "site"
    build(demo_dataset, out, signing=signed_or_not)
    return out


def test_visitor_finds_downloads_and_verifies_a_notice_and_a_changed_copy_fails(
    browser_site: Path, signed_or_not: SigningOptions | None, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    number = "津新城综执罚〔2020〕4号"
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with serve(browser_site) as base, chromium(downloads) as driver:
        driver.get(base + "index.html")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        search = driver.find_element(By.ID, "q")
        search.send_keys(number)
        search.submit()

        _wait(lambda: "notices/index.html" in driver.current_url, "the notices list")
        rows = _wait(
            lambda: (
                [
                    r
                    for r in driver.find_elements(By.CSS_SELECTOR, "table.notices tbody tr")
                    if r.is_displayed()
                ]
                if driver.find_element(By.ID, "count").text
                else None
            ),
            "the filtered list",
        )
        assert [r.find_element(By.TAG_NAME, "a").text for r in rows] == [number]
        assert driver.find_element(By.ID, "count").text == "共 1 条"

        rows[0].find_element(By.TAG_NAME, "a").click()
        _wait(lambda: driver.current_url.endswith("-decision.html"), "the notice page")
        assert number in driver.find_element(By.CSS_SELECTOR, "article .number").text
        link = driver.find_element(By.CSS_SELECTOR, "a[download]")
        name = str(link.get_attribute("href")).rsplit("/", 1)[1]
        link.click()
        pdf = _downloaded(downloads, name)
        assert pdf.read_bytes() == (browser_site / "notices" / name).read_bytes()
        if signed_or_not is not None:
            check = check_pdf_signature(pdf.read_bytes(), signed_or_not.key.certificate)
            assert check.valid, check.problem

        result, text = _verify(driver, base, pdf)
        assert result == "ok", text
        entry = _entry(browser_site, pdf)
        day = date.fromisoformat(entry["published_on"])
        assert f"{entry['agency']} 于 {day.year}年{day.month}月{day.day}日 公布" in text
        assert number in text
        assert "内容未被改动" in text

        changed = tmp_path / "changed.pdf"
        data = bytearray(pdf.read_bytes())
        data[len(data) // 2] ^= 0x01
        changed.write_bytes(bytes(data))
        result, text = _verify(driver, base, changed)
        assert result == "bad", text
        assert "未通过核验" in text


def _listed(site: Path) -> list[dict[str, str]]:
    """The rows of the notices list as the page holds them (number, party, category, date)."""
    html = (site / "notices" / "index.html").read_text(encoding="utf-8")
    pattern = r'<tr data-number="([^"]*)" data-party="([^"]*)" data-category="([^"]*)" data-date="([^"]*)"'
    return [
        {"number": m[0], "party": m[1], "category": m[2], "date": m[3]}
        for m in re.findall(pattern, html)
    ]


def test_the_filter_finds_by_redacted_party_category_and_dates_never_by_a_real_name(
    demo_dataset: Dataset, browser_site: Path
) -> None:
    from selenium.webdriver.common.by import By

    listed = _listed(browser_site)
    person = next(r for r in listed if r["party"].endswith("某某"))
    category = person["category"]
    lo, hi = "2020-06-01", "2020-10-31"
    in_range = sorted(
        r["number"] for r in listed if r["category"] == category and lo <= r["date"] <= hi
    )
    assert in_range
    assert len(in_range) < len(listed)
    real_names = [
        p.name
        for c in demo_dataset.cases
        for p in c.parties
        if p.kind is PartyKind.PERSON and len(p.name) >= 2
    ]

    def shown(driver: Any) -> list[str]:
        def rows() -> list[str] | None:
            if not driver.find_element(By.ID, "count").text:
                return None
            return [
                r.find_element(By.TAG_NAME, "a").text
                for r in driver.find_elements(By.CSS_SELECTOR, "table.notices tbody tr")
                if r.is_displayed()
            ]

        found: list[str] = _wait(lambda: rows() is not None and rows(), "the filtered list") or []
        return sorted(found)

    with serve(browser_site) as base, chromium() as driver:
        driver.get(f"{base}notices/index.html?category={category}&from={lo}&to={hi}")
        assert shown(driver) == in_range
        assert driver.find_element(By.ID, "count").text == f"共 {len(in_range)} 条"

        driver.get(f"{base}notices/index.html")
        search = _wait(lambda: driver.find_element(By.ID, "q"), "the search box")
        search.send_keys(person["party"])
        expected = sorted(r["number"] for r in listed if r["party"] == person["party"])
        _wait(lambda: shown(driver) == expected, "the rows of the redacted party")

        # A person's name is published only as redacted: searching the real one finds nothing.
        for name in real_names[:5]:
            driver.get(f"{base}notices/index.html?q={name}")
            _wait(
                lambda: driver.find_element(By.ID, "count").text == "共 0 条",
                f"no row for {name}",
            )


def test_verify_page_flags_a_notice_withdrawn_since_it_was_downloaded(
    demo_dataset: Dataset,
    signed_or_not: SigningOptions | None,
    browser_site: Path,
    tmp_path: Path,
) -> None:
    listed = json.loads((browser_site / "notices" / "digests.json").read_text(encoding="utf-8"))
    withdrawn = next(n for n in listed["notices"] if n["status"] == "withdrawn")
    before = date.fromordinal(date.fromisoformat(withdrawn["withdrawn_on"]).toordinal() - 1)
    earlier = build(demo_dataset, tmp_path / "earlier", on=before, signing=signed_or_not)
    name = next(
        n
        for n in earlier
        if n.endswith("-decision.pdf")
        and withdrawn["number"] in earlier[n.replace(".pdf", ".html")].decode()
    )
    pdf = tmp_path / "downloaded.pdf"
    pdf.write_bytes(earlier[name])
    with serve(browser_site) as base, chromium() as driver:
        result, text = _verify(driver, base, pdf)
    assert result == "warn", text
    assert "内容未被改动" in text
    assert "撤下" in text


def test_on_a_phone_no_page_scrolls_sideways_even_with_a_verified_digest_shown(
    browser_site: Path,
) -> None:
    pdf = next((browser_site / "notices").glob("*-decision.pdf"))
    pages = ["index.html", "notices/index.html", f"notices/{pdf.stem}.html", "roster/index.html"]

    def sideways(driver: Any) -> int:
        return int(
            driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
        )

    with serve(browser_site) as base, chromium(width=390) as driver:
        result, text = _verify(driver, base, pdf)
        assert result == "ok", text
        assert sideways(driver) <= 0
        for page in pages:
            driver.get(base + page)
            assert sideways(driver) <= 0, page


def test_missing_chromium_fails_the_browser_tests_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.site import browser

    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium"):
        browser.require_chromium()
