#!/usr/bin/env python3
"""A straightforward, vectorised NumPy implementation of the Sikt calculation model (docs/model.md),
versions 1 and 2 (linked outcomes, extent effects, perspectives), written from the model's
contract, as the peer that `npm run bench` measures Sikt against and the tests compare with.

Usage: python3 bench/peer/numpy_peer.py SCENARIO.json [--iterations N] [--seed S]
Reads a complete scenario (no catalogue) and prints the result object (deterministic and, with
iterations > 0, monteCarlo) as JSON. Monte Carlo is vectorised over iterations: every uncertain
number is an array of N draws, flows are (N, T) arrays per payer.
"""
import argparse
import json
import math
import sys

import numpy as np

SIGN_TOL = 0.01
GROUPS = ("kommun", "region", "stat", "individ", "ovrigt", "livskvalitet")
PERSPECTIVES = {
    "offentligSektor": ("kommun", "region", "stat"),
    "samhallsekonomiskt": ("kommun", "region", "stat", "individ", "ovrigt"),
    "medLivskvalitet": GROUPS,
}


def base_value(u):
    if isinstance(u, (int, float)):
        return float(u)
    d = u["dist"]
    if d in ("normal", "lognormal", "gamma", "beta"):
        return float(u["mean"])
    if d == "uniform":
        return (u["min"] + u["max"]) / 2
    if d == "triangular":
        return (u["min"] + u["mode"] + u["max"]) / 3
    if d == "pert":
        return (u["min"] + 4 * u["mode"] + u["max"]) / 6
    raise ValueError(d)


def draw(u, rng, n):
    if isinstance(u, (int, float)):
        return np.full(n, float(u))
    d = u["dist"]
    if d == "normal":
        return rng.normal(u["mean"], u["sd"], n)
    if d == "lognormal":
        s2 = math.log(1 + u["sd"] ** 2 / u["mean"] ** 2)
        return rng.lognormal(math.log(u["mean"]) - s2 / 2, math.sqrt(s2), n)
    if d == "gamma":
        return rng.gamma(u["mean"] ** 2 / u["sd"] ** 2, u["sd"] ** 2 / u["mean"], n)
    if d == "beta":
        m, s = u["mean"], u["sd"]
        a = m * (m * (1 - m) / s ** 2 - 1)
        return rng.beta(a, a * (1 - m) / m, n)
    if d == "uniform":
        return rng.uniform(u["min"], u["max"], n)
    if d == "triangular":
        return rng.triangular(u["min"], u["mode"], u["max"], n)
    if d == "pert":
        lo, mo, hi = u["min"], u["mode"], u["max"]
        w = hi - lo
        return lo + w * rng.beta(1 + 4 * (mo - lo) / w, 1 + 4 * (hi - mo) / w, n)
    raise ValueError(d)


class Params:
    """Every uncertain number once per iteration: draws (N,) arrays, or base values (N = 1)."""

    def __init__(self, rng, n):
        self.rng, self.n = rng, n

    def get(self, u, clamp=None):
        v = draw(u, self.rng, self.n) if self.rng is not None else np.full(self.n, base_value(u))
        if clamp == "prob":
            v = np.clip(v, 0, 1)
        elif clamp == "nonneg":
            v = np.maximum(v, 0)
        return v


def defaults(s):
    s.setdefault("priceYear", s["startYear"])
    ob = s.get("optimismBias") or {}
    s["_obE"], s["_obC"] = ob.get("effects", 0), ob.get("costs", 0)
    for o in s["outcomes"]:
        for c in o["consequences"]:
            c.setdefault("fromYear", 0)
            c.setdefault("years", 1)
        for l in o.setdefault("links", []):
            a = l.setdefault("after", {})
            a.setdefault("fromYear", 0)
            a.setdefault("years", 1)
    for iv in s["interventions"]:
        iv.setdefault("participants", [])
        iv.setdefault("efficacy", 1)
        iv.setdefault("costs", [])
        iv.setdefault("effects", [])
        for e in iv["effects"]:
            on = e.setdefault("onset", {})
            on.setdefault("fromYear", 0)
            on.setdefault("years", 1)
            e.setdefault("decayPerYear", 0)
            if "extent" in e:
                e["extent"].setdefault("fromYear", 0)
    return s


