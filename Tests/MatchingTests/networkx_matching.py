"""The independent oracle for the Matching tests: networkx's max_weight_matching.

Reads JSON lines {"n": N, "edges": [[u, v, w], ...], "maxcardinality": bool} from the file named
by the first argument and prints, per line, "WEIGHT CARDINALITY" of networkx's matching.
"""
import json
import sys

import networkx as nx

with open(sys.argv[1]) as requests:
    for line in requests:
        request = json.loads(line)
        graph = nx.Graph()
        graph.add_nodes_from(range(request["n"]))
        graph.add_weighted_edges_from(request["edges"])
        matching = nx.max_weight_matching(graph, maxcardinality=request["maxcardinality"])
        weight = sum(graph[u][v]["weight"] for u, v in matching)
        print(weight, len(matching), flush=False)
