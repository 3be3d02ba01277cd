"""Open the real case's report in headless Chromium, offline, and check what it renders.

The page is loaded from disk (file://) with networking disabled: no proxy works
(127.0.0.1:9) and no host name resolves, so anything the page tried to fetch would fail.
Three looks: the DOM after scripts ran (--dump-dom), a screenshot kept as a build artifact
(build/artifacts/), and a DevTools session over a pipe that focuses and hovers a figure
to check that its popup shows the computation.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import select
import struct
import subprocess
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from browserkit import chromium, command

from checks.output.page_assets import HIGHLIGHT_RGB
from checks.output.report import write_case_report
from checks.pipeline import CaseRun, run_case

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "artifacts"
CASE = "kingsoft-cloud-ai-strategy"
TIMEOUT = 60.0


def run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run Chromium once with a hard timeout; show its stderr if it fails."""
    done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


def decode_png(data: bytes) -> np.ndarray:
    """Decode an 8-bit RGB(A), non-interlaced PNG into an (h, w, 3) array (zlib + numpy).

    Sub and Up rows are vectorized; Average and Paeth depend on the pixel to the left, so
    they run byte by byte (about a second for a 1400×3000 screenshot).
    """
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    rows = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    rows = rows.reshape(height, stride + 1)
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.uint8)
    for y in range(height):
        kind, line = int(rows[y, 0]), rows[y, 1:]
        if kind == 0:
            cur = line.copy()
        elif kind == 1:
            sums = np.cumsum(line.reshape(width, bpp).astype(np.int64), axis=0) % 256
            cur = sums.astype(np.uint8).reshape(stride)
        elif kind == 2:
            cur = line + prev  # uint8 arithmetic wraps modulo 256, as the filter wants
        else:
            up, raw, got = prev.tolist(), line.tolist(), bytearray(stride)
            for i in range(stride):
                left = got[i - bpp] if i >= bpp else 0
                if kind == 3:
                    got[i] = (raw[i] + ((left + up[i]) >> 1)) & 255
                    continue
                corner = up[i - bpp] if i >= bpp else 0
                p = left + up[i] - corner
                pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner
                got[i] = (raw[i] + pred) & 255
            cur = np.frombuffer(bytes(got), dtype=np.uint8)
        out[y] = cur
        prev = cur
    return out.reshape(height, width, bpp)[:, :, :3]


def bands(image: np.ndarray, rgb: tuple[int, int, int]) -> int:
    """Count the separate horizontal bands of rows holding the exact colour `rgb`."""
    rows = np.flatnonzero((image == np.array(rgb, dtype=np.uint8)).all(axis=2).any(axis=1))
    return 0 if rows.size == 0 else int(1 + np.count_nonzero(np.diff(rows) > 1))


@pytest.fixture(scope="module", autouse=True)
def _needs_chromium() -> None:
    chromium()  # skip (or fail in CI) before building anything


def announce(capsys: pytest.CaptureFixture[str], what: str, path: Path) -> None:
    """Print an artifact's path even while pytest captures output."""
    with capsys.disabled():
        print(f"\n{what}: {path}")


@pytest.fixture(scope="module")
def result() -> CaseRun:
    got = run_case(ROOT / "datasets", CASE)
    assert got.problems == []
    return got


