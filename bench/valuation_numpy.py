#!/usr/bin/env python3
"""Vectorised NumPy reference of the hashfloor valuation kernel (src/valuation/kernel.ts), for
the side-by-side speed comparison in bench/valuation.bench.ts. Same model, same inputs (the
kernel's precomputed MarketModel and SiteModels, read as JSON from stdin); vectorised over paths,
looping over months. NumPy's own generator (PCG64, standard_t, ziggurat normals) replaces the
per-path xoshiro128** streams, so values agree in distribution, not bit for bit.

Prints one JSON line (best of `runs`, wall and CPU): {"seconds": ..., "cpu_seconds": ..., "paths": ..., "steps": ..., "sites": ..., "mean_npv": [...]}.
"""
import json
import math
import sys
import time

import numpy as np


def lease_value(opt, survived, relet_after_months):
    """An option's discounted lease income per path: paid until the tenant defaults (month k), then re-let after relet_after_months."""
    A = np.asarray(opt["hpc_prefix_no_default"])
    B = np.asarray(opt["hpc_prefix_defaulted"])
    C = np.asarray(opt["hpc_prefix_relet"])
    ln = len(A) - 1
    k = np.minimum(opt["first_lease_month"] + survived, ln).astype(np.int64)
    kr = np.minimum(k + relet_after_months, ln)
    return A[k] + B[kr] - B[k] + C[ln] - C[kr]


def run(spec):
    m = spec["market"]
    sites = spec["sites"]
    n = int(spec["paths"])
    T = int(m["steps"])
    rng = np.random.default_rng(int(spec["seed"]))
    nu = m["price_nu"]
    t_scale = m["price_sigma"] * math.sqrt((nu - 2) / nu)
    lag = int(m["hash_lag"])
    ln_sub = np.log(np.asarray(m["subsidy_btc"]))
    x0 = math.log(m["start_fee_share"] / (1 - m["start_fee_share"]))
    ln_k = math.log(144 * 365.25 / 12)

    start = time.perf_counter()
    cpu_start = time.process_time()
    S = len(sites)
    u_default = rng.random((S, n))
    ln_p = np.full(n, math.log(m["start_price_usd_per_btc"]))
    ln_h = np.full(n, math.log(m["start_hashrate_ehs"] * 1000))
    x = np.full(n, x0)
    prev_ln_r = ln_sub[0] + np.log1p(np.exp(x))
    ring = [np.full(n, v) for v in m["initial_rev_log_changes"]] + [np.zeros(n)]
    eff = [np.full(n, s["efficiency_jth"]) for s in sites]
    last_refresh = [np.full(n, -1_000_000) for _ in sites]
    tail = [np.zeros(n) for _ in sites]
    acc = [np.zeros((len(s["options"]), n)) for s in sites]
    wd = [np.array([np.asarray(o["mining_weight"]) * np.asarray(s["discount"])[:T] for o in s["options"]]) for s in sites]
    power = [np.asarray(s["power_cost_usd"]) * s["uptime"] for s in sites]
    opex = [np.asarray(s["opex_usd"]) for s in sites]
    frontier = [np.asarray(s["frontier_jth"]) for s in sites]
    for t in range(T):
        r = m["price_mu"] + t_scale * rng.standard_t(nu, n)
        ln_p += r
        x = m["fee_c"] + m["fee_phi"] * x + m["fee_sigma"] * rng.standard_normal(n)
        ln_r = ln_sub[t] + np.log1p(np.exp(x))
        ring[(t + lag) % (lag + 1)] = r + ln_r - prev_ln_r
        prev_ln_r = ln_r
        ln_h += m["hash_alpha"] + m["hash_beta"] * ring[t % (lag + 1)] + m["hash_sigma"] * rng.standard_normal(n)
        rev_ph = np.exp(ln_k + ln_r + ln_p - ln_h)
        for s, site in enumerate(sites):
            net_ph = rev_ph * ((1 - site["pool_fee"]) * site["uptime"])
            cost = power[s][t]
            margin = net_ph * site["mining_it_w"] / eff[s] / 1000 - cost
            fr = frontier[s][t]
            ph_new = site["mining_it_w"] / fr / 1000
            margin_new = net_ph * ph_new - cost
            capex_new = ph_new * 1000 * site["refresh_capex_usd_per_ths"]
            refresh = (margin < 0) & (t - last_refresh[s] >= site["refresh_min_interval_months"]) & (fr < eff[s]) & (margin_new * site["refresh_payback_months"] > capex_new)
            eff[s] = np.where(refresh, fr, eff[s])
            last_refresh[s] = np.where(refresh, t, last_refresh[s])
            margin = np.where(refresh, margin_new, margin)
            cf = np.maximum(margin, 0) - opex[s][t] - np.where(refresh, capex_new, 0)
            if site["tax_rate"] > 0:
                cf = cf - site["tax_rate"] * np.maximum(cf, 0)
            if t >= T - 12:
                tail[s] += cf
            acc[s] += wd[s][:, t : t + 1] * cf
    mean_npv = []
    for s, site in enumerate(sites):
        term = np.where(tail[s] > 0, tail[s] * site["terminal_years"], 0)
        h = site["default_hazard_monthly"]
        survived = np.floor(np.log(u_default[s]) / math.log(1 - h)) if h > 0 else np.full(n, np.inf)
        d_T = site["discount"][T - 1]
        for o, opt in enumerate(site["options"]):
            v = acc[s][o] + term * opt["mining_weight"][T - 1] * d_T
            if opt["first_lease_month"] >= 0:
                v = v + lease_value(opt, survived, site["relet_after_months"])
            mean_npv.append(float(v.mean()))
    return time.perf_counter() - start, time.process_time() - cpu_start, mean_npv


def main(run=run):
    """Reads the spec from stdin, runs `run` `runs` times and prints the best wall and CPU times."""
    spec = json.load(sys.stdin)
    best = float("inf")
    best_cpu = float("inf")
    mean_npv = []
    for _ in range(int(spec.get("runs", 3))):
        secs, cpu, mean_npv = run(spec)
        best = min(best, secs)
        best_cpu = min(best_cpu, cpu)
    print(json.dumps({"seconds": best, "cpu_seconds": best_cpu, "paths": spec["paths"], "steps": spec["market"]["steps"], "sites": len(spec["sites"]), "mean_npv": mean_npv, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
