/** Fused activations that the native epilogue applies, with the codes of native/src/epilogue.h. */
const ACTIVATION_CODES: Record<string, number> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5 };

/** The native code of a fused activation, or undefined for one (prelu) that falls back to the cpu kernel. */
export function activationCode(activation: string | undefined): number | undefined {
  return ACTIVATION_CODES[activation ?? 'linear'];
}
