// What the student sees: ŷ⟨t⟩ over the last seconds on a canvas, the threshold (dotted)
// and each detection (a vertical line), drawn like audio_charts.probability_trace.

export class TraceView {
  constructor(canvas, { seconds, colors }) {
    this.canvas = canvas;
    this.seconds = seconds;
    this.colors = colors; // {trace, fired, threshold}
  }

  // probs/times: the recent ŷ⟨t⟩ and their times (s); `now`: the stream's clock (s).
  draw({ probs, times, fired, threshold, now }) {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 600;
    const height = canvas.clientHeight || 200;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const pad = { left: 34, right: 8, top: 8, bottom: 22 };
    const w = width - pad.left - pad.right;
    const h = height - pad.top - pad.bottom;
    const start = Math.max(0, now - this.seconds);
    const x = (t) => pad.left + ((t - start) / this.seconds) * w;
    const y = (p) => pad.top + (1 - p / 1.05) * h;
    const text = getComputedStyle(canvas).color || "#444";

    g.font = "11px sans-serif";
    g.fillStyle = text;
    g.strokeStyle = "rgba(128, 128, 128, 0.25)";
    g.lineWidth = 1;
    for (const p of [0, 0.5, 1]) {
      g.beginPath();
      g.moveTo(pad.left, y(p));
      g.lineTo(pad.left + w, y(p));
      g.stroke();
      g.fillText(p.toFixed(1), 4, y(p) + 4);
    }
    for (let t = Math.ceil(start); x(t) < width - 24; t++) g.fillText(`${t} s`, x(t) - 8, height - 6);

    g.setLineDash([2, 3]);
    g.strokeStyle = this.colors.threshold;
    g.beginPath();
    g.moveTo(pad.left, y(threshold));
    g.lineTo(pad.left + w, y(threshold));
    g.stroke();
    g.setLineDash([]);

    g.strokeStyle = this.colors.fired;
    g.lineWidth = 2;
    for (const t of fired) {
      if (t < start) continue;
      g.beginPath();
      g.moveTo(x(t), pad.top);
      g.lineTo(x(t), pad.top + h);
      g.stroke();
    }

    g.strokeStyle = this.colors.trace;
    g.lineWidth = 1.5;
    g.beginPath();
    let drawn = false;
    for (let i = 0; i < probs.length; i++) {
      if (times[i] < start) continue;
      if (drawn) g.lineTo(x(times[i]), y(probs[i]));
      else g.moveTo(x(times[i]), y(probs[i]));
      drawn = true;
    }
    g.stroke();
  }
}
