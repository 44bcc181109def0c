import type { SceneFrame } from '../core/scene.js';

/**
 * The frame a sub-env shows at the end of its episode, taken by a 'same-step' vector env just
 * before it resets that sub-env, so a recorder of sub-env 0 can still show how the episode
 * ended (`infos[0].finalFrame`). The per-step parts are copied: an env may reuse its arrays,
 * and the reset that follows would overwrite them. The static scene is shared, not copied.
 * Returns undefined when the env draws nothing.
 *
 * @example if (i === 0) info.finalFrame = finalFrameOf(() => env.render());
 */
export function finalFrameOf(render: () => SceneFrame | undefined): SceneFrame | undefined {
  let frame: SceneFrame | undefined;
  try {
    frame = render() ?? undefined;
  } catch {
    return undefined; // an env that cannot draw itself has no final frame to show
  }
  if (!frame) return undefined;
  return { scene: frame.scene, updates: structuredClone(frame.updates), hud: { ...frame.hud } };
}
