/**
 * The 2-D linear programs of ORCA (van den Berg, Guy, Lin and Manocha, "Reciprocal n-body
 * collision avoidance", ISRR 2009), written from the paper's description.
 *
 * A constraint is a directed line; the permitted velocities lie on its left:
 * v is permitted when det(direction, point - v) <= 0. Velocities are also bounded by a disc of
 * radius `maxSpeed`. `solveOrca` finds the permitted velocity closest to the preferred one; when
 * the constraints leave nothing, it finds the velocity that violates the worst of the
 * non-hard constraints the least (the paper's 3-D program, solved as a sequence of 2-D ones).
 */

export interface Vec2 {
  x: number;
  y: number;
}

/** A half-plane of permitted velocities: left of `direction` (a unit vector) through `point`. */
export interface OrcaLine {
  point: Vec2;
  direction: Vec2;
}

const EPSILON = 1e-9;

const det = (a: Vec2, b: Vec2) => a.x * b.y - a.y * b.x;
const dot = (a: Vec2, b: Vec2) => a.x * b.x + a.y * b.y;
const sub = (a: Vec2, b: Vec2): Vec2 => ({ x: a.x - b.x, y: a.y - b.y });

/** How far `v` lies on the forbidden (right) side of `line`; <= 0 when permitted. */
export function violation(line: OrcaLine, v: Vec2): number {
  return det(line.direction, sub(line.point, v));
}

/**
 * Optimum on line `index`, subject to the lines before it and the speed disc; undefined when
 * they leave no point of the line. With `directionOpt`, `optimum` is a direction to go furthest in.
 */
function solveOnLine(lines: OrcaLine[], index: number, maxSpeed: number, optimum: Vec2, directionOpt: boolean): Vec2 | undefined {
  const line = lines[index]!;
  const along = dot(line.point, line.direction);
  const discriminant = along * along + maxSpeed * maxSpeed - dot(line.point, line.point);
  if (discriminant < 0) return undefined; // the line misses the speed disc
  const root = Math.sqrt(discriminant);
  let tLeft = -along - root;
  let tRight = -along + root;
  for (let i = 0; i < index; i++) {
    const other = lines[i]!;
    const denominator = det(line.direction, other.direction);
    const numerator = det(other.direction, sub(line.point, other.point));
    if (Math.abs(denominator) <= EPSILON) {
      if (numerator < 0) return undefined; // parallel, and this line lies wholly on the other's forbidden side
      continue;
    }
    const t = numerator / denominator;
    if (denominator >= 0) tRight = Math.min(tRight, t);
    else tLeft = Math.max(tLeft, t);
    if (tLeft > tRight) return undefined;
  }
  let t: number;
  if (directionOpt) t = dot(optimum, line.direction) > 0 ? tRight : tLeft;
  else t = Math.max(tLeft, Math.min(tRight, dot(line.direction, sub(optimum, line.point))));
  return { x: line.point.x + t * line.direction.x, y: line.point.y + t * line.direction.y };
}

/** Incremental 2-D program: returns the solution and the index of the first line it could not satisfy (lines.length when all hold). */
function solvePlanar(lines: OrcaLine[], maxSpeed: number, optimum: Vec2, directionOpt: boolean): { velocity: Vec2; failedAt: number } {
  let velocity: Vec2;
  const length = Math.hypot(optimum.x, optimum.y);
  if (directionOpt) velocity = { x: optimum.x * maxSpeed, y: optimum.y * maxSpeed };
  else if (length > maxSpeed) velocity = { x: (optimum.x / length) * maxSpeed, y: (optimum.y / length) * maxSpeed };
  else velocity = { ...optimum };
  for (let i = 0; i < lines.length; i++) {
    if (violation(lines[i]!, velocity) <= 0) continue;
    const moved = solveOnLine(lines, i, maxSpeed, optimum, directionOpt);
    if (moved === undefined) return { velocity, failedAt: i };
    velocity = moved;
  }
  return { velocity, failedAt: lines.length };
}

/**
 * The velocity closest to `preferred` within `maxSpeed` that every line permits; when that is
 * impossible, the first `hardLines` (static obstacles) still hold and the largest violation of
 * the others is as small as it can be.
 *
 * @example solveOrca([{ point: { x: 0.75, y: 0 }, direction: { x: 0, y: 1 } }], 0, 1, { x: 1, y: 0 }) // { x: 0.75, y: 0 }
 */
export function solveOrca(lines: OrcaLine[], hardLines: number, maxSpeed: number, preferred: Vec2): Vec2 {
  const first = solvePlanar(lines, maxSpeed, preferred, false);
  if (first.failedAt === lines.length) return first.velocity;
  let velocity = first.velocity;
  let distance = 0;
  for (let i = first.failedAt; i < lines.length; i++) {
    const line = lines[i]!;
    if (violation(line, velocity) <= distance) continue;
    // Lines that bound how far we can move against line i, no further than the soft lines j < i allow.
    const projected: OrcaLine[] = lines.slice(0, hardLines);
    for (let j = hardLines; j < i; j++) {
      const other = lines[j]!;
      const determinant = det(line.direction, other.direction);
      let point: Vec2;
      if (Math.abs(determinant) <= EPSILON) {
        if (dot(line.direction, other.direction) > 0) continue; // same direction: no bound
        point = { x: 0.5 * (line.point.x + other.point.x), y: 0.5 * (line.point.y + other.point.y) };
      } else {
        const t = det(other.direction, sub(line.point, other.point)) / determinant;
        point = { x: line.point.x + t * line.direction.x, y: line.point.y + t * line.direction.y };
      }
      const dx = other.direction.x - line.direction.x;
      const dy = other.direction.y - line.direction.y;
      const norm = Math.hypot(dx, dy);
      projected.push({ point, direction: { x: dx / norm, y: dy / norm } });
    }
    const previous = velocity;
    const result = solvePlanar(projected, maxSpeed, { x: -line.direction.y, y: line.direction.x }, true);
    // In theory this cannot fail; a numerical failure keeps the previous velocity.
    velocity = result.failedAt < projected.length ? previous : result.velocity;
    distance = violation(line, velocity);
  }
  return velocity;
}
