"""The libraries a program calls, as the interpreter of :mod:`c2q.codeparse.values` follows them.

Methods of built-in containers and strings, built-in functions, ``math``, ``itertools``,
``collections.defaultdict``, queues (``deque``, ``queue.Queue``) and heaps (``heapq``) as lists,
``gmpy2``'s integer functions, numpy arrays (as nested lists), and networkx graphs (:class:`GraphData`:
built by ``add_edge`` and friends, from adjacency matrices or dicts, or by networkx's own
generators, random ones only with a fixed seed). Each function returns the value the call
certainly has, or :data:`UNKNOWN` when it is not one that can be followed.
"""

from __future__ import annotations

import ast
import collections
import copy
import heapq
import itertools
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from c2q.codeparse.circuits import Circuit, circuit_method, circuit_model
from c2q.codeparse.models import NOT_A_METHOD, BinaryPolynomial, QuboDict, library_model, model_method

#: evaluation gave no certain value
UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()

#: built values (lists, ranges, products) larger than this are not materialised
MAX_SIZE = 10_000

#: bits of a power ``pow(b, e)`` followed here
MAX_POWER_BITS = 4096

#: nodes of a graph a networkx generator may build
MAX_GENERATED_NODES = 2_000

GRAPH_CLASSES = {"Graph", "DiGraph", "MultiGraph"}

#: networkx functions that turn data the program holds into a graph
NX_CONVERTERS = {"from_numpy_array", "from_numpy_matrix", "from_dict_of_lists", "from_edgelist"}

GRAPH_BUILDERS = {
    "add_node", "add_nodes_from", "add_edge", "add_edges_from", "add_weighted_edges_from",  # networkx
    "add_vertex", "add_vertices", "add_edges",  # igraph, jgrapht, graph-tool
    "add_edges_from_no_data", "extend_from_edge_list", "extend_from_weighted_edge_list",  # rustworkx
}  # fmt: skip
#: undirected graph classes of other graph libraries (module -> constructor): igraph, rustworkx,
#: jgrapht, graph-tool; ``indexed``: their nodes are the indices the library hands out
FOREIGN_GRAPHS = {
    "igraph": "Graph", "rustworkx": "PyGraph", "retworkx": "PyGraph", "jgrapht": "create_graph", "graph_tool": "Graph",
}  # fmt: skip
INDEXED_GRAPHS = {"igraph", "rustworkx", "retworkx", "graph_tool"}
#: libraries whose graph classes are followed as themselves; any other library's ``Graph`` (made
#: empty or with a node count) is a graph its ``add_node``/``add_edge`` calls fill, and its ``Edge(u, v, w)`` an edge
KNOWN_GRAPH_LIBRARIES = {"networkx", *FOREIGN_GRAPHS, "dwave_networkx", "torch_geometric", "dgl"}
#: igraph's ``Graph.Famous(name)`` (any case) -> the networkx generator of the same graph
IGRAPH_FAMOUS = {
    "zachary": "karate_club_graph", "petersen": "petersen_graph", "bull": "bull_graph", "cubical": "cubical_graph",
    "dodecahedral": "dodecahedral_graph", "dodecahedron": "dodecahedral_graph", "octahedral": "octahedral_graph",
    "octahedron": "octahedral_graph", "tetrahedral": "tetrahedral_graph", "tetrahedron": "tetrahedral_graph",
    "icosahedral": "icosahedral_graph", "icosahedron": "icosahedral_graph", "krackhardt_kite": "krackhardt_kite_graph",
    "frucht": "frucht_graph", "heawood": "heawood_graph", "tutte": "tutte_graph", "house": "house_graph",
}  # fmt: skip

#: deterministic networkx generators, called with the program's own (known) arguments
NX_GENERATORS = {
    "complete_graph", "cycle_graph", "path_graph", "star_graph", "wheel_graph", "empty_graph", "ladder_graph",
    "circular_ladder_graph", "complete_bipartite_graph", "complete_multipartite_graph", "grid_2d_graph",
    "hypercube_graph", "petersen_graph", "karate_club_graph", "house_graph", "bull_graph", "cubical_graph",
    "dodecahedral_graph", "octahedral_graph", "tetrahedral_graph", "krackhardt_kite_graph", "frucht_graph",
    "heawood_graph", "turan_graph", "barbell_graph", "lollipop_graph", "circulant_graph", "tutte_graph",
    "moebius_kantor_graph", "pappus_graph", "desargues_graph", "icosahedral_graph", "diamond_graph",
}  # fmt: skip

#: random networkx generators: followed only with an integer ``seed``
NX_SEEDED_GENERATORS = {
    "erdos_renyi_graph", "gnp_random_graph", "binomial_graph", "fast_gnp_random_graph", "gnm_random_graph",
    "dense_gnm_random_graph", "random_regular_graph", "barabasi_albert_graph", "watts_strogatz_graph",
    "connected_watts_strogatz_graph", "newman_watts_strogatz_graph", "powerlaw_cluster_graph",
    "random_geometric_graph",
}  # fmt: skip

