#!/usr/bin/python3
"""Per-bar reference values for the rolling ADF / Engle-Granger / half-life (issue 15).

usage: /usr/bin/python3 gen_rolling.py [REFDIR] [OUTDIR]     (default: this directory)

An extension of gen_reference.py that lives only in analytics/test/reference (the shared
reference in /work/shared/reference is untouched). It reads the inputs of the reference cases
(pair_cointegrated, pair_independent, pair_near_unit_root, pair_short, degenerate) exactly as
stored, and writes one file per case, `rolling_<case>.json`: for every window length in
WINDOWS and EVERY bar i >= w-1, the statsmodels 0.13.5 result of each call on points
i-w+1 .. i. Outputs are rounded to 12 significant digits like the rest of the reference.

Calls per window (the same call at every bar):
  pair.*   the PairEngine's tests: the window's own OLS spread s = y - beta*x - alpha
           (sm.OLS(y_w, add_constant(x_w)), float64, not rounded) -> adfuller(s, 'c', AIC),
           half-life (OLS of diff(s) on add_constant(s[:-1])); coint(y_w, x_w) with trend c
           (AIC), ct (AIC), n (AIC), c with maxlag=1 autolag=None; coint(x_w, y_w) c (AIC).
  spread.* adfuller on windows of the reference's full-sample spread
           (expected.spread.with_intercept): regression c/ct/ctt/n x autolag AIC/BIC/t-stat and
           fixed maxlag=1 (all 16 for w <= 120; c-AIC, c-fixed, ct-BIC, ctt-AIC, n-t-stat
           for longer windows, to keep the run near ten minutes).
  y.*      adfuller on windows of the price level y: c-AIC, ct-AIC (price-level tolerance).

Per call: `stat`, `pvalue`, `usedlag`, `icbest` (autolag only), `crit` keyed by the final
regression's nobs (they depend on nothing else), and `errors` {bar: message} where statsmodels
raised. coint: `stat`, `pvalue`, `crit` by nobs-1 of the window. NaN -> null,
+/-inf -> "inf"/"-inf". Half-life: `lambda`, `half_life`.
"""
import json, math, os, sys, warnings
from multiprocessing import Pool
import numpy as np, statsmodels, scipy, pandas as pd
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller, coint

HERE = os.path.dirname(os.path.abspath(__file__))
REF = sys.argv[1] if len(sys.argv) > 1 else HERE
OUT = sys.argv[2] if len(sys.argv) > 2 else HERE
VERSIONS = {"statsmodels": statsmodels.__version__, "pandas": pd.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__,
            "python": sys.version.split()[0]}

ALL_MODES = [(reg, al) for reg in ("c", "ct", "ctt", "n") for al in ("AIC", "BIC", "t-stat", None)]
LONG_MODES = [("c", "AIC"), ("c", None), ("ct", "BIC"), ("ctt", "AIC"), ("n", "t-stat")]


def r(v):
    if v is None:
        return None
    v = float(v)
    if math.isnan(v):
        return None
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(f"{v:.12g}")


class Col:
    """Per-bar columns of one call."""

    def __init__(self, meta, fields):
        self.d = {**meta, **{f: [] for f in fields}, "crit": {}, "errors": {}}
        self.fields = fields

    def add(self, bar, values=None, crit_key=None, crit=None, error=None):
        for f in self.fields:
            self.d[f].append(None if values is None else values.get(f))
        if error is not None:
            self.d["errors"][str(bar)] = error
        if crit_key is not None:
            self.d["crit"][str(crit_key)] = [r(crit[k]) for k in ("1%", "5%", "10%")]


def adf_call(col, bar, s, reg, autolag):
    kw = {"regression": reg, "autolag": autolag}
    if autolag is None:
        kw["maxlag"] = 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = adfuller(s, **kw)
    except Exception as e:
        col.add(bar, error=f"{type(e).__name__}: {e}")
        return
    vals = {"stat": r(res[0]), "pvalue": r(res[1]), "usedlag": int(res[2])}
    if autolag is not None:
        vals["icbest"] = r(res[5])
    col.add(bar, vals, int(res[3]), res[4])