def reach(s):
    """Spec §8.1: the last year an occurrence of each outcome, or what it leads to, can cost."""
    out = {}
    by_id = {o["id"]: o for o in s["outcomes"]}

    def visit(i):
        if i not in out:
            o = by_id[i]
            r = max(c["fromYear"] + c["years"] - 1 for c in o["consequences"])
            for l in o["links"]:
                r = max(r, l["after"]["fromYear"] + l["after"]["years"] - 1 + visit(l["outcome"]))
            out[i] = r
        return out[i]

    for o in s["outcomes"]:
        visit(o["id"])
    return out


def topological(s):
    """Outcome ids, each after every outcome that links to it (depth-first post-order, reversed)."""
    by_id = {o["id"]: o for o in s["outcomes"]}
    seen, post = set(), []

    def visit(i):
        if i in seen:
            return
        seen.add(i)
        for l in by_id[i]["links"]:
            visit(l["outcome"])
        post.append(i)

    for o in s["outcomes"]:
        visit(o["id"])
    return post[::-1]


def result_years(s):
    H = s["horizonYears"]
    tail = reach(s)
    last = H - 1
    for iv in s["interventions"]:
        L = 0
        for c in iv["costs"]:
            if "perParticipant" in c:
                L = max(L, c.get("years", 1) - 1)
        for e in iv["effects"]:
            L = max(L, e["onset"]["fromYear"] + e["onset"]["years"] - 1 + tail[e["outcome"]])
        for c, n in enumerate(iv["participants"]):
            if n > 0:
                last = max(last, c + L)
    return last + 1


