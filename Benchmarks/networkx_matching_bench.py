"""networkx's max_weight_matching on the instance CirclesBench matching writes, timed the same way.

Usage: networkx_matching_bench.py FILE, where FILE holds one JSON object
{"n": N, "edges": [[u, v, w], ...], "maxcardinality": bool}. Prints one JSON line:
{"weight": W, "pairs": P, "seconds": S, "maxrss_kb": K} — seconds for the matching alone
(graph built beforehand), max RSS of the whole process.
"""
import json
import resource
import sys
import time

import networkx as nx

with open(sys.argv[1]) as source:
    request = json.load(source)
graph = nx.Graph()
graph.add_nodes_from(range(request["n"]))
graph.add_weighted_edges_from(request["edges"])
start = time.perf_counter()
matching = nx.max_weight_matching(graph, maxcardinality=request["maxcardinality"])
seconds = time.perf_counter() - start
weight = sum(graph[u][v]["weight"] for u, v in matching)
print(json.dumps({
    "weight": weight,
    "pairs": len(matching),
    "seconds": seconds,
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
