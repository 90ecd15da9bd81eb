// The capture loop: getUserMedia → an AudioWorklet on the audio thread that gathers blocks
// of mono samples → `onBlock(samples, arrivedAt)` on the page's thread. Audio stays in this
// tab: nothing here sends it anywhere.

// Runs on the audio thread: 128-sample render quanta → blocks of `block` samples, the
// mean of the channels (audio.mono), posted to the page.
const TAP = `
class Tap extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.block = new Float32Array(options.processorOptions.block);
    this.filled = 0;
  }
  process(inputs) {
    const channels = inputs[0];
    if (channels.length === 0) return true;
    for (let i = 0; i < channels[0].length; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i];
      this.block[this.filled++] = sum / channels.length;
      if (this.filled === this.block.length) {
        this.port.postMessage(this.block.slice());
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor("seqlab-trigger-tap", Tap);
`;

export const BLOCK_SECONDS = 0.04; // 40 ms blocks: ≥ 25 trace updates a second

// Why the microphone could not start, in words a student can act on.
export class CaptureError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // "insecure", "unsupported", "denied", "none", "busy", "failed"
  }
}

export function explain(err) {
  if (err instanceof CaptureError) return err;
  const name = err && err.name;
  if (name === "NotAllowedError" || name === "SecurityError")
    return new CaptureError(
      "denied",
      "The browser refused the microphone. Allow it for this site (the icon at the left of " +
        "the address bar), then press Start again."
    );
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError")
    return new CaptureError(
      "none",
      "This browser has no microphone: plug one in (or enable it in the system settings), " +
        "then press Start again. Recording a clip in section 3 needs one too."
    );
  if (name === "NotReadableError" || name === "AbortError")
    return new CaptureError(
      "busy",
      "The microphone is busy or blocked by the system (another program may be using it)."
    );
  return new CaptureError("failed", `The microphone could not start (${err}).`);
}

// Open the microphone and call onBlock(Float32Array, performance.now()) for every block.
// Returns {rate, stop()}. Throws a CaptureError.
export async function openMicrophone(onBlock) {
  if (!window.isSecureContext)
    throw new CaptureError(
      "insecure",
      "Browsers give the microphone only to pages served over https (or from localhost); " +
        `this page is ${location.protocol}//${location.host}. Open the app over https, ` +
        "or record a clip in section 3 instead."
    );
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioWorkletNode)
    throw new CaptureError(
      "unsupported",
      "This browser cannot capture audio in a web page (no getUserMedia or AudioWorklet): " +
        "use a current Chrome, Edge, Firefox or Safari."
    );
  let stream;
  try {
    // raw sound, as the model was trained on: no echo cancelling, denoising or gain riding
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (err) {
    throw explain(err);
  }
  const context = new AudioContext();
  const url = URL.createObjectURL(new Blob([TAP], { type: "text/javascript" }));
  let source;
  let tap;
  try {
    await context.audioWorklet.addModule(url);
    source = context.createMediaStreamSource(stream);
    tap = new AudioWorkletNode(context, "seqlab-trigger-tap", {
      processorOptions: { block: Math.round(BLOCK_SECONDS * context.sampleRate) },
    });
    tap.port.onmessage = (event) => onBlock(event.data, performance.now());
    source.connect(tap);
    tap.connect(context.destination); // pulls the graph; the tap itself outputs silence
    await context.resume();
  } catch (err) {
    stream.getTracks().forEach((track) => track.stop()); // give the microphone back
    context.close();
    throw explain(err);
  } finally {
    URL.revokeObjectURL(url);
  }
  return {
    rate: context.sampleRate,
    context,
    stop() {
      tap.port.onmessage = null;
      source.disconnect();
      tap.disconnect();
      stream.getTracks().forEach((track) => track.stop());
      context.close();
    },
  };
}

// The chime of trigger_parts.chime(): 880 Hz + 1320 Hz, decaying over 0.25 s.
export function chime(context) {
  if (!context || context.state === "closed") return;
  const now = context.currentTime;
  const gain = context.createGain();
  gain.gain.setValueAtTime(0.3, now);
  gain.gain.exponentialRampToValueAtTime(0.001, now + 0.25);
  gain.connect(context.destination);
  for (const [freq, level] of [[880, 1], [1320, 0.5]]) {
    const osc = context.createOscillator();
    const amp = context.createGain();
    osc.frequency.value = freq;
    amp.gain.value = level;
    osc.connect(amp).connect(gain);
    osc.start(now);
    osc.stop(now + 0.26);
  }
}
