"""A classical brute-force MaxCut, as someone might write it: `c2q solve` reads it statically."""

import itertools

import networkx as nx


def max_cut_bruteforce(graph):
    best_value, best_partition = 0, None
    nodes = list(graph.nodes())
    for size in range(1, len(nodes)):
        for side in itertools.combinations(nodes, size):
            left = set(side)
            right = set(nodes) - left
            value = sum(1 for u, v in graph.edges() if (u in left and v in right) or (u in right and v in left))
            if value > best_value:
                best_value, best_partition = value, (left, right)
    return best_value, best_partition


G = nx.Graph()
G.add_edges_from([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)])
print(max_cut_bruteforce(G))
