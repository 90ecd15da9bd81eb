// Log-mel features in the browser, as core/trigger/features.py and core/trigger/audio.py
// compute them: resampling to 16 kHz (scipy's resample_poly), 25 ms Hann frames every
// 10 ms, a 400-point FFT, 40 mel bands (the filter bank comes from Python), the log with
// its floor and scaling, then each band's running mean taken away (model.mean_normalise).
// Everything runs chunk by chunk and equals one pass over the whole recording.

const LOG_FLOOR = 1e-6; // features.log_mel: (log10(mel + 1e-6) + 3) / 3
const LOG_OFFSET = 3.0;
const LOG_SCALE = 3.0;

function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}

// I₀, the modified Bessel function of order 0 (power series), for the Kaiser window.
function besselI0(x) {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 60; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

// scipy.signal.firwin(numtaps, cutoff, window=("kaiser", beta)): a low-pass FIR filter,
// cutoff relative to Nyquist, scaled to a gain of 1 at 0 Hz.
export function firwinKaiser(numtaps, cutoff, beta = 5.0) {
  const h = new Float64Array(numtaps);
  const centre = (numtaps - 1) / 2;
  const i0Beta = besselI0(beta);
  let sum = 0;
  for (let n = 0; n < numtaps; n++) {
    const m = n - centre;
    const sinc = m === 0 ? 1 : Math.sin(Math.PI * cutoff * m) / (Math.PI * cutoff * m);
    const r = (n - centre) / centre;
    const kaiser = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    h[n] = cutoff * sinc * kaiser;
    sum += h[n];
  }
  return h.map((v) => v / sum);
}

// Streaming resampler equal to scipy.signal.resample_poly(x, up, down) on the whole stream:
// y[n] = Σᵢ h[H + n·down − up·i] · x[i], with the zero-phase filter h of half-length H.
// An output is produced once the input it needs (H/up samples ahead) has arrived.
export class Resampler {
  constructor(inRate, outRate) {
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.identity = this.up === 1 && this.down === 1;
    const maxRate = Math.max(this.up, this.down);
    this.half = 10 * maxRate;
    this.h = firwinKaiser(2 * this.half + 1, 1 / maxRate).map((v) => v * this.up);
    this.x = new Float64Array(0); // input samples from absolute index this.start on
    this.start = 0;
    this.received = 0;
    this.n = 0; // the next output's index
  }

  push(chunk) {
    if (this.identity) return Float32Array.from(chunk);
    const kept = this.x.subarray(0, this.received - this.start);
    const x = new Float64Array(kept.length + chunk.length);
    x.set(kept);
    x.set(chunk, kept.length);
    this.x = x;
    this.received += chunk.length;
    const { up, down, half, h } = this;
    const out = [];
    while (Math.floor((this.n * down + half) / up) < this.received) {
      const centre = this.n * down;
      const iLo = Math.max(0, Math.ceil((centre - half) / up));
      const iHi = Math.floor((centre + half) / up);
      let y = 0;
      for (let i = iLo; i <= iHi; i++) y += h[half + centre - up * i] * x[i - this.start];
      out.push(y);
      this.n++;
    }
    const needed = Math.max(0, Math.ceil((this.n * down - half) / up));
    if (needed > this.start) {
      this.x = this.x.slice(needed - this.start);
      this.start = needed;
    }
    return Float32Array.from(out);
  }
}

function factorise(n) {
  const factors = [];
  for (const p of [4, 2, 3, 5]) {
    while (n % p === 0) {
      factors.push(p);
      n /= p;
    }
  }
  for (let p = 7; n > 1; p += 2) {
    while (n % p === 0) {
      factors.push(p);
      n /= p;
    }
  }
  return factors;
}

// Mixed-radix Cooley–Tukey FFT for any n (400 = 4 · 4 · 5 · 5), decimation in time:
// X[k + s·m] = Σ_q W_p^{q·s} (W_n^{q·k} Y_q[k]), Y_q the m-point FFT of x[q], x[q + p], …
// and W_n = e^{−2πi/n}.
export class FFT {
  constructor(n) {
    this.n = n;
    this.factors = factorise(n);
    this.cos = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * j) / n));
    this.sin = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n));
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    const most = Math.max(...this.factors);
    this.tr = new Float64Array(most);
    this.ti = new Float64Array(most);
  }

  // The spectrum of real input `x` (length n): {re, im}, reused between calls.
  real(x) {
    this._split(x, 0, 1, this.n, 0, 0);
    return { re: this.re, im: this.im };
  }

  _split(x, first, stride, n, out, level) {
    if (n === 1) {
      this.re[out] = x[first];
      this.im[out] = 0;
      return;
    }
    const p = this.factors[level];
    const m = n / p;
    for (let q = 0; q < p; q++) this._split(x, first + q * stride, stride * p, m, out + q * m, level + 1);
    const { re, im, tr, ti, cos, sin } = this;
    const N = this.n;
    const perN = N / n; // W_n^j = W_N^{j·N/n}
    const perP = N / p; // W_p^j = W_N^{j·N/p}
    for (let k = 0; k < m; k++) {
      for (let q = 0; q < p; q++) {
        const j = q * k * perN; // < N: q < p, k < m
        const a = re[out + q * m + k];
        const b = im[out + q * m + k];
        tr[q] = a * cos[j] + b * sin[j]; // (a + ib)(cos − i·sin)
        ti[q] = b * cos[j] - a * sin[j];
      }
      for (let s = 0; s < p; s++) {
        let sr = tr[0];
        let si = ti[0];
        for (let q = 1; q < p; q++) {
          const j = ((q * s) % p) * perP;
          sr += tr[q] * cos[j] + ti[q] * sin[j];
          si += ti[q] * cos[j] - tr[q] * sin[j];
        }
        re[out + s * m + k] = sr;
        im[out + s * m + k] = si;
      }
    }
  }
}

