#!/usr/bin/env python3
"""Lecture 4's forward_propagation and back_propagation in NumPy, for `netgrad problem` files.

    python3 backprop.py problem.npz mine.npz --hidden logistic,tanh --output softmax --loss cross_entropy
    python3 backprop.py problem.npz mine.npz ... --mistake tanh-prime-as-1-minus-tanh   # plant a classic mistake

Works in the lecture's layout (W_k is n_k x n_{k-1}, examples are columns); a problem in the rows layout
(W_k is n_{k-1} x n_k, examples are rows) is transposed on the way in and the answer on the way out, so the answer
is in the layout of the problem. Writes dW_k, db_k, da_k, dh_k and the forward values a_k, h_k, yhat, loss.

Batch normalisation and inverted dropout are taken from the problem file: a layer k with gamma_k, beta_k, eps_k
normalises its pre-activation over the batch, a layer with m_k, p_k drops with that mask (training mode):

    a_k = W_k h_{k-1} + b_k
    mu_k = mean_j a_k,  var_k = mean_j (a_k - mu_k)^2  (biased),  xhat_k = (a_k - mu_k) / sqrt(var_k + eps_k)
    ahat_k = gamma_k * xhat_k + beta_k,   z_k = g(ahat_k)  (g(a_k) without batch norm)
    h_k = m_k * z_k / (1 - p_k)  (h_k = z_k without dropout)

and their backward pass runs through them in reverse, the batch statistics' paths written out (dvar, dmu).
Writes dgamma_k, dbeta_k, dahat_k and mu_k, var_k, xhat_k, ahat_k too.
"""
import argparse

import numpy as np

MISTAKES = ["missing-transpose", "g-instead-of-gprime", "gprime-at-h", "wrong-layer-gprime",
            "output-sign-flipped", "bias-gradient-dropped", "bias-not-summed", "sum-not-mean", "mean-twice",
            "softmax-se-without-jacobian", "se-factor", "decay-forgotten", "decay-on-biases", "loop-stops-early",
            "tanh-prime-as-1-minus-tanh", "logistic-prime-as-g", "batchnorm-stats-as-constants",
            "batchnorm-variance-unbiased", "dropout-mask-forgotten-in-backward", "dropout-scale-forgotten"]


def g(name, a):
    return {"logistic": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
            "identity": lambda z: z, "softplus": lambda z: np.logaddexp(0, z)}[name](a)


def g_prime(name, a, mistake):
    h = g(name, a)
    if name == "tanh" and mistake == "tanh-prime-as-1-minus-tanh":
        return 1 - h                                   # mistake: 1 - tanh, not 1 - tanh^2
    if name == "logistic" and mistake == "logistic-prime-as-g":
        return h                                       # mistake: sigma' taken as sigma
    return {"logistic": lambda: h * (1 - h), "tanh": lambda: 1 - h ** 2, "relu": lambda: (a > 0) * 1.0,
            "identity": lambda: np.ones_like(a), "softplus": lambda: 1 / (1 + np.exp(-a))}[name]()


def batchnorm_backward(dahat, xhat, a, mu, var, gamma, eps, mistake):
    """From dL/dahat to dL/da through ahat = gamma xhat + beta, xhat = (a - mu)/s, s = sqrt(var + eps), with
    mu and var the batch's (every example's a moves them): returns dgamma, dbeta, da."""
    B = a.shape[1]
    dgamma = np.sum(dahat * xhat, axis=1, keepdims=True)              # dgamma = sum_j dahat * xhat
    dbeta = np.sum(dahat, axis=1, keepdims=True)                      # dbeta = sum_j dahat
    dxhat = gamma * dahat                                             # dxhat = gamma * dahat
    s = np.sqrt(var + eps)
    if mistake == "batchnorm-stats-as-constants":
        return dgamma, dbeta, dxhat / s                               # mistake: mu and var held constant
    dvar = np.sum(dxhat * (a - mu), axis=1, keepdims=True) * -0.5 * s ** -3   # dL/dvar = sum_j dxhat dxhat/dvar
    dmu = np.sum(-dxhat / s, axis=1, keepdims=True)                   # dL/dmu (var's mu-path sums to 0)
    n = B - 1 if mistake == "batchnorm-variance-unbiased" else B       # mistake: dvar/da = 2(a - mu)/(B - 1)
    da = dxhat / s + dvar * 2 * (a - mu) / n + dmu / B                # da = dxhat/s + dvar dvar/da + dmu dmu/da
    return dgamma, dbeta, da