def compute(s, params):
    """Flows for every iteration: costs and savings per payer (P, N, T), and breakdowns."""
    H, T, N = s["horizonYears"], result_years(s), params.n
    pidx = {p["id"]: i for i, p in enumerate(s["payers"])}
    P = len(pidx)
    costs = np.zeros((P, N, T))
    savings = np.zeros((P, N, T))
    df = (1 + s["discountRate"]) ** -np.arange(T, dtype=float)
    uc = {u["id"]: u for u in s["unitCosts"]}
    # Shared draws: a unit cost's amount and an outcome's quantities once per iteration.
    amount = {u["id"]: params.get(u["amount"], "nonneg") for u in s["unitCosts"]}
    qty = {o["id"]: [params.get(c["quantityPerYear"], "nonneg") for c in o["consequences"]] for o in s["outcomes"]}
    outcomes = {o["id"]: o for o in s["outcomes"]}
    iv_pvc = np.zeros((len(s["interventions"]), N))
    iv_pvs = np.zeros((len(s["interventions"]), N))
    out_avoided = {o["id"]: np.zeros(N) for o in s["outcomes"]}
    out_linked = {o["id"]: np.zeros(N) for o in s["outcomes"]}
    out_short = {o["id"]: np.zeros(N) for o in s["outcomes"]}
    out_pvs = {o["id"]: np.zeros(N) for o in s["outcomes"]}
    # Link probabilities: one draw per iteration, shared by every intervention.
    links = [(o["id"], l, params.get(l["probability"], "prob")) for o in s["outcomes"] for l in o["links"]]
    link_avoided = np.zeros((len(links), N))
    link_pvs = np.zeros((len(links), N))
    order = topological(s)

    def save(ii, oid, occ, min_d=0, link=None):
        """Savings of occurrences occ (N, T) of outcome oid, from d >= min_d years after them."""
        o = outcomes[oid]
        for j, cq in enumerate(o["consequences"]):
            u = uc[cq["unitCost"]]
            per = (qty[oid][j] * amount[u["id"]])[:, None]
            val = np.zeros((N, T))
            for m in range(cq["years"]):
                sh = cq["fromYear"] + m
                if sh < min_d:
                    continue
                val[:, sh:] += occ[:, : T - sh] * per
            savings[pidx[u["payer"]]] += val
            if "recipient" in u:
                savings[pidx[u["recipient"]]] -= val
            else:
                pv = val @ df
                iv_pvs[ii] += pv
                out_pvs[oid] += pv
                if link is not None:
                    link_pvs[link] += pv

    for ii, iv in enumerate(s["interventions"]):
        part = np.zeros(H)
        part[: len(iv["participants"])] = iv["participants"]
        eff = params.get(iv["efficacy"], "nonneg")
        for c in iv["costs"]:
            p = pidx[c["payer"]]
            prof = np.zeros(T)
            if "perParticipant" in c:
                a = params.get(c["perParticipant"], "nonneg")
                for y in range(H):
                    if part[y] > 0:
                        prof[y : y + c.get("years", 1)] += part[y]
            elif "perYear" in c:
                a = params.get(c["perYear"], "nonneg")
                prof[:H] = (part > 0).astype(float)
            else:
                a = params.get(c["oneOff"], "nonneg")
                prof[c.get("year", 0)] = 1
            flow = np.outer(a * (1 + s["_obC"]), prof)
            costs[p] += flow
            iv_pvc[ii] += flow @ df
        A = {o["id"]: np.zeros((N, T)) for o in s["outcomes"]}
        affected = set()
        for e in iv["effects"]:
            affected.add(e["outcome"])
            p0 = params.get(e["baselineRisk"], "prob")
            if "relativeRiskReduction" in e:
                rrr = params.get(e["relativeRiskReduction"])
            elif "oddsRatio" not in e and "standardizedMeanDifference" not in e:
                rrr = np.zeros(N)  # an extent effect only
            else:
                if "oddsRatio" in e:
                    orr = params.get(e["oddsRatio"], "nonneg")
                else:
                    orr = np.exp(1.65 * params.get(e["standardizedMeanDifference"]))
                with np.errstate(divide="ignore", invalid="ignore"):
                    p1 = orr * p0 / (1 - p0 + orr * p0)
                    rrr = np.where((p0 > 0) & (p0 < 1), 1 - p1 / p0, 0.0)
            decay = params.get(e["decayPerYear"], "prob")
            with np.errstate(divide="ignore"):
                low = np.where(p0 > 0, 1 - 1 / np.where(p0 > 0, p0, 1), 0)
            rrr_e = np.where(p0 > 0, np.minimum(1, np.maximum(low, rrr * eff * (1 - s["_obE"]))), 0)
            f0, ny = e["onset"]["fromYear"], e["onset"]["years"]
            ext = None
            if "extent" in e:
                red = params.get(e["extent"]["reduction"], "prob")
                E = np.minimum(1, red * eff * (1 - s["_obE"]))
                ext = np.zeros((N, T))  # reduced occurrences by onset year, times E
            avoided = np.zeros((N, T))  # avoided occurrences by onset year
            for c in range(H):
                if part[c] <= 0:
                    continue
                for k in range(f0, f0 + ny):
                    avoided[:, c + k] += part[c] * p0 * rrr_e * (1 - decay) ** k / ny
                    if ext is not None:
                        ext[:, c + k] += part[c] * p0 * (1 - rrr_e) / ny * E * (1 - decay) ** k
            if ext is not None:
                out_short[e["outcome"]] += p0 * (1 - rrr_e) * part.sum()
                save(ii, e["outcome"], ext, e["extent"]["fromYear"])
            out_avoided[e["outcome"]] += avoided.sum(axis=1)
            A[e["outcome"]] += avoided
            save(ii, e["outcome"], avoided)
        # Links: an outcome the intervention has an effect on keeps its direct occurrences only.
        for oid in order:
            if oid in affected:
                continue
            for li, (src, l, prob) in enumerate(links):
                if l["outcome"] != oid:
                    continue
                F, Y = l["after"]["fromYear"], l["after"]["years"]
                through = np.zeros((N, T))
                for j in range(Y):
                    sh = F + j
                    if sh < T:
                        through[:, sh:] += A[src][:, : T - sh]
                through *= (prob / Y)[:, None]
                A[oid] += through
                total = through.sum(axis=1)
                out_linked[oid] += total
                link_avoided[li] += total
                save(ii, oid, through, 0, li)
    return dict(T=T, df=df, costs=costs, savings=savings, iv_pvc=iv_pvc, iv_pvs=iv_pvs,
                out_avoided=out_avoided, out_linked=out_linked, out_short=out_short, out_pvs=out_pvs,
                links=links, link_avoided=link_avoided, link_pvs=link_pvs)


