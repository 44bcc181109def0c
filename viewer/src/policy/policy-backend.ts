/**
 * The TensorFlow.js backend the page runs a policy on: WebGPU when the browser gives an adapter,
 * else WebGL, else plain JavaScript (`?policyBackend=webgpu|webgl|cpu` asks for one).
 */
import type * as TF from '@tensorflow/tfjs';

export const POLICY_BACKENDS = ['webgpu', 'webgl', 'cpu'] as const;
export type PolicyBackendName = (typeof POLICY_BACKENDS)[number];

/** The backend in use and what runs it. */
export interface PolicyBackend {
  name: PolicyBackendName;
  /** The GPU (or emulation) behind it, as the browser names it: 'google swiftshader', 'ANGLE (...)'. */
  device: string;
  /** Why this one: asked for, or what `auto` skipped on the way. */
  reason: string;
}

/**
 * Activates `requested` (failing with the reason when it cannot start), or with no request the
 * first of webgpu, webgl, cpu that starts, saying why it skipped the others.
 *
 * @example const backend = await choosePolicyBackend(tf, new URLSearchParams(location.search).get('policyBackend'));
 */
export async function choosePolicyBackend(tf: typeof TF, requested: string | null): Promise<PolicyBackend> {
  if (requested !== null && !(POLICY_BACKENDS as readonly string[]).includes(requested)) {
    throw new Error(`policyBackend=${requested} is not a backend the page has; expected ${POLICY_BACKENDS.join(', ')}`);
  }
  if (requested !== null) {
    const name = requested as PolicyBackendName;
    const failure = await start(tf, name);
    if (failure) throw new Error(`policyBackend=${name}: ${failure}`);
    return { name, device: await deviceOf(name), reason: 'asked for in the URL' };
  }
  const skipped: string[] = [];
  for (const name of POLICY_BACKENDS) {
    const failure = await start(tf, name);
    if (failure) {
      skipped.push(`${name}: ${failure}`);
      continue;
    }
    return { name, device: await deviceOf(name), reason: skipped.length === 0 ? 'the first that started' : `skipped ${skipped.join('; ')}` };
  }
  throw new Error(`no TensorFlow.js backend started: ${skipped.join('; ')}`);
}

/** Starts backend `name`; returns why it cannot, or undefined when it is active. */
async function start(tf: typeof TF, name: PolicyBackendName): Promise<string | undefined> {
  if (name === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return window.isSecureContext ? 'this browser has no WebGPU (navigator.gpu)' : 'WebGPU needs a secure page (https or localhost)';
    if (!(await gpu.requestAdapter())) return 'the browser found no WebGPU adapter';
    // Loaded only when used: it is the largest part of the policy code.
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  try {
    if (!(await tf.setBackend(name))) return 'TensorFlow.js could not initialise it';
    await tf.ready();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What the browser says runs the backend. */
async function deviceOf(name: PolicyBackendName): Promise<string> {
  if (name === 'cpu') return 'JavaScript on the CPU';
  if (name === 'webgpu') {
    type AdapterInfo = { vendor?: string; architecture?: string; description?: string };
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo } | null> } }).gpu;
    const info = (await gpu?.requestAdapter())?.info;
    return [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  }
  const gl = document.createElement('canvas').getContext('webgl2');
  const debug = gl?.getExtension('WEBGL_debug_renderer_info');
  return (debug ? String(gl!.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : gl ? String(gl.getParameter(gl.RENDERER)) : '') || 'unnamed WebGL renderer';
}
