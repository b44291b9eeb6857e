"""One number per KPI: every page of the report prints a KPI's value the same way, because every
page reads the one computed comparison; and with one replication nothing is judged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.table import Table
from matplotlib.text import Text

from lobbysim.experiments.experiment import compare, load_variant, run_experiment
from lobbysim.experiments.runner import SerialExecutor
from lobbysim.model.fileformat import layout_from_dict
from lobbysim.report import figures as F
from lobbysim.report.document import build_figures
from lobbysim.report.findings import NOTE
from lobbysim.sim.kpis import KPI_INFO

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


def _pages(reps: int, lang: str = "en") -> tuple[dict, dict]:
    a, b = load_variant("A", BEFORE, SCEN), load_variant("B", AFTER, SCEN)
    res = run_experiment([a, b], ["mon"], reps, 4, executor=SerialExecutor(), keep_records="all")
    cmp = compare(res, "A", "B")
    cmp["a"]["label"], cmp["b"]["label"] = "Before", "After"
    recs = [[res.records[(v, "mon", r)] for r in range(reps)] for v in ("A", "B")]
    layouts = [layout_from_dict(v.layout_doc) for v in (a, b)]
    with F.style():
        pages = build_figures(layouts, ["Before", "After"], {"mon": recs}, cmp, [], lang, "branch", KPI_INFO)
    return dict(pages), cmp


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _table_rows(fig) -> list[list[str]]:
    rows: dict[int, dict[int, str]] = {}
    for tab in fig.findobj(Table):
        for (r, c), cell in tab.get_celld().items():
            rows.setdefault(id(tab) * 1000 + r, {})[c] = cell.get_text().get_text()
    return [[row[c] for c in sorted(row)] for _, row in sorted(rows.items())]


@pytest.fixture(scope="module")
def report():
    return _pages(3)


def test_each_kpi_reads_the_same_on_every_page(report):
    pages, cmp = report
    label = {n: KPI_INFO[n][0] for n in KPI_INFO}
    table = {r[0]: (r[2], r[3]) for r in _table_rows(pages["mon_kpis"]) if r[0] in label.values()}
    mean_wait, p90 = table[label["wait_mean_min"]], table[label["wait_p90_min"]]
    over15, staff, arrived = (
        table[label["share_wait_over_15min"]],
        table[label["staff_walk_m"]],
        table[label["arrived"]],
    )
    walk = table[label["customer_walk_m"]]
    checked = 0
    # the waits page: its legends
    legends = [t for t in _texts(pages["mon_waits"]) if ": mean " in t or "% over 15 min" in t]
    for i, name in enumerate(("Before", "After")):
        assert f"{name} · Monday: mean {mean_wait[i]}, 90th pct {p90[i]} min" in legends
        assert f"{name} · Monday: {over15[i]} over 15 min" in legends
        checked += 3
    # the staff paths: the total in each panel's title
    titles = [t for t in _texts(pages["mon_staff_spaghetti"]) if "m a day in all" in t]
    assert [re.search(r"staff walk (\S+) m", t).group(1) for t in titles] == list(staff)
    # the customer flow chart: the totals row of its table
    (tot,) = [r for r in _table_rows(pages["mon_customer_flow"]) if r[0] == "all / mean"]
    assert tot[1:] == [*arrived, *walk]
    # the title page: the headline table (value and unit)
    title_rows = {r[1]: (r[2], r[3]) for r in _table_rows(pages["title"])}
    for n in cmp["headline_kpis"]:
        a, b = table[label[n]]
        assert (title_rows[label[n]][0].split(" ")[0], title_rows[label[n]][1].split(" ")[0]) == (a, b), n
        checked += 1
    # the findings: 'from A to B' of every KPI named there
    for sentence in _texts(pages["findings"]):
        m = re.match(r"\d+\. (.+?): on Monday it (?:rises|falls) from (\S+).*? to (\S+)", sentence)
        if m and m.group(1) in table:
            assert (m.group(2), m.group(3)) == table[m.group(1)], sentence
            checked += 1
    assert checked >= 6 + len(cmp["headline_kpis"]) + 1


def test_one_replication_says_cannot_judge_on_the_title_and_findings_pages():
    pages, cmp = _pages(1)
    assert {k["verdict"] for k in cmp["days"]["mon"]["kpis"].values()} == {"n/a"}
    for stem in ("title", "findings"):
        text = " ".join(t for t in _texts(pages[stem]) if t not in NOTE[1])  # the footnote explains the words
        assert "Cannot judge: 1 replication" in text, stem
        assert not re.search(r"\b(better|worse|no meaningful change|changed)\b", text, re.I), stem
    assert {r[-1] for r in _table_rows(pages["title"])[1:]} == {"cannot judge"}
    verdicts = {r[-1] for r in _table_rows(pages["mon_kpis"])[1:]}
    assert verdicts == {"cannot judge"}
