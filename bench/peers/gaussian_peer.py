#!/usr/bin/env python3
"""The numpy side of the end-to-end Gaussian PID comparison (issue 16): read X1, X2, Y (.npy, N x d each), fit the joint
covariance of [X1 | X2 | Y] and decompose it with the minimum-mutual-information (MMI) PID of Barrett (2015), in bits.
Prints the atoms and the wall time of each step, for `pidgpu decompose --estimator gaussian --measure mmi --pca 0
--gaussianize none` on the same files. Written here from the closed form, independently of PidGpu's code.

  gaussian_peer.py X1.npy X2.npy Y.npy
"""
import sys
import time
import numpy as np


def mutual_information_bits(cov, a, b):
    """I(A;B) of jointly Gaussian blocks a, b (index lists) of cov: (log det Σa + log det Σb − log det Σab) / 2, in bits."""
    ab = a + b
    logdet = lambda idx: np.linalg.slogdet(cov[np.ix_(idx, idx)])[1]
    return (logdet(a) + logdet(b) - logdet(ab)) / (2 * np.log(2))


def main(argv):
    start = time.perf_counter()
    x1, x2, y = (np.load(p) for p in argv[1:4])
    x1, x2, y = (a.reshape(len(a), -1) for a in (x1, x2, y))
    read = time.perf_counter() - start
    clock = time.perf_counter()
    joint = np.hstack([x1, x2, y]).astype(np.float64)
    cov = np.cov(joint, rowvar=False)
    fit = time.perf_counter() - clock
    clock = time.perf_counter()
    d1, d2, dy = x1.shape[1], x2.shape[1], y.shape[1]
    i1, i2, iy = list(range(d1)), list(range(d1, d1 + d2)), list(range(d1 + d2, d1 + d2 + dy))
    m1, m2, m12 = (mutual_information_bits(cov, s, iy) for s in (i1, i2, i1 + i2))
    r = min(m1, m2)
    u1, u2, s = m1 - r, m2 - r, m12 - m1 - m2 + r
    solve = time.perf_counter() - clock
    print(f"MMI bits: R {r:.6f} U1 {u1:.6f} U2 {u2:.6f} S {s:.6f} I {m12:.6f}")
    print(f"numpy {np.__version__}: read {read:.2f} s, covariance {fit:.2f} s, solve {solve:.4f} s, "
          f"in-script total {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main(sys.argv)