LIBRARY_CONSTANTS: dict[str, Any] = {
    "math.pi": math.pi, "math.e": math.e, "math.inf": math.inf, "numpy.inf": math.inf, "numpy.pi": math.pi,
    "numpy.Inf": math.inf, "sys.maxsize": sys.maxsize, "numpy.int_": int, "numpy.int32": int, "numpy.int64": int,
    "numpy.float64": float, "numpy.float32": float, "numpy.bool_": bool,
    "pulp.LpMaximize": -1, "pulp.LpMinimize": 1, "pulp.LpBinary": "Binary", "pulp.LpInteger": "Integer",
    "pulp.LpContinuous": "Continuous", "gurobipy.GRB.BINARY": "B", "gurobipy.GRB.MAXIMIZE": -1,
    "gurobipy.GRB.MINIMIZE": 1, "mip.BINARY": "B", "dimod.BINARY": "BINARY", "dimod.Vartype.BINARY": "BINARY",
    "dimod.SPIN": "SPIN", "dimod.Vartype.SPIN": "SPIN",
}  # fmt: skip

#: what a ``collections.defaultdict`` followed here may make for a missing key
DEFAULT_FACTORIES = (list, set, int, float, dict)

MATH: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt, "hypot": math.hypot, "dist": math.dist, "floor": math.floor, "ceil": math.ceil,
    "pow": math.pow, "fabs": math.fabs, "isqrt": math.isqrt, "gcd": math.gcd, "log2": math.log2,
    "exp": math.exp, "log": math.log, "log10": math.log10, "sin": math.sin, "cos": math.cos, "tan": math.tan,
    "atan2": math.atan2, "radians": math.radians, "degrees": math.degrees, "comb": math.comb, "prod": math.prod,
    "asin": math.asin, "acos": math.acos, "atan": math.atan,
}  # fmt: skip

#: ``gmpy2``'s integer functions (factoring code uses them on big numbers), on Python ints
GMPY2: dict[str, Callable[..., Any]] = {
    "isqrt": math.isqrt, "is_square": lambda n: n >= 0 and math.isqrt(n) ** 2 == n, "gcd": math.gcd,
    "mpz": int,
}  # fmt: skip
#: ``heapq``'s functions that change the list they are given, and all it has (the heap is the list)
HEAPQ_IN_PLACE = {"heappush", "heappop", "heapify", "heappushpop", "heapreplace"}
HEAPQ = HEAPQ_IN_PLACE | {"nsmallest", "nlargest"}
#: queues kept as lists: ``collections.deque`` and ``queue.Queue`` (first in, first out)
QUEUES = {("collections", "deque"), ("queue", "Queue"), ("queue", "SimpleQueue")}
#: a queue's methods on the list that holds it
QUEUE_METHODS: dict[str, Callable[[list[Any], list[Any]], Any]] = {
    "put": lambda q, args: q.append(*args),
    "put_nowait": lambda q, args: q.append(*args),
    "appendleft": lambda q, args: q.insert(0, *args),
    "popleft": lambda q, args: q.pop(0) if not args else UNKNOWN,
    "get": lambda q, args: q.pop(0) if not args else UNKNOWN,
    "get_nowait": lambda q, args: q.pop(0) if not args else UNKNOWN,
    "empty": lambda q, args: not q if not args else UNKNOWN,
    "qsize": lambda q, args: len(q) if not args else UNKNOWN,
}

STRING_METHODS = {
    "split", "strip", "lstrip", "rstrip", "lower", "upper", "replace", "join", "splitlines", "startswith",
    "endswith", "isdigit", "zfill", "count", "find",
}  # fmt: skip

#: library functions that change the list they are given (a statement calling one is followed; where
#: its effect is not known, as a shuffle's order, what it was given becomes unknown)
IN_PLACE = {f"heapq.{name}" for name in HEAPQ_IN_PLACE} | {"random.shuffle", "numpy.random.shuffle"}

#: methods without effects: a statement calling one changes nothing even when its value is unknown
PURE_METHODS = STRING_METHODS | {
    "get", "items", "keys", "values", "index", "copy", "tolist", "todense", "toarray", "astype", "nodes", "edges",
    "number_of_nodes",
    "number_of_edges", "has_edge", "neighbors", "degree",
}  # fmt: skip


@dataclass(frozen=True)
class RoutingIndex:
    """OR-tools' ``RoutingIndexManager(places, 1, depot)``: one vehicle leaving from and returning to
    one depot, where the routing index of place ``i`` is ``i`` and index ``places`` is the return
    to the depot (``IndexToNode``, ``NodeToIndex``)."""

    places: int
    depot: int

    def method(self, name: str, args: list[Any]) -> Any:
        """``IndexToNode(i)`` / ``NodeToIndex(i)``; :data:`UNKNOWN` for other methods or indices."""
        if name not in ("IndexToNode", "NodeToIndex") or len(args) != 1 or type(args[0]) is not int:
            return UNKNOWN
        i = args[0]
        if name == "IndexToNode" and i == self.places:
            return self.depot
        return i if 0 <= i < self.places else UNKNOWN


