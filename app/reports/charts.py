"""The dashboard's charts, drawn on the server as SVG (pygal): nothing to fetch at run time, and
they show in a browser with scripts off or no internet at all."""

import math

import pygal
from pygal.style import Style

from app.reports.schemas import ReportRow

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#ccc",
    colors=("#2f855a", "#dd6b20", "#c53030", "#2b6cb0"),
    font_family="'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    title_font_size=16,
)
COMMON = {
    "style": STYLE,
    "js": [],  # pygal's tooltips load a script from a CDN: off
    "disable_xml_declaration": True,
    "explicit_size": False,
    "print_values": True,
}


def rates(title: str, rows: list[ReportRow]) -> str:
    """Two horizontal bars per group: its on-time rate (timeliness alone) and its compliance rate (all
    four checks), in per cent; groups with nothing judged are left out."""
    # pygal stacks horizontal bars from the bottom up; reversed, they read in the table's order.
    judged = [row for row in reversed(rows) if row.on_time_rate is not None]
    chart = pygal.HorizontalBar(
        title=title,
        range=(0, 100),
        width=560,
        height=max(220, 110 + 44 * len(judged)),
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_label=-1,  # department names are long and must read whole
        truncate_legend=-1,
        # pygal sizes label space for Latin letters; a Chinese character is about twice as wide.
        margin_left=7 * max((len(row.label) for row in judged), default=0),
        value_formatter=lambda value: f"{value:.0f}%",
        **COMMON,
    )
    chart.x_labels = [row.label for row in judged]
    chart.add("按时公开率", [round(row.on_time_rate * 100, 1) for row in judged])
    chart.add("合规率（四项检查）", [round((row.compliance_rate or 0) * 100, 1) for row in judged])
    return chart.render(is_unicode=True)


def count_axis(top: int, marks: int = 5) -> list[int]:
    """Whole-number marks from 0 to at least `top`: counts have no fractions, and pygal's own choice
    at low counts (0, 0.2, 0.4 …) printed as integers reads 0 0 0 1 1."""
    step = max(1, math.ceil(top / marks))
    return list(range(0, max(top, 1) + step, step))


def monthly_trend(rows: list[ReportRow]) -> str:
    """Per month of due date: published on time, late, and overdue (the rates are in the table beside)."""
    months = [row for row in rows if row.key != "none"]
    chart = pygal.StackedBar(
        title="按月趋势（按到期月份）",
        width=1100,
        height=300,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_label=-1,  # pygal cuts labels to fit by default: "2025-01 …"
        x_label_rotation=40 if len(months) > 12 else 0,
        y_labels=count_axis(max((row.published_on_time + row.published_late + row.overdue for row in months), default=0)),
        value_formatter=lambda value: f"{value:.0f}",
        formatter=lambda value: f"{value:.0f}" if value else "",  # the printed values: no 0 on empty bars
        **COMMON,
    )
    chart.x_labels = [row.label for row in months]
    chart.add("按时公开", [row.published_on_time for row in months])
    chart.add("逾期公开", [row.published_late for row in months])
    chart.add("逾期未公开", [row.overdue for row in months])
    return chart.render(is_unicode=True)