def irr(net):
    signs = [1 if v > 0 else -1 for v in net if abs(v) > SIGN_TOL]
    if sum(1 for a, b in zip(signs, signs[1:]) if a != b) != 1:
        return None
    coeffs = [v for v in net]
    f = lambda x: sum(c * x ** t for t, c in enumerate(coeffs))  # noqa: E731
    s0 = next(np.sign(c) for c in coeffs if c != 0)
    lo, hi = 0.0, 1.0
    while np.sign(f(hi)) == s0:
        lo, hi = hi, hi * 2
    for _ in range(2000):
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            break
        if np.sign(f(mid)) == s0:
            lo = mid
        else:
            hi = mid
    return 1 / ((lo + hi) / 2) - 1


def payback(costs, savings, df, pvc):
    if pvc == 0:
        return None
    t0 = next((t for t, c in enumerate(costs) if c > SIGN_TOL), None)
    if t0 is None:
        return None
    cum = np.cumsum((savings - costs) * df)
    bad = [t for t, v in enumerate(cum) if not v > -SIGN_TOL]
    y = max(t0, (bad[-1] + 1) if bad else 0)
    return y if y < len(costs) else None


def deterministic(s):
    r = compute(s, Params(None, 1))
    T, df, start = r["T"], r["df"], s["startYear"]
    costs, savings = r["costs"][:, 0, :], r["savings"][:, 0, :]
    tc, ts = costs.sum(axis=0), savings.sum(axis=0)
    pvc, pvs = float(tc @ df), float(ts @ df)
    npv = pvs - pvc
    by_payer, by_group = {}, {}
    for g in GROUPS:
        if any(p["group"] == g for p in s["payers"]):
            by_group[g] = {"pvCosts": 0.0, "pvSavings": 0.0, "npv": 0.0}
    for i, p in enumerate(s["payers"]):
        c, sv = float(costs[i] @ df), float(savings[i] @ df)
        pb = payback(costs[i], savings[i], df, c)
        by_payer[p["id"]] = {"group": p["group"], "pvCosts": c, "pvSavings": sv, "npv": sv - c,
                             "paybackYear": None if pb is None else start + pb}
        g = by_group[p["group"]]
        g["pvCosts"] += c
        g["pvSavings"] += sv
        g["npv"] += sv - c
    by_iv = {}
    for i, iv in enumerate(s["interventions"]):
        c, sv = float(r["iv_pvc"][i, 0]), float(r["iv_pvs"][i, 0])
        by_iv[iv["id"]] = {"pvCosts": c, "pvSavings": sv, "npv": sv - c, "bcr": None if c == 0 else sv / c}
    by_out = {}
    for o in s["outcomes"]:
        d, l = float(r["out_avoided"][o["id"]][0]), float(r["out_linked"][o["id"]][0])
        by_out[o["id"]] = {"avoided": d + l, "avoidedDirect": d, "avoidedLinked": l,
                           "shortened": float(r["out_short"][o["id"]][0]), "pvSavings": float(r["out_pvs"][o["id"]][0])}
    by_persp = {}
    for k, groups in PERSPECTIVES.items():
        c = sum(v["pvCosts"] for v in by_payer.values() if v["group"] in groups)
        sv = sum(v["pvSavings"] for v in by_payer.values() if v["group"] in groups)
        by_persp[k] = {"pvCosts": float(c), "pvSavings": float(sv), "npv": float(sv - c), "bcr": None if c == 0 else sv / c}
    by_link = [{"from": src, "to": l["outcome"], "probability": float(prob[0]),
                "avoided": float(r["link_avoided"][i, 0]), "pvSavings": float(r["link_pvs"][i, 0])}
               for i, (src, l, prob) in enumerate(r["links"])]
    cum = np.cumsum((ts - tc) * df)
    years = [{"year": start + t, "costs": float(tc[t]), "savings": float(ts[t]), "net": float(ts[t] - tc[t]),
              "cumulativeDiscountedNet": float(cum[t]),
              "byPayer": {p["id"]: {"costs": float(costs[i, t]), "savings": float(savings[i, t])}
                          for i, p in enumerate(s["payers"])}} for t in range(T)]
    pb = payback(tc, ts, df, pvc)
    return {"pvCosts": pvc, "pvSavings": pvs, "npv": npv,
            "bcr": None if pvc == 0 else pvs / pvc, "roi": None if pvc == 0 else npv / pvc,
            "irr": irr(ts - tc), "paybackYear": None if pb is None else start + pb,
            "breakEvenEffectScale": pvc / pvs if pvs > 0 else None,
            "byPayer": by_payer, "byGroup": by_group, "byIntervention": by_iv, "byOutcome": by_out,
            "byPerspective": by_persp, "byLink": by_link, "years": years}


