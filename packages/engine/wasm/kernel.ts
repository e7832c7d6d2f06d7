// The batch kernel's passes in WebAssembly with 128-bit SIMD (two lanes of f64 per
// instruction), compiled by AssemblyScript (`npm run build:wasm -w packages/engine`) into
// src/kernel-wasm.generated.ts. Each function does exactly what its namesake in
// src/batch-kernel.ts does, operation for operation in the same order for every lane, so the
// results are bit for bit the same (WebAssembly's f64 arithmetic is IEEE 754's, without fused
// multiply-add). Arguments are indices of f64 numbers in the memory (a row holds LANES, 128).

const L: usize = 128 * 8; // bytes of a row of lanes

/** The byte address of the f64 at index i. */
// @ts-ignore: AssemblyScript decorator
@inline function at(i: i32): usize {
  return <usize>i << 3;
}

/** pvC += amount·linePv; payerNpv[pay] −= amount·linePv; sum += amount, amount = params·costFactor. */
export function costLine(paramsI: i32, n: i32, costFactor: f64, linePv: f64, pvCI: i32, payI: i32, sumI: i32): void {
  const params = at(paramsI);
  const pvC = at(pvCI);
  const pay = at(payI);
  const sum = at(sumI);
  const cf = f64x2.splat(costFactor);
  const lp = f64x2.splat(linePv);
  let i: usize = 0;
  const end: usize = (<usize>n & ~1) << 3;
  for (; i < end; i += 16) {
    const amount = f64x2.mul(v128.load(params + i), cf);
    const pv = f64x2.mul(amount, lp);
    v128.store(pvC + i, f64x2.add(v128.load(pvC + i), pv));
    v128.store(pay + i, f64x2.sub(v128.load(pay + i), pv));
    v128.store(sum + i, f64x2.add(v128.load(sum + i), amount));
  }
  if (<usize>n & 1) {
    const amount = load<f64>(params + i) * costFactor;
    const pv = amount * linePv;
    store<f64>(pvC + i, load<f64>(pvC + i) + pv);
    store<f64>(pay + i, load<f64>(pay + i) - pv);
    store<f64>(sum + i, load<f64>(sum + i) + amount);
  }
}

/**
 * rows[t] ± v · k[t] over [first, last] (each row LANES numbers, v and k one each lane and year):
 * subtracted where `minus`, added otherwise.
 */
// @ts-ignore: AssemblyScript decorator
@inline function rowsPlusTimes(rows: usize, v: usize, k: usize, first: i32, last: i32, n: i32, minus: bool): void {
  const end: usize = (<usize>n & ~1) << 3;
  for (let t = first; t <= last; t++) {
    const k1 = load<f64>(k + (<usize>t << 3));
    const kk = f64x2.splat(k1);
    const row = rows + <usize>t * L;
    let i: usize = 0;
    for (; i < end; i += 16) {
      const vk = f64x2.mul(v128.load(v + i), kk);
      v128.store(row + i, minus ? f64x2.sub(v128.load(row + i), vk) : f64x2.add(v128.load(row + i), vk));
    }
    if (<usize>n & 1) {
      const vk = load<f64>(v + i) * k1;
      store<f64>(row + i, minus ? load<f64>(row + i) - vk : load<f64>(row + i) + vk);
    }
  }
}

/** netDisc[t] −= sum · pd[t] over [first, last]. */
export function costFlows(netDiscI: i32, sumI: i32, pdI: i32, first: i32, last: i32, n: i32): void {
  rowsPlusTimes(at(netDiscI), at(sumI), at(pdI), first, last, n, true);
}

/** p₀ · r, r the effect x clamped to [1 − 1/p₀, 1] as effectiveRrr does, 0 where p₀ ≤ 0: two lanes. */
// @ts-ignore: AssemblyScript decorator
@inline function scaledLanes(p0: v128, x: v128): v128 {
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  // Each branch's value computed and the right one selected.
  const low = f64x2.sub(one, f64x2.div(one, p0));
  const r = v128.bitselect(low, f64x2.min(x, one), f64x2.lt(x, low));
  return f64x2.mul(p0, v128.bitselect(r, zero, f64x2.gt(p0, zero)));
}

/** scaledLanes for one lane. */
// @ts-ignore: AssemblyScript decorator
@inline function scaledOne(p0: f64, x: f64): f64 {
  let r: f64 = 0;
  if (p0 > 0) {
    const low = 1 - 1 / p0;
    // min as Math.min: NaN if either is NaN, −0 below +0.
    r = x < low ? low : min<f64>(x, 1);
  }
  return p0 * r;
}

/** scale = p₀ · RRRₑ for a relative risk reduction (effectiveRrr written out). */
export function effectScaleRrr(scaleI: i32, p0RowI: i32, sizeRowI: i32, effRowI: i32, effectFactor: f64, n: i32): void {
  const scale = at(scaleI);
  const p0Row = at(p0RowI);
  const sizeRow = at(sizeRowI);
  const effRow = at(effRowI);
  const ef = f64x2.splat(effectFactor);
  const end: usize = (<usize>n & ~1) << 3;
  let o: usize = 0;
  for (; o < end; o += 16) {
    const x = f64x2.mul(f64x2.mul(v128.load(sizeRow + o), v128.load(effRow + o)), ef);
    v128.store(scale + o, scaledLanes(v128.load(p0Row + o), x));
  }
  if (<usize>n & 1)
    store<f64>(scale + o, scaledOne(load<f64>(p0Row + o), load<f64>(sizeRow + o) * load<f64>(effRow + o) * effectFactor));
}

/** avoided[y] += scale · prof[y] over [first, last]. */
export function addProfile(avoidedI: i32, scaleI: i32, profI: i32, first: i32, last: i32, n: i32): void {
  rowsPlusTimes(at(avoidedI), at(scaleI), at(profI), first, last, n, false);
}

/** prefix[k] = Σ_{first ≤ y < k} avoided[y], for k in [first, last + 1]. */
export function prefixSums(prefixI: i32, avoidedI: i32, first: i32, last: i32, n: i32): void {
  const prefix = at(prefixI);
  const avoided = at(avoidedI);
  const end: usize = (<usize>n & ~1) << 3;
  memory.fill(prefix + <usize>first * L, 0, L);
  for (let y = first; y <= last; y++) {
    const src = avoided + <usize>y * L;
    const cur = prefix + <usize>y * L;
    const next = cur + L;
    let i: usize = 0;
    for (; i < end; i += 16) v128.store(next + i, f64x2.add(v128.load(cur + i), v128.load(src + i)));
    if (<usize>n & 1) store<f64>(next + i, load<f64>(cur + i) + load<f64>(src + i));
  }
}

/** out = quantity · amount. */
export function perUnit(outI: i32, qRowI: i32, aRowI: i32, n: i32): void {
  const out = at(outI);
  const qRow = at(qRowI);
  const aRow = at(aRowI);
  const end: usize = (<usize>n & ~1) << 3;
  let i: usize = 0;
  for (; i < end; i += 16) v128.store(out + i, f64x2.mul(v128.load(qRow + i), v128.load(aRow + i)));
  if (<usize>n & 1) store<f64>(out + i, load<f64>(qRow + i) * load<f64>(aRow + i));
}

/**
 * Savings in year t: perUnit · (prefix[hi] − prefix[lo]) · df[t], to the net, and their sum (the
 * consequence's PV) into pv.
 */
