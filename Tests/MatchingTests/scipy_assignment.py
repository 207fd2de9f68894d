"""The independent oracle for mentoring: scipy.optimize.linear_sum_assignment on expanded slots.

Reads JSON lines {"capacities": [...], "mentees": N, "edges": [[mentor, mentee, w], ...],
"maxcardinality": bool} from the file named by the first argument. Each mentor becomes as many
rows as their capacity; a cell is the pair's weight (plus a large constant under maxcardinality,
so that more pairs always win), and 0 where there is no edge, meaning "no mentor". Prints, per
line, "WEIGHT COUNT" of the best assignment.
"""
import json
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment

BIG = 10**9

with open(sys.argv[1]) as requests:
    for line in requests:
        request = json.loads(line)
        slots = [m for m, capacity in enumerate(request["capacities"]) for _ in range(capacity)]
        mentees = request["mentees"]
        if not slots or not mentees:
            print(0, 0)
            continue
        weight = {(m, t): w for m, t, w in request["edges"]}
        cardinal = request["maxcardinality"]
        value = np.zeros((len(slots), mentees), dtype=np.int64)
        for row, mentor in enumerate(slots):
            for mentee in range(mentees):
                w = weight.get((mentor, mentee))
                if w is not None:
                    value[row, mentee] = w + BIG if cardinal else max(w, 0)
        rows, cols = linear_sum_assignment(value, maximize=True)
        chosen = [(slots[r], c) for r, c in zip(rows, cols) if value[r, c] != 0]
        total = sum(weight[pair] for pair in chosen)
        count = len(chosen) if cardinal else sum(1 for pair in chosen if weight[pair] > 0)
        print(total, count)
