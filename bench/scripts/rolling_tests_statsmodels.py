#!/usr/bin/env python3
"""The rolling-tests benchmark's Python counterpart (bench/src/rolling-tests-bench.ts).

Per bar, over the trailing window of one pair: statsmodels' ADF of the window's OLS spread
(sm.OLS(y_w, add_constant(x_w)) then adfuller(resid, regression='c', autolag='AIC')), and
Engle-Granger coint(y_w, x_w) (trend 'c', autolag 'aic') - what the older platform did at
every bar.

Usage: python3 rolling_tests_statsmodels.py INPUT.json
Input: {"window", "warmup", "bars", "x": [...], "y": [...]}
Prints one JSON object on stdout: microseconds per bar of each, and the last bar's values.
"""
import json
import sys
import time
import warnings

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller, coint


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    x = np.asarray(spec["x"], dtype=float)
    y = np.asarray(spec["y"], dtype=float)
    w, warmup, bars = spec["window"], spec["warmup"], spec["bars"]
    out = {"statsmodels": statsmodels.__version__}
    warnings.simplefilter("ignore")

    def adf_at(t):
        xw, yw = x[t - w + 1 : t + 1], y[t - w + 1 : t + 1]
        fit = sm.OLS(yw, sm.add_constant(xw)).fit()
        return adfuller(yw - fit.params[1] * xw - fit.params[0], regression="c", autolag="AIC")

    def coint_at(t):
        return coint(y[t - w + 1 : t + 1], x[t - w + 1 : t + 1])

    for name, fn in (("adf", adf_at), ("coint", coint_at)):
        fn(warmup)  # warm-up
        started = time.perf_counter()
        for t in range(warmup, warmup + bars):
            last = fn(t)
        out[name] = {
            "microsPerBar": (time.perf_counter() - started) / bars * 1e6,
            "lastStatistic": float(last[0]),
            "lastPValue": float(last[1]),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