export function savingsFlows(netDiscI: i32, pvI: i32, perUnitRowI: i32, prefixI: i32, dfI: i32, T: i32, from: i32, years: i32, first: i32, last: i32, n: i32): void {
  const netDisc = at(netDiscI);
  const pv = at(pvI);
  const perUnitRow = at(perUnitRowI);
  const prefix = at(prefixI);
  const df = at(dfI);
  const end: usize = (<usize>n & ~1) << 3;
  memory.fill(pv, 0, <usize>n << 3);
  const tEnd = min<i32>(T - 1, last + from + years - 1);
  for (let t = first + from; t <= tEnd; t++) {
    const hi = prefix + <usize>(min<i32>(t - from, last) + 1) * L;
    const lo = prefix + <usize>max<i32>(t - from - years + 1, first) * L;
    const k1 = load<f64>(df + (<usize>t << 3));
    const k = f64x2.splat(k1);
    const row = netDisc + <usize>t * L;
    let i: usize = 0;
    for (; i < end; i += 16) {
      const v = f64x2.mul(f64x2.mul(v128.load(perUnitRow + i), f64x2.sub(v128.load(hi + i), v128.load(lo + i))), k);
      v128.store(row + i, f64x2.add(v128.load(row + i), v));
      v128.store(pv + i, f64x2.add(v128.load(pv + i), v));
    }
    if (<usize>n & 1) {
      const v = load<f64>(perUnitRow + i) * (load<f64>(hi + i) - load<f64>(lo + i)) * k1;
      store<f64>(row + i, load<f64>(row + i) + v);
      store<f64>(pv + i, load<f64>(pv + i) + v);
    }
  }
}

/** A consequence's PV to its payer and to society. */
export function savingsPv(payI: i32, pvSI: i32, pvI: i32, n: i32): void {
  const pay = at(payI);
  const pvS = at(pvSI);
  const pv = at(pvI);
  const end: usize = (<usize>n & ~1) << 3;
  let i: usize = 0;
  for (; i < end; i += 16) {
    const v = v128.load(pv + i);
    v128.store(pay + i, f64x2.add(v128.load(pay + i), v));
    v128.store(pvS + i, f64x2.add(v128.load(pvS + i), v));
  }
  if (<usize>n & 1) {
    const v = load<f64>(pv + i);
    store<f64>(pay + i, load<f64>(pay + i) + v);
    store<f64>(pvS + i, load<f64>(pvS + i) + v);
  }
}

/** effectScaleRrr, then addProfile with that scale: one call for the common effect. */
export function effectRrrProfile(scaleI: i32, p0RowI: i32, sizeRowI: i32, effRowI: i32, effectFactor: f64, avoidedI: i32, profI: i32, first: i32, last: i32, n: i32): void {
  effectScaleRrr(scaleI, p0RowI, sizeRowI, effRowI, effectFactor, n);
  addProfile(avoidedI, scaleI, profI, first, last, n);
}

/** perUnit, savingsFlows and savingsPv: one call for a consequence that is not a transfer. */
export function consequence(netDiscI: i32, pvI: i32, perUnitRowI: i32, qRowI: i32, aRowI: i32, prefixI: i32, dfI: i32, T: i32, from: i32, years: i32, first: i32, last: i32, payI: i32, pvSI: i32, n: i32): void {
  perUnit(perUnitRowI, qRowI, aRowI, n);
  savingsFlows(netDiscI, pvI, perUnitRowI, prefixI, dfI, T, from, years, first, last, n);
  savingsPv(payI, pvSI, pvI, n);
}

/**
 * A drawn row clamped as model.ts `clampValue` does: kind 1, a probability (v < 0 ? 0 :
 * min(v, 1)); kind 2, non-negative (max(v, 0)); min and max with JavaScript's NaN and −0 rules.
 */
export function clamp(rowI: i32, n: i32, kind: i32): void {
  const row = at(rowI);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const end: usize = (<usize>n & ~1) << 3;
  let i: usize = 0;
  if (kind == 1) {
    for (; i < end; i += 16) {
      const v = v128.load(row + i);
      v128.store(row + i, v128.bitselect(zero, f64x2.min(v, one), f64x2.lt(v, zero)));
    }
    if (<usize>n & 1) {
      const v = load<f64>(row + i);
      store<f64>(row + i, v < 0 ? 0 : min<f64>(v, 1));
    }
  } else if (kind == 2) {
    for (; i < end; i += 16) v128.store(row + i, f64x2.max(v128.load(row + i), zero));
    if (<usize>n & 1) store<f64>(row + i, max<f64>(load<f64>(row + i), 0));
  }
}

/**
 * scale = p₀ · RRRₑ for an odds ratio (effectiveRrr written out), the odds ratios in orRow (for a
 * standardised mean difference, exp(1.65 · d), computed by the caller with JavaScript's exp).
 */
export function effectScaleOr(scaleI: i32, p0RowI: i32, orRowI: i32, effRowI: i32, effectFactor: f64, n: i32): void {
  const scale = at(scaleI);
  const p0Row = at(p0RowI);
  const orRow = at(orRowI);
  const effRow = at(effRowI);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const ef = f64x2.splat(effectFactor);
  const end: usize = (<usize>n & ~1) << 3;
  let o: usize = 0;
  for (; o < end; o += 16) {
    const p0 = v128.load(p0Row + o);
    const op = f64x2.mul(v128.load(orRow + o), p0);
    const converted = f64x2.sub(one, f64x2.div(f64x2.div(op, f64x2.add(f64x2.sub(one, p0), op)), p0));
    const rrr = v128.bitselect(zero, converted, f64x2.ge(p0, one));
    v128.store(scale + o, scaledLanes(p0, f64x2.mul(f64x2.mul(rrr, v128.load(effRow + o)), ef)));
  }
  if (<usize>n & 1) {
    const p0 = load<f64>(p0Row + o);
    let rrr: f64 = 0;
    if (p0 > 0 && !(p0 >= 1)) {
      const op = load<f64>(orRow + o) * p0;
      rrr = 1 - op / (1 - p0 + op) / p0;
    }
    store<f64>(scale + o, scaledOne(p0, rrr * load<f64>(effRow + o) * effectFactor));
  }
}

/** effectScaleOr, then addProfile with that scale. */
export function effectOrProfile(scaleI: i32, p0RowI: i32, orRowI: i32, effRowI: i32, effectFactor: f64, avoidedI: i32, profI: i32, first: i32, last: i32, n: i32): void {
  effectScaleOr(scaleI, p0RowI, orRowI, effRowI, effectFactor, n);
  addProfile(avoidedI, scaleI, profI, first, last, n);
}

/**
 * A transfer: perUnit = quantity · amount; dot = Σ avoided[y] · weight[y] over [first, last];
 * pay += perUnit · dot, rec −= perUnit · dot.
 */
export function transfer(dotI: i32, perUnitRowI: i32, qRowI: i32, aRowI: i32, avoidedI: i32, weightI: i32, payI: i32, recI: i32, first: i32, last: i32, n: i32): void {
  perUnit(perUnitRowI, qRowI, aRowI, n);
  const dot = at(dotI);
  const perUnitRow = at(perUnitRowI);
  const avoided = at(avoidedI);
  const weight = at(weightI);
  const pay = at(payI);
  const rec = at(recI);
  const end: usize = (<usize>n & ~1) << 3;
  memory.fill(dot, 0, <usize>n << 3);
  for (let y = first; y <= last; y++) {
    const k1 = load<f64>(weight + (<usize>y << 3));
    const k = f64x2.splat(k1);
    const row = avoided + <usize>y * L;
    let i: usize = 0;
    for (; i < end; i += 16) v128.store(dot + i, f64x2.add(v128.load(dot + i), f64x2.mul(v128.load(row + i), k)));
    if (<usize>n & 1) store<f64>(dot + i, load<f64>(dot + i) + load<f64>(row + i) * k1);
  }
  let i: usize = 0;
  for (; i < end; i += 16) {
    const pv = f64x2.mul(v128.load(perUnitRow + i), v128.load(dot + i));
    v128.store(pay + i, f64x2.add(v128.load(pay + i), pv));
    v128.store(rec + i, f64x2.sub(v128.load(rec + i), pv));
  }
  if (<usize>n & 1) {
    const pv = load<f64>(perUnitRow + i) * load<f64>(dot + i);
    store<f64>(pay + i, load<f64>(pay + i) + pv);
    store<f64>(rec + i, load<f64>(rec + i) - pv);
  }
}