def summary(v, sd=False):
    out = {"mean": float(v.mean())}
    if sd:
        out["sd"] = float(v.std(ddof=1)) if len(v) > 1 else 0.0
    p05, p50, p95 = np.percentile(v, [5, 50, 95])
    out.update(p05=float(p05), p50=float(p50), p95=float(p95))
    return out


def monte_carlo(s, n, seed):
    r = compute(s, Params(np.random.default_rng(seed), n))
    df = r["df"]
    tc, ts = r["costs"].sum(axis=0), r["savings"].sum(axis=0)  # (N, T)
    pvc, pvs = tc @ df, ts @ df
    npv = pvs - pvc
    ok = pvc > 0
    cum = np.cumsum((ts - tc) * df, axis=1)
    pc = np.percentile(cum, [5, 50, 95], axis=0)
    by_payer = {}
    persp = {k: np.zeros(n) for k in PERSPECTIVES}
    for i, p in enumerate(s["payers"]):
        v = (r["savings"][i] - r["costs"][i]) @ df
        by_payer[p["id"]] = {"npv": summary(v), "probabilityNpvPositive": float((v > 0).mean())}
        for k, groups in PERSPECTIVES.items():
            if p["group"] in groups:
                persp[k] += v
    return {"iterations": n, "seed": seed, "npv": summary(npv, sd=True),
            "bcr": summary(pvs[ok] / pvc[ok]) if ok.any() else None,
            "probabilityNpvPositive": float((npv > 0).mean()), "byPayer": by_payer,
            "byPerspective": {k: {"npv": summary(v), "probabilityNpvPositive": float((v > 0).mean())}
                              for k, v in persp.items()},
            "years": [{"year": s["startYear"] + t,
                       "cumulativeDiscountedNet": {"p05": float(pc[0, t]), "p50": float(pc[1, t]), "p95": float(pc[2, t])}}
                      for t in range(r["T"])]}


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--iterations", type=int)
    ap.add_argument("--seed", type=int)
    a = ap.parse_args(argv)
    with open(a.file, encoding="utf-8") as f:
        s = defaults(json.load(f))
    mc = s.get("monteCarlo") or {}
    n = a.iterations if a.iterations is not None else mc.get("iterations", 0)
    seed = a.seed if a.seed is not None else mc.get("seed", 1)
    out = {"deterministic": deterministic(s)}
    if n > 0:
        out["monteCarlo"] = monte_carlo(s, n, seed)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
