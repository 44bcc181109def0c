/**
 * Hands out fresh, zeroed, never-reused Uint8Arrays of one size, carved from shared 16 KiB
 * ArrayBuffers (the way Node's Buffer pool serves small buffers). Creating an ArrayBuffer per
 * step costs more than a whole MinAtar frame; a view on an existing one costs little.
 *
 * The trade-off is Node's too: an observation kept alone keeps its whole slab (at most 16 KiB)
 * alive. Code that stores many observations should copy them into its own storage, as replay
 * buffers do anyway.
 *
 * @example const pool = new ObservationPool(400); const observation = pool.next();
 */
export class ObservationPool {
  static readonly SLAB_BYTES = 16 * 1024;
  private slab: ArrayBuffer;
  private offset = 0;
  private readonly perSlab: number;

  constructor(readonly size: number) {
    this.perSlab = Math.max(1, Math.floor(ObservationPool.SLAB_BYTES / size));
    this.slab = new ArrayBuffer(this.perSlab * size);
  }

  /** A zeroed array of `size` bytes that no other call returns. */
  next(): Uint8Array {
    if (this.offset === this.slab.byteLength) {
      this.slab = new ArrayBuffer(this.perSlab * this.size);
      this.offset = 0;
    }
    const view = new Uint8Array(this.slab, this.offset, this.size);
    this.offset += this.size;
    return view;
  }
}