/**
 * The outputs of a batch: netDisc's T rows made cumulative in place (row t = 0 + row 0 + … +
 * row t, added in that order), and npv = pvS − pvC.
 */
export function totals(netDiscI: i32, T: i32, npvI: i32, pvSI: i32, pvCI: i32, n: i32): void {
  const netDisc = at(netDiscI);
  const npv = at(npvI);
  const pvS = at(pvSI);
  const pvC = at(pvCI);
  const end: usize = (<usize>n & ~1) << 3;
  let i: usize = 0;
  for (; i < end; i += 16) {
    v128.store(npv + i, f64x2.sub(v128.load(pvS + i), v128.load(pvC + i)));
    let cum = f64x2.splat(0);
    for (let t = 0; t < T; t++) {
      const cell = netDisc + <usize>t * L + i;
      cum = f64x2.add(cum, v128.load(cell));
      v128.store(cell, cum);
    }
  }
  if (<usize>n & 1) {
    store<f64>(npv + i, load<f64>(pvS + i) - load<f64>(pvC + i));
    let cum: f64 = 0;
    for (let t = 0; t < T; t++) {
      const cell = netDisc + <usize>t * L + i;
      cum = cum + load<f64>(cell);
      store<f64>(cell, cum);
    }
  }
}

/**
 * avoided[y] += w · G(y) over [first, last] for an effect with its own onset profile (an
 * uncertain decay): w = scale / years, G(y) = x·G(y − 1) + entering[y]·enter − leaving[y]·leave,
 * G before first 0, each lane with its own x = 1 − decay, enter and leave (computed by the
 * caller with JavaScript's exponentiation).
 */
export function onsetProfile(avoidedI: i32, scaleI: i32, xI: i32, enterI: i32, leaveI: i32, enteringI: i32, leavingI: i32, years: f64, first: i32, last: i32, n: i32): void {
  const avoided = at(avoidedI);
  const scale = at(scaleI);
  const xRow = at(xI);
  const enterRow = at(enterI);
  const leaveRow = at(leaveI);
  const entering = at(enteringI);
  const leaving = at(leavingI);
  const yrs = f64x2.splat(years);
  const end: usize = (<usize>n & ~1) << 3;
  let i: usize = 0;
  // Two lanes at a time over the years, G in a register.
  for (; i < end; i += 16) {
    const w = f64x2.div(v128.load(scale + i), yrs);
    const x = v128.load(xRow + i);
    const enter = v128.load(enterRow + i);
    const leave = v128.load(leaveRow + i);
    let g = f64x2.splat(0);
    for (let y = first; y <= last; y++) {
      const o = <usize>y << 3;
      g = f64x2.sub(f64x2.add(f64x2.mul(x, g), f64x2.mul(f64x2.splat(load<f64>(entering + o)), enter)), f64x2.mul(f64x2.splat(load<f64>(leaving + o)), leave));
      const cell = avoided + <usize>y * L + i;
      v128.store(cell, f64x2.add(v128.load(cell), f64x2.mul(w, g)));
    }
  }
  if (<usize>n & 1) {
    const w = load<f64>(scale + i) / years;
    const x = load<f64>(xRow + i);
    const enter = load<f64>(enterRow + i);
    const leave = load<f64>(leaveRow + i);
    let g: f64 = 0;
    for (let y = first; y <= last; y++) {
      const o = <usize>y << 3;
      g = x * g + load<f64>(entering + o) * enter - load<f64>(leaving + o) * leave;
      const cell = avoided + <usize>y * L + i;
      store<f64>(cell, load<f64>(cell) + w * g);
    }
  }
}

/** Operand k (an index) of the program's operation at p. */
// @ts-ignore: AssemblyScript decorator
@inline function arg(p: usize, k: usize): i32 {
  return <i32>load<f64>(p + (k << 3));
}

/** Operand k (a number) of the program's operation at p. */
// @ts-ignore: AssemblyScript decorator
@inline function num(p: usize, k: usize): f64 {
  return load<f64>(p + (k << 3));
}

/**
 * A batch's program (batch-kernel.ts `programFor`): operations, each a code followed by its
 * operands, in f64, up to the code 0; the rows of parameters are indices within a column of
 * the matrix, `col` added here. The same passes in the same order as called one by one.
 */
export function run(progI: i32, col: i32, n: i32): void {
  let p = at(progI);
  while (true) {
    const op = arg(p, 0);
    if (op == 1) {
      memory.fill(at(arg(p, 1)), 0, <usize>arg(p, 2) << 3);
      p += 3 << 3;
    } else if (op == 2) {
      costLine(arg(p, 1) + col, n, num(p, 2), num(p, 3), arg(p, 4), arg(p, 5), arg(p, 6));
      p += 7 << 3;
    } else if (op == 3) {
      costFlows(arg(p, 1), arg(p, 2), arg(p, 3), arg(p, 4), arg(p, 5), n);
      p += 6 << 3;
    } else if (op == 4) {
      effectRrrProfile(arg(p, 1), arg(p, 2) + col, arg(p, 3) + col, arg(p, 4) + col, num(p, 5), arg(p, 6), arg(p, 7), arg(p, 8), arg(p, 9), n);
      p += 10 << 3;
    } else if (op == 5) {
      effectOrProfile(arg(p, 1), arg(p, 2) + col, arg(p, 3) + col, arg(p, 4) + col, num(p, 5), arg(p, 6), arg(p, 7), arg(p, 8), arg(p, 9), n);
      p += 10 << 3;
    } else if (op == 6) {
      effectOrProfile(arg(p, 1), arg(p, 2) + col, arg(p, 3), arg(p, 4) + col, num(p, 5), arg(p, 6), arg(p, 7), arg(p, 8), arg(p, 9), n);
      p += 10 << 3;
    } else if (op == 7) {
      prefixSums(arg(p, 1), arg(p, 2), arg(p, 3), arg(p, 4), n);
      p += 5 << 3;
    } else if (op == 8) {
      consequence(arg(p, 1), arg(p, 2), arg(p, 3), arg(p, 4) + col, arg(p, 5) + col, arg(p, 6), arg(p, 7), arg(p, 8), arg(p, 9), arg(p, 10), arg(p, 11), arg(p, 12), arg(p, 13), arg(p, 14), n);
      p += 15 << 3;
    } else if (op == 9) {
      transfer(arg(p, 1), arg(p, 2), arg(p, 3) + col, arg(p, 4) + col, arg(p, 5), arg(p, 6), arg(p, 7), arg(p, 8), arg(p, 9), arg(p, 10), n);
      p += 11 << 3;
    } else if (op == 10) {
      totals(arg(p, 1), arg(p, 2), arg(p, 3), arg(p, 4), arg(p, 5), n);
      p += 6 << 3;
    } else if (op == 11) {
      effectScaleRrr(arg(p, 1), arg(p, 2) + col, arg(p, 3) + col, arg(p, 4) + col, num(p, 5), n);
      p += 6 << 3;
    } else if (op == 12) {
      effectScaleOr(arg(p, 1), arg(p, 2) + col, arg(p, 3) + col, arg(p, 4) + col, num(p, 5), n);
      p += 6 << 3;
    } else if (op == 13) {
      effectScaleOr(arg(p, 1), arg(p, 2) + col, arg(p, 3), arg(p, 4) + col, num(p, 5), n);
      p += 6 << 3;
    } else if (op == 14) {
      onsetProfile(arg(p, 1), arg(p, 2), arg(p, 3), arg(p, 4), arg(p, 5), arg(p, 6), arg(p, 7), num(p, 8), arg(p, 9), arg(p, 10), n);
      p += 11 << 3;
    } else return;
  }
}