@dataclass
class GraphData:
    """A networkx graph built by the program: nodes in insertion order, edges with weights."""

    nodes: list[Any] = field(default_factory=list)
    edges: dict[tuple[Any, Any], float | None] = field(default_factory=dict)
    #: nodes are the indices 0, 1, ... the library hands out (``rustworkx``'s ``add_node`` returns one)
    indexed: bool = False
    #: node attributes a generator set (``pos`` of ``random_geometric_graph``): name -> node -> value
    attributes: dict[str, dict[Any, Any]] = field(default_factory=dict)

    def add_node(self, node: Any) -> None:
        """Add a node once."""
        if node not in self.nodes:
            self.nodes.append(node)

    def add_edge(self, u: Any, v: Any, weight: float | None = None) -> None:
        """Add (or re-weight) an undirected edge."""
        self.add_node(u)
        self.add_node(v)
        key = (v, u) if (v, u) in self.edges else (u, v)
        self.edges[key] = weight

    def neighbours(self, node: Any) -> dict[Any, EdgeData]:
        """``G[u]``: each neighbour of ``node`` and the data of the edge to it (``G[u][v]["weight"]``)."""
        return {(v if u == node else u): EdgeData(self, (u, v)) for u, v in self.edges if node in (u, v) and u != v}


class EdgeData(dict):  # type: ignore[type-arg]
    """``G[u][v]``: an edge's attributes, ``{"weight": w}`` when it has one; setting its weight sets
    the graph's (``G[u][v]["weight"] = 3``), as networkx's edge data does."""

    def __init__(self, graph: GraphData, edge: tuple[Any, Any]) -> None:
        weight = graph.edges[edge]
        super().__init__({} if weight is None else {"weight": weight})
        self.graph, self.edge = graph, edge

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        if key == "weight":
            self.graph.edges[self.edge] = value


def iterate(value: Any) -> Any:
    """The items a ``for`` loop over ``value`` sees, or :data:`UNKNOWN`."""
    if isinstance(value, GraphData):
        value = value.nodes
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, str):
        value = list(value)
    if isinstance(value, list | tuple) and len(value) <= MAX_SIZE:
        return list(value)
    return UNKNOWN


class SetList(list):  # type: ignore[type-arg]
    """A set, held as the list of its items in a fixed order: a list in every operation, but known
    to have no order of its own (a set of rows is no matrix)."""


def as_set(items: list[Any]) -> list[Any]:
    """A set, as the list of its items in a fixed order (sets are kept as lists): numbers by value
    (the order in which Python iterates a set of small integers), other items by their repr."""
    return SetList(sorted(set(items), key=lambda x: (0, x, "") if type(x) in (int, float) else (1, 0, repr(x))))


#: the operators of sets (sets are held as lists; a list takes none of them)
SET_OPERATORS = ast.BitOr | ast.BitAnd | ast.Sub | ast.BitXor


def set_operation(op: ast.operator, left: list[Any], right: list[Any]) -> Any:
    """``left | right`` (``&``, ``-``, ``^``) on two sets held as lists, as a set held as a list;
    :data:`UNKNOWN` when an item cannot be in a set."""
    if not all(is_hashable(x) for x in left + right):
        return UNKNOWN
    a, b = set(left), set(right)
    result = a | b if isinstance(op, ast.BitOr) else a & b if isinstance(op, ast.BitAnd) else a - b
    return as_set(list(a ^ b if isinstance(op, ast.BitXor) else result))


