#!/usr/bin/env python3
"""The pair-analytics benchmark's Python counterpart: the older platform's approach.

Per aligned bar and pair it recomputes, over the trailing window, what tickstream updates
incrementally: OLS y = a + b*x (statsmodels OLS), the spread and its z-score (ddof 1),
Pearson correlation of prices and of log returns (numpy), and every `adf_every` bars
statsmodels' adfuller(spread, regression='c', autolag='AIC') on the window's OLS residual.

Usage: python3 pairs_statsmodels.py INPUT.json  (written by bench/src/pairs-bench.ts)
Input: {"window", "zWindow", "corrWindow", "warmup", "pairs": [{"x": [...], "y": [...]}],
        "runs": [{"adfEvery", "bars"}], "adfSeries": [...], "adfRepeats"}
Prints one JSON object on stdout.
"""
import json
import platform
import sys
import time
from collections import deque

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller


def bar_figures(x, y, t, window, corr_window, spreads, z_window):
    xw = x[t - window + 1 : t + 1]
    yw = y[t - window + 1 : t + 1]
    fit = sm.OLS(yw, sm.add_constant(xw)).fit()
    alpha, beta = fit.params
    spread = y[t] - beta * x[t] - alpha
    spreads.append(spread)
    recent = np.fromiter(spreads, dtype=float)
    z = (spread - recent.mean()) / recent.std(ddof=1) if len(recent) == z_window else None
    xc = x[t - corr_window + 1 : t + 1]
    yc = y[t - corr_window + 1 : t + 1]
    corr = np.corrcoef(xc, yc)[0, 1]
    lx = np.diff(np.log(x[t - corr_window : t + 1]))
    ly = np.diff(np.log(y[t - corr_window : t + 1]))
    return_corr = np.corrcoef(lx, ly)[0, 1]
    return {
        "beta": beta,
        "alpha": alpha,
        "rSquared": fit.rsquared,
        "stdError": float(np.sqrt(fit.scale)),
        "zScore": z,
        "correlation": corr,
        "returnCorrelation": return_corr,
        "residual": yw - beta * xw - alpha,
    }


def run(spec, adf_every, bars):
    window, z_window, corr_window, warmup = (
        spec["window"],
        spec["zWindow"],
        spec["corrWindow"],
        spec["warmup"],
    )
    elapsed = 0.0
    updates = 0
    last = None
    for pair in spec["pairs"]:
        x = np.asarray(pair["x"], dtype=float)
        y = np.asarray(pair["y"], dtype=float)
        spreads = deque(maxlen=z_window)
        # The z-score needs the spreads of the bars before the first measured one.
        for t in range(warmup - z_window, warmup):
            bar_figures(x, y, t, window, corr_window, spreads, z_window)
        started = time.perf_counter()
        for t in range(warmup, warmup + bars):
            f = bar_figures(x, y, t, window, corr_window, spreads, z_window)
            adf = None
            if t % adf_every == 0:
                stat, pvalue, used_lag, nobs, _crit, _icbest = adfuller(
                    f["residual"], regression="c", autolag="AIC"
                )
                adf = {"statistic": stat, "pValue": pvalue, "usedLag": used_lag, "nobs": nobs}
            last = {k: v for k, v in f.items() if k != "residual"} | {"bar": t, "adf": adf}
            updates += 1
        elapsed += time.perf_counter() - started
    return {
        "adfEvery": adf_every,
        "pairs": len(spec["pairs"]),
        "bars": bars,
        "updates": updates,
        "seconds": elapsed,
        "updatesPerSec": updates / elapsed,
        "lastOfLastPair": last,
    }


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    results = [run(spec, r["adfEvery"], r["bars"]) for r in spec["runs"]]
    series = np.asarray(spec["adfSeries"], dtype=float)
    adfuller(series, regression="c", autolag="AIC")  # warm-up (imports, caches)
    started = time.perf_counter()
    for _ in range(spec["adfRepeats"]):
        stat, pvalue, used_lag, nobs, _crit, _icbest = adfuller(
            series, regression="c", autolag="AIC"
        )
    per_call = (time.perf_counter() - started) / spec["adfRepeats"]
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "statsmodels": statsmodels.__version__,
                "numpy": np.__version__,
                "runs": results,
                "adf": {
                    "points": len(series),
                    "repeats": spec["adfRepeats"],
                    "microsPerCall": per_call * 1e6,
                    "statistic": stat,
                    "pValue": pvalue,
                    "usedLag": used_lag,
                    "nobs": nobs,
                },
            },
            default=float,
        )
    )


if __name__ == "__main__":
    main()