def output(name, a):
    if name == "softmax":
        e = np.exp(a - a.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)
    return g(name, a)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("problem")
    p.add_argument("answer")
    p.add_argument("--hidden", default="logistic,tanh", help="the hidden layers' g, comma separated")
    p.add_argument("--output", default="softmax", help="softmax, logistic or identity")
    p.add_argument("--loss", default="cross_entropy", help="cross_entropy, squared_error or binary_cross_entropy")
    p.add_argument("--decay", type=float, default=0.0, help="the spec's weight decay lambda")
    p.add_argument("--mistake", choices=MISTAKES, help="plant this classic mistake")
    args = p.parse_args()
    hidden = [s for s in args.hidden.split(",") if s]
    m, lam = args.mistake, args.decay

    prob = np.load(args.problem)
    L = len(hidden) + 1
    rows = prob["b1"].ndim == 1          # netgrad problem writes 1-D biases in the rows layout only
    t = (lambda v: v.T) if rows else (lambda v: v)
    W = [None] + [t(prob[f"W{k}"]) for k in range(1, L + 1)]
    b = [None] + [prob[f"b{k}"].reshape(-1, 1) for k in range(1, L + 1)]
    x, y = t(prob["x"]), t(prob["y"])
    B = x.shape[1]
    bn = {k: (prob[f"gamma{k}"].reshape(-1, 1), prob[f"beta{k}"].reshape(-1, 1), float(prob[f"eps{k}"]))
          for k in range(1, L) if f"gamma{k}" in prob}
    drop = {k: (t(prob[f"m{k}"]), float(prob[f"p{k}"])) for k in range(1, L) if f"m{k}" in prob}

    # forward_propagation: a_k = b_k + W_k h_{k-1}, (batch norm), h_k = g(a_k or ahat_k), (dropout), yhat = O(a_L)
    a, h, z = [None] * (L + 1), [x] + [None] * L, [None] * L
    mu, var, xhat, ahat = {}, {}, {}, {}
    for k in range(1, L + 1):
        a[k] = W[k] @ h[k - 1] + b[k]
        if k < L:
            pre = a[k]
            if k in bn:
                gamma, beta, eps = bn[k]
                mu[k] = a[k].mean(axis=1, keepdims=True)                              # mean over the batch
                var[k] = ((a[k] - mu[k]) ** 2).mean(axis=1, keepdims=True)            # biased: divided by B
                xhat[k] = (a[k] - mu[k]) / np.sqrt(var[k] + eps)
                ahat[k] = pre = gamma * xhat[k] + beta
            z[k] = g(hidden[k - 1], pre)
            h[k] = drop[k][0] * z[k] / (1 - drop[k][1]) if k in drop else z[k]       # inverted dropout
    yhat = output(args.output, a[L])
    if args.loss == "cross_entropy":
        per = -np.sum(y * np.log(yhat), axis=0)
    elif args.loss == "squared_error":
        per = 0.5 * np.sum((yhat - y) ** 2, axis=0)
    else:
        per = -np.sum(y * np.log(yhat) + (1 - y) * np.log(1 - yhat), axis=0)
    scale = 1.0 if m == "sum-not-mean" else 1.0 / B
    loss = scale * per.sum() + 0.5 * lam * sum(np.sum(W[k] ** 2) for k in range(1, L + 1))

    # back_propagation: grad a_L, then for k = L to 1
    if args.loss == "squared_error":
        d = (2 if m == "se-factor" else 1) * (yhat - y)          # grad of l with respect to yhat
        if args.output == "softmax" and m != "softmax-se-without-jacobian":
            d = yhat * (d - np.sum(yhat * d, axis=0, keepdims=True))
        elif args.output == "logistic":
            d = d * yhat * (1 - yhat)
    else:
        d = yhat - y                                               # softmax + CE, logistic + BCE
    da, dh, dW, db = [None] * (L + 1), [None] * L, [None] * (L + 1), [None] * (L + 1)
    dahat, dgamma, dbeta = {}, {}, {}
    da[L] = (-1 if m == "output-sign-flipped" else 1) * scale * d
    last = 2 if m == "loop-stops-early" else 1
    for k in range(L, 0, -1):
        if k < last:                                               # the loop stopped before k = 1
            dW[k], db[k] = np.zeros_like(W[k]), np.zeros_like(b[k])
            continue
        again = 1.0 / B if m == "mean-twice" else 1.0
        dW[k] = again * da[k] @ h[k - 1].T + (0 if m == "decay-forgotten" else lam) * W[k]
        db[k] = again * (da[k][:, :1] if m == "bias-not-summed" else da[k].sum(axis=1, keepdims=True))
        if m == "bias-gradient-dropped":
            db[k] = np.zeros_like(db[k])
        if m == "decay-on-biases":
            db[k] = db[k] + lam * b[k]
        if k > 1:
            if m == "missing-transpose":
                dh[k - 1] = W[k].reshape(W[k].shape[1], W[k].shape[0]) @ da[k]   # W_k's numbers read as W^T's
            else:
                dh[k - 1] = W[k].T @ da[k]
            j, name = k - 1, hidden[k - 2]
            dz = dh[j]                                                   # dL/dz_j, z_j = g(.) before the mask
            if j in drop:
                mask, p_j = drop[j]
                if m == "dropout-mask-forgotten-in-backward":
                    dz = dh[j] / (1 - p_j)                               # mistake: no * m_j
                elif m == "dropout-scale-forgotten":
                    dz = dh[j] * mask                                    # mistake: no / (1 - p_j)
                else:
                    dz = dh[j] * mask / (1 - p_j)
            pre = ahat[j] if j in bn else a[j]                           # what g acts on
            if m == "g-instead-of-gprime":
                local = g(name, pre)
            elif m == "gprime-at-h" and name in ("logistic", "tanh", "softplus"):
                local = g_prime(name, z[j], None)                        # g'(h) (h before the mask)
            elif m == "wrong-layer-gprime" and a[k].shape == a[j].shape and name != "identity":
                local = g_prime(name, a[k], None)
            else:
                local = g_prime(name, pre, m)
            if j in bn:
                dahat[j] = dz * local
                dgamma[j], dbeta[j], da[j] = batchnorm_backward(dahat[j], xhat[j], a[j], mu[j], var[j], bn[j][0],
                                                                bn[j][2], m)
            else:
                da[j] = dz * local

    out = {"loss": np.array(loss), "yhat": t(yhat)}
    for k in range(1, L + 1):
        out[f"a{k}"], out[f"dW{k}"], out[f"db{k}"], out[f"da{k}"] = t(a[k]), t(dW[k]), db[k].ravel(), t(da[k])
        if k < L:
            out[f"h{k}"], out[f"dh{k}"] = t(h[k]), t(dh[k])
        if k in bn:
            out[f"mu{k}"], out[f"var{k}"] = mu[k].ravel(), var[k].ravel()
            out[f"xhat{k}"], out[f"ahat{k}"], out[f"dahat{k}"] = t(xhat[k]), t(ahat[k]), t(dahat[k])
            out[f"dgamma{k}"], out[f"dbeta{k}"] = dgamma[k].ravel(), dbeta[k].ravel()
    np.savez(args.answer, **out)


if __name__ == "__main__":
    main()