def is_hashable(value: Any) -> bool:
    """Whether ``value`` can be a set's item or a dict's key."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


#: set methods that answer a question about two sets
SET_TESTS: dict[str, Callable[[set[Any], set[Any]], bool]] = {
    "issubset": lambda a, b: a <= b,
    "issuperset": lambda a, b: a >= b,
    "isdisjoint": lambda a, b: not a & b,
}
#: set methods that return a new set, as the operator that computes it
SET_METHODS: dict[str, type[ast.operator]] = {
    "union": ast.BitOr,
    "intersection": ast.BitAnd,
    "difference": ast.Sub,
    "symmetric_difference": ast.BitXor,
}


def is_matrix(value: Any) -> bool:
    return bool(value) and all(isinstance(row, list) for row in value) and len({len(row) for row in value}) == 1


def call_method(owner: Any, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A method call on a known value: its result (``None`` for one that only changes ``owner``), or
    :data:`UNKNOWN` when it is not one that can be followed."""
    if isinstance(owner, GraphData):
        return _graph_call(owner, name, args, kwargs)
    if isinstance(owner, Circuit):
        return None if not kwargs and circuit_method(owner, name, args) else UNKNOWN
    if isinstance(owner, RoutingIndex):
        return UNKNOWN if kwargs else owner.method(name, args)
    if isinstance(owner, BinaryPolynomial):
        result = model_method(owner, name) if not args and not kwargs else None
        return UNKNOWN if result is None else result
    if isinstance(owner, QuboDict) and not kwargs:
        try:
            result = owner.method(name, args)
        except (ValueError, TypeError):
            return UNKNOWN
        return UNKNOWN if result is NOT_A_METHOD else result
    if kwargs and name not in ("sort", "split"):
        return UNKNOWN
    if isinstance(owner, list):
        if name == "append" and len(args) == 1:
            owner.append(args[0])
        elif name == "add" and len(args) == 1:  # a set, kept as a list
            if args[0] not in owner:
                owner.append(args[0])
        elif name in ("extend", "update") and len(args) == 1 and iterate(args[0]) is not UNKNOWN:
            for item in iterate(args[0]):
                if name == "extend" or item not in owner:
                    owner.append(item)
        elif name == "insert" and len(args) == 2:
            owner.insert(args[0], args[1])
        elif name in ("remove", "discard") and len(args) == 1:
            if args[0] in owner or name == "remove":
                owner.remove(args[0])
        elif name == "pop" and len(args) <= 1:
            return owner.pop(*args)
        elif name in SET_METHODS and args and all(isinstance(a, list) for a in args):  # a set's union(...)
            combined: Any = owner
            for other in args:
                combined = UNKNOWN if combined is UNKNOWN else set_operation(SET_METHODS[name](), combined, other)
            return combined
        elif name in SET_TESTS and len(args) == 1 and iterate(args[0]) is not UNKNOWN:
            if not is_hashable((*owner, *iterate(args[0]))):
                return UNKNOWN
            return SET_TESTS[name](set(owner), set(iterate(args[0])))
        elif name == "sort" and not args and set(kwargs) <= {"reverse"}:
            owner.sort(reverse=bool(kwargs.get("reverse")))
        elif name == "reverse" and not args:
            owner.reverse()
        elif name in ("copy", "tolist", "todense", "toarray") and not args:  # a sparse matrix's dense form too
            return copy.deepcopy(owner)
        elif name == "astype" and len(args) == 1 and args[0] in (int, float) and not kwargs:
            return _elementwise(owner, args[0])  # a numpy array's astype(int), as nested lists
        elif name in ("index", "count") and len(args) == 1:
            return getattr(owner, name)(args[0])
        elif name in QUEUE_METHODS and len(args) <= 1:  # a deque or a queue.Queue, held as a list
            if not owner and name in ("get", "popleft", "get_nowait"):
                return UNKNOWN  # an empty queue blocks or raises
            return QUEUE_METHODS[name](owner, args)
        else:
            return UNKNOWN
        return None
    if isinstance(owner, dict):
        if name == "setdefault" and 1 <= len(args) <= 2:
            return owner.setdefault(args[0], args[1] if len(args) == 2 else None)
        if name == "get" and 1 <= len(args) <= 2:
            return owner.get(*args)
        if name in ("items", "keys", "values") and not args:
            return [tuple(item) if name == "items" else item for item in getattr(owner, name)()]
        if name == "update" and len(args) == 1 and isinstance(args[0], dict):
            owner.update(args[0])
            return None
        if name == "pop" and 1 <= len(args) <= 2:
            return owner.pop(*args)
        if name == "copy" and not args:
            return copy.deepcopy(owner)
        return UNKNOWN
    if isinstance(owner, str) and name in STRING_METHODS:
        result = getattr(owner, name)(*args, **kwargs)
        return list(result) if isinstance(result, list) else result
    return UNKNOWN


def _elementwise(value: Any, convert: Callable[[Any], Any]) -> Any:
    """``convert`` applied to every number of a nested list; :data:`UNKNOWN` if one is not a number."""
    if isinstance(value, list):
        items = [_elementwise(x, convert) for x in value]
        return UNKNOWN if any(x is UNKNOWN for x in items) else items
    return convert(value) if is_number(value) else UNKNOWN


