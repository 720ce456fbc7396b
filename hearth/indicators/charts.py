"""An indicator's months as a line chart drawn on the server: SVG from a template, no JavaScript, presentation
attributes only (the Content-Security-Policy allows no inline styles). The numbers are in the table beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from hearth.indicators.measures import Figure, Month

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    points: str = ""  # the polyline of the months with a figure
    dots: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, "Jan 2026: 81.2%"
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    target_y: float | None = None
    england_y: float | None = None
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM


def chart_draw(
    months: list[Month], series: list[Figure], *, percent: bool, target: float | None, england: float | None
) -> Chart:
    by_month = {figure.month: figure.value for figure in series}
    values = [value for value in by_month.values() if value is not None]
    top = 100.0 if percent else max([*values, target or 0, england or 0, 1.0]) * 1.15
    chart = Chart()
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(months) - 1, 1)

    def y_of(value: float) -> float:
        return round(TOP + plot_height * (1 - value / top), 1)

    line = []
    for index, month in enumerate(months):
        x = round(LEFT + step * index, 1)
        if index % 3 == len(months) % 3:
            chart.x_ticks.append((x, month.label))
        value = by_month.get(month.start)
        if value is not None:
            line.append(f"{x},{y_of(value)}")
            chart.dots.append((x, y_of(value), f"{month.label}: {value:g}{'%' if percent else ''}"))
    chart.points = " ".join(line)
    chart.y_ticks = [
        (y_of(top * part / 4), f"{top * part / 4:.0f}{'%' if percent else ''}") for part in range(5)
    ]
    chart.target_y = y_of(target) if target is not None else None
    chart.england_y = y_of(england) if england is not None else None
    return chart
