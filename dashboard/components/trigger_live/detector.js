// detect.StreamingDetector in the browser: audio chunks at the microphone's rate →
// 16 kHz → log-mel frames → running-mean normalisation → model → events, with the
// threshold, hold and refractory period of core/trigger/detect.py.

import { LogMel, MeanNormaliser, Resampler } from "./features.js";
import { TriggerModel } from "./layers.js";

// detect._Events: fire once ŷ has stayed ≥ threshold for `hold` steps in a row,
// at most once per `refractory` seconds.
export class Events {
  constructor(threshold, refractory, hold) {
    Object.assign(this, { threshold, refractory, hold });
    this.run = 0;
    this.last = -Infinity;
  }

  feed(probs, times) {
    const fired = [];
    probs.forEach((p, i) => {
      this.run = p >= this.threshold ? this.run + 1 : 0;
      if (this.run === this.hold && times[i] - this.last >= this.refractory) {
        this.last = times[i];
        fired.push(times[i]);
      }
    });
    return fired;
  }
}

// Float32 arrays from Python: {name: {shape, b64}} → {name: Float64Array} (Runner computes
// in float64 on the float32 weights).
export function decodeArrays(encoded) {
  const out = {};
  for (const [name, { b64 }] of Object.entries(encoded)) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    out[name] = Float64Array.from(new Float32Array(bytes.buffer));
  }
  return out;
}

export class Detector {
  // `config`: the constants Python sends (rate, nFft, hop, nMels, kernel, stride, filters,
  // units, normFrames, threshold, refractory, hold); `weights` and `melFilters` decoded.
  constructor(config, weights, melFilters, inRate) {
    this.c = config;
    this.inRate = inRate;
    this.resampler = new Resampler(inRate, config.rate);
    this.logMel = new LogMel({ ...config, melFilters });
    this.norm = new MeanNormaliser(config.nMels, config.normFrames);
    this.model = new TriggerModel(weights, config);
    this.events = new Events(config.threshold, config.refractory, config.hold);
    this.steps = 0; // output steps so far: step i ends at stepTime(i)
    this.episode = null; // the detection being reported: {time, peak, until}
  }

  // detect.step_times: the time (s) at which output step i's receptive field ends.
  stepTime(i) {
    const { stride, kernel, hop, nFft, rate } = this.c;
    return ((i * stride + kernel - 1) * hop + nFft) / rate;
  }

  setThreshold(threshold) {
    this.c.threshold = threshold;
    this.events.threshold = threshold; // from the next step on, like LiveListener
  }

  // One chunk at the input rate → {probs, times, fired, reports}; `reports` are the
  // detections now complete, {time, peak}: peak ŷ until it falls back or `refractory` passes.
  push(chunk) {
    const frames = this.logMel.push(this.resampler.push(chunk)).map((f) => this.norm.push(f));
    const probs = frames.length ? this.model.step(frames) : [];
    const times = probs.map((_, i) => this.stepTime(this.steps + i));
    this.steps += probs.length;
    const fired = this.events.feed(probs, times);
    const reports = [];
    probs.forEach((p, i) => {
      if (fired.includes(times[i])) {
        if (this.episode) reports.push(this.episode);
        this.episode = { time: times[i], peak: p, until: times[i] + this.c.refractory };
      } else if (this.episode) {
        if (p >= this.c.threshold && times[i] < this.episode.until) {
          this.episode.peak = Math.max(this.episode.peak, p);
        } else {
          reports.push(this.episode);
          this.episode = null;
        }
      }
    });
    return { probs, times, fired, reports: reports.map(({ time, peak }) => ({ time, peak })) };
  }
}
