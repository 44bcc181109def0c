/**
 * A cannon-es broadphase for a world with one moving body among static ones (the drone among
 * the ground and the pillars): it pairs only that body with the others, by bounding boxes.
 *
 * cannon-es' NaiveBroadphase visits all n^2/2 pairs and compares bounding spheres, and a
 * 3 m pillar's sphere (radius 1.5 m) overlaps the drone whenever it is anywhere near, which
 * sends the pair to the costly convex-convex narrowphase. Same pairs, same order of contacts
 * as long as the moving body is the only dynamic one, so the physics is unchanged.
 */
import { NaiveBroadphase, type Body, type World } from 'cannon-es';

/** @example world.broadphase = new SingleBodyBroadphase(droneBody); */
export class SingleBodyBroadphase extends NaiveBroadphase {
  constructor(private readonly mover: Body) {
    super();
    this.useBoundingBoxes = true;
  }

  override collisionPairs(world: World, pairs1: Body[], pairs2: Body[]): void {
    for (const other of world.bodies) {
      if (other === this.mover || !this.needBroadphaseCollision(this.mover, other)) continue;
      this.intersectionTest(this.mover, other, pairs1, pairs2);
    }
  }
}
