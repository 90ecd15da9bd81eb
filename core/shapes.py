"""Every tensor's shape in a (deep, bidirectional) recurrent network, in the course's names.

Course: Sequence Models, week 1 — "Bidirectional RNN" and "Deep RNNs" (a[l]⟨t⟩).
"""

from __future__ import annotations

GATE_BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}


def tensor_shapes(
    kind: str, n_x: int, n_a: int, n_y: int, layers: int = 1, bidirectional: bool = False
) -> list[dict]:
    """Rows of {tensor, shape, parameters, note}; parameters add up to Keras' count_params()."""
    if kind not in GATE_BLOCKS:
        raise ValueError(f"argument `kind` expected one of {sorted(GATE_BLOCKS)}, got {kind!r}")
    if layers < 1 or n_a < 1 or n_x < 1 or n_y < 1:
        raise ValueError(
            f"sizes expected positive integers, got n_x={n_x}, n_a={n_a}, "
            f"n_y={n_y}, layers={layers}"
        )
    k = GATE_BLOCKS[kind]
    bias_rows = 2 if kind == "gru" else 1  # Keras' GRU (reset_after) keeps two bias vectors
    directions = 2 if bidirectional else 1
    rows = [dict(tensor="x⟨t⟩", shape=f"({n_x}, 1)", parameters=0, note="one input step")]
    n_in = n_x
    for layer in range(1, layers + 1):
        sup = f"[{layer}]" if layers > 1 else ""
        for arrow in ("→", "←") if bidirectional else ("",):
            name = f"{sup}{arrow}"
            gates = f" ({k} blocks: " + ("Γu, Γr, c̃" if kind == "gru" else "Γi, Γf, c̃, Γo") + ")"
            rows += [
                dict(
                    tensor=f"Wax{name}",
                    shape=f"({k * n_a}, {n_in})",
                    parameters=k * n_a * n_in,
                    note="input weights" + (gates if k > 1 else ""),
                ),
                dict(
                    tensor=f"Waa{name}",
                    shape=f"({k * n_a}, {n_a})",
                    parameters=k * n_a * n_a,
                    note="recurrent weights, shared by every step",
                ),
                dict(
                    tensor=f"ba{name}",
                    shape=f"({bias_rows * k * n_a},)",
                    parameters=bias_rows * k * n_a,
                    note="bias",
                ),
                dict(
                    tensor=f"a{name}⟨t⟩",
                    shape=f"({n_a}, 1)",
                    parameters=0,
                    note="hidden state" + (", c⟨t⟩ the same size" if kind == "lstm" else ""),
                ),
            ]
        n_in = directions * n_a
    rows += [
        dict(tensor="Wya", shape=f"({n_y}, {n_in})", parameters=n_y * n_in, note="read-out"),
        dict(tensor="by", shape=f"({n_y},)", parameters=n_y, note="read-out bias"),
        dict(tensor="ŷ⟨t⟩", shape=f"({n_y}, 1)", parameters=0, note="one output step"),
    ]
    return rows
