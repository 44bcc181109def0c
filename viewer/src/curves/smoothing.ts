/**
 * TensorBoard's scalar smoothing: an exponential moving average with its start-up bias removed,
 * so the first points are not dragged towards zero. `weight` is in [0, 1); 0 leaves the values
 * as they are. Missing or non-finite values stay missing and do not move the average.
 *
 * @example smoothEma([1, 1, 1], 0.9) // [1, 1, 1]
 */
export function smoothEma(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.9999);
  let average = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return null;
    average = average * w + (1 - w) * value;
    count++;
    const debias = w === 0 ? 1 : 1 - Math.pow(w, count);
    return average / debias;
  });
}