@pytest.fixture(scope="module")
def page(result: CaseRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_case_report(result.result, result.case.source, tmp_path_factory.mktemp("report"))


def test_dom_after_scripts_has_figures_and_chart(
    page: Path, result: CaseRun, tmp_path: Path
) -> None:
    dom = run(command(tmp_path / "profile", "--dump-dom", page.as_uri())).stdout.decode()
    html_tag = re.search(r"<html[^>]*>", dom)
    assert html_tag is not None
    assert 'class="js"' in html_tag.group(0)  # the inline script ran
    assert f'data-figures="{len(result.case.facts)}"' in html_tag.group(0)
    figs = re.findall(r'<a class="fig (v-[a-z]+)[^"]*"[^>]*data-fact="([a-z0-9_]+)"', dom)
    assert sorted(f for _, f in figs) == sorted(r["fact_id"] for r in result.case.facts)
    assert {v for v, _ in figs} >= {"v-holds", "v-fails", "v-unverifiable", "v-none"}
    rows = re.findall(r'<g class="chart-row"[^>]*data-claim="([a-z0-9_]+)"', dom)
    assert sorted(rows) == sorted(s.claim_id for s in result.specs)
    assert '<div id="tip" hidden="" role="tooltip"></div>' in dom  # built, not yet shown


def test_screenshot_shows_highlight_colours(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report-kingsoft-cloud-ai-strategy.png"
    shot.unlink(missing_ok=True)
    args = command(
        tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,3000", page.as_uri()
    )
    run(args)
    announce(capsys, "screenshot", shot)
    assert shot.stat().st_size > 50_000
    image = decode_png(shot.read_bytes())
    assert image.shape == (3000, 1400, 3)
    for verdict, rgb in sorted(HIGHLIGHT_RGB.items()):
        # the legend is one band; highlighted figures on other lines of the article add more
        # (the case has no claim that is not computable: its colour is in the legend only)
        least = 1 if verdict == "not_computable" else 3
        assert bands(image, rgb) >= least, f"too few {verdict} highlights in {shot}"


class DevTools:
    """Speak the Chrome DevTools Protocol over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, args: list[str]) -> None:
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Copy the child's ends above 9 first, so dup2 onto 3 and 4 cannot clobber either.
        high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)

        def wire() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        # close_fds=False: subprocess would close 3 and 4 after preexec_fn; Python opens
        # every other descriptor non-inheritable, so nothing else leaks into Chromium.
        self.proc = subprocess.Popen(
            [*args, "--remote-debugging-pipe"],
            close_fds=False,
            preexec_fn=wire,  # dup2 leaves 3 and 4 inheritable; the test runs no threads
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in (to_chrome_r, from_chrome_w, high_r, high_w):
            os.close(fd)
        self.buffer = b""
        self.next_id = 0

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self.buffer:
                raw, _, self.buffer = self.buffer.partition(b"\0")
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    assert "error" not in reply, reply
                    result: dict[str, Any] = reply["result"]
                    return result
            left = deadline - time.monotonic()
            assert left > 0, f"no answer to {method} within {TIMEOUT} s"
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                assert chunk, "Chromium closed the DevTools pipe"
                self.buffer += chunk

    def evaluate(self, session: str, expression: str) -> Any:
        got = self.call(
            "Runtime.evaluate",
            session,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        assert "exceptionDetails" not in got, got
        return got["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError):  # it may be gone already
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        os.close(self.to_chrome)
        os.close(self.from_chrome)


@pytest.fixture
def devtools(page: Path, tmp_path: Path) -> Iterator[tuple[DevTools, str]]:
    tools = DevTools(command(tmp_path / "profile", "--window-size=1400,1000", "about:blank"))
    try:
        target = tools.call("Target.createTarget", url=page.as_uri())["targetId"]
        session = tools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        deadline = time.monotonic() + TIMEOUT
        loaded = 'location.protocol === "file:" && document.readyState === "complete"'
        while tools.evaluate(session, loaded) is not True:
            assert time.monotonic() < deadline, "the report did not finish loading"
            time.sleep(0.05)
        yield tools, session
    finally:
        tools.close()


_TIP = """new Promise(done => setTimeout(() => {
  const tip = document.getElementById("tip");
  done({hidden: tip.hidden, blocks: tip.querySelectorAll(".claim-block").length,
        ids: tip.querySelectorAll("[id]").length, text: tip.textContent});
}, 400))"""


def test_focus_and_hover_show_the_computation(
    devtools: tuple[DevTools, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tools, session = devtools
    fact = tools.evaluate(
        session,
        'const f = document.querySelector("a.fig.v-fails"); f.scrollIntoView(); f.focus();'
        " f.dataset.fact",
    )
    shown = tools.evaluate(session, _TIP)
    assert shown["hidden"] is False
    assert shown["blocks"] >= 1 and shown["ids"] == 0  # the card, cloned without its ids
    for word in ("fails", "reviewed", "Hedge policy", "computed", fact):
        assert word in shown["text"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = base64.b64decode(tools.call("Page.captureScreenshot", session, format="png")["data"])
    (ARTIFACTS / "report-popup.png").write_bytes(png)
    announce(capsys, "popup screenshot", ARTIFACTS / "report-popup.png")
    tools.evaluate(session, 'document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape"}))')
    tools.evaluate(session, "document.activeElement.blur()")
    assert tools.evaluate(session, _TIP)["hidden"] is True
    box = tools.evaluate(
        session,
        'const g = document.querySelector("a.fig.v-holds"); g.scrollIntoView({block: "center"});'
        " const r = g.getBoundingClientRect(); [r.x + r.width / 2, r.y + r.height / 2]",
    )
    tools.call("Input.dispatchMouseEvent", session, type="mouseMoved", x=box[0], y=box[1])
    hovered = tools.evaluate(session, _TIP)
    assert hovered["hidden"] is False and "holds" in hovered["text"]


def test_chart_renders_as_an_image(
    devtools: tuple[DevTools, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tools, session = devtools
    rect = tools.evaluate(
        session,
        'const r = document.querySelector("svg.chart").getBoundingClientRect();'
        " [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height]",
    )
    x, y, width, height = rect
    assert width > 800 and height > 100
    png = base64.b64decode(
        tools.call(
            "Page.captureScreenshot",
            session,
            format="png",
            captureBeyondViewport=True,
            clip={"x": x, "y": y, "width": width, "height": height, "scale": 1},
        )["data"]
    )
    path = ARTIFACTS / "report-chart.png"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    announce(capsys, "chart screenshot", path)
    image = decode_png(png)
    for colour in ("#2e9d4f", "#d1352b", "#4a5a78"):  # unverifiable rows draw no bar
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert bands(image, rgb) >= 2, colour  # the legend and at least one bar


def test_the_index_script_pages_the_rows_and_shows_its_controls(tmp_path: Path) -> None:
    """With scripts on: 100 rows of 250 shown, the controls visible, a header sortable."""
    from checks.model import CaseSummary
    from checks.output.report import write_index

    counts = dict.fromkeys(("holds", "fails", "unverifiable", "not_computable"), 1)
    rows = [
        CaseSummary(f"case-{n:03d}", None, "Co", 4, {"internal": counts, "external": counts},
                    n % 3, 0, 0, ("share",), f"cases/case-{n:03d}.json")
        for n in range(250)
    ]  # fmt: skip
    page = write_index(rows, tmp_path / "docs", None)
    dom = run(command(tmp_path / "profile", "--dump-dom", page.as_uri())).stdout.decode()
    trs = re.findall(r"<tr data-case=\"case-\d+\"([^>]*)>", dom)
    assert len(trs) == 250
    assert sum("hidden" not in attrs for attrs in trs) == 100
    assert re.search(r'<div id="filters" class="filters">', dom)  # no longer hidden
    assert "250 of 250 cases; page 1 of 3" in dom
    assert dom.count('<th scope="col" data-col=') == 15
    assert dom.count('<button type="button">') == 15  # every heading sorts
