"""Playback of the years (issue 14): play with the keyboard, the year label and the colours change per frame,
pause writes the year into the year control and the URL; the frames come in one request."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from callbacks import ids
from tests.browser.conftest import artefact, choose, collect_console_errors, drawn_regions, wait_for_map

pytestmark = pytest.mark.browser

FRAME_MS = 2500  # a year stays this long in the test: time to read each frame's colours


def test_play_steps_through_the_years_and_pause_writes_the_year(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    frame_requests = []
    atlas_page.on("request", lambda r: frame_requests.append(r) if "_dash-update-component" in r.url
                  and ids.PLAYBACK_FRAMES in (r.post_data or "") else None)
    atlas_page.goto(f"{live_server.url}/?level=1&layers=outlines&year=2014")
    wait_for_map(atlas_page)
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("2014 · NUTS 1")
    before = drawn_regions(atlas_page)
    atlas_page.evaluate(f"() => {{ window.atlasPlayback.frameMs = {FRAME_MS}; }}")

    button = atlas_page.get_by_role("button", name="Play years")
    button.focus()
    atlas_page.keyboard.press("Enter")  # keyboard-operable
    label = atlas_page.locator("#playback-year")
    expect(label).to_have_text("2008")  # from the first year
    expect(atlas_page.get_by_role("button", name="Pause")).to_be_visible()
    first = drawn_regions(atlas_page)
    assert first["locations"] == before["locations"]
    assert "· 2008" in atlas_page.evaluate("() => document.querySelector('#map .js-plotly-plot').layout.title.text")
    expect(label).to_have_text("2009")
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text(re.compile(r"(2009|2010) · NUTS 1 .* · playback"))
    second = drawn_regions(atlas_page)
    changed = sum(a != b for a, b in zip(first["colours"], second["colours"], strict=True))
    assert changed > 0, "the map colours must change between frames"
    assert first["z"] != second["z"]
    assert all(c is not None for c, z in zip(second["colours"], second["z"], strict=True) if z is not None)
    atlas_page.screenshot(path=artefact("playback_2009.png"))

    atlas_page.get_by_role("button", name="Pause").press("Enter")
    paused = int(label.inner_text())
    assert paused in (2009, 2010)
    expect(atlas_page.get_by_role("button", name="Play years")).to_be_visible()
    expect(atlas_page.locator(f"#{ids.YEAR_SELECT}-value")).to_contain_text(str(paused))
    expect(atlas_page).to_have_url(re.compile(rf"[?&]year={paused}(&|$)"))
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text(f"{paused} · NUTS 1")
    expect(label).to_have_text(str(paused))  # the label stays on the paused year
    assert len(frame_requests) == 1, "all years' values come in one request"
    times = atlas_page.evaluate("() => window.atlasPlayback.times")
    assert [t["year"] for t in times][:2] == [2008, 2009] and all(t["ms"] > 0 for t in times)

    # play again: resumes after the paused year; the user's change of a control stops it and hides the label
    atlas_page.get_by_role("button", name="Play years").click()
    expect(label).to_have_text(str(paused + 1))
    atlas_page.locator(f"#{ids.LEVEL_SELECT}").get_by_text("NUTS 2").click()
    expect(atlas_page.get_by_role("button", name="Play years")).to_be_visible()
    expect(label).to_be_hidden()
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("· NUTS 2")
    shown = int(atlas_page.locator(f"#{ids.YEAR_SELECT}-value").inner_text())
    assert shown in (paused + 1, paused + 2)  # the new view starts at the year the map showed
    atlas_page.screenshot(path=artefact("playback_stopped.png"))

    # the user picks a year during playback: playback stops and that year stays
    atlas_page.get_by_role("button", name="Play years").click()
    expect(label).to_have_text(str(shown + 1))  # the stop counts as a pause: play resumes after it
    choose(atlas_page, ids.YEAR_SELECT, "2012")
    expect(atlas_page.get_by_role("button", name="Play years")).to_be_visible()
    expect(atlas_page).to_have_url(re.compile(r"[?&]year=2012(&|$)"))
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("2012 · NUTS 2")
    assert atlas_page.locator(f"#{ids.YEAR_SELECT}-value").inner_text().strip() == "2012"
    assert not errors, errors