// 16 kHz samples → frames of scaled log-mel energies, n_fft samples every hop.
// `melFilters` is features.mel_filters(): (nMels, nFft / 2 + 1), row-major.
export class LogMel {
  constructor({ nFft, hop, nMels, melFilters }) {
    this.nFft = nFft;
    this.hop = hop;
    this.nMels = nMels;
    this.bins = nFft / 2 + 1;
    this.filters = melFilters;
    // each triangular band covers a few bins: [first, last] of its non-zero weights
    this.spans = Array.from({ length: nMels }, (_, b) => {
      const row = Array.from(melFilters.subarray(b * this.bins, (b + 1) * this.bins));
      const first = row.findIndex((v) => v !== 0);
      return first < 0 ? [0, -1] : [first, this.bins - 1 - [...row].reverse().findIndex((v) => v !== 0)];
    });
    this.fft = new FFT(nFft);
    // np.hanning(N) (symmetric) in float32, as features.log_mel multiplies by it
    this.hann = new Float32Array(nFft).map((_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (nFft - 1)));
    this.pending = new Float32Array(0); // samples not yet framed
    this.frame = new Float32Array(nFft);
    this.power = new Float64Array(this.bins);
  }

  push(samples) {
    const all = new Float32Array(this.pending.length + samples.length);
    all.set(this.pending);
    all.set(samples, this.pending.length);
    const count = all.length < this.nFft ? 0 : 1 + Math.floor((all.length - this.nFft) / this.hop);
    const frames = [];
    for (let f = 0; f < count; f++) frames.push(this.logMel(all.subarray(f * this.hop, f * this.hop + this.nFft)));
    this.pending = all.slice(count * this.hop);
    return frames;
  }

  logMel(x) {
    for (let n = 0; n < this.nFft; n++) this.frame[n] = x[n] * this.hann[n]; // float32 product
    const { re, im } = this.fft.real(this.frame);
    for (let k = 0; k < this.bins; k++) this.power[k] = re[k] * re[k] + im[k] * im[k];
    const out = new Float64Array(this.nMels);
    for (let b = 0; b < this.nMels; b++) {
      let mel = 0;
      const row = b * this.bins;
      const [first, last] = this.spans[b];
      for (let k = first; k <= last; k++) mel += this.power[k] * this.filters[row + k];
      out[b] = Math.fround((Math.log10(mel + LOG_FLOOR) + LOG_OFFSET) / LOG_SCALE);
    }
    return out;
  }
}

// model.mean_normalise: μ⟨t⟩ = μ⟨t−1⟩ + r⟨t⟩ (x⟨t⟩ − μ⟨t−1⟩), r⟨t⟩ = max(1/t, 1/normFrames);
// each frame leaves as x⟨t⟩ − μ⟨t⟩, and μ carries from chunk to chunk.
export class MeanNormaliser {
  constructor(nMels, normFrames) {
    this.mu = new Float64Array(nMels);
    this.seen = 0;
    this.normFrames = normFrames;
  }

  push(frame) {
    const r = Math.max(1 / (this.seen + 1), 1 / this.normFrames);
    this.seen++;
    const out = new Float64Array(frame.length);
    for (let b = 0; b < frame.length; b++) {
      this.mu[b] += r * (frame[b] - this.mu[b]);
      out[b] = frame[b] - this.mu[b];
    }
    return out;
  }
}
