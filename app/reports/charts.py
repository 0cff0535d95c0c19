"""The dashboard's charts, drawn on the server as SVG (pygal): nothing to fetch at run time, and
they show in a browser with scripts off or no internet at all."""

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


def on_time_rates(title: str, rows: list[ReportRow]) -> str:
    """A horizontal bar per group: its on-time rate in per cent (groups with nothing judged left out)."""
    judged = [row for row in rows if row.on_time_rate is not None]
    chart = pygal.HorizontalBar(
        title=title,
        show_legend=False,
        range=(0, 100),
        width=560,
        height=max(200, 80 + 30 * len(judged)),
        truncate_label=-1,  # department names are long and must read whole
        # pygal sizes label space for Latin letters; a Chinese character is about twice as wide.
        margin_left=7 * max((len(row.label) for row in judged), default=0),
        value_formatter=lambda value: f"{value:.0f}%",
        **COMMON,
    )
    chart.x_labels = [row.label for row in judged]
    chart.add("按时公开率", [round(row.on_time_rate * 100, 1) for row in judged])
    return chart.render(is_unicode=True)


def monthly_trend(rows: list[ReportRow]) -> str:
    """Per month of due date: published on time, late, and overdue, the month's on-time rate beneath."""
    months = [row for row in rows if row.key != "none"]
    chart = pygal.StackedBar(
        title="按月趋势（按到期月份）",
        width=1100,
        height=320,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        value_formatter=lambda value: f"{value:.0f}" if value else "",
        **COMMON,
    )
    chart.x_labels = [
        f"{row.label} · {'—' if row.on_time_rate is None else f'{row.on_time_rate * 100:.0f}%'}" for row in months
    ]
    chart.add("按时公开", [row.published_on_time for row in months])
    chart.add("逾期公开", [row.published_late for row in months])
    chart.add("逾期未公开", [row.overdue for row in months])
    return chart.render(is_unicode=True)
