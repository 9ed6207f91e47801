"""The report's figures, as PNG bytes both renderers embed: the problem with its answer (graphs, tours),
the recommender's trade-off, the measurement histogram."""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

#: figure resolution (PNG, used by both formats)
DPI = 144
COLOURS = {"optimal": "#2ca02c", "feasible": "#4c78a8", "infeasible": "#b0b0b0"}
SIDES = ("#4c78a8", "#f58518")
CHOSEN, PLAIN, CUT = "#2ca02c", "#e8e8e8", "#d62728"


def png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    with missing_glyphs_quiet():
        fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


@contextlib.contextmanager
def missing_glyphs_quiet() -> Iterator[None]:
    """A label in a script the font lacks is drawn as a box, without a warning on stderr."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        yield


def new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    return Figure(figsize=(width, height), layout=ConstrainedLayoutEngine(w_pad=0.1, h_pad=0.08))


def _layout(graph: Any) -> dict[int, Any]:
    import networkx as nx

    if graph.number_of_nodes() <= 2 or not nx.is_connected(graph):
        return nx.spring_layout(graph, seed=1)
    return nx.kamada_kawai_layout(graph)


def graph_figure(problem: Any, family: str, answer: dict[str, Any]) -> Any:
    """The graph, with the answer in colour: cut sides, chosen set, clique, colouring."""
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    graph, n = problem.graph, problem.num_nodes
    fig = new_figure(6.4, 4.6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    pos = _layout(graph)
    node_colour, special = [PLAIN] * n, set()
    legend: list[Any] = []  # patches and lines
    edge_style = {"colour": "#555555", "width": 1.2, "style": "solid"}
    if family == "maxcut":
        left = set(answer["partition"][0])
        node_colour = [SIDES[0] if v in left else SIDES[1] for v in range(n)]
        special = {(u, v) for u, v in graph.edges if (u in left) != (v in left)}
        title = f"cut value {answer['cut_value']:g}: {len(special)} of {graph.number_of_edges()} edges cut"
        legend += [Patch(color=SIDES[0], label="side 0"), Patch(color=SIDES[1], label="side 1")]
        legend.append(Line2D([], [], color=CUT, lw=2.5, ls="--", label="cut edge"))
    elif family in ("mis", "vc", "clique"):
        key = {"mis": "independent_set", "vc": "vertex_cover", "clique": "maximum_clique"}[family]
        chosen = set(answer[key] or [])
        node_colour = [CHOSEN if v in chosen else PLAIN for v in range(n)]
        name = {"mis": "independent set", "vc": "vertex cover", "clique": "clique"}[family]
        legend += [Patch(color=CHOSEN, label=name)]
        if family == "vc":
            special = {(u, v) for u, v in graph.edges if u not in chosen and v not in chosen}
            label = "uncovered edge"
        elif family == "mis":
            special = {(u, v) for u, v in graph.edges if u in chosen and v in chosen}
            label = "edge inside the set"
        else:
            special = {(u, v) for u, v in graph.edges if u in chosen and v in chosen}
            label = "clique edge"
        colour = CHOSEN if family == "clique" else CUT
        if special or family == "clique":
            legend.append(Line2D([], [], color=colour, lw=2.5, ls="-" if family == "clique" else "--", label=label))
        title = f"{name} of size {len(chosen)}"
        if family == "clique" and answer.get("k") is not None:
            title += f"; a {answer['k']}-clique {'exists' if answer['exists'] else 'was not found'}"
    else:  # kcolor
        from matplotlib import colormaps

        palette = colormaps["tab10"]
        colours = answer["colouring"]
        node_colour = [palette(c % 10) for c in colours]
        special = {(u, v) for u, v in graph.edges if colours[u] == colours[v]}
        used = sorted(set(colours))
        legend += [Patch(color=palette(c % 10), label=f"colour {c}") for c in used]
        if special:
            legend.append(Line2D([], [], color=CUT, lw=2.5, ls="--", label="conflict"))
        conflicts = answer["conflicts"]
        title = f"{len(used)} colour(s), " + (f"conflicting edge weight {conflicts:g}" if conflicts else "no conflict")
    plain = [e for e in graph.edges if e not in special]
    nx.draw_networkx_edges(graph, pos, edgelist=plain, ax=ax, edge_color=edge_style["colour"], width=1.2)
    if special:
        clique = family == "clique"
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=list(special),
            ax=ax,
            edge_color=CHOSEN if clique else CUT,
            width=2.8,
            style="solid" if clique else "--",
        )
    size = 700 if n <= 12 else max(120, 700 * 12 // n)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=node_colour, node_size=size, edgecolors="#333333")
    labels = problem.labels or list(range(n))
    names = {v: str(labels[v]) for v in range(n)}
    longest = max((len(name) for name in names.values()), default=1)
    nx.draw_networkx_labels(graph, pos, names, ax=ax, font_size=10 if n <= 12 and longest <= 3 else 7)
    weights = {(u, v): problem.weight(u, v) for u, v in graph.edges}
    if any(w != 1.0 for w in weights.values()) and graph.number_of_edges() <= 40:
        nx.draw_networkx_edge_labels(graph, pos, {e: f"{w:g}" for e, w in weights.items()}, ax=ax, font_size=8)
    ax.set_title(title, fontsize=11)
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False)
    ax.margins(0.12)
    return fig


def tsp_figure(problem: Any, answer: dict[str, Any]) -> Any:
    """Cities on a circle, every road with its length, the tour as numbered arrows."""
    import networkx as nx
    from matplotlib.lines import Line2D

    n = problem.num_cities
    fig = new_figure(6.4, 4.6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    roads = nx.Graph()
    roads.add_nodes_from(range(n))
    roads.add_edges_from(
        (i, j) for i in range(n) for j in range(i + 1, n) if problem.roads[i, j] or problem.roads[j, i]
    )
    pos = nx.circular_layout(roads)
    nx.draw_networkx_edges(roads, pos, ax=ax, edge_color="#c8c8c8", width=1.0)
    tour = answer.get("tour")
    if tour:
        steps = nx.DiGraph(list(zip(tour, tour[1:] + tour[:1], strict=True)))
        nx.draw_networkx_edges(
            steps,
            pos,
            ax=ax,
            edge_color=CUT,
            width=2.4,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=18,
            node_size=700,
            connectionstyle="arc3,rad=0.18",
        )
        cost = answer.get("cost")
        length = "-" if cost is None else f"{cost:.4g}"
        title = f"tour {' → '.join(map(str, [*tour, tour[0]]))}, length {length}"
    else:
        title = "no valid tour among the samples"
    if n <= 8:
        d = problem.distances
        label = {(i, j): f"{d[i, j]:g}" if problem.symmetric else f"{d[i, j]:g} / {d[j, i]:g}" for i, j in roads.edges}
        # roads across the circle's centre all meet there: label those off-centre
        across = {e for e in roads.edges if np.linalg.norm(pos[e[0]] + pos[e[1]]) < 1e-6}
        for edges, where in ((set(roads.edges) - across, 0.5), (across, 0.3)):
            texts = nx.draw_networkx_edge_labels(
                roads,
                pos,
                {e: label[e] for e in edges},
                ax=ax,
                font_size=9,
                font_color="#444444",
                label_pos=where,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
            )
            for text in texts.values():
                text.set_zorder(5)
    colours = [CHOSEN if tour and v == tour[0] else PLAIN for v in range(n)]
    nx.draw_networkx_nodes(roads, pos, ax=ax, node_color=colours, node_size=700, edgecolors="#333333")
    nx.draw_networkx_labels(roads, pos, ax=ax, font_size=10)
    legend = [Line2D([], [], color=CUT, lw=2.4, label="tour"), Line2D([], [], color="#c8c8c8", label="road (length)")]
    legend.append(Line2D([], [], marker="o", ls="", color=CHOSEN, markeredgecolor="#333333", ms=10, label="start"))
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False)
    ax.set_title(title, fontsize=11)
    ax.margins(0.12)
    return fig


def ranking_figure(ranking: Any, chosen: str | None) -> Any:
    """Trade-off plot of the feasible targets; targets at the same point share one label."""
    rows = [(rank, row) for rank, row in enumerate((r for r in ranking.targets if r.feasible), 1)]
    priced = any((row.cost or 0.0) > 0 for _, row in rows)
    fig = new_figure(9.0 if priced else 6.4, 3.6)
    axes = fig.subplots(1, 2 if priced else 1, sharey=True, squeeze=False)[0]
    panels = [("seconds", "predicted time (s)"), ("cost", "estimated cost (USD)")][: len(axes)]
    for ax, (key, label) in zip(axes, panels, strict=True):
        groups: dict[tuple[float, float], list[tuple[int, Any]]] = {}
        for rank, row in rows:
            x = max(getattr(row, key) or 0.0, 1e-3)
            groups.setdefault((round(math.log10(x), 1), round(row.fidelity or 0.0, 3)), []).append((rank, row))
        for members in groups.values():
            x = max(getattr(members[0][1], key) or 0.0, 1e-3)
            y = members[0][1].fidelity or 0.0
            top = any(row.name == chosen for _, row in members)
            ax.scatter([x], [y], s=60 if top else 30, c=CHOSEN if top else SIDES[0], edgecolors="#333333", zorder=3)
            text = ", ".join(str(rank) for rank, _ in members)
            above = members[0][0] % 2
            ax.annotate(
                text,
                (x, y),
                xytext=(0, 7 if above else -8),
                textcoords="offset points",
                fontsize=9,
                ha="center",
                va="bottom" if above else "top",
            )
        xs = [max(getattr(row, key) or 0.0, 1e-3) for _, row in rows]
        ax.set_xscale("log")
        ax.set_xlim(min(xs) / 2.5, max(xs) * 12)
        ax.set_xlabel(label + (" (0 shown at 0.001)" if key == "cost" else ""))
        ax.grid(alpha=0.3)
    low = min(row.fidelity or 0.0 for _, row in rows)
    axes[0].set_ylim(min(low, 0.97) - 0.03, 1.015)
    axes[0].set_ylabel("predicted fidelity")
    fig.suptitle("each target's rank, as in the table; green: the target that ran", fontsize=9)
    return fig


def histogram(
    counts: dict[str, int],
    top: list[str],
    chosen: str,
    statuses: list[tuple[str, str]],
    names: dict[str, str],
    value: str,
) -> Any:
    """The bitstrings ``top`` by frequency, coloured by status, the answer ``chosen`` starred.

    :param statuses: ``(status, label)`` of each of ``top``: ``optimal`` / ``feasible`` / ``infeasible``,
        and the text above its bar.
    :param names: what each status means for the family (the legend).
    :param value: what the labels above the bars are (the family's objective).
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    shots = sum(counts.values())
    width = max(len(k) for k in top)
    fig = new_figure(max(6.4, 0.42 * len(top) + 1.5), 4.2 + 0.07 * width)
    ax = fig.add_subplot()
    probabilities = [counts[k] / shots for k in top]
    colours = [COLOURS[s] for s, _ in statuses]
    bars = ax.bar(range(len(top)), probabilities, color=colours, edgecolor="#333333", linewidth=0.6)
    for bar, (_, label), key in zip(bars, statuses, top, strict=True):
        ax.annotate(
            label,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color="#333333",
        )
        if key == chosen:
            ax.plot(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height() * 0.5,
                marker="*",
                ms=13,
                color="white",
                markeredgecolor="black",
            )
    ax.set_xticks(range(len(top)), top, rotation=90, fontfamily="monospace", fontsize=8 if width <= 12 else 7)
    ax.set_xlabel("bitstring (qubit 0 rightmost)")
    ax.set_ylabel("probability")
    ax.set_ylim(0, max(probabilities) * 1.12)
    slack = max(0.0, (6 - len(top)) / 2)  # a few bars stay bar-sized
    ax.set_xlim(-0.6 - slack, len(top) - 0.4 + slack)
    ax.grid(axis="y", alpha=0.3)
    legend: list[Any] = []  # patches and a line
    seen = set()
    for status in ("optimal", "feasible", "infeasible"):
        if status in {s for s, _ in statuses} and names[status] not in seen:
            seen.add(names[status])
            legend.append(Patch(color=COLOURS[status], label=names[status]))
    legend.append(Line2D([], [], marker="*", ls="", ms=11, color="white", markeredgecolor="black", label="answer"))
    ax.legend(
        handles=legend, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(legend), frameon=False
    )
    rest = 1 - sum(probabilities)
    shown = f"{len(top)} of {len(counts)} distinct bitstrings" + (
        f"; the others: {rest:.1%} of shots" if rest > 0 else ""
    )
    fig.suptitle(f"{shots} samples: {shown}. Numbers above the bars: {value}", fontsize=9)
    return fig
