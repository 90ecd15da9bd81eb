// The component's entry point (Streamlit Custom Components v2): a live trigger-word
// detector in the student's own browser. Python sends the weights, the mel filter bank and
// the detector's settings in `data`; the component sends back one trigger value per
// detection, {run, detections: [{time, peak, index}, …]}, and nothing else: no audio, no
// probabilities.
// `data.debug` (tests and benchmarks only) runs the same pipeline on given samples.

import { openMicrophone, chime, explain } from "./capture.js";
import { decodeArrays, Detector } from "./detector.js";
import { TraceView } from "./view.js";

const WAITING = "Waiting for “activate”…";
const RESENT = 20; // detections repeated in each trigger value
const listeners = new Map(); // data.slot → its Listener, kept across reruns and remounts

class Listener {
  constructor(root) {
    this.mic = null;
    this.recording = false; // tests: keep every sample and step, not just the last seconds
    this.bannerTimer = null;
    this.reset();
    this.attach(root);
    window.__seqlabTrigger = this; // for the browser tests and benchmarks
  }

  // Draw into `root`: the first mount, or a new one when Streamlit remounts the component
  // (elements above it came or went) while the microphone keeps listening.
  attach(root) {
    this.root = root;
    const $ = (name) => root.querySelector(`[data-part="${name}"]`);
    this.parts = { start: $("start"), stop: $("stop"), status: $("status"), message: $("message"),
      banner: $("banner"), canvas: $("trace"), cost: $("cost") }; // prettier-ignore
    this.parts.start.onclick = () => this.start();
    this.parts.stop.onclick = () => this.stop();
    if (this.mic) this.parts.status.textContent = this.listeningText();
  }

  listeningText() {
    return `Listening: ${this.mic.rate} Hz → 16 kHz in this browser; no sound leaves it.`;
  }

  // A (re)run of the page: new settings; a new model only when its weights changed.
  update(data, setTriggerValue) {
    this.send = setTriggerValue;
    const modelChanged = !this.data || this.data.model_id !== data.model_id;
    this.data = data;
    this.config = { ...data.config };
    if (modelChanged) {
      this.weights = decodeArrays(data.weights);
      this.melFilters = decodeArrays({ mel: data.mel_filters }).mel;
    }
    this.view = new TraceView(this.parts.canvas, { seconds: data.window_seconds, colors: data.colors });
    if (this.detector && modelChanged) this.detector = this.newDetector(this.detector.inRate);
    else if (this.detector) this.detector.setThreshold(this.config.threshold);
    this.parts.stop.disabled = !this.mic;
    this.parts.start.disabled = !!this.mic;
    if (!this.mic) this.parts.status.textContent = data.idle_text;
    this.draw();
    if (data.debug) this.runDebug(data.debug);
  }

  newDetector(inRate) {
    this.reset();
    return new Detector({ ...this.config }, this.weights, this.melFilters, inRate);
  }

  reset() {
    this.trace = { probs: [], times: [], fired: [] };
    this.log = { probs: [], times: [], fired: [], reports: [], audio: [], latencies: [] };
    this.cost = { ms: 0, seconds: 0, blocks: 0 };
    this.count = 0;
    this.sent = [];
    this.runId = Math.random().toString(36).slice(2, 10);
  }

  async start() {
    this.parts.message.hidden = true;
    this.parts.start.disabled = true;
    this.parts.status.textContent = "Asking for the microphone…";
    try {
      this.mic = await openMicrophone((samples, arrivedAt) => this.onBlock(samples, arrivedAt));
    } catch (err) {
      const why = explain(err);
      this.parts.message.textContent = why.message;
      this.parts.message.dataset.kind = why.kind;
      this.parts.message.hidden = false;
      this.parts.status.textContent = "Not listening.";
      this.parts.start.disabled = false;
      return;
    }
    this.detector = this.newDetector(this.mic.rate);
    this.parts.stop.disabled = false;
    this.parts.status.textContent = this.listeningText();
  }

  stop() {
    if (this.detector && this.detector.episode) this.report(this.detector.episode);
    if (this.detector) this.detector.episode = null;
    if (this.mic) this.mic.stop();
    this.mic = null;
    this.parts.start.disabled = false;
    this.parts.stop.disabled = true;
    this.parts.status.textContent = "Stopped.";
  }