/**
 * For a series' mean and share above zero: src[0 … n − 1] added, one after the other, to the sum
 * at acc, and the number of them above zero to the count at acc + 1 (a series may come in parts).
 */
export function sums(srcI: i32, n: i32, accI: i32): void {
  const src = at(srcI);
  const acc = at(accI);
  let s = load<f64>(acc);
  let k: i32 = 0;
  const end = src + (<usize>n << 3);
  for (let p = src; p < end; p += 8) {
    const v = load<f64>(p);
    s = s + v;
    k += <i32>(v > 0);
  }
  store<f64>(acc, s);
  store<f64>(acc + 8, load<f64>(acc + 8) + <f64>k);
}

/** For a series' standard deviation: (v − mu)² for src[0 … n − 1] added one after the other to acc. */
export function squares(srcI: i32, n: i32, mu: f64, accI: i32): void {
  const src = at(srcI);
  const acc = at(accI);
  let s = load<f64>(acc);
  const end = src + (<usize>n << 3);
  for (let p = src; p < end; p += 8) {
    const d = load<f64>(p) - mu;
    s = s + d * d;
  }
  store<f64>(acc, s);
}

/**
 * For the benefit–cost ratios: savings[i] / costs[i] for the i < n with costs[i] > 0, in order,
 * to dst from the count at cnt on (which it adds to; dst holds one more than it keeps).
 */
export function ratios(costsI: i32, savingsI: i32, n: i32, dstI: i32, cntI: i32): void {
  const costs = at(costsI);
  const savings = at(savingsI);
  const dst = at(dstI);
  const cnt = at(cntI);
  let k = <usize>load<f64>(cnt) << 3;
  for (let o: usize = 0; o < <usize>n << 3; o += 8) {
    const c = load<f64>(costs + o);
    store<f64>(dst + k, load<f64>(savings + o) / c);
    k += <usize>(<i32>(c > 0)) << 3;
  }
  store<f64>(cnt, <f64>(k >> 3));
}

/**
 * Rearranges a[0 … n − 1] (no NaNs) so that a[k] is its k-th smallest, with none smaller after
 * it: a quickselect with the median of three values as pivot. Returns 0 where it gives up (a
 * series that defeats the pivots), 1 otherwise.
 */
export function selectRank(aI: i32, n: i32, k: i32): i32 {
  const a = at(aI);
  let l: i32 = 0;
  let r: i32 = n - 1;
  let rounds: i32 = 0;
  while (r > l) {
    if (++rounds > 200) return 0;
    const x = load<f64>(a + (<usize>l << 3));
    const y = load<f64>(a + (<usize>(l + ((r - l) >> 1)) << 3));
    const z = load<f64>(a + (<usize>r << 3));
    // The median of x, y, z: a value in the range, so the scans below stop within it.
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = l;
    let j = r;
    while (i <= j) {
      while (load<f64>(a + (<usize>i << 3)) < pivot) i++;
      while (load<f64>(a + (<usize>j << 3)) > pivot) j--;
      if (i <= j) {
        const pi = a + (<usize>i << 3);
        const pj = a + (<usize>j << 3);
        const t = load<f64>(pi);
        store<f64>(pi, load<f64>(pj));
        store<f64>(pj, t);
        i++;
        j--;
      }
    }
    // a[l … j] ≤ pivot ≤ a[i … r], and those between equal to the pivot.
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return 1;
  }
  return 1;
}

/** Whether a[0 … n − 1] holds zeros of both signs (1) or not (0). */
export function mixedZeros(aI: i32, n: i32): i32 {
  const a = at(aI);
  let plus: i32 = 0;
  let minus: i32 = 0;
  const end = a + (<usize>n << 3);
  for (let p = a; p < end; p += 8) {
    const bits = load<i64>(p);
    plus |= <i32>(bits == 0);
    minus |= <i32>(bits == 0x8000000000000000);
  }
  return plus & minus;
}

/** dst[i] += src[i] for i < n. */
export function addRow(dstI: i32, srcI: i32, n: i32): void {
  const dst = at(dstI);
  const src = at(srcI);
  const end: usize = (<usize>n & ~1) << 3;
  let i: usize = 0;
  for (; i < end; i += 16) v128.store(dst + i, f64x2.add(v128.load(dst + i), v128.load(src + i)));
  if (<usize>n & 1) store<f64>(dst + i, load<f64>(dst + i) + load<f64>(src + i));
}

