"""Graph partitioning: two halves of the nodes (sizes differing by at most one) with the least
weight of edges between them.

The model is qiskit-optimization's ``GraphPartition`` application: minimise the cut weight
``sum w_uv (x_u + x_v - 2 x_u x_v)`` with ``sum x_v = floor(n / 2)`` (an equality: no slack).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from c2q.encoding import Answer, Evaluation
from c2q.problems.constrained import ConstrainedModel, Constraint, Variable
from c2q.problems.modelled import ModelledProblem, chosen

if TYPE_CHECKING:
    import networkx as nx


class GraphPartition(ModelledProblem):
    """Balanced minimum cut.

    :param graph: nodes ``0..n-1`` (at least two), optional ``weight`` edge attribute.
    :param labels: the user's name of each node, or ``None``.
    """

    family = "graphpartition"
    sense = "min"
    node_keys = ("partition",)

    def __init__(self, graph: nx.Graph, labels: Sequence[int | str] | None = None) -> None:
        self.graph = graph
        self.num_nodes = graph.number_of_nodes()
        self.labels = None if labels is None else list(labels)
        self.names = [f"x{v}" for v in range(self.num_nodes)]

    def build_model(self) -> ConstrainedModel:
        linear: dict[int, float] = {}
        quadratic: dict[tuple[int, int], float] = {}
        for u, v, w in self.graph.edges(data="weight", default=1.0):
            linear[u] = linear.get(u, 0.0) + w
            linear[v] = linear.get(v, 0.0) + w
            key = (min(u, v), max(u, v))
            quadratic[key] = quadratic.get(key, 0.0) - 2 * w
        half = Constraint("balance", dict.fromkeys(range(self.num_nodes), 1.0), "==", self.num_nodes // 2)
        return ConstrainedModel([Variable(name) for name in self.names], linear, quadratic, constraints=[half])

    def answer_from(self, assignment: dict[str, int]) -> Answer:
        """The two halves (node lists) and the weight of the edges between them."""
        second = chosen(assignment, self.names)
        first = [v for v in range(self.num_nodes) if v not in set(second)]
        return {"partition": [first, second], "cut_weight": self._cut(set(second))}

    def _cut(self, side: set[int]) -> float:
        return float(sum(w for u, v, w in self.graph.edges(data="weight", default=1.0) if (u in side) != (v in side)))

    def evaluate(self, answer: Answer) -> Evaluation:
        """Cut weight; feasible when the halves split the nodes with sizes differing by at most one."""
        first, second = answer["partition"]
        split = sorted(first + second) == list(range(self.num_nodes))
        return Evaluation(objective=self._cut(set(second)), feasible=split and abs(len(first) - len(second)) <= 1)

    def describe(self) -> dict[str, Any]:
        """Nodes and edges."""
        return {"nodes": self.num_nodes, "edges": self.graph.number_of_edges()}