  // One block from the microphone (or the debug samples): run it, draw, report.
  onBlock(samples, arrivedAt) {
    if (!this.detector) return; // a block that came before start() finished: start-up
    const begin = performance.now();
    const { probs, times, fired, reports } = this.detector.push(samples);
    this.cost.ms += performance.now() - begin;
    this.cost.seconds += samples.length / this.detector.inRate;
    this.cost.blocks += 1;
    const keep = Math.ceil(this.data.window_seconds / this.config.step_seconds);
    this.trace.probs = this.trace.probs.concat(probs).slice(-keep);
    this.trace.times = this.trace.times.concat(times).slice(-keep);
    this.trace.fired = this.trace.fired.concat(fired).filter((t) => t > this.cost.seconds - 20);
    if (this.recording) {
      this.log.probs.push(...probs);
      this.log.times.push(...times);
      this.log.fired.push(...fired);
      if (!this.debugging) this.log.audio.push(Float32Array.from(samples));
    }
    if (fired.length) this.fire(fired, arrivedAt);
    for (const report of reports) this.report(report);
    if (!this.debugging) this.draw();
  }

  fire(fired, arrivedAt) {
    const banner = this.parts.banner;
    banner.classList.add("fired");
    banner.textContent = `🔔 activate! (at ${fired[fired.length - 1].toFixed(2)} s)`;
    clearTimeout(this.bannerTimer);
    this.bannerTimer = setTimeout(() => {
      banner.classList.remove("fired");
      banner.textContent = WAITING;
    }, 1500);
    if (this.mic) chime(this.mic.context);
    // word end → banner = (this block's end − the step's time) + the time to get here
    const shown = performance.now();
    for (const t of fired) {
      this.log.latencies.push({ time: t, blockEnd: this.cost.seconds, arrivedAt, shown });
    }
  }

  // Each trigger value carries the last detections of this listening run, so one that
  // Streamlit merges away (two in the time of one rerun) still reaches Python.
  report({ time, peak }) {
    this.count += 1;
    this.log.reports.push({ time, peak });
    const detection = { time: Number(time.toFixed(3)), peak: Number(peak.toFixed(4)), index: this.count };
    this.sent = this.sent.concat([detection]).slice(-RESENT);
    this.send("detection", { run: this.runId, detections: this.sent });
  }

  draw() {
    const share = this.cost.seconds ? this.cost.ms / 10 / this.cost.seconds : 0;
    this.parts.cost.textContent = this.cost.seconds
      ? `${this.cost.seconds.toFixed(1)} s heard · inference ${share.toFixed(1)} % of one CPU core`
      : "";
    this.view.draw({ ...this.trace, threshold: this.config.threshold, now: this.cost.seconds });
  }

  // Tests and benchmarks: the pipeline on `debug.pcm` (float32 at `debug.rate`) in blocks
  // of `debug.block` samples, as the microphone would deliver it, as fast as it runs.
  runDebug(debug) {
    const key = JSON.stringify([debug.name, this.data.model_id, this.config.threshold]);
    if (this.debugKey === key) return;
    this.debugKey = key;
    const pcm = new Float32Array(Uint8Array.from(atob(debug.pcm), (c) => c.charCodeAt(0)).buffer);
    this.detector = this.newDetector(debug.rate);
    this.recording = true;
    this.debugging = true;
    for (let i = 0; i < pcm.length; i += debug.block) {
      this.onBlock(pcm.subarray(i, i + debug.block), performance.now());
    }
    if (this.detector.episode) this.report(this.detector.episode);
    this.debugging = false;
    this.draw();
    this.lastRate = debug.rate;
    this.detector = null;
    (window.__seqlabTriggerRuns ||= {})[debug.name] = this.snapshot();
    this.root.querySelector(".trig-live").dataset.debugDone = debug.name;
  }

  snapshot() {
    const { audio, ...log } = this.log;
    return { ...log, cost: this.cost, rate: this.detector ? this.detector.inRate : this.lastRate };
  }

  // The microphone's samples heard while recording, float32 in base64 (tests only).
  recordedAudio() {
    const all = new Float32Array(this.log.audio.reduce((n, block) => n + block.length, 0));
    let at = 0;
    for (const block of this.log.audio) {
      all.set(block, at);
      at += block.length;
    }
    let text = "";
    const bytes = new Uint8Array(all.buffer);
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }
}

export default function ({ data, parentElement, setTriggerValue }) {
  let listener = listeners.get(data.slot);
  if (!listener) {
    listener = new Listener(parentElement);
    listeners.set(data.slot, listener);
  } else if (listener.root !== parentElement) {
    listener.attach(parentElement);
  }
  listener.update(data, setTriggerValue);
  // Streamlit calls this when the component leaves the page, and also when it is only
  // remounted: free the microphone if no new mount took it over within a second.
  return () =>
    setTimeout(() => {
      if (!listener.root.isConnected) {
        listener.stop();
        listeners.delete(data.slot);
      }
    }, 1000);
}