/** The smallest and largest of src[0 … n − 1] and the two at acc (NaNs passed over), into acc. */
export function minMax(srcI: i32, n: i32, accI: i32): void {
  const src = at(srcI);
  const acc = at(accI);
  let lo = load<f64>(acc);
  let hi = load<f64>(acc + 8);
  const end = src + (<usize>n << 3);
  for (let p = src; p < end; p += 8) {
    const v = load<f64>(p);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  store<f64>(acc, lo);
  store<f64>(acc + 8, hi);
}

/**
 * Counts of src[0 … n − 1] in `bins` bins of `width` from lo on (the last one taking all from
 * there up; NaNs in none), added to those at counts.
 */
export function binCounts(srcI: i32, n: i32, lo: f64, width: f64, bins: i32, countsI: i32): void {
  const src = at(srcI);
  const counts = at(countsI);
  const last = <f64>(bins - 1);
  const end = src + (<usize>n << 3);
  for (let p = src; p < end; p += 8) {
    const k = min<f64>(last, Math.floor((load<f64>(p) - lo) / width));
    if (k != k) continue;
    const c = counts + (<usize><i32>k << 3);
    store<f64>(c, load<f64>(c) + 1);
  }
}

/**
 * For exact percentiles: a pass over src[0 … n − 1] with three brackets [lo_g, hi_g] (pivots
 * at piv: lo₀, hi₀, lo₁, hi₁, lo₂, hi₂). The values inside bracket g are copied, in order, to
 * dst + g · cap on; the counts at cnt go on from what they hold (a series may come in parts):
 * for each g the number of values below lo_g and the number inside, then the number of NaNs
 * (all as f64).
 */
export function brackets(srcI: i32, n: i32, pivI: i32, dstI: i32, cap: i32, cntI: i32): void {
  const src = at(srcI);
  const piv = at(pivI);
  const d0 = at(dstI);
  const d1 = d0 + (<usize>cap << 3);
  const d2 = d1 + (<usize>cap << 3);
  const lo0 = load<f64>(piv);
  const hi0 = load<f64>(piv + 8);
  const lo1 = load<f64>(piv + 16);
  const hi1 = load<f64>(piv + 24);
  const lo2 = load<f64>(piv + 32);
  const hi2 = load<f64>(piv + 40);
  const vlo0 = f64x2.splat(lo0);
  const vhi0 = f64x2.splat(hi0);
  const vlo1 = f64x2.splat(lo1);
  const vhi1 = f64x2.splat(hi1);
  const vlo2 = f64x2.splat(lo2);
  const vhi2 = f64x2.splat(hi2);
  // Counts by lane (a true comparison is −1 in its lane).
  const cnt = at(cntI);
  let b0 = i64x2.splat(0);
  let b1 = i64x2.splat(0);
  let b2 = i64x2.splat(0);
  let nans = i64x2.splat(0);
  let k0 = <usize>load<f64>(cnt + 8) << 3;
  let k1 = <usize>load<f64>(cnt + 24) << 3;
  let k2 = <usize>load<f64>(cnt + 40) << 3;
  const end = src + (<usize>n << 3);
  const pairs = src + ((<usize>n & ~1) << 3);
  let p = src;
  for (; p < pairs; p += 16) {
    const v = v128.load(p);
    const lt0 = f64x2.lt(v, vlo0);
    const lt1 = f64x2.lt(v, vlo1);
    const lt2 = f64x2.lt(v, vlo2);
    b0 = i64x2.sub(b0, lt0);
    b1 = i64x2.sub(b1, lt1);
    b2 = i64x2.sub(b2, lt2);
    nans = i64x2.sub(nans, f64x2.ne(v, v));
    // Inside: not below lo and not above hi (a NaN is neither inside nor below).
    const in0 = v128.andnot(f64x2.le(v, vhi0), lt0);
    const in1 = v128.andnot(f64x2.le(v, vhi1), lt1);
    const in2 = v128.andnot(f64x2.le(v, vhi2), lt2);
    // Mostly neither value is in a bracket.
    if (v128.any_true(v128.or(v128.or(in0, in1), in2))) {
      const x = f64x2.extract_lane(v, 0);
      const y = f64x2.extract_lane(v, 1);
      store<f64>(d0 + k0, x);
      k0 += <usize>(<i32>(x >= lo0) & <i32>(x <= hi0)) << 3;
      store<f64>(d0 + k0, y);
      k0 += <usize>(<i32>(y >= lo0) & <i32>(y <= hi0)) << 3;
      store<f64>(d1 + k1, x);
      k1 += <usize>(<i32>(x >= lo1) & <i32>(x <= hi1)) << 3;
      store<f64>(d1 + k1, y);
      k1 += <usize>(<i32>(y >= lo1) & <i32>(y <= hi1)) << 3;
      store<f64>(d2 + k2, x);
      k2 += <usize>(<i32>(x >= lo2) & <i32>(x <= hi2)) << 3;
      store<f64>(d2 + k2, y);
      k2 += <usize>(<i32>(y >= lo2) & <i32>(y <= hi2)) << 3;
    }
  }
  let c0 = <i64>load<f64>(cnt) + i64x2.extract_lane(b0, 0) + i64x2.extract_lane(b0, 1);
  let c1 = <i64>load<f64>(cnt + 16) + i64x2.extract_lane(b1, 0) + i64x2.extract_lane(b1, 1);
  let c2 = <i64>load<f64>(cnt + 32) + i64x2.extract_lane(b2, 0) + i64x2.extract_lane(b2, 1);
  let nan = <i64>load<f64>(cnt + 48) + i64x2.extract_lane(nans, 0) + i64x2.extract_lane(nans, 1);
  if (p < end) {
    const x = load<f64>(p);
    c0 += <i64>(x < lo0);
    c1 += <i64>(x < lo1);
    c2 += <i64>(x < lo2);
    nan += <i64>(x != x);
    store<f64>(d0 + k0, x);
    k0 += <usize>(<i32>(x >= lo0) & <i32>(x <= hi0)) << 3;
    store<f64>(d1 + k1, x);
    k1 += <usize>(<i32>(x >= lo1) & <i32>(x <= hi1)) << 3;
    store<f64>(d2 + k2, x);
    k2 += <usize>(<i32>(x >= lo2) & <i32>(x <= hi2)) << 3;
  }
  store<f64>(cnt, <f64>c0);
  store<f64>(cnt + 8, <f64>(k0 >> 3));
  store<f64>(cnt + 16, <f64>c1);
  store<f64>(cnt + 24, <f64>(k1 >> 3));
  store<f64>(cnt + 32, <f64>c2);
  store<f64>(cnt + 40, <f64>(k2 >> 3));
  store<f64>(cnt + 48, <f64>nan);
}

// ---------------------------------------------------------------------------------------
// exp as JavaScript's Math.exp computes it. V8 (Node, Chromium) computes Math.exp with fdlibm's
// e_exp.c (its base/ieee754.cc: FreeBSD's version, exp(1) exactly e); written out here operation
// for operation, with the same IEEE 754 arithmetic, it gives the same number for every x
// (exp.test.ts checks the edges of each branch and 200,000 arguments against Math.exp).
// JavaScript's own exp imported would cost a call out of WebAssembly a number.

const EXP_LN2_HI: f64 = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
const EXP_LN2_LO: f64 = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const EXP_INV_LN2: f64 = 1.44269504088896338700; // 0x3FF71547 652B82FE
const EXP_P1: f64 = 1.66666666666666019037e-1;
const EXP_P2: f64 = -2.77777777770155933842e-3;
const EXP_P3: f64 = 6.61375632143793436117e-5;
const EXP_P4: f64 = -1.65339022054652515390e-6;
const EXP_P5: f64 = 4.13813679705723846039e-8;

/** Math.exp(x), bit for bit (see above). */
export function exactExp(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  const sign = <i32>(bits >>> 63);
  const hx = <u32>(bits >>> 32) & 0x7fffffff; // the high word of |x|
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: NaN, ±∞, overflow, underflow
    if (hx >= 0x7ff00000) return ((hx & 0xfffff) | <u32>bits) != 0 ? x + x : sign == 0 ? x : 0.0;
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.45133219101941108420e2) return 0.0;
  }
  let k: i32 = 0;
  let hi: f64 = 0;
  let lo: f64 = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: x = k·ln2 + r, r = hi − lo
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln2
      if (x == 1.0) return 2.718281828459045;
      hi = sign == 0 ? x - EXP_LN2_HI : x - -EXP_LN2_HI;
      lo = sign == 0 ? EXP_LN2_LO : -EXP_LN2_LO;
      k = 1 - sign - sign;
    } else {
      k = <i32>(EXP_INV_LN2 * x + (sign == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * EXP_LN2_HI; // exact
      lo = t * EXP_LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2⁻²⁸
  }
  const t = x * x;
  const twopk = reinterpret<f64>(<u64><u32>(0x3ff00000 + ((k >= -1021 ? k : k + 1000) << 20)) << 32);
  const c = x - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) return k == 1024 ? y * 2.0 * 8.988465674311579539e307 : y * twopk;
  return y * twopk * 9.33263618503218878990e-302;
}

/** to[l] = exp(1.65 · from[l]): the odds ratios of standardised mean differences (`effectiveRrr`). */
export function oddsRatios(toI: i32, fromI: i32, n: i32): void {
  const to = at(toI);
  const from = at(fromI);
  for (let i: usize = 0; i < (<usize>n << 3); i += 8) store<f64>(to + i, exactExp(1.65 * load<f64>(from + i)));
}

// ---------------------------------------------------------------------------------------
// Sampling: the stream of rng.ts and the samplers of distributions.ts, word for word. The
// generator's state (16 × i32) and its buffer of words (WORDS × u32) live in this memory, shared
// with the JavaScript generator, which reads and refills the same buffer. `log` is JavaScript's
// own (imported), so that the rare paths that need it give the same numbers; exp is `exactExp`.
// Compiled ahead of time, these samplers are at full speed from the first draw, where
// JavaScript's take a few thousand draws to be optimised.

// @ts-ignore: AssemblyScript's import declaration
@external("Math", "log") declare function jsLog(x: f64): f64;

