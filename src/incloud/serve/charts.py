"""Trend charts as inline SVG geometry, computed here: no chart library, no script.

A chart is a set of series (one per domain or framework) over the scans in time order; the
template draws each as a polyline with a point per scan and a title on each point.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WIDTH, HEIGHT = 640, 200
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 24, 10, 24


@dataclass(frozen=True)
class Point:
    """One value of a series, placed."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Series:
    """One line: its name, colour class, SVG points and the placed values."""

    name: str
    css: str
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        """The ``points`` attribute of the SVG polyline."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    """A chart's series, axis ticks and size."""

    title: str
    series: tuple[Series, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        """True when no series has a point."""
        return not any(s.points for s in self.series)


def line_chart(
    title: str,
    times: list[datetime],
    values: dict[str, list[float | None]],
    css: dict[str, str],
    unit: str = "",
    top: float | None = None,
) -> Chart:
    """A chart of ``values`` (name -> one value per time, None where there is none)."""
    known = [v for series in values.values() for v in series if v is not None]
    high = top if top is not None else max([*known, 1.0])
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    count = len(times)

    def x(i: int) -> float:
        return PAD_LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return PAD_TOP + plot_h * (1 - v / high)

    series = tuple(
        Series(
            name,
            css.get(name, "s-other"),
            tuple(
                Point(x(i), y(v), f"{name}: {v:g}{unit} on {times[i]:%Y-%m-%d %H:%M}")
                for i, v in enumerate(vals)
                if v is not None
            ),
        )
        for name, vals in values.items()
    )
    y_ticks = tuple((y(high * k / 4), f"{high * k / 4:g}{unit}") for k in range(5))
    step = max(1, count // 6)
    x_ticks = tuple((x(i), f"{times[i]:%m-%d}") for i in range(0, count, step))
    return Chart(title, series, y_ticks, x_ticks)
