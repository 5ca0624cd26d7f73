#!/usr/bin/python3
"""The NumPy baseline for `netgrad bench epoch`: one epoch of minibatch SGD on a 784-128-128-10 network
(tanh or relu hidden layers, softmax + cross-entropy), batch 64, float64 (or --dtype float32: every array, the
data, weights and gradients, in float32, sgemm instead of dgemm), written plainly as a student would (examples as
rows, one matrix product per layer and direction, no tricks).

Prints one line per timed epoch:
  numpy <activation> <data> threads=<OPENBLAS_NUM_THREADS> epoch_s=<seconds> loss=<mean> dtype=<dtype>
and, first, which BLAS library the process actually loaded (read from /proc/self/maps).

Usage: numpy_epoch.py [--data DIR] [--activation tanh|relu] [--epochs N] [--seed S] [--dtype float64|float32]
Run with Debian's /usr/bin/python3 + python3-numpy and OpenBLAS (bench/run.sh does, with the settings below):
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
  MALLOC_MMAP_THRESHOLD_=16777216 MALLOC_TRIM_THRESHOLD_=268435456 bench/numpy_epoch.py
Without the two MALLOC_ settings glibc returns the ~800 KB arrays of each step to the kernel and maps them again
on the next (page faults every step): measured 1.8 s instead of 0.8 s per epoch on the development machine.
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np


def blas_in_use():
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path)
            if "blas" in name or "lapack" in name:
                libs.add(os.path.realpath(path))
    return ", ".join(sorted(libs)) or "none found"


def read_idx(path):
    with open(path, "rb") as f:
        head = f.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows * cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def load(data_dir, seed):
    if data_dir is None:
        rng = np.random.default_rng(seed)  # synthetic data of Fashion-MNIST's size
        return rng.integers(0, 256, size=(60000, 784), dtype=np.uint8), rng.integers(0, 10, size=60000)
    for suffix in ("", ".gz"):
        images = os.path.join(data_dir, "train-images-idx3-ubyte" + suffix)
        if os.path.exists(images):
            return read_idx(images), read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte" + suffix))
    raise SystemExit("no train-images-idx3-ubyte(.gz) in " + data_dir)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data")
    p.add_argument("--activation", default="tanh", choices=["tanh", "relu"])
    p.add_argument("--epochs", type=int, default=2, help="timed epochs (after one untimed warm-up batch)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    a = p.parse_args()
    dt = np.dtype(a.dtype)

    pixels, labels = load(a.data, a.seed)
    X = pixels.astype(dt) / dt.type(255.0)
    Y = np.eye(10, dtype=dt)[labels]
    rng = np.random.default_rng(a.seed)
    sizes = [784, 128, 128, 10]
    W = [(rng.standard_normal((sizes[k + 1], sizes[k])) * np.sqrt(2.0 / (sizes[k] + sizes[k + 1]))).astype(dt)
         for k in range(3)]
    b = [np.zeros(sizes[k + 1], dtype=dt) for k in range(3)]
    relu = a.activation == "relu"
    one = dt.type(1.0)

    def g(z):
        return np.maximum(z, 0) if relu else np.tanh(z)

    def g_prime(z, h):
        return (z > 0).astype(dt) if relu else one - h * h

    def step(x, y):
        # forward: a_k = h_{k-1} W_k^T + b_k (examples are rows), h_k = g(a_k), softmax output
        a1 = x @ W[0].T + b[0]; h1 = g(a1)
        a2 = h1 @ W[1].T + b[1]; h2 = g(a2)
        a3 = h2 @ W[2].T + b[2]
        e = np.exp(a3 - a3.max(axis=1, keepdims=True))
        yhat = e / e.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(yhat[y == 1]))
        # backward
        da3 = (yhat - y) / dt.type(x.shape[0])
        dW3 = da3.T @ h2; db3 = da3.sum(axis=0)
        da2 = (da3 @ W[2]) * g_prime(a2, h2)
        dW2 = da2.T @ h1; db2 = da2.sum(axis=0)
        da1 = (da2 @ W[1]) * g_prime(a1, h1)
        dW1 = da1.T @ x; db1 = da1.sum(axis=0)
        for p_, d_ in zip(W + b, [dW1, dW2, dW3, db1, db2, db3]):
            p_ -= lr * d_
        return loss

    lr = dt.type(a.lr)
    print("numpy", np.__version__, "BLAS loaded:", blas_in_use(), flush=True)
    step(X[:a.batch], Y[:a.batch])  # warm-up
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    for _ in range(a.epochs):
        start = time.perf_counter()
        perm = rng.permutation(X.shape[0])
        loss = 0.0
        for i in range(0, X.shape[0], a.batch):
            idx = perm[i:i + a.batch]
            loss += step(X[idx], Y[idx]) * len(idx)
        seconds = time.perf_counter() - start
        print(f"numpy {a.activation} {'real' if a.data else 'synthetic'} threads={threads} "
              f"epoch_s={seconds:.3f} loss={loss / X.shape[0]:.4f} dtype={a.dtype}", flush=True)


if __name__ == "__main__":
    main()
