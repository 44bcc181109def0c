/**
 * Training-time augmentation of camera images, in place on uint8 RGB (height x width x 3):
 * a mirror image shows the mirrored road, so it takes the negated steering label; a brightness
 * change stands for other light.
 */

/** Mirrors an image left-right in place. */
export function flipHorizontal(image: Uint8Array, height: number, width: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let left = 0, right = width - 1; left < right; left++, right--) {
      for (let c = 0; c < 3; c++) {
        const a = row + left * 3 + c;
        const b = row + right * 3 + c;
        const t = image[a]!;
        image[a] = image[b]!;
        image[b] = t;
      }
    }
  }
}

/** Multiplies every value by `factor`, saturating at 255. */
export function scaleBrightness(image: Uint8Array, factor: number): void {
  for (let i = 0; i < image.length; i++) {
    const v = image[i]! * factor;
    image[i] = v > 255 ? 255 : v;
  }
}