def coint_call(col, bar, y, x, trend, maxlag, autolag):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            st, pv, cv = coint(y, x, trend=trend, maxlag=maxlag, autolag=autolag)
    except Exception as e:
        col.add(bar, error=f"{type(e).__name__}: {e}")
        return
    crit = None if cv is None or np.all(np.isnan(cv)) else {"1%": cv[0], "5%": cv[1], "10%": cv[2]}
    col.add(bar, {"stat": r(st), "pvalue": r(pv)}, len(y) - 1 if crit else None, crit)


def window_spread(y, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X = sm.add_constant(x, has_constant="add")
        f = sm.OLS(y, X).fit()
    return y - f.params[1] * x - f.params[0]


def half_life_call(col, bar, s):
    if np.ptp(s) == 0:
        col.add(bar, error="constant spread")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = sm.OLS(np.diff(s), sm.add_constant(s[:-1], has_constant="add")).fit()
    lam = f.params[1]
    col.add(bar, {"lambda": r(lam), "half_life": r(-math.log(2) / lam) if lam < 0 else None})


def one_window(task):
    case, x, y, spread_ref, w = task
    n = len(x)
    modes = ALL_MODES if w <= 120 else LONG_MODES
    cols = {}

    def adf_col(name, series, reg, al):
        meta = {"kind": "adf", "series": series, "regression": reg, "autolag": al,
                "maxlag": 1 if al is None else None,
                "call": f"adfuller(s[i-w+1:i+1], regression='{reg}', "
                        + ("maxlag=1, autolag=None)" if al is None else f"autolag='{al}')")}
        cols[name] = Col(meta, ["stat", "pvalue", "usedlag"] + (["icbest"] if al else []))

    def coint_col(name, trend, maxlag, al, swap=False):
        meta = {"kind": "coint", "trend": trend, "maxlag": maxlag, "autolag": al,
                "dependent": "x" if swap else "y",
                "call": f"coint({'x_w, y_w' if swap else 'y_w, x_w'}, trend='{trend}', "
                        f"maxlag={maxlag}, autolag={al!r})"}
        cols[name] = Col(meta, ["stat", "pvalue"])

    adf_col("pair.adf_c_AIC", "window_spread", "c", "AIC")
    coint_col("pair.coint_c_AIC", "c", None, "aic")
    coint_col("pair.coint_ct_AIC", "ct", None, "aic")
    coint_col("pair.coint_n_AIC", "n", None, "aic")
    coint_col("pair.coint_c_maxlag1", "c", 1, None)
    coint_col("pair.coint_x_on_y_c_AIC", "c", None, "aic", swap=True)
    cols["pair.half_life"] = Col({"kind": "half_life", "series": "window_spread",
                                  "call": "sm.OLS(np.diff(s), sm.add_constant(s[:-1])).fit()"},
                                 ["lambda", "half_life"])
    if spread_ref is not None:
        for reg, al in modes:
            adf_col(f"spread.adf_{reg}_{al or 'maxlag1'}", "spread_ref", reg, al)
    adf_col("y.adf_c_AIC", "y", "c", "AIC")
    adf_col("y.adf_ct_AIC", "y", "ct", "AIC")

    for i in range(w - 1, n):
        xw, yw = x[i - w + 1:i + 1], y[i - w + 1:i + 1]
        bar = i
        if np.ptp(xw) == 0:
            cols["pair.adf_c_AIC"].add(bar, error="x constant in the window (no OLS spread)")
            cols["pair.half_life"].add(bar, error="x constant in the window (no OLS spread)")
        else:
            s = window_spread(yw, xw)
            adf_call(cols["pair.adf_c_AIC"], bar, s, "c", "AIC")
            half_life_call(cols["pair.half_life"], bar, s)
        coint_call(cols["pair.coint_c_AIC"], bar, yw, xw, "c", None, "aic")
        coint_call(cols["pair.coint_ct_AIC"], bar, yw, xw, "ct", None, "aic")
        coint_call(cols["pair.coint_n_AIC"], bar, yw, xw, "n", None, "aic")
        coint_call(cols["pair.coint_c_maxlag1"], bar, yw, xw, "c", 1, None)
        coint_call(cols["pair.coint_x_on_y_c_AIC"], bar, xw, yw, "c", None, "aic")
        if spread_ref is not None:
            sw = spread_ref[i - w + 1:i + 1]
            for reg, al in modes:
                adf_call(cols[f"spread.adf_{reg}_{al or 'maxlag1'}"], bar, sw, reg, al)
        adf_call(cols["y.adf_c_AIC"], bar, yw, "c", "AIC")
        adf_call(cols["y.adf_ct_AIC"], bar, yw, "ct", "AIC")
    return case, w, {"first_bar": w - 1, "bars": n - w + 1,
                     "calls": {k: c.d for k, c in cols.items()}}


def load_cases():
    cases = {}
    for name in ("pair_cointegrated", "pair_independent", "pair_near_unit_root", "pair_short"):
        d = json.load(open(os.path.join(REF, name + ".json")))
        cases[name] = (np.array(d["input"]["x"], float), np.array(d["input"]["y"], float),
                       np.array(d["expected"]["spread"]["with_intercept"], float))
    deg = json.load(open(os.path.join(REF, "degenerate.json")))
    fs = deg["flat_stretch"]["input"]
    fx, fy = np.array(fs["x"], float), np.array(fs["y"], float)
    cases["degenerate_flat_stretch"] = (fx, fy, None)
    # y an exact (12-digit) linear function of x on bars 30..69: perfect-fit windows
    xv = np.array(deg["input"]["xv"], float)
    yc = np.array([float(f"{v:.12g}") for v in 2.5 + 1.7 * xv])
    rng = np.random.default_rng(15)
    noise = np.array([float(f"{v:.12g}") for v in rng.normal(0, 0.5 * np.std(np.diff(xv)), len(xv))])
    yc = np.where((np.arange(len(xv)) >= 30) & (np.arange(len(xv)) < 70), yc,
                  np.array([float(f"{v:.12g}") for v in yc + noise]))
    cases["degenerate_collinear"] = (xv, yc, None)
    return cases


WINDOWS = {
    "pair_cointegrated": (30, 120, 500, 2000),
    "pair_independent": (30, 120, 500, 2000),
    "pair_near_unit_root": (30, 120, 500, 600),
    "pair_short": (20, 30),
    "degenerate_flat_stretch": (20, 30),
    "degenerate_collinear": (20, 30),
}

if __name__ == "__main__":
    cases = load_cases()
    tasks = [(c, *cases[c], w) for c in WINDOWS for w in WINDOWS[c]]
    tasks.sort(key=lambda t: -(len(t[1]) - t[4]) * t[4] ** 0.5)  # longest first
    out = {c: {} for c in WINDOWS}
    with Pool(int(os.environ.get("GEN_PROCESSES", "2"))) as pool:
        for case, w, res in pool.imap_unordered(one_window, tasks):
            out[case][str(w)] = res
            print(case, w, file=sys.stderr, flush=True)
    for case, windows in out.items():
        x, y, spread = cases[case]
        doc = {"case": case, "versions": VERSIONS, "generator": "gen_rolling.py",
               "input": {"x": [r(v) for v in x], "y": [r(v) for v in y],
                         "spread_ref": None if spread is None else [r(v) for v in spread]},
               "windows": {k: windows[k] for k in sorted(windows, key=int)}}
        with open(os.path.join(OUT, f"rolling_{case}.json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"), allow_nan=False)
