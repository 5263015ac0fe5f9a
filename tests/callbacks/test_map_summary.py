"""The map's text alternative on the embedded data (the issue's example sentence) and its table."""

from analysis.registry import INDICATORS
from callbacks.map_summary import summary_table, view_summary
from views.state import View
from views.values import indicator_values


def test_default_view_reads_like_the_issue_example(store):
    summary = view_summary(store, View(), "en")
    assert summary.sentence.startswith(
        "Location quotient of C Manufacturing, NUTS 2, 2014: highest in Severovýchod (2.09), Strední Morava (2.08), ")
    assert summary.sentence.endswith("; 47 of 320 regions without data")
    values = indicator_values(store, View())
    assert summary.missing == int(values["value"].isna().sum()) and summary.total == len(values)
    assert summary.top.index[0] == values["value"].idxmax()


def test_french_follows_lang(store):
    french = view_summary(store, View(), "fr").sentence
    assert french.startswith(
        "Quotient de localisation de C Manufacturing, NUTS 2, 2014: les plus élevés : Severovýchod (2,09)")
    assert french.endswith("47 régions sur 320 sans données")


def test_table_has_column_and_row_headers(store):
    summary = view_summary(store, View(), "en")
    details = summary_table(summary, "en")
    table = details[1]
    caption, head, body = table.children
    assert [th.children for th in head.children.children] == ["Rank", "Region", "NUTS code", "Value"]
    assert all(th.scope == "col" for th in head.children.children)
    assert [row.children[1].scope for row in body.children] == ["row"] * len(summary.top)
    assert body.children[0].children[1].children == "Severovýchod"


def test_regional_index_says_all_sectors(store):
    key = next(k for k, spec in INDICATORS.items() if spec.scope == "region")
    assert view_summary(store, View(indicator=key), "en").sentence.startswith(
        f"{INDICATORS[key].label} of all sectors, NUTS 2, 2014: highest in ")
