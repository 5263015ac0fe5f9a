"""axe-core in the browser tests: injected from ``tests/browser/node_modules`` (``npm ci`` there, pinned).

:func:`serious_violations` runs axe on the whole page with the WCAG 2.1 A/AA tags and returns the
violations of impact serious or critical; :func:`describe` lists their rules and nodes for a failure message;
:func:`assert_no_serious_violations` is the check a test makes on a page state it has reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import artefact

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING = ("serious", "critical")


def inject_axe(page: Page) -> None:
    """Load axe-core into the page (once per document); fail (never skip) when it is not installed."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in tests/browser (pinned in package-lock.json)",
                    pytrace=False)
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE_JS))


def serious_violations(page: Page) -> list[dict]:
    """Violations of impact serious or critical of the WCAG 2.1 A/AA rules on the page as it is now."""
    inject_axe(page)
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                        resultTypes: ['violations']})""", list(WCAG_TAGS))
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict], limit: int = 8) -> str:
    """One block per rule: id, impact, help and the first nodes' selectors and failure summaries."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:limit]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:200]}")
    return "\n".join(lines)


def assert_no_serious_violations(page: Page, state: str) -> None:
    """Fail with the violations listed (and ``artefacts/browser/axe_<state>.png``) if axe finds any."""
    violations = serious_violations(page)
    if violations:
        page.screenshot(path=artefact(f"axe_{state}.png"))
    assert not violations, f"axe-core, {state}:\n{describe(violations)}"
