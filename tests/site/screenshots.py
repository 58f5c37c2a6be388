"""Take the portal's screenshots in docs/images/: ``python -m tests.site.screenshots``.

Builds the demo's portal, signed with a demo key as ``enforcement demo`` signs its PDFs
(``site --sign KEY --cert CERT``), serves it on 127.0.0.1 and photographs the front page, a
notice page and the verify page (after verifying the notice's PDF) in headless Chromium, at a
desktop and at a phone width.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from enforcement.signing import TZ, SigningOptions
from enforcement.synthetic import generate_dataset
from enforcement.transparency.keys import generate_agency_key, load_signing_key
from tests.site.browser import chromium, serve
from tests.site.conftest import SIGNED_AT, build

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
NOTICE = "notices/XC2020-00005-decision"
WIDTHS = {"": 1200, "-phone": 390}


def _shoot(d: Any, url: str, out: Path, width: int, before: Path | None = None) -> None:
    from selenium.webdriver.common.by import By

    d.set_window_size(width, 900)
    d.get(url)
    if before is not None:
        d.find_element(By.ID, "file").send_keys(str(before))
        time.sleep(1.5)
    height = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(width, min(int(height), 1800 if width > 600 else 2000))
    time.sleep(0.3)
    d.save_screenshot(str(out))


def main() -> None:
    """Write the screenshots."""
    dataset = generate_dataset(cases=60, officers=16, year=2020, seed=2020, defects=0.08)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        key, cert = generate_agency_key(
            dataset.agencies[0], Path(tmp) / "keys", now=datetime(2020, 1, 1, tzinfo=TZ)
        )
        signing = SigningOptions(key=load_signing_key(key, cert), signing_time=SIGNED_AT)
        build(dataset, site, base_url="https://zfgs.example.gov.cn", signing=signing)
        pdf = site / f"{NOTICE}.pdf"
        with serve(site) as base, chromium() as driver:
            for suffix, width in WIDTHS.items():
                _shoot(driver, base + "index.html", IMAGES / f"portal-index{suffix}.png", width)
                _shoot(
                    driver, base + f"{NOTICE}.html", IMAGES / f"portal-notice{suffix}.png", width
                )
                _shoot(
                    driver,
                    base + "verify/index.html",
                    IMAGES / f"portal-verify{suffix}.png",
                    width,
                    before=pdf,
                )


if __name__ == "__main__":
    main()
