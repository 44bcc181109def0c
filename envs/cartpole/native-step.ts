/**
 * The C++ step loop for CartPoleVectorEnv (native/src/cartpole.cc), when the addon is built.
 *
 * It is the TypeScript loop of vector.ts transcribed, bit for bit: the same operation order
 * without fused multiply-adds, and sin/cos that equal V8's Math.sin/Math.cos wherever the pole
 * can be (|theta| <= pi/4; native/src/small_angle_trig.h). Beyond that range, and for
 * same-step autoreset (whose final observations are JavaScript objects), vector.ts steps the
 * batch itself. Without the addon everything runs in TypeScript, with the same results.
 */
import { nativeAddonStatus, type NativeAddon } from '../../src/backend/native/addon.js';

/** What `NativeAddon.cartPoleStep` returns besides the index of an invalid action. */
export const NATIVE_STEPPED = -1;
export const NATIVE_NEEDS_SCRIPT = -2;

/** The addon's CartPole kernel, or undefined when the addon is not built (or PALESTRA_NO_NATIVE_ENVS is set). */
export function cartPoleKernel(): NativeAddon['cartPoleStep'] | undefined {
  if (process.env['PALESTRA_NO_NATIVE_ENVS']) return undefined;
  const status = nativeAddonStatus();
  return status.available && typeof status.addon.cartPoleStep === 'function' ? status.addon.cartPoleStep : undefined;
}
