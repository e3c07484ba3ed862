#!/usr/bin/env python3
"""The numpy / scikit-learn side of the dense-reduction comparison (issue 16): one layer of states reduced to a fraction of
its standardised variance (default 95 %; PidGpu's PCA works on the correlation matrix) and projected, as `PidGpu.Bench reduce FILE.npy host` does. Prints seconds per step.

  pca_peer.py FILE.npy [0.95]

numpy: standardised columns, correlation by one BLAS product (OpenBLAS through Debian's libblas.so.3 alternative), eigh, k from the cumulative
eigenvalues, projection. scikit-learn: StandardScaler, then PCA(n_components=0.95, svd_solver="full") (a fractional n_components needs the
full SVD).
"""
import sys
import time
import numpy as np


def numpy_pca(x, target):
    mean = x.mean(axis=0, dtype=np.float64)
    xc = x.astype(np.float64) - mean
    xc /= xc.std(axis=0)
    cov = xc.T @ xc / len(x)
    values, vectors = np.linalg.eigh(cov)
    values, vectors = values[::-1], np.ascontiguousarray(vectors[:, ::-1])
    k = int(np.searchsorted(np.cumsum(values) / values.sum(), target) + 1)
    return k, values[:k].sum() / values.sum(), xc, vectors[:, :k]


def main(argv):
    path, target = argv[1], float(argv[2]) if len(argv) > 2 else 0.95
    clock = time.perf_counter()
    x = np.load(path)
    load = time.perf_counter() - clock
    clock = time.perf_counter()
    k, explained, xc, basis = numpy_pca(x, target)
    fit = time.perf_counter() - clock
    clock = time.perf_counter()
    xc @ basis
    projection = time.perf_counter() - clock
    print(f"numpy {np.__version__}: load {load:.2f} s, fit {fit:.2f} s, projection {projection:.2f} s, k {k}, explained {explained:.4f}")
    try:
        from sklearn.decomposition import PCA
        import sklearn
    except ImportError:
        print("scikit-learn: not installed (apt-get install python3-sklearn)")
        return
    from sklearn.preprocessing import StandardScaler
    clock = time.perf_counter()
    xs = StandardScaler().fit_transform(x)
    model = PCA(n_components=target, svd_solver="full").fit(xs)
    fit = time.perf_counter() - clock
    clock = time.perf_counter()
    model.transform(xs)
    projection = time.perf_counter() - clock
    print(f"scikit-learn {sklearn.__version__}: fit {fit:.2f} s, projection {projection:.2f} s, k {model.n_components_}, "
          f"explained {model.explained_variance_ratio_.sum():.4f}")


if __name__ == "__main__":
    main(sys.argv)