const WORDS: i32 = 1024;
const ZIG_C: i32 = 128;
const ZIG_R: f64 = 3.442619855899;
const TWO_POW_MINUS_31: f64 = 1.0 / 2147483648.0;
const TWO_POW_MINUS_53: f64 = 1.0 / 9007199254740992.0;

let state: usize = 0; // the generator's 16 state words (a, b, c, d: a vector each)
let words: usize = 0; // its buffer of WORDS words
let pos: i32 = 0; // the next word to read
let zigX: usize = 0; // ZIG_X (ZIG_C + 1 numbers), as distributions.ts computes it
let zigRatio: usize = 0; // ZIG_RATIO (ZIG_C numbers)

/** The two tables side by side, (ZIG_RATIO[i], ZIG_X[i]) at 16·i: one load for a layer's two. */
const zigPairs: usize = memory.data(ZIG_C * 16, 16);

/** Where the ziggurat's tables are (f64 indices), copied in by the caller. */
export function setTables(zigXI: i32, zigRatioI: i32): void {
  zigX = at(zigXI);
  zigRatio = at(zigRatioI);
  for (let i: usize = 0; i < <usize>ZIG_C; i++) {
    store<f64>(zigPairs + (i << 4), load<f64>(zigRatio + (i << 3)));
    store<f64>(zigPairs + (i << 4), load<f64>(zigX + (i << 3)), 8);
  }
}

// @ts-ignore: AssemblyScript decorator
@inline function word(k: i32): u32 {
  return load<u32>(words + (<usize>k << 2));
}

/** rotl of each 32-bit lane. */
// @ts-ignore: AssemblyScript decorator
@inline function rotl4(x: v128, k: i32): v128 {
  return v128.or(i32x4.shl(x, k), i32x4.shr_u(x, 32 - k));
}

/**
 * Moves the words not yet read to the front, by a multiple of four places, and generates the
 * rest: the four xoshiro128** generators in the lanes of one vector per state word, one word of
 * each per step (rng.ts `refill`).
 */
function refill(): void {
  const from = pos & ~3;
  const kept = <usize>(WORDS - from) << 2;
  memory.copy(words, words + (<usize>from << 2), kept);
  let a = v128.load(state);
  let b = v128.load(state, 16);
  let c = v128.load(state, 32);
  let d = v128.load(state, 48);
  const end = words + (<usize>WORDS << 2);
  for (let p = words + kept; p < end; p += 16) {
    // rotl(b · 5, 7) · 9, the products as shifts and adds (the same modulo 2³²).
    const r = rotl4(i32x4.add(i32x4.shl(b, 2), b), 7);
    v128.store(p, i32x4.add(i32x4.shl(r, 3), r));
    const t = i32x4.shl(b, 9);
    c = v128.xor(c, a);
    d = v128.xor(d, b);
    b = v128.xor(b, c);
    a = v128.xor(a, d);
    c = v128.xor(c, t);
    d = rotl4(d, 11);
  }
  v128.store(state, a);
  v128.store(state, b, 16);
  v128.store(state, c, 32);
  v128.store(state, d, 48);
  pos -= from;
}

// @ts-ignore: AssemblyScript decorator
@inline function ensure(k: i32): void {
  if (WORDS - pos < k) refill();
}

/** rng.uniform(): 53 bits from two words, in (0, 1). */
function uniform(): f64 {
  ensure(2);
  const p = pos;
  pos = p + 2;
  return (<f64>(word(p) >>> 5) * 67108864.0 + <f64>(word(p + 1) >>> 6) + 0.5) * TWO_POW_MINUS_53;
}

/** The ziggurat's rare cases (distributions.ts `normalEdge`): NaN when the point is rejected. */
function normalEdge(u: f64, i: i32, xi: f64): f64 {
  if (i == 0) {
    let x: f64;
    let y: f64;
    do {
      x = jsLog(uniform()) / ZIG_R;
      y = jsLog(uniform());
    } while (-2 * y < x * x);
    return u < 0 ? x - ZIG_R : ZIG_R - x;
  }
  const x = u * xi;
  return wedgeTest(x, xi, load<f64>(zigX + (<usize>(i + 1) << 3)), uniform()) ? x : NaN;
}

/**
 * The ziggurat's wedge test for x in the layer between xn and xi with the uniform w:
 * f1 + w·(f0 − f1) < 1, f0 = exp(−(xi² − x²)/2), f1 = exp(−(xn² − x²)/2) (distributions.ts
 * `normalEdge`, with Math.exp's numbers).
 */
export function wedgeTest(x: f64, xi: f64, xn: f64, w: f64): bool {
  const f0 = exactExp(-0.5 * (xi * xi - x * x));
  const f1 = exactExp(-0.5 * (xn * xn - x * x));
  return f1 + w * (f0 - f1) < 1;
}

/** distributions.ts `standardNormal`. */
function standardNormal(): f64 {
  for (;;) {
    ensure(2);
    const p = pos;
    pos = p + 2;
    const u = (<f64><i32>word(p) + 0.5) * TWO_POW_MINUS_31;
    const i = <i32>(word(p + 1) & <u32>(ZIG_C - 1));
    const xi = load<f64>(zigX + (<usize>i << 3));
    if (abs<f64>(u) < load<f64>(zigRatio + (<usize>i << 3))) return u * xi;
    const x = normalEdge(u, i, xi);
    if (x == x) return x;
  }
  return NaN; // not reached
}

/** A standard normal draw, the ziggurat's common case first (as normalInto and gammaTo do). */
// @ts-ignore: AssemblyScript decorator
@inline function normalDraw(): f64 {
  ensure(2);
  const p = pos;
  const zu = (<f64><i32>word(p) + 0.5) * TWO_POW_MINUS_31;
  const layer = <i32>(word(p + 1) & <u32>(ZIG_C - 1));
  if (abs<f64>(zu) < load<f64>(zigRatio + (<usize>layer << 3))) {
    pos = p + 2;
    return zu * load<f64>(zigX + (<usize>layer << 3));
  }
  return standardNormal(); // reads the same two words again and goes on from there
}

/** A margin far above the rounding errors of the log test's two sides (both well under 1e-13). */
// @ts-ignore: AssemblyScript decorator
@inline function logMargin(x2: f64, v: f64, d: f64): f64 {
  return 1e-9 * (1 + x2 + d * (1 + v));
}

/**
 * Marsaglia–Tsang's test with logs, log(u) < x²/2 + d·(1 − v + log v), with v = s³ (s = 1 + c·x,
 * s > 0): decided, as far as bounds without logs decide it beyond the margin, by those bounds,
 * else with JavaScript's own log (as distributions.ts does always), so the answer is its answer.
 * With t = s − 1 (exact), Taylor's theorem with Lagrange's remainder (for any t > −1) puts
 * log s between t − t²/2 + t³/3 − t⁴/(4·min(1, s)⁴) and t − t²/2 + t³/3 − t⁴/4 + t⁵/5, so the
 * right side lies between x²/2 − d·(4.5t² + 0.75t⁴/min(1, s)⁴) and
 * x²/2 − d·(4.5t² + 0.75t⁴ − 0.6t⁵) (up to rounding); log u lies between 1 − 1/u and u − 1.
 */
export function logTest(u: f64, x2: f64, s: f64, v: f64, d: f64): bool {
  const t = s - 1;
  const t2 = t * t;
  const m = min<f64>(s, 1);
  const m2 = m * m;
  const lead = 0.5 * x2 - d * (4.5 * t2);
  const margin = logMargin(x2, v, d);
  // u − 1 < lead − d·0.75t⁴/m⁴ − margin, times m⁴ (no division).
  if ((u - 1 - lead + margin) * (m2 * m2) < -(d * (0.75 * (t2 * t2)))) return true;
  if ((u - 1) / u > lead - d * (0.75 * (t2 * t2) - 0.6 * (t2 * t2 * t)) + margin) return false;
  return jsLog(u) < 0.5 * x2 + d * (1 - v + jsLog(v));
}

