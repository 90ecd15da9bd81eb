// The trigger-word model in the browser, one output step at a time, as core/trigger/model.py's
// Runner computes it: Conv1D (15 frames, stride 2) → BatchNorm → ReLU → GRU → BatchNorm →
// GRU → BatchNorm → Dense(sigmoid). BatchNorm arrives folded into a scale and a shift; the
// GRUs follow Keras' reset_after convention (core/rnn/cells.gru_step). Weights are the
// arrays Python passes (`weights_from_keras` names), row-major.

const sigmoid = (z) => 0.5 * (1 + Math.tanh(0.5 * z)); // activations.sigmoid, without overflow

// out = x · W + b, with W (nIn, nOut) row-major; `out` is written in place.
function affine(x, W, b, out) {
  const nOut = out.length;
  if (b) out.set(b);
  else out.fill(0);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) out[j] += xi * W[row + j];
  }
  return out;
}

// One GRU step (Keras, reset_after): Γu = 1 − keep;
//   keep = σ(Wz x + Uz a + bz), Γr = σ(Wr x + Ur a + br),
//   c̃ = tanh(Wc x + Γr ∗ (Uc a + b_rec,c)),  a⟨t⟩ = keep ∗ a⟨t−1⟩ + (1 − keep) ∗ c̃.
export class GRU {
  constructor(W, U, b, units) {
    this.n = units;
    this.W = W; // (n_x, 3n)
    this.U = U; // (n, 3n)
    this.bIn = b.subarray(0, 3 * units); // b is (2, 3n): input bias, recurrent bias
    this.bRec = b.subarray(3 * units);
    this.xProj = new Float64Array(3 * units);
    this.aProj = new Float64Array(3 * units);
  }

  // a⟨t⟩ into `a` (a new array unless given one that is not aPrev)
  step(x, aPrev, a = new Float64Array(this.n)) {
    const n = this.n;
    affine(x, this.W, this.bIn, this.xProj);
    affine(aPrev, this.U, this.bRec, this.aProj);
    for (let j = 0; j < n; j++) {
      const keep = sigmoid(this.xProj[j] + this.aProj[j]);
      const gammaR = sigmoid(this.xProj[n + j] + this.aProj[n + j]);
      const candidate = Math.tanh(this.xProj[2 * n + j] + gammaR * this.aProj[2 * n + j]);
      a[j] = keep * aPrev[j] + (1 - keep) * candidate;
    }
    return a;
  }
}

// BatchNorm at inference, folded: x ∗ scale + shift, into `out`.
function batchNorm(x, scale, shift, out) {
  for (let j = 0; j < x.length; j++) out[j] = x[j] * scale[j] + shift[j];
  return out;
}

// The whole model, streaming: `step(frames)` takes normalised log-mel frames and returns
// ŷ⟨t⟩ for each output step completed. Its state (frames not yet used by the convolution,
// a₁, a₂) carries from chunk to chunk, like model.State.
export class TriggerModel {
  constructor(w, { kernel, stride, filters, units, nMels }) {
    Object.assign(this, { w, kernel, stride, filters, units, nMels });
    this.gru1 = new GRU(w.gru1_W, w.gru1_U, w.gru1_b, units);
    this.gru2 = new GRU(w.gru2_W, w.gru2_U, w.gru2_b, units);
    this.window = new Float64Array(kernel * nMels); // one conv window, frames side by side
    this.z = new Float64Array(filters);
    this.g1 = new Float64Array(units);
    this.g2 = new Float64Array(units);
    this.reset();
  }

  reset() {
    this.frames = []; // normalised frames not yet fully used
    this.skip = 0; // frames to drop before the next window (stride alignment)
    this.a1 = new Float64Array(this.units);
    this.a2 = new Float64Array(this.units);
  }

  step(frames) {
    const buf = this.frames.concat(frames).slice(this.skip);
    const { kernel, stride, nMels, w } = this;
    const nOut = buf.length < kernel ? 0 : Math.floor((buf.length - kernel) / stride) + 1;
    const probs = [];
    for (let t = 0; t < nOut; t++) {
      for (let k = 0; k < kernel; k++) this.window.set(buf[t * stride + k], k * nMels);
      const h = affine(this.window, w.conv_W, w.conv_b, this.z);
      for (let j = 0; j < h.length; j++) h[j] = Math.max(h[j] * w.bn0_scale[j] + w.bn0_shift[j], 0); // BatchNorm → ReLU
      this.a1 = this.gru1.step(h, this.a1);
      this.a2 = this.gru2.step(batchNorm(this.a1, w.bn1_scale, w.bn1_shift, this.g1), this.a2);
      const g2 = batchNorm(this.a2, w.bn2_scale, w.bn2_shift, this.g2);
      let z = w.out_b[0];
      for (let j = 0; j < this.units; j++) z += g2[j] * w.out_W[j];
      probs.push(1 / (1 + Math.exp(-z)));
    }
    const used = nOut * stride; // the next window starts here
    this.frames = used <= buf.length ? buf.slice(used) : [];
    this.skip = Math.max(0, used - buf.length);
    return probs;
  }
}
