/**
 * A binary tree of sums over `capacity` leaves: set a leaf and find the leaf where a running sum
 * crosses a value, both in O(log n). Prioritized replay samples with it.
 *
 * @example const tree = new SumTree(4); tree.set(0, 1); tree.set(1, 3); tree.find(2.5) // 1
 */
export class SumTree {
  /** Node k has children 2k and 2k+1; leaves start at `leafBase`. Node 0 is unused. */
  private readonly nodes: Float64Array;
  private readonly leafBase: number;

  constructor(readonly capacity: number) {
    let base = 1;
    while (base < capacity) base *= 2;
    this.leafBase = base;
    this.nodes = new Float64Array(2 * base);
  }

  get total(): number {
    return this.nodes[1]!;
  }

  get(index: number): number {
    return this.nodes[this.leafBase + index]!;
  }

  set(index: number, value: number): void {
    let node = this.leafBase + index;
    const change = value - this.nodes[node]!;
    while (node >= 1) {
      this.nodes[node]! += change;
      node >>= 1;
    }
  }

  /** The leaf whose cumulative range holds `prefix` (0 <= prefix < total). */
  find(prefix: number): number {
    let node = 1;
    let remaining = prefix;
    while (node < this.leafBase) {
      const left = 2 * node;
      if (remaining < this.nodes[left]!) {
        node = left;
      } else {
        remaining -= this.nodes[left]!;
        node = left + 1;
      }
    }
    return Math.min(node - this.leafBase, this.capacity - 1);
  }
}