/** distributions.ts `gammaTo`: scale · Gamma(d + 1/3, 1), c = 1/√(9d). */
function gammaDraw(d: f64, c: f64, scale: f64): f64 {
  for (;;) {
    const x = normalDraw();
    const s = 1 + c * x;
    if (s <= 0) continue;
    const v = s * s * s;
    ensure(2);
    const p = pos;
    pos = p + 2;
    const u = (<f64>(word(p) >>> 5) * 67108864.0 + <f64>(word(p + 1) >>> 6) + 0.5) * TWO_POW_MINUS_53;
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || logTest(u, x2, s, v, d)) return scale * (d * v);
  }
  return NaN; // not reached
}

function begin(stateAt: usize, wordsAt: usize, from: i32): void {
  state = stateAt;
  words = wordsAt;
  pos = from;
}

// The samplers' common case, two draws at once in the lanes of f64x2: each lane does what the
// scalar code does, operation for operation, on the words the scalar code would read. Where a
// lane would take the rare path (a ziggurat point outside its box, v ≤ 0, the squeeze failing),
// the scalar code draws from the same position instead, so the draws are the same either way.

// Constant vectors, loaded from memory: one instruction, where a v128.const in a loop becomes
// several each time round.
const KONST: usize = memory.data<f64>([0.5, 0.5, TWO_POW_MINUS_31, TWO_POW_MINUS_31, 67108864.0, 67108864.0, TWO_POW_MINUS_53, TWO_POW_MINUS_53, 1, 1, 0.0331, 0.0331, 4.5, 4.5, 0.75, 0.75, 1e-9, 1e-9], 16);
const K_HALF: usize = 0;
const K_TWO_POW_MINUS_31: usize = 1;
const K_TWO_POW_26: usize = 2;
const K_TWO_POW_MINUS_53: usize = 3;
const K_ONE: usize = 4;
const K_SQUEEZE: usize = 5;
const K_4_5: usize = 6;
const K_0_75: usize = 7;
const K_MARGIN: usize = 8;

/** Constant vector k (K_…): both lanes the same number. */
// @ts-ignore: AssemblyScript decorator
@inline function kv(k: usize): v128 {
  return v128.load(KONST + (k << 4));
}

/** The ziggurat's u in (−1, 1) from the words in i32 lanes 0 and 1 (read as signed). */
// @ts-ignore: AssemblyScript decorator
@inline function zigU2(w: v128): v128 {
  return f64x2.mul(f64x2.add(f64x2.convert_low_i32x4_s(w), kv(K_HALF)), kv(K_TWO_POW_MINUS_31));
}

/** The ziggurat's (ratio, x) for the layer word at byte address p. */
// @ts-ignore: AssemblyScript decorator
@inline function layerPair(p: usize): v128 {
  return v128.load(zigPairs + (<usize>(load<u32>(p) & <u32>(ZIG_C - 1)) << 4));
}

/** Two uniforms, 53 bits each: the first words in i32 lanes 0 and 1 of `first`, the second of `second`. */
// @ts-ignore: AssemblyScript decorator
@inline function uniform2(first: v128, second: v128): v128 {
  // Below 2³¹ after the shifts, so converted as signed (one instruction) to the same numbers.
  const hi = f64x2.convert_low_i32x4_s(i32x4.shr_u(first, 5));
  const lo = f64x2.convert_low_i32x4_s(i32x4.shr_u(second, 6));
  return f64x2.mul(f64x2.add(f64x2.add(f64x2.mul(hi, kv(K_TWO_POW_26)), lo), kv(K_HALF)), kv(K_TWO_POW_MINUS_53));
}

/**
 * Two gamma tries from the words at byte address w: lane 0 from w[0 … 3], lane 1 from w[4 … 7]
 * (value, layer, then a uniform's two words), with d0, c0 and d1, c1 (also as vectors d, c).
 * Returns d · v in each lane; `accepted` is true where both lanes accept in their common case
 * (the ziggurat's box, v > 0, then the squeeze or the test with logs, as gammaDraw).
 */
let accepted: bool = false;
// @ts-ignore: AssemblyScript decorator
@inline function gamma2(w: usize, d: v128, c: v128, d0: f64, d1: f64): v128 {
  const w0 = v128.load(w);
  const w1 = v128.load(w, 16);
  const zu = zigU2(i32x4.shuffle(w0, w1, 0, 4, 0, 4));
  const p0 = layerPair(w + 4);
  const p1 = layerPair(w + 20);
  const inBox = f64x2.lt(f64x2.abs(zu), f64x2.shuffle(p0, p1, 0, 2));
  const x = f64x2.mul(zu, f64x2.shuffle(p0, p1, 1, 3));
  const s = f64x2.add(kv(K_ONE), f64x2.mul(c, x));
  const positive = f64x2.gt(s, f64x2.splat(0));
  const v = f64x2.mul(f64x2.mul(s, s), s);
  const u = uniform2(i32x4.shuffle(w0, w1, 2, 6, 2, 6), i32x4.shuffle(w0, w1, 3, 7, 3, 7));
  const x2 = f64x2.mul(x, x);
  const one = kv(K_ONE);
  const squeeze = f64x2.lt(u, f64x2.sub(one, f64x2.mul(f64x2.mul(kv(K_SQUEEZE), x2), x2)));
  accepted = false;
  if (i64x2.bitmask(v128.and(inBox, positive)) != 3) return v;
  let sq = i64x2.bitmask(squeeze);
  if (sq != 3) {
    // logTest's bound that accepts, in both lanes; then logTest itself where it does not.
    const t = f64x2.sub(s, one);
    const t2 = f64x2.mul(t, t);
    const m = f64x2.min(s, one);
    const m2 = f64x2.mul(m, m);
    const lead = f64x2.sub(f64x2.mul(kv(K_HALF), x2), f64x2.mul(d, f64x2.mul(kv(K_4_5), t2)));
    const margin = f64x2.mul(kv(K_MARGIN), f64x2.add(f64x2.add(one, x2), f64x2.mul(d, f64x2.add(one, v))));
    // u − 1 < lead − d·0.75t⁴/m⁴ − margin, times m⁴ (no division).
    const left = f64x2.mul(f64x2.add(f64x2.sub(f64x2.sub(u, one), lead), margin), f64x2.mul(m2, m2));
    sq |= i64x2.bitmask(f64x2.lt(left, f64x2.neg(f64x2.mul(d, f64x2.mul(kv(K_0_75), f64x2.mul(t2, t2))))));
    if (!(sq & 1) && !logTest(f64x2.extract_lane(u, 0), f64x2.extract_lane(x2, 0), f64x2.extract_lane(s, 0), f64x2.extract_lane(v, 0), d0)) return v;
    if (!(sq & 2) && !logTest(f64x2.extract_lane(u, 1), f64x2.extract_lane(x2, 1), f64x2.extract_lane(s, 1), f64x2.extract_lane(v, 1), d1)) return v;
  }
  accepted = true;
  return f64x2.mul(d, v);
}

