/**
 * In-place standardisation to mean 0, standard deviation 1: the advantage normalisation of
 * PPO, A2C and REINFORCE.
 *
 * @example const a = Float32Array.of(1, 2, 3); normalizeInPlace(a); // a ≈ [-1.22, 0, 1.22]
 */
export function normalizeInPlace(values: Float32Array | Float64Array, epsilon = 1e-8): void {
  const n = values.length;
  if (n === 0) return;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i]! - mean) ** 2;
  const std = Math.sqrt(variance / n);
  for (let i = 0; i < n; i++) values[i] = (values[i]! - mean) / (std + epsilon);
}
