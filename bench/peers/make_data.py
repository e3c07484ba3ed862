#!/usr/bin/env python3
"""Writes the inputs the peer comparisons share, so PidGpu and numpy read the very same files.

  make_data.py layer OUT.npy N d        one layer of states: 64 factors of strength 0.97^j plus noise of sd 0.2 (float32; uniform draws),
                                        the spectrum of bench/PidGpu.Bench/ReductionData.cs (95 % takes about 45 components)
  make_data.py gaussian DIR N d1 d2     X1 (N x d1), X2 (N x d2) and a scalar Y mixing both (float32), for the end-to-end
                                        Gaussian PID comparison
"""
import sys
import numpy as np


def uniform(rng, shape):
    """Unit-variance uniform values, as LowRankData.Decaying draws them."""
    return (rng.random(shape) - 0.5) * np.sqrt(12)


def layer(n, d, rng):
    factors = 64
    loadings = uniform(rng, (factors, d)) * (0.97 ** np.arange(factors))[:, None]
    return (uniform(rng, (n, factors)) @ loadings + 0.2 * uniform(rng, (n, d))).astype(np.float32)


def main(argv):
    rng = np.random.default_rng(20261206)
    if argv[1] == "layer":
        np.save(argv[2], layer(int(argv[3]), int(argv[4]), rng))
    elif argv[1] == "gaussian":
        out, n, d1, d2 = argv[2], int(argv[3]), int(argv[4]), int(argv[5])
        x1 = rng.standard_normal((n, d1)).astype(np.float32)
        x2 = (0.6 * x1[:, :min(d1, d2)].mean(axis=1, keepdims=True) + rng.standard_normal((n, d2))).astype(np.float32)
        y = (x1[:, :1] + x2[:, :1] + 0.5 * rng.standard_normal((n, 1))).astype(np.float32)
        for name, a in (("x1", x1), ("x2", x2), ("y", y)):
            np.save(f"{out}/{name}.npy", a)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