/** out[0 … n−1] = mean + sd · Z; returns the generator's next position. */
export function normalInto(stateAt: usize, wordsAt: usize, from: i32, mean: f64, sd: f64, outI: i32, n: i32): i32 {
  begin(stateAt, wordsAt, from);
  const out = at(outI);
  const m = f64x2.splat(mean);
  const s = f64x2.splat(sd);
  let i: i32 = 0;
  while (i + 1 < n) {
    ensure(4);
    const w = words + (<usize>pos << 2);
    const w0 = v128.load(w);
    const zu = zigU2(i32x4.shuffle(w0, w0, 0, 2, 0, 2));
    const p0 = layerPair(w + 4);
    const p1 = layerPair(w + 12);
    if (i64x2.bitmask(f64x2.lt(f64x2.abs(zu), f64x2.shuffle(p0, p1, 0, 2))) == 3) {
      v128.store(out + (<usize>i << 3), f64x2.add(m, f64x2.mul(s, f64x2.mul(zu, f64x2.shuffle(p0, p1, 1, 3)))));
      pos += 4;
      i += 2;
    } else {
      store<f64>(out + (<usize>i << 3), mean + sd * normalDraw());
      i++;
    }
  }
  if (i < n) store<f64>(out + (<usize>i << 3), mean + sd * normalDraw());
  return pos;
}

/** out[0 … n−1] = scale · Gamma(shape) for a shape ≥ 1 (d = shape − 1/3, c = 1/√(9d)). */
export function gammaInto(stateAt: usize, wordsAt: usize, from: i32, d: f64, c: f64, scale: f64, outI: i32, n: i32): i32 {
  begin(stateAt, wordsAt, from);
  const out = at(outI);
  const dd = f64x2.splat(d);
  const cc = f64x2.splat(c);
  const ss = f64x2.splat(scale);
  let i: i32 = 0;
  while (i + 1 < n) {
    ensure(8);
    const g = gamma2(words + (<usize>pos << 2), dd, cc, d, d);
    if (accepted) {
      v128.store(out + (<usize>i << 3), f64x2.mul(ss, g));
      pos += 8;
      i += 2;
    } else {
      store<f64>(out + (<usize>i << 3), gammaDraw(d, c, scale));
      i++;
    }
  }
  if (i < n) store<f64>(out + (<usize>i << 3), gammaDraw(d, c, scale));
  return pos;
}

/** out[0 … n−1] = low + width · X/(X + Y), X ~ Gamma(α), Y ~ Gamma(β), both shapes ≥ 1. */
export function betaInto(stateAt: usize, wordsAt: usize, from: i32, da: f64, ca: f64, db: f64, cb: f64, low: f64, width: f64, outI: i32, n: i32): i32 {
  begin(stateAt, wordsAt, from);
  const out = at(outI);
  const dab = f64x2.replace_lane(f64x2.splat(da), 1, db);
  const cab = f64x2.replace_lane(f64x2.splat(ca), 1, cb);
  for (let i: i32 = 0; i < n; i++) {
    ensure(8);
    // X's try in lane 0, Y's in lane 1; 1 · (d · v) is d · v.
    const g = gamma2(words + (<usize>pos << 2), dab, cab, da, db);
    let x: f64;
    let y: f64;
    if (accepted) {
      x = f64x2.extract_lane(g, 0);
      y = f64x2.extract_lane(g, 1);
      pos += 8;
    } else {
      x = gammaDraw(da, ca, 1);
      y = gammaDraw(db, cb, 1);
    }
    store<f64>(out + (<usize>i << 3), low + (width * x) / (x + y));
  }
  return pos;
}

/** out[0 … n−1] = a + b · U, U uniform in (0, 1) (distributions.ts, the uniform). */
export function uniformInto(stateAt: usize, wordsAt: usize, from: i32, a: f64, b: f64, outI: i32, n: i32): i32 {
  begin(stateAt, wordsAt, from);
  const out = at(outI);
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  let i: i32 = 0;
  for (; i + 1 < n; i += 2) {
    ensure(4);
    const w0 = v128.load(words + (<usize>pos << 2));
    v128.store(out + (<usize>i << 3), f64x2.add(va, f64x2.mul(vb, uniform2(i32x4.shuffle(w0, w0, 0, 2, 0, 2), i32x4.shuffle(w0, w0, 1, 3, 1, 3)))));
    pos += 4;
  }
  if (i < n) store<f64>(out + (<usize>i << 3), a + b * uniform());
  return pos;
}

/**
 * out[0 … n−1] triangular by the inverse distribution function (distributions.ts): with
 * a = min, b = max − min, c = (mode − min)/b, d = max.
 */
export function triangularInto(stateAt: usize, wordsAt: usize, from: i32, a: f64, b: f64, c: f64, d: f64, outI: i32, n: i32): i32 {
  begin(stateAt, wordsAt, from);
  const out = at(outI);
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  const vc = f64x2.splat(c);
  const vd = f64x2.splat(d);
  const one = kv(K_ONE);
  let i: i32 = 0;
  for (; i + 1 < n; i += 2) {
    ensure(4);
    const w0 = v128.load(words + (<usize>pos << 2));
    const u = uniform2(i32x4.shuffle(w0, w0, 0, 2, 0, 2), i32x4.shuffle(w0, w0, 1, 3, 1, 3));
    const left = f64x2.add(va, f64x2.mul(vb, f64x2.sqrt(f64x2.mul(u, vc))));
    const right = f64x2.sub(vd, f64x2.mul(vb, f64x2.sqrt(f64x2.mul(f64x2.sub(one, u), f64x2.sub(one, vc)))));
    v128.store(out + (<usize>i << 3), v128.bitselect(left, right, f64x2.lt(u, vc)));
    pos += 4;
  }
  if (i < n) {
    const u = uniform();
    store<f64>(out + (<usize>i << 3), u < c ? a + b * sqrt<f64>(u * c) : d - b * sqrt<f64>((1 - u) * (1 - c)));
  }
  return pos;
}

/**
 * Draws `count` uncertain numbers, n draws each, one after the other on one stream, as
 * distributions.ts `sampleInto` and then `clamp` do number by number (one call instead of two
 * a number). The table at tableI: 10 numbers an entry, [kind, out, clamp, 0, p0 … p5], kind
 * distributions.ts's DistCode (1 normal: mean, sd; 2 lognormal: the same, then exp; 3 gamma:
 * d, c, scale; 4 beta: da, ca, db, cb, low, width; 5 uniform: a, b; 6 triangular: a, b, c, d),
 * out the f64 index of its row. Returns the generator's next position.
 */
export function sampleTable(stateAt: usize, wordsAt: usize, from: i32, tableI: i32, count: i32, n: i32): i32 {
  let p = from;
  let e = at(tableI);
  for (let k: i32 = 0; k < count; k++, e += 10 << 3) {
    const kind = arg(e, 0);
    const outI = arg(e, 1);
    if (kind == 1) p = normalInto(stateAt, wordsAt, p, num(e, 4), num(e, 5), outI, n);
    else if (kind == 2) {
      p = normalInto(stateAt, wordsAt, p, num(e, 4), num(e, 5), outI, n);
      const row = at(outI);
      for (let i: usize = 0; i < (<usize>n << 3); i += 8) store<f64>(row + i, exactExp(load<f64>(row + i)));
    } else if (kind == 3) p = gammaInto(stateAt, wordsAt, p, num(e, 4), num(e, 5), num(e, 6), outI, n);
    else if (kind == 4) p = betaInto(stateAt, wordsAt, p, num(e, 4), num(e, 5), num(e, 6), num(e, 7), num(e, 8), num(e, 9), outI, n);
    else if (kind == 5) p = uniformInto(stateAt, wordsAt, p, num(e, 4), num(e, 5), outI, n);
    else if (kind == 6) p = triangularInto(stateAt, wordsAt, p, num(e, 4), num(e, 5), num(e, 6), num(e, 7), outI, n);
    const c = arg(e, 2);
    if (c != 0) clamp(outI, n, c);
  }
  return p;
}