def _graph_call(graph: GraphData, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A networkx graph method: the building ones change ``graph``; a few queries answer."""
    if name in GRAPH_BUILDERS:
        return _graph_method(graph, name, args, kwargs)
    if name == "get_edge_data" and len(args) + len(kwargs) in (2, 3) and set(kwargs) <= {"default"}:
        default = args[2] if len(args) == 3 else kwargs.get("default")
        edge = next((e for e in ((args[0], args[1]), (args[1], args[0])) if e in graph.edges), None)
        if edge is None:
            return default
        weight = graph.edges[edge]
        return {} if weight is None else {"weight": weight}
    if kwargs:
        return UNKNOWN
    if name == "nodes" and not args:
        return list(graph.nodes)
    if name == "edges" and not args:
        return [tuple(edge) for edge in graph.edges]
    if name == "number_of_nodes" and not args:
        return len(graph.nodes)
    if name == "number_of_edges" and not args:
        return len(graph.edges)
    if name == "copy" and not args:
        return copy.deepcopy(graph)
    if name == "has_edge" and len(args) == 2:
        return (args[0], args[1]) in graph.edges or (args[1], args[0]) in graph.edges
    if name == "subgraph" and len(args) == 1 and iterate(args[0]) is not UNKNOWN:
        kept = set(iterate(args[0]))
        part = GraphData(nodes=[v for v in graph.nodes if v in kept], indexed=graph.indexed)
        part.edges = {(u, v): w for (u, v), w in graph.edges.items() if u in kept and v in kept}
        return part
    if name == "degree" and len(args) == 1:
        return sum((u == args[0]) + (v == args[0]) for u, v in graph.edges)
    if name == "neighbors" and len(args) == 1:
        return [v if u == args[0] else u for u, v in graph.edges if args[0] in (u, v) and u != v]
    return UNKNOWN


def call_library(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A library or built-in function on known values (see :data:`BUILTINS`, :data:`MATH`, networkx and numpy)."""
    module, _, short = name.rpartition(".")
    root = module.split(".")[0]
    if FOREIGN_GRAPHS.get(root) == short:
        return _foreign_graph(root, args, kwargs)
    if module and root not in KNOWN_GRAPH_LIBRARIES and short == "Graph" and _sized(args, kwargs):
        return GraphData()  # another library's graph (graphtheory's Graph(n=6)), filled by add_node/add_edge
    if module and root not in KNOWN_GRAPH_LIBRARIES and short == "Edge" and not kwargs and len(args) in (2, 3):
        return tuple(args) if all(a is not UNKNOWN for a in args) else UNKNOWN  # its Edge(u, v, w)
    if module == "igraph.Graph" and short == "Famous":
        return _famous(args, kwargs)
    model = library_model(module, short, args, kwargs)
    if model is None:
        model = circuit_model(module, short, args, kwargs)
    if model is not None:
        return model
    if module == "networkx" or module.startswith("networkx."):
        return _networkx(short, args, kwargs)
    if module == "numpy":
        return _numpy(short, args, kwargs)
    if module == "math" and short in MATH and not kwargs:
        return MATH[short](*args) if all(is_number(a) or isinstance(a, list | tuple) for a in args) else UNKNOWN
    if module == "collections" and short == "defaultdict" and len(args) == 1 and args[0] in DEFAULT_FACTORIES:
        return collections.defaultdict(list if args[0] is set else args[0])  # sets are kept as lists
    if module == "collections" and short == "namedtuple" and len(args) == 2 and set(kwargs) <= {"defaults"}:
        return _named_tuple_type(args[0], args[1], kwargs.get("defaults"))
    if module == "itertools" and short in ("combinations", "permutations", "product") and not kwargs:
        return _itertools(short, args)
    if short == "RoutingIndexManager" and module.split(".")[0] == "ortools":
        return _routing_index(args, kwargs)
    if module == "gmpy2" and short in GMPY2 and not kwargs and all(type(a) is int for a in args):
        return GMPY2[short](*args)
    if module == "heapq" and short in HEAPQ and not kwargs:
        return _heapq(short, args)
    if (module, short) in QUEUES and len(args) <= 1 and not kwargs:
        items = iterate(args[0]) if args else []
        return UNKNOWN if items is UNKNOWN else list(items)
    if module in ("", "builtins"):
        return _builtin(short, args, kwargs)
    return UNKNOWN


AGGREGATES: dict[str, Callable[[Any], Any]] = {"sum": sum, "min": min, "max": max}

CONVERSIONS: dict[str, Callable[[Any], Any]] = {
    "int": int, "float": float, "str": str, "bool": bool, "abs": abs, "round": round,
}  # fmt: skip


def _builtin(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Built-in functions on known values."""
    if kwargs and not set(kwargs) <= {"reverse", "base", "end", "sep"}:
        return UNKNOWN
    one = args[0] if len(args) == 1 else UNKNOWN
    items = iterate(one) if len(args) == 1 else UNKNOWN
    if name == "print":
        return None
    if name == "range":
        return _integers(args)
    if name == "len" and len(args) == 1:
        return len(one.nodes) if isinstance(one, GraphData) else len(one)
    if name in ("list", "tuple", "set", "sorted", "reversed") and len(args) <= 1:
        if not args:
            return () if name == "tuple" else []
        if items is UNKNOWN:
            return UNKNOWN
        if name == "sorted":
            return sorted(items, reverse=bool(kwargs.get("reverse")))
        if name in ("tuple", "set"):
            return tuple(items) if name == "tuple" else as_set(items)
        return items[::-1] if name == "reversed" else items
    if name == "dict" and len(args) <= 1:
        return {} if not args else dict(copy.deepcopy(one)) if isinstance(one, dict) else dict(items)
    if name in ("all", "any") and len(args) == 1 and items is not UNKNOWN:
        return all(items) if name == "all" else any(items)
    if name in ("sum", "min", "max") and args:
        pool = items if len(args) == 1 else args
        if pool is UNKNOWN or (name != "sum" and not pool):
            return UNKNOWN
        return AGGREGATES[name](pool)
    if name == "enumerate" and len(args) in (1, 2):
        values = iterate(args[0])
        return UNKNOWN if values is UNKNOWN else list(enumerate(values, args[1] if len(args) == 2 else 0))
    if name == "zip" and args:
        pools = [iterate(a) for a in args]
        return UNKNOWN if any(p is UNKNOWN for p in pools) else list(zip(*pools, strict=False))
    if name == "map" and len(args) == 2 and args[0] in (int, float, str):
        values = iterate(args[1])
        return UNKNOWN if values is UNKNOWN else [args[0](v) for v in values]
    if name == "pow" and len(args) in (2, 3) and all(type(a) is int for a in args):
        return _power(*args)
    if name == "divmod" and len(args) == 2 and all(type(a) is int for a in args) and args[1]:
        return divmod(args[0], args[1])
    if name in ("int", "float", "str", "bool", "abs", "round") and 1 <= len(args) <= 2:
        if name == "int" and (len(args) == 2 or "base" in kwargs) and isinstance(args[0], str):
            return int(args[0], args[1] if len(args) == 2 else kwargs["base"])  # bit strings: int("1011", 2)
        if name == "round" and len(args) == 2:
            return round(args[0], args[1])
        if len(args) == 1 and (is_number(one) or isinstance(one, str | bool)):
            return CONVERSIONS[name](one)
    return UNKNOWN


def _power(base: int, exponent: int, modulus: int | None = None) -> Any:
    """``pow(b, e, m)`` (modular exponentiation: Shor's classical part, Miller-Rabin, RSA), or
    ``pow(b, e)`` while its value stays within a few thousand bits; :data:`UNKNOWN` otherwise."""
    if modulus is not None:
        return pow(base, exponent, modulus) if modulus and (exponent >= 0 or math.gcd(base, modulus) == 1) else UNKNOWN
    if exponent < 0 or base.bit_length() * exponent > MAX_POWER_BITS:
        return UNKNOWN
    return base**exponent


def _routing_index(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``RoutingIndexManager(places, vehicles, depot)`` with one vehicle; :data:`UNKNOWN` otherwise."""
    if kwargs or len(args) != 3 or any(type(a) is not int for a in args):
        return UNKNOWN
    places, vehicles, depot = args
    return RoutingIndex(places, depot) if vehicles == 1 and 0 <= depot < places else UNKNOWN


def _heapq(short: str, args: list[Any]) -> Any:
    """A ``heapq`` function on a known list (changed in place, as in Python); :data:`UNKNOWN` when
    its items cannot be compared."""
    if not args or not isinstance(args[0] if short not in ("nsmallest", "nlargest") else args[-1], list):
        return UNKNOWN
    try:
        return getattr(heapq, short)(*args)
    except (TypeError, IndexError):
        return UNKNOWN


def _itertools(short: str, args: list[Any]) -> Any:
    pools = [iterate(a) if not isinstance(a, int) else a for a in args]
    if any(p is UNKNOWN for p in pools):
        return UNKNOWN
    if short == "product":
        lists = [p for p in pools if isinstance(p, list)]
        if len(lists) != len(pools) or math.prod(len(p) for p in lists) > MAX_SIZE:
            return UNKNOWN
        return [tuple(t) for t in itertools.product(*lists)]
    pool, r = pools[0], pools[1] if len(pools) > 1 else None
    if not isinstance(pool, list) or (r is not None and not isinstance(r, int)):
        return UNKNOWN
    count = math.comb(len(pool), r) if short == "combinations" and r is not None else math.perm(len(pool), r)
    if count > MAX_SIZE:
        return UNKNOWN
    return [tuple(t) for t in getattr(itertools, short)(pool, r)]


def _networkx(short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Graphs networkx builds: an empty or edge-list ``Graph``, an adjacency matrix or dict, a generator."""
    if short in GRAPH_CLASSES:
        graph = GraphData()
        if not args:
            return graph
        source = args[0]
        if isinstance(source, GraphData):
            return copy.deepcopy(source)
        if isinstance(source, dict):
            return _from_adjacency_dict(source)
        return UNKNOWN if _graph_method(graph, "add_edges_from", [source], {}) is UNKNOWN else graph
    if short in ("from_numpy_array", "from_numpy_matrix") and len(args) == 1 and is_matrix(args[0]):
        return _from_matrix(args[0])
    if short in ("from_dict_of_lists", "from_dict_of_dicts", "to_networkx_graph") and len(args) == 1:
        return _from_adjacency_dict(args[0]) if isinstance(args[0], dict) else _networkx("from_edgelist", args, {})
    if short == "from_edgelist" and len(args) == 1:
        graph = GraphData()
        return UNKNOWN if _graph_method(graph, "add_edges_from", args, {}) is UNKNOWN else graph
    if short in NX_GENERATORS or short in NX_SEEDED_GENERATORS:
        return _generated(short, args, kwargs)
    if short in GRAPH_TO_MATRIX and len(args) == 1 and isinstance(args[0], GraphData):
        return _to_matrix(args[0], kwargs)
    if short == "get_node_attributes" and len(args) == 2 and isinstance(args[0], GraphData) and not kwargs:
        return copy.deepcopy(args[0].attributes.get(args[1], {}))  # pos = nx.get_node_attributes(G, "pos")
    return UNKNOWN


#: networkx's graph -> adjacency matrix conversions (``adjacency_matrix`` is sparse: ``.todense()`` follows)
GRAPH_TO_MATRIX = {"to_numpy_array", "to_numpy_matrix", "adjacency_matrix"}


def _to_matrix(graph: GraphData, kwargs: dict[str, Any]) -> Any:
    """``nx.to_numpy_array(G)``: rows and columns in the graph's node order, an edge's weight (1 for
    an edge without one, or with ``weight=None``) at both of its ends, 0 elsewhere."""
    if set(kwargs) - {"weight"} or kwargs.get("weight", "weight") not in ("weight", None):
        return UNKNOWN
    index = {node: i for i, node in enumerate(graph.nodes)}
    if len(index) > MAX_GENERATED_NODES:
        return UNKNOWN
    matrix: list[list[float]] = [[0] * len(index) for _ in index]
    for (u, v), weight in graph.edges.items():
        value = 1 if weight is None or kwargs.get("weight", "weight") is None else weight
        matrix[index[u]][index[v]] = matrix[index[v]][index[u]] = value
    return matrix


def _generated(short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A networkx generator's graph, built by networkx itself from the known arguments; a random one
    only with a fixed integer ``seed`` (the graph is then what the program gets)."""
    import inspect

    import networkx as nx

    if any(isinstance(a, int) and a > MAX_GENERATED_NODES for a in [*args, *kwargs.values()]):
        return UNKNOWN
    function = getattr(nx, short)
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
    except TypeError:
        return UNKNOWN
    if short in NX_SEEDED_GENERATORS and not isinstance(bound.arguments.get("seed"), int):
        return UNKNOWN  # unseeded randomness: the program's graph is not knowable
    graph = function(*args, **kwargs)
    if graph.number_of_nodes() > MAX_GENERATED_NODES or graph.number_of_edges() > MAX_SIZE:
        return UNKNOWN
    data = GraphData(nodes=list(graph.nodes))
    for u, v, weight in graph.edges(data="weight"):
        data.add_edge(u, v, weight)
    for node, attributes in graph.nodes(data=True):
        for name, value in attributes.items():
            data.attributes.setdefault(name, {})[node] = _as_lists(value)
    return data


def _from_matrix(matrix: list[list[Any]]) -> GraphData:
    graph = GraphData(nodes=list(range(len(matrix))))
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if j > i and value:
                graph.add_edge(i, j, None if value == 1 else value)
    return graph


def _from_adjacency_dict(adjacency: dict[Any, Any]) -> Any:
    graph = GraphData(nodes=list(adjacency))
    for u, neighbours in adjacency.items():
        items = neighbours.items() if isinstance(neighbours, dict) else ((v, None) for v in iterate(neighbours))
        for v, attributes in items:
            weight = attributes.get("weight") if isinstance(attributes, dict) else attributes
            graph.add_edge(u, v, weight)
    return graph


def _numpy(short: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """numpy arrays as nested lists: from literals, ranges of integers, or filled with zeros, ones or a value."""
    if set(kwargs) - {"dtype"}:
        return UNKNOWN
    if short in ("array", "asarray", "matrix") and len(args) == 1 and isinstance(args[0], list | tuple):
        return _as_lists(args[0])
    if short == "arange" and not kwargs:
        return _integers(args)
    if short in ("zeros", "ones", "full") and 1 <= len(args) <= 2:
        fill = {"zeros": 0, "ones": 1}.get(short, args[-1])
        shape = args[0] if isinstance(args[0], list | tuple) else (args[0],)
        if not all(type(d) is int and 0 <= d <= MAX_SIZE for d in shape) or math.prod(shape) > MAX_SIZE:
            return UNKNOWN
        if kwargs.get("dtype") is float or (short != "full" and kwargs.get("dtype") is None):
            fill = float(fill) if is_number(fill) else fill
        return _filled(list(shape), fill)
    return UNKNOWN


def _integers(args: list[Any]) -> Any:
    """``range(*args)`` (and numpy's ``arange`` of integers) as a list, when it is not too long."""
    if not (1 <= len(args) <= 3 and all(type(a) is int for a in args)):
        return UNKNOWN
    values = range(*args)
    return list(values) if len(values) <= MAX_SIZE else UNKNOWN


def _as_lists(value: Any) -> Any:
    return [_as_lists(v) for v in value] if isinstance(value, list | tuple) else value


def _filled(shape: list[int], fill: Any) -> list[Any]:
    if len(shape) == 1:
        return [fill] * shape[0]
    return [_filled(shape[1:], fill) for _ in range(shape[0])]


def _graph_method(graph: GraphData, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Apply a graph-building method (networkx, igraph, rustworkx, jgrapht, graph-tool): its result
    (``None``, or the index of a new node of an indexed graph), :data:`UNKNOWN` when it cannot be followed."""
    weight = kwargs.get("weight")
    if method in ("add_node", "add_vertex") and len(args) <= 1 and (args or graph.indexed or method == "add_vertex"):
        if graph.indexed or not args:  # the library numbers the node; its argument is a payload
            graph.nodes.append(len(graph.nodes))
            return graph.nodes[-1]
        graph.add_node(args[0])
    elif method == "add_vertices" and len(args) == 1 and type(args[0]) is int and graph.indexed:  # igraph
        graph.nodes.extend(range(len(graph.nodes), len(graph.nodes) + args[0]))
    elif method in ("add_nodes_from", "add_vertices") and len(args) == 1 and isinstance(args[0], list | tuple):
        if graph.indexed:
            indices = list(range(len(graph.nodes), len(graph.nodes) + len(args[0])))
            graph.nodes.extend(indices)
            return indices
        for node in args[0]:
            graph.add_node(node)
    elif method == "add_edge" and len(args) in (2, 3):
        payload = args[2] if len(args) == 3 else weight
        graph.add_edge(args[0], args[1], edge_weight(payload))
    elif method == "add_edge" and len(args) == 1 and isinstance(args[0], tuple) and len(args[0]) in (2, 3):
        ends = args[0]  # an edge object (graphtheory's Edge(u, v, w)), held as its tuple
        graph.add_edge(ends[0], ends[1], edge_weight(ends[2] if len(ends) == 3 else weight))
    elif method in GRAPH_BUILDERS and method.endswith(("edges_from", "edges", "edge_list")) and len(args) == 1:
        for edge in args[0] if isinstance(args[0], list | tuple) else [None]:
            if not isinstance(edge, list | tuple) or len(edge) not in (2, 3):
                return UNKNOWN
            graph.add_edge(edge[0], edge[1], edge_weight(edge[2] if len(edge) == 3 else weight))
    else:
        return UNKNOWN
    return None


def _sized(args: list[Any], kwargs: dict[str, Any]) -> bool:
    """``Graph()``, ``Graph(6)``, ``Graph(n=6)``, ``Graph(directed=False)``: nothing but a size or flags."""
    values = [*args, *kwargs.values()]
    return len(values) <= 2 and all(type(v) in (int, bool) for v in values)


def edge_weight(payload: Any) -> Any:
    """An edge's weight from its payload: a number, or networkx's ``{"weight": w}``; else none."""
    if isinstance(payload, dict):
        payload = payload.get("weight")
    return payload if is_number(payload) else None


def _foreign_graph(library: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """An empty undirected graph of another library, or igraph's ``Graph(n, edges)``."""
    if kwargs.get("directed"):
        return UNKNOWN
    graph = GraphData(indexed=library in INDEXED_GRAPHS)
    options = {k: v for k, v in kwargs.items() if k not in ("directed", "weighted", "n", "edges")}
    if library != "igraph":
        return graph if not args and not options else UNKNOWN
    n, edges = [*args, None, None][:2] if len(args) <= 2 else (UNKNOWN, UNKNOWN)
    n, edges = kwargs.get("n", n), kwargs.get("edges", edges)
    if isinstance(n, list):  # Graph(edges)
        n, edges = None, n
    if options or not (n is None or type(n) is int) or (n or 0) > MAX_GENERATED_NODES:
        return UNKNOWN
    graph.nodes.extend(range(n or 0))
    if edges is not None and _graph_method(graph, "add_edges", [edges], {}) is UNKNOWN:
        return UNKNOWN
    for u, v in graph.edges:  # igraph grows the vertex set to the largest index an edge names
        for end in (u, v):
            if type(end) is not int or end < 0:
                return UNKNOWN
    graph.nodes = list(range(max([len(graph.nodes) - 1, *(max(e) for e in graph.edges)]) + 1))
    return graph


def _famous(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """igraph's ``Graph.Famous("Zachary")``: the named graph, built by networkx's generator of it
    (the same graph; igraph's own numbering of its nodes may differ)."""
    name = args[0] if len(args) == 1 and not kwargs else None
    generator = IGRAPH_FAMOUS.get(name.lower()) if isinstance(name, str) else None
    graph = UNKNOWN if generator is None else _generated(generator, [], {})
    if isinstance(graph, GraphData):  # unweighted, as igraph has it (networkx weights the karate club's edges)
        graph.indexed, graph.edges = True, dict.fromkeys(graph.edges)
    return graph


def is_number(value: Any) -> bool:
    """An int or float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _named_tuple_type(name: Any, fields: Any, defaults: Any) -> Any:
    """The type ``collections.namedtuple`` makes (a plain tuple subclass: building it runs nothing of the
    program's); :data:`UNKNOWN` for names or fields it would refuse."""
    if not isinstance(name, str) or not isinstance(fields, str | list | tuple):
        return UNKNOWN
    if not all(isinstance(f, str) for f in ([] if isinstance(fields, str) else fields)):
        return UNKNOWN
    try:
        return collections.namedtuple(name, fields, defaults=defaults)
    except (TypeError, ValueError):
        return UNKNOWN
